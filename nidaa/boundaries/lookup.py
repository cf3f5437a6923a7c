"""Which governorate, district and sub-district a point lies in; the centre of an area.

The answers come from a per-process index (index.py) built from the database on first use and
rebuilt when the boundaries change: every call compares the index's version with the table's
fingerprint (version.py, one small query), so an import by the command or in another process
is seen by the next look-up.
"""

import threading
from collections.abc import Iterable, Sequence

from django.db import IntegrityError, transaction

from nidaa.boundaries.index import AreaRow, Index, Place, build, from_bytes, to_bytes
from nidaa.boundaries.models import AdminArea, StoredIndex
from nidaa.boundaries.version import current_version

__all__ = ["Place", "centroid", "forget", "governorates", "locate", "locate_many"]

_index: Index | None = None
_building = threading.Lock()


def locate(latitude: float, longitude: float) -> Place | None:
    """The sub-district containing the point, with its district and governorate, or None."""
    return current_index().find_many([(latitude, longitude)])[0]


def locate_many(points: Iterable[Sequence[float | None]]) -> list[Place | None]:
    """`locate` for many (lat, lon) points at once, in order; one database query in all.

    Repeated coordinates are answered from a memo, and a point with a missing coordinate
    gets None.
    """
    return current_index().find_many(points)


def centroid(pcode: str) -> tuple[float, float] | None:
    """A centre (lat, lon) of the area with this P-code, inside it, or None if unknown."""
    return current_index().centres.get(pcode)


def governorates() -> list[AdminArea]:
    """The imported governorates (level 1), in P-code order."""
    return list(AdminArea.objects.filter(level=AdminArea.Level.GOVERNORATE).order_by("pcode"))


def current_index() -> Index:
    global _index
    version = current_version()
    index = _index
    if index is not None and index.version == version:
        return index
    with _building:
        if _index is None or _index.version != version:
            _index = stored_index(version) or build(version, area_rows())
        return _index


def stored_index(version: str) -> Index | None:
    """The index stored for this version of the areas (store_index), if there is one."""
    body = StoredIndex.objects.filter(version=version).values_list("body", flat=True).first()
    index = from_bytes(bytes(body)) if body is not None else None
    return index if index is not None and index.version == version else None


def store_index(version: str, rows: Sequence[AreaRow]) -> None:
    """Build the index of these areas and store it in place of any other (at import)."""
    index = build(version, rows)
    try:
        with transaction.atomic():
            StoredIndex.objects.all().delete()
            StoredIndex.objects.create(version=version, body=to_bytes(index))
    except IntegrityError:
        pass  # another process stored the same areas' index at the same moment


def forget() -> None:
    """Drop this process's index (after an import, to free the old one at once)."""
    global _index
    _index = None


def area_rows() -> list[AreaRow]:
    fields = ("pk", "pcode", "level", "name_en", "name_ar", "parent_id", "geometry")
    return [AreaRow(*values) for values in AdminArea.objects.values_list(*fields)]
