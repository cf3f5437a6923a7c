"""manage.py import_boundaries: administrative areas from a GeoJSON layer."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nidaa.boundaries.actions import import_boundaries
from nidaa.boundaries.layers import OCHA_PARENTS, Fields, LayerError, ParentFields
from nidaa.boundaries.models import AdminArea

PLURALS = {1: "governorates", 2: "districts", 3: "sub-districts"}


class Command(BaseCommand):
    help = (
        "Import administrative areas from a GeoJSON FeatureCollection of Polygon or "
        "MultiPolygon features. By default the file is read as an OCHA sub-district layer "
        "(properties PCODE, NAME_EN, NAME_AR, ADM2_PCODE/EN/AR, ADM1_PCODE/EN/AR): each "
        "feature makes a sub-district with its polygon, and the districts and governorates it "
        "names are made too (OCHA's ADM0 fields are not read; in the Syria layer their English "
        "and Arabic are swapped). Areas are created or updated by P-code, so importing the "
        "same file again changes nothing; areas the file does not mention are kept. Every "
        "feature is checked first: a bad one stops the import with the file, the feature's "
        "index (from 0) and the reason, and nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="the GeoJSON file")
        parser.add_argument("--source", default="", metavar="NAME", help="where the areas come from, kept with each area (default: the file's name)")  # fmt: skip
        layer = parser.add_argument_group("another layer", "For a layer that is not OCHA's, name its properties.")  # fmt: skip
        layer.add_argument("--level", type=int, choices=AdminArea.Level.values, default=AdminArea.Level.SUBDISTRICT, help="the features' level: 1 governorate, 2 district, 3 sub-district (default: 3)")  # fmt: skip
        layer.add_argument("--pcode-field", default="PCODE", metavar="KEY", help="the property holding the P-code (default: PCODE)")  # fmt: skip
        layer.add_argument("--name-field", default="NAME_EN", metavar="KEY", help="the property holding the name (default: NAME_EN)")  # fmt: skip
        layer.add_argument("--name-ar-field", default="NAME_AR", metavar="KEY", help="the property holding the Arabic name (default: NAME_AR; '' for none)")  # fmt: skip
        layer.add_argument("--parent-pcode-field", default=None, metavar="KEY", help="the property holding the parent area's P-code; the parent must be imported already. Without it, --level 3 reads OCHA's ADM2_*/ADM1_* parents and other levels have none.")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            result = import_boundaries(path, self.fields(options), options["source"])
        except LayerError as error:
            raise CommandError(f"{error}. Nothing was imported.") from error
        counts = ", ".join(
            f"{count:,} {PLURALS.get(level, 'areas')}"
            for level, count in sorted(result.by_level.items())
        )
        self.stdout.write(
            f"Imported {path.name}: {counts} ({result.created:,} new, {result.updated:,} updated)."
        )

    @staticmethod
    def fields(options: dict[str, Any]) -> Fields:
        level = options["level"]
        if options["parent_pcode_field"]:
            parents: tuple[ParentFields, ...] = (ParentFields(options["parent_pcode_field"]),)
        elif level == AdminArea.Level.SUBDISTRICT:
            parents = OCHA_PARENTS
        else:
            parents = ()
        return Fields(
            level=level,
            pcode=options["pcode_field"],
            name_en=options["name_field"],
            name_ar=options["name_ar_field"] or None,
            parents=parents,
        )
