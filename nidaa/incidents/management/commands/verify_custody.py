"""manage.py verify_custody: recompute the custody chain, and with --files re-hash every original."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nidaa.core.progress import Progress
from nidaa.incidents import evidence
from nidaa.incidents.custody import verify_chain


class Command(BaseCommand):
    help = (
        "Check the chain of custody: recompute every entry's hash in order and name the first "
        "entry that was changed, or that follows a removed one. With --files, also re-hash "
        "every stored original and name each item whose file is missing or whose bytes "
        "changed since it was received. Exits with status 1 on any problem. The chain's last "
        "hash is printed: keep it somewhere else, so that removing the newest entries can be "
        "noticed too."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--files", action="store_true", help="also re-hash every stored original (reads every file)")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        problems = []
        report = verify_chain()
        if report.broken is not None:
            problems.append(f"The custody chain is broken at {report.broken}.")
        else:
            self.stdout.write(
                f"The custody chain holds: {report.entries:,} entries, last hash {report.head}."
            )
        if options["files"]:
            problems += self._check_files()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} problem(s) with the evidence; see above.")

    def _check_files(self) -> list[str]:
        files = evidence.stored_originals()
        with Progress(len(files), "Re-hashing originals", sys.stderr) as bar:
            problems = [str(problem) for problem in evidence.check_originals(files, bar.advance)]
        if not problems:
            self.stdout.write(f"All {len(files):,} stored originals match their hashes.")
        return problems
