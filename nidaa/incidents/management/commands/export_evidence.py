"""manage.py export_evidence: hand a record's evidence over, with hashes and its custody log."""

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from nidaa.core.progress import Progress
from nidaa.incidents.evidence_export import ExportError, export_evidence
from nidaa.incidents.models import Incident


class Command(BaseCommand):
    help = (
        "Copy the original evidence files of one incident into a folder (or a .zip file), with "
        "manifest.csv (each file's SHA-256, size, type, name and description) and custody.csv "
        "(the items' chain of custody, with its hashes). Each file's hash is checked while it "
        "is copied; a file that no longer matches its hash on receipt stops the export. Each "
        "item gets an 'exported' entry in its custody log, or 'transferred' with --to. The "
        "output appears only when complete."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--incident", required=True, metavar="CODE", help="the incident's public code")  # fmt: skip
        parser.add_argument("-o", "--output", required=True, metavar="DIR", help="a new folder, or a file ending in .zip")  # fmt: skip
        parser.add_argument("--to", default="", metavar="RECIPIENT", help="who receives it (a transfer), e.g. 'UN COI Syria, ref 2024/117'")  # fmt: skip
        parser.add_argument("--by", default="", metavar="USERNAME", help="the staff member handing it over, for the custody log")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        incident = Incident.objects.filter(code=options["incident"]).first()
        if incident is None:
            raise CommandError(f"No incident {options['incident']!r}.")
        user = None
        if options["by"]:
            user = get_user_model().objects.filter(username=options["by"], is_staff=True).first()
            if user is None:
                raise CommandError(f"No staff member {options['by']!r}.")
        total = incident.evidence.count()
        try:
            with Progress(total, "Exporting evidence", sys.stderr) as bar:
                done = export_evidence(
                    incident, Path(options["output"]), user, options["to"], bar.advance
                )
        except ExportError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Exported {done.items:,} evidence items of {incident.code} ({done.files:,} files, "
            f"{done.bytes:,} bytes) to {options['output']}; manifest SHA-256 {done.manifest_sha256}."
        )
