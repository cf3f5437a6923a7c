"""manage.py import_lookup: the ZIP code → congressional district table, or a postcode →
constituency table."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nidaa.core.progress import Progress
from nidaa.lobbying import lookup_tables
from nidaa.lobbying.models import LookupEntry
from nidaa.lobbying.records import ImportProblem


class Command(BaseCommand):
    help = (
        "Replace a look-up table with FILE, all or nothing (a bad row stops the import, naming "
        "its line and column, and the old table stays). zcta-cd: zccd.csv with columns "
        "state_abbr, zcta, cd (a ZIP code area in several districts keeps every row; cd 0 is "
        "at-large). postcode-constituency: a CSV with columns postcode and constituency (a GSS "
        'code or a name); --mapping names other columns, as JSON: {"postcode": "pcds", '
        '"code": "pcon", "name": "pcon_name"}.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, choices=[k.value for k in LookupEntry.Kind], help="which table")  # fmt: skip
        parser.add_argument("file", metavar="FILE", help="the CSV file")
        parser.add_argument("--mapping", metavar="MAPPING.json", help="for postcode-constituency: which columns hold what")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {str(path)!r}.")
        kind = options["format"]
        try:
            rows = self._rows(kind, path, options["mapping"])
            with Progress(lookup_tables.count_lines(path), f"Importing {kind}", sys.stderr) as bar:
                done = lookup_tables.replace_table(kind, rows, bar)
        except ImportProblem as problem:
            raise CommandError(f"{path.name}, {problem}. Nothing was imported.") from None
        self.stdout.write(
            f"Imported {done.rows:,} rows into {kind} from {path.name} in {done.seconds:.1f} s "
            f"({done.rows_per_second:,.0f} rows/s)."
        )

    def _rows(self, kind: str, path: Path, mapping: str | None) -> Any:
        if kind == LookupEntry.Kind.ZCTA_CD:
            if mapping:
                raise CommandError("--mapping is only for --format postcode-constituency.")
            return lookup_tables.zcta_rows(path)
        columns = lookup_tables.PostcodeColumns()
        if mapping:
            if not Path(mapping).is_file():
                raise CommandError(f"No mapping file {mapping!r}.")
            columns = lookup_tables.PostcodeColumns.load(Path(mapping))
        return lookup_tables.postcode_rows(path, columns)
