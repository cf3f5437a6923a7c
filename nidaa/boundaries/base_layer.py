"""The map's base layer: the areas as small GeoJSON for a phone, made once and stored.

A document is made when boundaries are imported (or, failing that, on the first request after
the areas changed), stored in the BaseLayer table with its gzipped form and ETag, and kept in
each process's memory, so that serving it costs one small query and no JSON work.
"""

import gzip
import hashlib
import json
import threading
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from nidaa.boundaries import topology
from nidaa.boundaries.index import AreaRow, ancestors, finest_shapes
from nidaa.boundaries.lookup import area_rows
from nidaa.boundaries.models import AdminArea, BaseLayer
from nidaa.boundaries.version import current_version

# About 330 m: invisible at the zoom that shows a governorate, and it takes OCHA's Syria layer
# from 3.2 MB to about 230 KB. Four decimals are about 11 m.
TOLERANCE_DEGREES = 0.003
DECIMALS = 4
LEVELS = tuple(AdminArea.Level.values)


@dataclass(frozen=True)
class Document:
    version: str
    body: bytes
    gzipped: bytes
    etag: str


_documents: dict[int, Document] = {}
_making = threading.Lock()


def current_document(level: int) -> Document:
    """The base layer at this level for the areas as they are now."""
    version = current_version()
    document = _documents.get(level)
    if document is None or document.version != version:
        with _making:
            document = stored_document(level, version) or store_documents(version)[level]
            _documents[level] = document
    return document


def store_documents(version: str, rows: list[AreaRow] | None = None) -> dict[int, Document]:
    """Make the documents of every level from the areas (default: those in the database),
    and store them."""
    documents = {
        level: as_document(version, collection)
        for level, collection in collections(area_rows() if rows is None else rows).items()
    }
    try:
        with transaction.atomic():
            for level, document in documents.items():
                values = {"version": version, "body": document.body, "gzipped": document.gzipped}
                BaseLayer.objects.update_or_create(level=level, defaults=values | {"etag": document.etag})  # fmt: skip
    except IntegrityError:
        pass  # another process stored the same areas' layer at the same moment
    return documents


def as_document(version: str, collection: dict[str, Any]) -> Document:
    body = json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    return Document(version, body, gzip.compress(body, mtime=0), etag)


def stored_document(level: int, version: str) -> Document | None:
    stored = BaseLayer.objects.filter(level=level, version=version).first()
    if stored is None:
        return None
    return Document(version, bytes(stored.body), bytes(stored.gzipped), stored.etag)


def collections(rows: list[AreaRow]) -> dict[int, dict[str, Any]]:
    """A FeatureCollection per level: the finest level's polygons simplified, and the levels
    above merged from them."""
    shapes = finest_shapes(rows)
    simple = topology.simplify(topology.build([shape.geometry for shape in shapes]), TOLERANCE_DEGREES)  # fmt: skip
    by_pk = {row.pk: row for row in rows}
    found = {}
    for level in LEVELS:
        features = []
        if shapes and level == shapes[0].level:
            for number, shape in enumerate(shapes):
                features.append(feature(shape, topology.shape_geometry(simple, number, DECIMALS), by_pk))  # fmt: skip
        elif shapes and level < shapes[0].level:
            groups = [ancestor_at(shape, level, by_pk) for shape in shapes]
            merged = topology.merge(simple, [group.pcode if group else None for group in groups], DECIMALS)  # fmt: skip
            areas = {group.pcode: group for group in groups if group}
            for pcode in sorted(merged):
                features.append(feature(areas[pcode], merged[pcode], by_pk))
        found[level] = {"type": "FeatureCollection", "features": features}
    return found


def feature(
    area: AreaRow, shape: dict[str, Any] | None, by_pk: dict[int, AreaRow]
) -> dict[str, Any]:
    governorate = ancestor_at(area, AdminArea.Level.GOVERNORATE, by_pk)
    properties = {
        "pcode": area.pcode,
        "name_en": area.name_en,
        "name_ar": area.name_ar,
        "admin1_pcode": governorate.pcode if governorate else "",
    }
    return {"type": "Feature", "properties": properties, "geometry": shape}


def ancestor_at(area: AreaRow, level: int, by_pk: dict[int, AreaRow]) -> AreaRow | None:
    return next((each for each in (area, *ancestors(area, by_pk)) if each.level == level), None)


def forget() -> None:
    _documents.clear()
