"""manage.py export_incidents: incidents as ACLED CSV, HXL or GeoJSON."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nidaa.incidents.interchange.files import EXPORT_FORMATS, export_file
from nidaa.incidents.interchange.steps import Steps
from nidaa.incidents.models import Status


class Command(BaseCommand):
    help = (
        "Export incidents, streamed, to a file written whole or not at all. acled: ACLED's "
        "columns then Nidaa's nidaa_* columns (re-imports to the same records); hxl: the same "
        "columns with a row of HXL hashtags; geojson: a FeatureCollection of Point features. "
        "CSV cells are made safe to open in a spreadsheet. With --status published the file "
        "is for the public: each point is shown as its public-location mode allows (rounded, "
        "sub-district centre or hidden) and place names with it. Any other export (every "
        "status by default) is for staff and holds EXACT POINTS of sensitive places: keep it "
        "as such."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, choices=EXPORT_FORMATS, help="file format")  # fmt: skip
        parser.add_argument("--status", choices=Status.values, help="only records with this status (default: all); 'published' degrades locations for the public")  # fmt: skip
        parser.add_argument("-o", "--output", required=True, metavar="FILE", help="the file to write; - for standard output")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        output = options["output"]
        if output != "-" and not Path(output).parent.is_dir():
            raise CommandError(f"No folder {str(Path(output).parent)!r} to write in.")
        count = export_file(output, options["format"], options["status"], Steps())
        where = "standard output" if output == "-" else output
        self.stderr.write(f"Exported {count:,} incidents to {where}.")
