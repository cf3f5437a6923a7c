"""manage.py export_signatures: a campaign's signatures as a spreadsheet-safe CSV file."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nidaa.campaigns.models import Campaign
from nidaa.core.progress import Progress
from nidaa.core.spreadsheet import write_csv, write_csv_file
from nidaa.signatures.exports import HEADER, export_rows, record_export, signatures_to_export


class Command(BaseCommand):
    help = (
        "Export a campaign's signatures as CSV (UTF-8 with BOM, every cell safe to open in a "
        "spreadsheet). The file holds personal data: names and email addresses. It is "
        "written to a temporary file and renamed when complete, so a failure leaves no half "
        "file. A progress bar is drawn on stderr when stderr is a terminal."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", required=True, metavar="SLUG", help="the campaign's address, e.g. save-idlib")  # fmt: skip
        parser.add_argument("--format", choices=["csv"], default="csv", help="file format (default: csv)")  # fmt: skip
        parser.add_argument("--verified-only", action="store_true", help="only signatures whose signer followed the email link")  # fmt: skip
        parser.add_argument("-o", "--output", required=True, metavar="FILE", help="the file to write; - for standard output")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["campaign"]
        campaign = Campaign.objects.filter(slug=slug).first()
        if campaign is None:
            known = ", ".join(Campaign.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(f"No campaign {slug!r}. Campaigns: {known or 'none'}.")
        signatures = signatures_to_export(campaign, options["verified_only"])
        # The bar goes to the process's stderr (not self.stderr, which adds a line end per write).
        with Progress(signatures.count(), "Exporting signatures", sys.stderr) as bar:
            rows = bar.track(export_rows(signatures))
            count = self._write(options["output"], rows)
        details: dict[str, Any] = {
            "file": "signatures",
            "format": "csv",
            "via": "export_signatures",
        }
        details |= {"verified_only": options["verified_only"], "rows": count}
        record_export(None, campaign, details)
        where = "standard output" if options["output"] == "-" else options["output"]
        self.stderr.write(f"Exported {count:,} signatures of {slug} to {where}.")

    def _write(self, output: str, rows: Any) -> int:
        if output == "-":
            count = write_csv(sys.stdout.buffer, HEADER, rows)
            sys.stdout.buffer.flush()
            return count
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"No folder {str(path.parent)!r} to write {path.name!r} in.")
        return write_csv_file(path, HEADER, rows)
