"""GeoJSON: a FeatureCollection with one Point Feature per incident.

The properties are named as in the public API's features (code, title, start, end, admin1 as
{pcode, name}, killed as {min, max}, actors as [{name, status}] …), with what a full copy of the
record needs besides (texts in every language, Arabic names, basis of each attribution,
status). So an export re-imports to the same records, and the API's own answers can be
imported too. Written incrementally, one feature per line, so memory stays flat.
"""

import json
import re
from collections.abc import Callable, Iterable
from typing import IO, Any, TextIO

from django.utils.translation import gettext as _

from nidaa.incidents.interchange.records import Record
from nidaa.incidents.interchange.rows import Batch, Invalid, RowError, RowReader

# (the reader's column, the property path it is read from)
PROPERTIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("event_id_cnty", ("code",)),
    ("event_date", ("start",)),
    ("nidaa_end_date", ("end",)),
    ("time_precision", ("time_precision",)),
    ("geo_precision", ("geo_precision",)),
    ("nidaa_location_mode", ("location_mode",)),
    ("location", ("place",)),
    ("nidaa_location_ar", ("place_ar",)),
    *[
        (column, (level, part))
        for level in ("admin1", "admin2", "admin3")
        for column, part in (
            (f"nidaa_{level}_pcode", "pcode"),
            (level, "name"),
            (f"nidaa_{level}_ar", "name_ar"),
        )
    ],
    ("nidaa_means", ("means",)),
    ("nidaa_strikes", ("strikes",)),
    ("nidaa_locations", ("locations",)),
    ("nidaa_killed_min", ("killed", "min")),
    ("nidaa_killed_max", ("killed", "max")),
    ("nidaa_injured_min", ("injured", "min")),
    ("nidaa_injured_max", ("injured", "max")),
    ("nidaa_grade", ("grade",)),
    ("nidaa_status", ("status",)),
)
TEXT_COLUMNS = {("en", "title"): "nidaa_title", ("en", "narrative"): "notes",
                ("ar", "title"): "nidaa_title_ar", ("ar", "narrative"): "nidaa_notes_ar"}  # fmt: skip
ACTOR_COLUMNS = ("actor1", "assoc_actor_1", "nidaa_attribution_status", "nidaa_attribution_basis")
KEYS = (
    *(column for column, _path in PROPERTIES),
    *TEXT_COLUMNS.values(),
    *ACTOR_COLUMNS,
    "latitude",
    "longitude",
)
NAMES = {
    **{column: "properties." + ".".join(path) for column, path in PROPERTIES},
    **{column: f"properties.texts.{language}.{part}" for (language, part), column in TEXT_COLUMNS.items()},
    **dict.fromkeys(ACTOR_COLUMNS, "properties.actors"),
    "latitude": "geometry.coordinates",
    "longitude": "geometry.coordinates",
}  # fmt: skip
BLANK = re.compile(r"[ \t\n\r]*")
DECODER = json.JSONDecoder()


# --- Reading ----------------------------------------------------------------------------------


def read(stream: TextIO, source: str, advance: Callable[[int], None] = lambda n: None) -> Batch:
    text = stream.read()
    features = collection(text, source)
    lines = feature_lines(text, len(features))
    cells = []
    for feature, line in zip(features, lines, strict=True):
        try:
            cells.append(flatten(feature))
        except Invalid as error:
            raise RowError(source, line, error.column, error.reason) from None
    # A column is in the file if any feature has it (an empty collection imports nothing).
    present = {key for found in cells for key in found} if cells else set(KEYS)
    reader = RowReader([key if key in present else "" for key in KEYS], source, NAMES)
    for found, line in zip(cells, lines, strict=True):
        reader.add([found.get(key, "") for key in KEYS], line)
    advance(len(cells))
    return reader.finish()


def collection(text: str, source: str) -> list[Any]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise RowError(
            source, error.lineno, str(error.colno), _("not valid JSON: %s") % error.msg
        ) from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise RowError(source, 1, "type", _("is not a GeoJSON FeatureCollection"))
    features = document.get("features")
    if not isinstance(features, list):
        raise RowError(source, 1, "features", _("is not a list of features"))
    return features


def feature_lines(text: str, expected: int) -> list[int]:
    """The line on which each feature starts, for messages (the JSON is known to be valid)."""
    offsets = feature_offsets(text)
    if len(offsets) != expected:  # e.g. "features" given twice: the last one counts
        return list(range(1, expected + 1))
    lines, line, previous = [], 1, 0
    for offset in offsets:
        line += text.count("\n", previous, offset)
        previous = offset
        lines.append(line)
    return lines


def feature_offsets(text: str) -> list[int]:
    at = BLANK.match(text).end() + 1  # type: ignore[union-attr]  # past "{"; * always matches
    while True:
        at = BLANK.match(text, at).end()  # type: ignore[union-attr]
        if text[at] == "}":
            return []
        key, at = DECODER.raw_decode(text, at)
        at = BLANK.match(text, BLANK.match(text, at).end() + 1).end()  # type: ignore[union-attr]
        if key == "features":
            return array_offsets(text, at)
        _value, at = DECODER.raw_decode(text, at)
        at = BLANK.match(text, at).end()  # type: ignore[union-attr]
        if text[at] == ",":
            at += 1


def array_offsets(text: str, at: int) -> list[int]:
    offsets: list[int] = []
    at += 1  # past "["
    while True:
        at = BLANK.match(text, at).end()  # type: ignore[union-attr]
        if text[at] == "]":
            return offsets
        offsets.append(at)
        _value, at = DECODER.raw_decode(text, at)
        at = BLANK.match(text, at).end()  # type: ignore[union-attr]
        if text[at] == ",":
            at += 1


def flatten(feature: Any) -> dict[str, str]:
    """A Feature as the reader's cells (by column), for the properties it has."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise Invalid("type", _("is not a GeoJSON Feature"))
    properties = feature.get("properties") or {}
    if not isinstance(properties, dict):
        raise Invalid("properties", _("is not an object"))
    cells: dict[str, str] = {}
    for column, path in PROPERTIES:
        if path[0] in properties:
            cells[column] = scalar(dig(properties, path), NAMES[column])
    cells.update(texts(properties))
    if "actors" in properties:
        cells.update(actors(properties["actors"]))
    cells.update(point(feature.get("geometry")))
    return cells


def dig(properties: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = properties
    for part in path:
        if value is None:
            return None
        if not isinstance(value, dict):
            raise Invalid("properties." + path[0], _("is not an object"))
        value = value.get(part)
    return value


def scalar(value: Any, name: str) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise Invalid(name, _("is not a text or a number"))


def texts(properties: dict[str, Any]) -> dict[str, str]:
    if "texts" in properties:
        given = properties["texts"] or {}
        if not isinstance(given, dict):
            raise Invalid("properties.texts", _("is not an object"))
        found = {}
        for (language, part), column in TEXT_COLUMNS.items():
            entry = given.get(language) or {}
            if not isinstance(entry, dict):
                raise Invalid(f"properties.texts.{language}", _("is not an object"))
            found[column] = scalar(entry.get(part), NAMES[column])
        return found
    # The public API's features: one title in one language.
    found = {}
    for part in ("title", "narrative"):
        if part in properties:
            found[TEXT_COLUMNS["en", part]] = scalar(properties[part], f"properties.{part}")
    return found


def actors(given: Any) -> dict[str, str]:
    if not isinstance(given, list):
        raise Invalid("properties.actors", _("is not a list"))
    names, statuses, bases = [], [], []
    for actor in given:
        if not isinstance(actor, dict):
            raise Invalid("properties.actors", _("is not a list of objects"))
        name = scalar(actor.get("name"), "properties.actors").strip()
        if ";" in name:
            raise Invalid("properties.actors", _("an actor's name contains a semicolon"))
        names.append(name)
        statuses.append(scalar(actor.get("status"), "properties.actors"))
        bases.append(scalar(actor.get("basis"), "properties.actors"))
    return {
        "actor1": names[0] if names else "",
        "assoc_actor_1": "; ".join(names[1:]),
        "nidaa_attribution_status": "; ".join(statuses),
        "nidaa_attribution_basis": "; ".join(bases),
    }


def point(geometry: Any) -> dict[str, str]:
    if geometry is None:
        return {"latitude": "", "longitude": ""}
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        kind = geometry.get("type") if isinstance(geometry, dict) else None
        raise Invalid(
            "geometry",
            _("is a %(kind)s; only Point features can be imported") % {"kind": kind or "?"},
        )
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list) or len(coordinates) < 2:
        raise Invalid("geometry.coordinates", _("is not [longitude, latitude]"))
    return {
        "longitude": scalar(coordinates[0], "geometry.coordinates"),
        "latitude": scalar(coordinates[1], "geometry.coordinates"),
    }


# --- Writing ----------------------------------------------------------------------------------


def write(out: IO[bytes], records: Iterable[Record]) -> int:
    """Write the collection to `out`, one feature per line; returns the number of features."""
    out.write(b'{"type":"FeatureCollection","features":[\n')
    written = 0
    for record in records:
        if written:
            out.write(b",\n")
        out.write(json.dumps(feature(record), ensure_ascii=False, separators=(",", ":")).encode())
        written += 1
    out.write(b"\n]}\n")
    return written


def feature(record: Record) -> dict[str, Any]:
    latitude, longitude = record["latitude"], record["longitude"]
    geometry = None
    if latitude is not None and longitude is not None:
        geometry = {"type": "Point", "coordinates": [longitude, latitude]}
    texts = record["texts"] or {}
    ended = record["ended_on"]
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {
            "code": record["code"],
            "title": (texts.get("en") or {}).get("title", ""),
            "texts": texts,
            "start": record["started_on"].isoformat(),
            "end": ended.isoformat() if ended else None,
            "time_precision": record["time_precision"],
            "geo_precision": record["geo_precision"],
            "location_mode": record["location_mode"],
            "place": record["place_en"],
            "place_ar": record["place_ar"],
            **{level: area(record, level) for level in ("admin1", "admin2", "admin3")},
            "means": record["means"],
            "strikes": record["strikes"],
            "locations": record["locations"],
            "killed": {"min": record["killed_min"], "max": record["killed_max"]},
            "injured": {"min": record["injured_min"], "max": record["injured_max"]},
            "grade": record["grade"],
            "status": record["status"],
            "actors": [
                {"name": name, "status": status, "basis": basis}
                for name, status, basis, _kind in record["actors"]
            ],
            "sources": record["sources"],
        },
    }


def area(record: Record, level: str) -> dict[str, str] | None:
    pcode, name, name_ar = (record[f"{level}_{part}"] for part in ("pcode", "en", "ar"))
    if not (pcode or name or name_ar):
        return None
    return {"pcode": pcode, "name": name, "name_ar": name_ar}
