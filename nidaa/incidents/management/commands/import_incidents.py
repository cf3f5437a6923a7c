"""manage.py import_incidents: incidents from an ACLED, UCDP GED, HXL or GeoJSON file."""

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nidaa.incidents.interchange.files import (
    READERS,
    collector_paused,
    import_file,
    preview,
    read_file,
)
from nidaa.incidents.interchange.rows import RowError
from nidaa.incidents.interchange.steps import Steps
from nidaa.incidents.interchange.store import DEFAULT_STATUS
from nidaa.incidents.models import Status


class Command(BaseCommand):
    help = (
        "Import incidents from a file. The whole file is checked first: a bad row stops the "
        "import with file:line:column and the reason, and nothing is written. Importing the "
        "same file again updates the records it made (keyed by the source's event id: ACLED "
        "event_id_cnty, UCDP 'UCDP-<id>', the code in HXL and GeoJSON), never duplicates "
        f"them. New records are '{DEFAULT_STATUS}' (waiting for a verifier) unless --status "
        "says otherwise; existing records keep their status unless --status is given. Admin "
        "areas are filled from the imported boundaries where a point falls inside them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="the file to import (UTF-8)")
        parser.add_argument("--format", required=True, choices=sorted(READERS), help="the file's format")  # fmt: skip
        parser.add_argument(
            "--status",
            choices=Status.values,
            help=f"status of the imported records (default: '{DEFAULT_STATUS}' for new ones, "
            "unchanged for existing ones); 'published' only for a dataset you trust as verified",
        )
        parser.add_argument("--dry-run", action="store_true", help="check the file and count, write nothing")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {str(path)!r}.")
        steps = Steps()
        started = time.monotonic()
        try:
            if options["dry_run"]:
                self._dry_run(path, options["format"], steps)
                return
            outcome = import_file(path, options["format"], options["status"], steps)
        except RowError as error:
            raise CommandError(str(error)) from None
        seconds = time.monotonic() - started
        self.stdout.write(
            f"Imported {outcome.rows:,} incidents from {path.name} in {seconds:.1f} s: "
            f"{outcome.created:,} new, {outcome.updated:,} updated, "
            f"{outcome.actors_created:,} new actors."
        )

    def _dry_run(self, path: Path, kind: str, steps: Steps) -> None:
        with collector_paused():
            batch = read_file(path, kind, str(path), steps)
        found = preview(batch)
        self.stdout.write(
            f"Dry run: {found.rows:,} incidents in {path.name} are valid; "
            f"{found.rows - found.existing:,} would be new, {found.existing:,} would be updated. "
            "Nothing was written."
        )
