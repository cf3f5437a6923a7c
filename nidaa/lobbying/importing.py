"""Writing imported records: areas matched or added, targets upserted, channels replaced.

Everything happens in one transaction, so a failure leaves the directory as it was. Targets
are matched on the source's id; a target missing from the file is marked inactive, never
deleted. Rows that did not change are not written, so importing the same file twice changes
nothing (the second run reports every target unchanged).
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from nidaa.core.progress import Progress
from nidaa.lobbying.areas import AreaRef, name_key
from nidaa.lobbying.lookup import purge_lookups
from nidaa.lobbying.models import Area, ContactChannel, Directory, Target
from nidaa.lobbying.records import ImportProblem, Record

TARGET_FIELDS = (
    "name", "sort_name", "role", "party", "group", "country", "area_id", "committees",
    "valid_from", "valid_until", "active",
)  # fmt: skip
BATCH = 1000


@dataclass
class Summary:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    deactivated: int = 0

    def __str__(self) -> str:
        return (
            f"{self.created:,} new, {self.changed:,} changed, {self.unchanged:,} unchanged, "
            f"{self.deactivated:,} no longer listed (marked inactive)"
        )


@dataclass(frozen=True)
class SourceFile:
    path: Path
    format: str
    description: str = ""

    def sha256(self) -> str:
        digest = hashlib.sha256()
        with self.path.open("rb") as file:
            for block in iter(lambda: file.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()

    @property
    def label(self) -> str:
        """What each imported contact detail says it came from."""
        return f"{self.path.name} ({self.format})"


def import_targets(
    slug: str,
    found: list[Record],
    source: SourceFile,
    country: str = "",
    progress: Progress | None = None,
    name: str = "",
) -> Summary:
    """Upsert `found` into the directory `slug` (made if new, named `name` or its slug), all
    or nothing."""
    check_unique(found)
    with transaction.atomic():
        directory = _directory(slug, country, name)
        areas = save_areas(r.area for r in found if r.area is not None)
        summary = _upsert(directory, found, areas, source, progress)
        directory.source_format = source.format
        directory.source_file = source.path.name
        directory.source_sha256 = source.sha256()
        directory.source = source.description or directory.source
        directory.imported_at = timezone.now()
        directory.imported_count = len(found)
        directory.save()
        transaction.on_commit(purge_lookups)
    return summary


def check_unique(found: list[Record]) -> None:
    first: dict[str, str] = {}
    for record in found:
        if record.source_id in first:
            raise ImportProblem(
                record.where,
                "source_id",
                f"{record.source_id!r} is also on {first[record.source_id]}",
            )
        first[record.source_id] = record.where


def _directory(slug: str, country: str, name: str = "") -> Directory:
    directory = Directory.objects.select_for_update().filter(slug=slug).first()
    if directory is None:
        return Directory.objects.create(slug=slug, name=name or slug, country=country)
    if country and not directory.country:
        directory.country = country
    if name:
        directory.name = name  # what supporters see as the group's heading
    return directory


# --- areas --------------------------------------------------------------------------------


def save_areas(refs: Iterable[AreaRef]) -> dict[AreaRef, Area]:
    """The stored area for each ref: matched by OCD id, else code, else name; added if new.

    Matching fills in what a stored area lacks (an OCD id, a code), so the ZIP table and the
    representatives' file meet on the same area whichever is imported first.
    """
    wanted = list(dict.fromkeys(refs))
    index = _AreaIndex(_candidates(wanted))
    result: dict[AreaRef, Area] = {}
    new: list[Area] = []
    changed: dict[int, Area] = {}
    for ref in wanted:
        area = index.find(ref)
        if area is None:
            area = Area(
                ocd_id=ref.ocd_id,
                code=ref.code,
                name=ref.name,
                name_key=name_key(ref.name),
                country=ref.country,
                kind=ref.kind,
            )
            new.append(area)
        elif _fill_in(area, ref) and area.pk is not None:
            changed[area.pk] = area
        index.add(area)
        result[ref] = area
    Area.objects.bulk_create(new, batch_size=BATCH)
    Area.objects.bulk_update(
        list(changed.values()), ["ocd_id", "code", "kind", "name", "name_key"], batch_size=BATCH
    )
    return result


def _candidates(refs: list[AreaRef]) -> list[Area]:
    if not refs:
        return []
    ocd_ids = {r.ocd_id for r in refs if r.ocd_id}
    codes = {r.code for r in refs if r.code}
    keys = {name_key(r.name) for r in refs}
    query = Q(ocd_id__in=ocd_ids) | Q(code__in=codes) | Q(name_key__in=keys)
    return list(Area.objects.filter(query))


def _fill_in(area: Area, ref: AreaRef) -> bool:
    changed = False
    if area.name == area.code and ref.name != ref.code:  # a code stood in for the name
        area.name, area.name_key = ref.name, name_key(ref.name)
        changed = True
    for field in ("ocd_id", "code", "kind"):
        if not getattr(area, field) and getattr(ref, field):
            setattr(area, field, getattr(ref, field))
            changed = True
    return changed


class _AreaIndex:
    def __init__(self, areas: list[Area]) -> None:
        self.by_ocd: dict[str, Area] = {}
        self.by_code: dict[tuple[str, str], Area] = {}
        self.by_name: dict[tuple[str, str], Area] = {}
        for area in areas:
            self.add(area)

    def add(self, area: Area) -> None:
        if area.ocd_id:
            self.by_ocd[area.ocd_id] = area
        if area.code:
            self.by_code[(area.country, area.code)] = area
        self.by_name.setdefault((area.country, name_key(area.name)), area)

    def find(self, ref: AreaRef) -> Area | None:
        if ref.ocd_id and ref.ocd_id in self.by_ocd:
            return self.by_ocd[ref.ocd_id]
        if ref.code and (ref.country, ref.code) in self.by_code:
            return self.by_code[(ref.country, ref.code)]
        area = self.by_name.get((ref.country, name_key(ref.name)))
        # Same name, but a different OCD id or code: another place of the same name.
        if area is None or _conflicts(area.ocd_id, ref.ocd_id) or _conflicts(area.code, ref.code):
            return None
        return area


def _conflicts(stored: str, given: str) -> bool:
    return bool(stored and given and stored != given)


# --- targets and their channels -------------------------------------------------------------


def _upsert(
    directory: Directory,
    found: list[Record],
    areas: dict[AreaRef, Area],
    source: SourceFile,
    progress: Progress | None,
) -> Summary:
    existing = {t.source_id: t for t in directory.targets.prefetch_related("channels")}
    summary = Summary()
    new: list[Target] = []
    changed: list[Target] = []
    channels_of: dict[str, list[ContactChannel]] = {}
    for record in found:
        target = existing.get(record.source_id) or Target(
            directory=directory, source_id=record.source_id
        )
        before = _values(target) if target.pk else None
        _apply(target, record, areas)
        channels = _channels(record, source)
        channels_differ = before is None or _channel_values(
            list(target.channels.all())
        ) != _channel_values(channels)
        if channels_differ:
            channels_of[record.source_id] = channels
        if before is None:
            new.append(target)
        elif before != _values(target):
            changed.append(target)
        elif not channels_differ:
            summary.unchanged += 1
        if progress is not None:
            progress.advance()
    Target.objects.bulk_create(new, batch_size=BATCH)
    Target.objects.bulk_update(changed, TARGET_FIELDS, batch_size=BATCH)
    summary.created = len(new)
    summary.changed = len(found) - summary.created - summary.unchanged
    _replace_channels(existing, new, channels_of)
    seen = {r.source_id for r in found}
    gone = [t.pk for t in existing.values() if t.source_id not in seen and t.active]
    for start in range(0, len(gone), BATCH):
        Target.objects.filter(pk__in=gone[start : start + BATCH]).update(active=False)
    summary.deactivated = len(gone)
    return summary


def _apply(target: Target, record: Record, areas: dict[AreaRef, Area]) -> None:
    target.name = record.name
    target.sort_name = record.sort_name or record.name
    target.role = record.role
    target.party = record.party
    target.group = record.group
    target.country = record.country
    target.area = areas[record.area] if record.area is not None else None
    target.committees = record.committees
    target.valid_from = record.valid_from
    target.valid_until = record.valid_until
    target.active = True


def _values(target: Target) -> tuple[object, ...]:
    return tuple(getattr(target, field) for field in TARGET_FIELDS)


def _channels(record: Record, source: SourceFile) -> list[ContactChannel]:
    return [
        ContactChannel(
            kind=channel.kind,
            value=channel.value,
            label=channel.label,
            source=source.label,
            valid_from=channel.valid_from,
            valid_until=channel.valid_until,
            position=position,
        )
        for position, channel in enumerate(record.channels)
    ]


def _channel_values(channels: list[ContactChannel]) -> list[tuple[object, ...]]:
    return sorted(
        (c.kind, c.value, c.label, c.source, c.valid_from, c.valid_until, c.position)
        for c in channels
    )


def _replace_channels(
    existing: dict[str, Target], new: list[Target], channels_of: dict[str, list[ContactChannel]]
) -> None:
    targets = existing | {t.source_id: t for t in new}
    stale = [targets[source_id].pk for source_id in channels_of if source_id in existing]
    for start in range(0, len(stale), BATCH):
        ContactChannel.objects.filter(target_id__in=stale[start : start + BATCH]).delete()
    fresh = []
    for source_id, channels in channels_of.items():
        for channel in channels:
            channel.target = targets[source_id]
            fresh.append(channel)
    ContactChannel.objects.bulk_create(fresh, batch_size=BATCH)
