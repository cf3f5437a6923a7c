"""Importing boundaries: every feature is checked first, then all areas are written in one
transaction, so that a bad file changes nothing."""

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from nidaa.boundaries import base_layer, geometry, lookup
from nidaa.boundaries.layers import AreaRecord, Fields, LayerError, read_areas, read_features
from nidaa.boundaries.models import AdminArea
from nidaa.boundaries.version import current_version
from nidaa.core.middleware import purge_public_pages
from nidaa.core.progress import Progress

# OCHA's Syria sub-districts, simplified (see data/README.md): what the demo and a fresh
# installation use until the full layer is imported.
BUNDLED = Path(__file__).resolve().parent / "data" / "syria_admin3_simplified.geojson"


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    by_level: dict[int, int]


def import_boundaries(
    path: Path, fields: Fields | None = None, source: str = "", progress: bool | None = None
) -> ImportResult:
    """Create or update (by P-code) the areas of a GeoJSON layer and its parent areas.

    Raises LayerError, naming the file, the feature and the reason, before anything is
    written. Areas the file does not mention are kept.
    """
    features = read_features(path)
    with Progress(len(features), "Checking features", sys.stderr, progress) as bar:
        records = read_areas(path, features, fields or Fields(), bar.track)
    with transaction.atomic():
        with Progress(len(records), "Saving areas", sys.stderr, progress) as bar:
            result = save_areas(path, records, source or path.name, bar)
        version, rows = current_version(), lookup.area_rows()
        base_layer.store_documents(version, rows)
        lookup.store_index(version, rows)
        transaction.on_commit(forget_old_boundaries)
    return result


def save_areas(
    path: Path, records: Sequence[AreaRecord], source: str, bar: Progress
) -> ImportResult:
    pcodes = {record.pcode for record in records} | {r.parent for r in records if r.parent}
    known = {area.pcode: area for area in AdminArea.objects.filter(pcode__in=pcodes)}
    now = timezone.now()
    created = 0
    by_level: dict[int, int] = {}
    for record in bar.track(records):
        area = known.get(record.pcode) or AdminArea(pcode=record.pcode, level=record.level)
        created += area.pk is None
        fill(path, area, record, known)
        area.source, area.imported_at = source[:255], now
        area.save()
        known[area.pcode] = area
        by_level[record.level] = by_level.get(record.level, 0) + 1
    return ImportResult(created, len(records) - created, by_level)


def fill(path: Path, area: AdminArea, record: AreaRecord, known: dict[str, AdminArea]) -> None:
    if area.level != record.level:
        level = AdminArea.Level(area.level).label
        raise LayerError(str(path), f"its P-code {record.pcode} is already a {level}", record.feature)  # fmt: skip
    parent = known.get(record.parent) if record.parent else None
    if record.parent and parent is None:
        raise LayerError(str(path), f"its parent area {record.parent} is not imported", record.feature)  # fmt: skip
    area.name_en, area.name_ar, area.parent = record.name_en, record.name_ar, parent
    if record.geometry is not None:
        area.geometry = record.geometry
        area.min_lon, area.min_lat, area.max_lon, area.max_lat = geometry.bbox(record.geometry) or (None,) * 4  # fmt: skip


def forget_old_boundaries() -> None:
    """Free this process's copies at once; other processes notice the new version themselves."""
    lookup.forget()
    base_layer.forget()
    purge_public_pages()


def load_bundled_boundaries() -> ImportResult | None:
    """Import the bundled Syria sub-districts, unless boundaries are already imported."""
    if AdminArea.objects.exists():
        return None
    return import_boundaries(BUNDLED, progress=False)
