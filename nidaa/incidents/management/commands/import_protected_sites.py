"""manage.py import_protected_sites: a list of notified humanitarian sites, from CSV."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nidaa.core.progress import Progress
from nidaa.incidents.deconfliction import SiteFileError, read_sites, save_sites
from nidaa.incidents.models import ProtectedSiteHit


class Command(BaseCommand):
    help = (
        "Import a notified-sites list (deconfliction) from a UTF-8 CSV file with a header row: "
        "name, type, operator, lat, lon, notified_on (YYYY-MM-DD), list_version. The type is a "
        "civilian-object code such as hospital, clinic, school, camp, water. The whole file is "
        "checked first: a bad cell stops the import with file:line:column and the reason, and "
        "nothing is written. A site with the same name and list version is updated, never "
        "duplicated. Afterwards every incident is checked against the sites again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="the CSV file to import")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {str(path)!r}.")
        try:
            with path.open(encoding="utf-8-sig", newline="") as stream:
                sites = read_sites(stream, path.name)
        except SiteFileError as error:
            raise CommandError(str(error)) from None
        with Progress(len(sites), "Saving protected sites", sys.stderr) as bar:
            outcome = save_sites(sites, bar.advance)
        self.stdout.write(
            f"Imported {len(sites):,} protected sites from {path.name}: {outcome.created:,} new, "
            f"{outcome.updated:,} updated, {outcome.unchanged:,} unchanged. "
            f"{ProtectedSiteHit.objects.count():,} incidents hits near protected sites in all."
        )
