"""Reading a GeoJSON layer of administrative areas, checking every feature before anything is
written.

The default property names are those of OCHA's Common Operational Datasets (sub-districts with
their district and governorate: NAME_EN, NAME_AR, PCODE, ADM2_*, ADM1_*). Another layer is read
by naming its properties (`Fields`).
"""

import json
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nidaa.boundaries.models import AdminArea

PCODE_LENGTH = AdminArea._meta.get_field("pcode").max_length or 20
NAME_LENGTH = AdminArea._meta.get_field("name_en").max_length or 100
GEOMETRY_TYPES = ("Polygon", "MultiPolygon")
ARABIC = re.compile("[\u0600-\u06ff]")
LATIN = re.compile("[A-Za-z]")


class LayerError(ValueError):
    """A feature that cannot be imported: where it is and why."""

    def __init__(self, path: str, reason: str, feature: int | None = None) -> None:
        where = f"{path}: feature {feature}" if feature is not None else path
        super().__init__(f"{where}: {reason}")
        self.feature = feature
        self.reason = reason


@dataclass(frozen=True)
class ParentFields:
    """The properties that name a feature's parent area. Without name fields, the parent must
    already be imported (or be another feature of the file)."""

    pcode: str
    name_en: str | None = None
    name_ar: str | None = None


OCHA_PARENTS = (
    ParentFields("ADM2_PCODE", "ADM2_EN", "ADM2_AR"),
    ParentFields("ADM1_PCODE", "ADM1_EN", "ADM1_AR"),
)


@dataclass(frozen=True)
class Fields:
    level: int = AdminArea.Level.SUBDISTRICT
    pcode: str = "PCODE"
    name_en: str = "NAME_EN"
    name_ar: str | None = "NAME_AR"
    # Parent first, then grandparent: each one level up.
    parents: tuple[ParentFields, ...] = OCHA_PARENTS


@dataclass
class AreaRecord:
    pcode: str
    level: int
    name_en: str
    name_ar: str
    parent: str | None
    geometry: dict[str, Any] | None
    feature: int | None = None


def read_features(path: Path) -> list[Any]:
    try:
        with path.open("rb") as file:
            document = json.load(file)
    except OSError as error:
        raise LayerError(str(path), f"cannot be read ({error.strerror or error})") from error
    except (UnicodeDecodeError, ValueError) as error:
        raise LayerError(str(path), f"is not valid GeoJSON ({error})") from error
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise LayerError(str(path), "is not a GeoJSON FeatureCollection")
    features = document.get("features")
    if not isinstance(features, list):
        raise LayerError(str(path), "has no list of features")
    return features


def read_areas(
    path: Path, features: list[Any], fields: Fields, track: Callable[[Any], Iterator[Any]] = iter
) -> list[AreaRecord]:
    """The areas of the layer, parents before children, one record per P-code.

    A feature that cannot be imported raises LayerError naming it (by its index in the file's
    list of features, from 0) and the reason.
    """
    areas: dict[str, AreaRecord] = {}
    for number, feature in enumerate(track(features)):
        try:
            for record in feature_areas(feature, fields):
                record.feature = number
                add_area(areas, record)
        except ValueError as error:
            raise LayerError(str(path), str(error), number) from error
    if not any(record.geometry for record in areas.values()):
        raise LayerError(str(path), "has no features")
    return sorted(areas.values(), key=lambda record: record.level)


def add_area(areas: dict[str, AreaRecord], record: AreaRecord) -> None:
    """Keep one record per P-code; a parent named by many features keeps its first names."""
    known = areas.get(record.pcode)
    if known is None:
        areas[record.pcode] = record
    elif known.level != record.level or record.geometry or known.geometry:
        raise ValueError(f"its P-code {record.pcode} is also used by feature {known.feature}")
    elif known.parent != record.parent:
        raise ValueError(
            f"area {record.pcode} is in {record.parent} here but in {known.parent} in "
            f"feature {known.feature}"
        )


def feature_areas(feature: Any, fields: Fields) -> list[AreaRecord]:
    """The feature's area, and the parent areas its properties name."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise ValueError("is not a GeoJSON Feature")
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        raise ValueError("has no properties")
    shape = checked_geometry(feature.get("geometry"))
    chain = [(fields.pcode, fields.name_en, fields.name_ar), *((p.pcode, p.name_en, p.name_ar) for p in fields.parents)]  # fmt: skip
    records = []
    for step, (pcode_key, en_key, ar_key) in enumerate(chain):
        pcode = text(properties, pcode_key, PCODE_LENGTH, required=True)
        parent_key = chain[step + 1][0] if step + 1 < len(chain) else None
        parent = text(properties, parent_key, PCODE_LENGTH, required=True) if parent_key else None
        if step and en_key is None:
            break  # a parent named by its P-code only: it must exist already
        name_en, name_ar = names(properties, en_key, ar_key)
        level = fields.level - step
        if level < AdminArea.Level.GOVERNORATE:
            raise ValueError(f"{pcode_key} is above the governorate level")
        records.append(AreaRecord(pcode, level, name_en, name_ar, parent, shape if not step else None))  # fmt: skip
    return records


def text(properties: dict[str, Any], key: str, length: int, required: bool = False) -> str:
    value = properties.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValueError(f"has no {key}")
        return ""
    if not isinstance(value, str | int):
        raise ValueError(f"{key} is not text")
    value = str(value).strip()
    if len(value) > length:
        raise ValueError(f"{key} is longer than {length} characters")
    return value


def names(properties: dict[str, Any], en_key: str | None, ar_key: str | None) -> tuple[str, str]:
    """The English and Arabic names. When they are plainly the wrong way round (Arabic script
    in the English field and Latin letters in the Arabic one: OCHA's Syria layer has this in
    its ADM0 fields), they are swapped back."""
    name_en = text(properties, en_key, NAME_LENGTH, required=True) if en_key else ""
    name_ar = text(properties, ar_key, NAME_LENGTH) if ar_key else ""
    if ARABIC.search(name_en) and not ARABIC.search(name_ar) and LATIN.search(name_ar):
        return name_ar, name_en
    return name_en, name_ar


def checked_geometry(value: Any) -> dict[str, Any]:
    """A Polygon or MultiPolygon with two-dimensional positions, or ValueError saying why."""
    if not isinstance(value, dict):
        raise ValueError("has no geometry")
    kind = value.get("type")
    if kind not in GEOMETRY_TYPES:
        raise ValueError(f"has a {kind} geometry; only Polygon and MultiPolygon are accepted")
    coordinates = value.get("coordinates")
    parts = [coordinates] if kind == "Polygon" else coordinates
    if not isinstance(parts, list) or not parts:
        raise ValueError(f"{kind} has no coordinates")
    polygons = [checked_polygon(part, f"polygon {index}: ") for index, part in enumerate(parts)]
    if kind == "Polygon":
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def checked_polygon(value: Any, where: str) -> list[list[list[float]]]:
    if not isinstance(value, list) or not value:
        raise ValueError(f"{where}a polygon must be a list of rings")
    return [checked_ring(ring, f"{where}ring {index}: ") for index, ring in enumerate(value)]


def checked_ring(value: Any, where: str) -> list[list[float]]:
    if not isinstance(value, list) or len(value) < 4:
        raise ValueError(f"{where}a ring needs at least 4 positions")
    ring = [checked_position(position, f"{where}position {index}: ") for index, position in enumerate(value)]  # fmt: skip
    if ring[0] != ring[-1]:
        raise ValueError(f"{where}the ring is not closed (its last position is not its first)")
    return ring


def checked_position(value: Any, where: str) -> list[float]:
    if not isinstance(value, list) or len(value) < 2:
        raise ValueError(f"{where}a position must be [longitude, latitude]")
    lon, lat = value[0], value[1]
    for name, number, limit in (("longitude", lon, 180), ("latitude", lat, 90)):
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise ValueError(f"{where}the {name} {number!r} is not a number")
        if not math.isfinite(number) or not -limit <= number <= limit:
            raise ValueError(f"{where}the {name} {number!r} is outside -{limit}…{limit}")
    return [float(lon), float(lat)]
