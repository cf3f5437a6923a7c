"""manage.py simplify_boundaries: a smaller copy of a GeoJSON boundary layer, for bundling."""

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nidaa.boundaries import topology
from nidaa.boundaries.layers import LayerError, checked_geometry, read_features

OCHA_KEYS = "PCODE,NAME_EN,NAME_AR,ADM2_PCODE,ADM2_EN,ADM2_AR,ADM1_PCODE,ADM1_EN,ADM1_AR,UPDATE_DAT"


class Command(BaseCommand):
    help = (
        "Write a simplified copy of a GeoJSON layer of Polygon or MultiPolygon features: "
        "borders simplified with Douglas-Peucker without opening gaps between neighbours "
        "(each shared border is simplified once), coordinates rounded, and only the named "
        "properties kept, so that `import_boundaries` reads the copy as it reads the "
        "original. The bundled Syria layer was made with: simplify_boundaries "
        "syr_admin3_subdistricts_ocha.geojson nidaa/boundaries/data/syria_admin3_simplified.geojson"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="the GeoJSON layer to read")
        parser.add_argument("output", metavar="OUT", help="the GeoJSON file to write")
        parser.add_argument("--tolerance", type=float, default=0.002, metavar="DEGREES", help="how far a simplified border may stray (default: 0.002, about 200 m)")  # fmt: skip
        parser.add_argument("--decimals", type=int, default=4, help="decimals kept in coordinates (default: 4, about 11 m)")  # fmt: skip
        parser.add_argument("--keep", default=OCHA_KEYS, metavar="KEYS", help=f"comma-separated properties to keep (default: {OCHA_KEYS})")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        source, output = Path(options["file"]), Path(options["output"])
        try:
            features = read_features(source)
            shapes = [checked(source, number, feature) for number, feature in enumerate(features)]
        except LayerError as error:
            raise CommandError(f"{error}. Nothing was written.") from error
        simple = topology.simplify(topology.build(shapes), options["tolerance"])
        keys = [key for key in options["keep"].split(",") if key]
        collection = {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": kept(feature["properties"], keys),
                    "geometry": topology.shape_geometry(simple, number, options["decimals"]),
                }
                for number, feature in enumerate(features)
            ],
        }
        write(output, collection)
        self.stdout.write(f"Wrote {len(features):,} features to {output} ({output.stat().st_size:,} bytes).")  # fmt: skip


def kept(properties: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    return {key: properties[key] for key in keys if key in properties}


def checked(path: Path, number: int, feature: Any) -> dict[str, Any]:
    try:
        if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
            raise ValueError("is not a GeoJSON Feature with properties")
        return checked_geometry(feature.get("geometry"))
    except ValueError as error:
        raise LayerError(str(path), str(error), number) from error


def write(path: Path, collection: dict[str, Any]) -> None:
    """One feature a line: small, and a change to one area is a one-line diff."""
    lines = [json.dumps(feature, ensure_ascii=False, separators=(",", ":")) for feature in collection["features"]]  # fmt: skip
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    if not path.parent.is_dir():
        raise CommandError(f"No folder {str(path.parent)!r} to write {path.name!r} in.")
    # Written beside the target and renamed, so a failure leaves no half file.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(text)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)
