"""manage.py import_targets: a directory of targets from Popolo JSON, congress-legislators
YAML, or CSV with a column mapping."""

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.text import slugify

from nidaa.core.progress import Progress
from nidaa.lobbying import congress, mapped_csv, popolo, records
from nidaa.lobbying.importing import SourceFile, import_targets
from nidaa.lobbying.records import ImportProblem, Record

MAPPINGS = Path(__file__).resolve().parents[2] / "mappings"
DESCRIPTIONS = {
    "congress-legislators": "US Congress: legislators-current.yaml from unitedstates/congress-legislators (CC0)",
    "popolo": "Popolo JSON",
}


class Command(BaseCommand):
    help = (
        "Import a directory of targets (representatives) from FILE. All or nothing: a bad "
        "record stops the import, naming the line (or record) and the field, and nothing is "
        "written. Idempotent: targets are matched on the source's id and updated in place; "
        "targets no longer in the file are marked inactive, not deleted. A malformed contact "
        "detail (e.g. a mistyped web address) is left out and reported, unless the mapping "
        "marks it required. Formats: popolo (JSON: "
        "persons, organizations, memberships, posts, areas), congress-legislators "
        "(legislators-current.yaml; the last term is the current one), csv (needs --mapping: a "
        "JSON file, or the name of a shipped mapping: "
        f"{', '.join(sorted(p.stem for p in MAPPINGS.glob('*.json')))})."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, choices=["popolo", "congress-legislators", "csv"], help="the file's format")  # fmt: skip
        parser.add_argument("file", metavar="FILE", help="the file to import")
        parser.add_argument("--directory", required=True, metavar="NAME", help="the directory's short name, e.g. us-congress, uk-mps, meps (made if new)")  # fmt: skip
        parser.add_argument("--mapping", metavar="MAPPING", help="for csv: a mapping JSON file, or a shipped mapping's name")  # fmt: skip
        parser.add_argument("--country", metavar="CC", default="", help="two-letter country code of every target (when the file does not say)")  # fmt: skip
        parser.add_argument("--name", metavar="TEXT", default="", help="the directory's name, the heading supporters see, e.g. 'US Congress' (default: the short name, for a new directory)")  # fmt: skip
        parser.add_argument("--source", metavar="TEXT", default="", help="where the data comes from, shown to staff (default: from the format or mapping)")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {str(path)!r}.")
        slug = options["directory"]
        if slugify(slug) != slug:
            raise CommandError(
                f"--directory must be a short name of letters, digits and hyphens, e.g. {slugify(slug) or 'us-congress'!r}."
            )
        started = time.monotonic()
        try:
            country = records.country(options["country"], "--country", "")
            found, description = self._read(options["format"], path, options["mapping"], country)
            source = SourceFile(path, options["format"], options["source"] or description)
            with Progress(len(found), f"Importing {slug}", sys.stderr) as bar:
                summary = import_targets(slug, found, source, country, bar, options["name"][:200])
        except ImportProblem as problem:
            raise CommandError(f"{path.name}, {problem}. Nothing was imported.") from None
        seconds = time.monotonic() - started
        skipped = [note for record in found for note in record.skipped]
        for note in skipped:
            self.stderr.write(f"Skipped a malformed contact detail: {path.name}, {note}.")
        self.stdout.write(
            f"Imported {len(found):,} targets into {slug} from {path.name} in {seconds:.1f} s: "
            f"{summary}."
        )

    def _read(
        self, format: str, path: Path, mapping_name: str | None, country: str
    ) -> tuple[list[Record], str]:
        if format == "csv":
            if not mapping_name:
                raise CommandError(
                    "--format csv needs --mapping (a JSON file or a shipped mapping's name)."
                )
            mapping = self._mapping(mapping_name)
            return mapped_csv.read(path, mapping, country), mapping.description
        if mapping_name:
            raise CommandError("--mapping is only for --format csv.")
        if format == "popolo":
            return popolo.read(path, country), DESCRIPTIONS[format]
        return congress.read(path), DESCRIPTIONS[format]

    def _mapping(self, name: str) -> mapped_csv.Mapping:
        path = Path(name)
        if not path.is_file() and (MAPPINGS / f"{name}.json").is_file():
            path = MAPPINGS / f"{name}.json"
        if not path.is_file():
            raise CommandError(f"No mapping file {name!r}.")
        try:
            return mapped_csv.load_mapping(path)
        except ImportProblem as problem:
            raise CommandError(f"{problem}. Nothing was imported.") from None
