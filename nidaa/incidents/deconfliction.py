"""Deconfliction: which incidents hit near a humanitarian site after it was notified to the parties.

An incident is a hit on a protected site when its point lies within
settings.NIDAA_DECONFLICTION_METRES (great-circle distance, haversine) of the site and it began
on or after the day the site was notified. Each hit is a ProtectedSiteHit row (with the
distance), and the incident is flagged `near_protected_site`. Staff see the hits; the public
sees only how many sites were hit.

When it is recomputed:

- on saving an incident (a post_save signal, connected when this module is imported; the app's
  ready() imports it), for that incident, unless the save named fields that cannot matter;
- after a protected site is added, changed or removed on the staff site, and after
  `import_protected_sites`, for the sites concerned (`recheck_site`, `recheck_deconfliction`);
- after `import_incidents`, for everything (`recheck_deconfliction`), because bulk imports skip
  signals.

Every hit made or removed is written to the audit log (it shows in the record's history for
people who may see protected sites), and public pages are purged when hits change.
"""

import csv
import datetime
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import translation

from nidaa.accounts.audit import record, snapshot
from nidaa.core.middleware import purge_public_pages
from nidaa.incidents.models import CivilianObject, Incident, ProtectedSite, ProtectedSiteHit

EARTH_RADIUS_M = 6_371_008.8  # the mean radius (IUGG)
METRES_PER_DEGREE = EARTH_RADIUS_M * math.pi / 180
# A save that changes none of these cannot change the incident's hits.
WHERE_AND_WHEN = frozenset({"latitude", "longitude", "started_on"})

Pair = tuple[int, int]  # (incident id, site id)


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance between two points, in metres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, a)))


def radius_m() -> int:
    return int(settings.NIDAA_DECONFLICTION_METRES)


@dataclass(frozen=True)
class Box:
    """The latitude/longitude box around a point that holds every point within `metres`."""

    south: float
    north: float
    west: float
    east: float

    @classmethod
    def around(cls, lat: float, lon: float, metres: float) -> "Box":
        dlat = metres / METRES_PER_DEGREE
        # The box is widest in longitude at its edge nearest a pole.
        widest = min(89.9, abs(lat) + dlat)
        dlon = min(180.0, dlat / math.cos(math.radians(widest)))
        return cls(lat - dlat, lat + dlat, lon - dlon, lon + dlon)

    def q(self, prefix: str = "") -> Q:
        return Q(
            **{
                f"{prefix}latitude__gte": self.south,
                f"{prefix}latitude__lte": self.north,
                f"{prefix}longitude__gte": self.west,
                f"{prefix}longitude__lte": self.east,
            }
        )


# --- One incident, one site -------------------------------------------------------------------


def recheck_incident(incident: Incident) -> None:
    """Recompute the hits of one incident (after it was saved)."""
    wanted: dict[Pair, int] = {}
    if incident.latitude is not None and incident.longitude is not None and incident.started_on:
        box = Box.around(incident.latitude, incident.longitude, radius_m())
        sites = ProtectedSite.objects.filter(box.q(), notified_on__lte=incident.started_on)
        for site in sites.values_list("pk", "latitude", "longitude"):
            distance = haversine_m(incident.latitude, incident.longitude, site[1], site[2])
            if distance <= radius_m():
                wanted[(incident.pk, site[0])] = round(distance)
    with transaction.atomic():
        changed = _apply(wanted, ProtectedSiteHit.objects.filter(incident=incident.pk))
        if changed or incident.near_protected_site != bool(wanted):
            _set_flags({incident.pk})
    incident.near_protected_site = bool(wanted)


def recheck_site(site: ProtectedSite) -> None:
    """Recompute the hits on one site (after it was added or changed)."""
    box = Box.around(site.latitude, site.longitude, radius_m())
    incidents = Incident.objects.filter(box.q(), started_on__gte=site.notified_on)
    wanted: dict[Pair, int] = {}
    for pk, lat, lon in incidents.values_list("pk", "latitude", "longitude"):
        if lat is None or lon is None:
            continue  # cannot be: the box filters on both
        distance = haversine_m(lat, lon, site.latitude, site.longitude)
        if distance <= radius_m():
            wanted[(pk, site.pk)] = round(distance)
    existing = ProtectedSiteHit.objects.filter(site=site.pk)
    with transaction.atomic():
        affected = {pk for pk, _ in wanted} | set(existing.values_list("incident", flat=True))
        _apply(wanted, existing)
        _set_flags(affected)


def remove_hits_on(sites: QuerySet[ProtectedSite]) -> set[int]:
    """Before sites are deleted: remove their hits (each in the audit log); the incidents hit."""
    hits = ProtectedSiteHit.objects.filter(site__in=sites)
    incidents = set(hits.values_list("incident", flat=True))
    _apply({}, hits)
    return incidents


def reflag(incident_ids: Iterable[int]) -> None:
    """Set near_protected_site again on these incidents (after sites were deleted)."""
    _set_flags(set(incident_ids))


# --- Everything -------------------------------------------------------------------------------


class SiteGrid:
    """Sites in square cells about `metres` wide, so each incident looks only at its neighbours.

    Cells are a fixed size in degrees of latitude; in longitude an incident looks as many cells
    either side as its latitude needs. Sites are few (hundreds), incidents many (100,000s): one
    pass over the incidents, a handful of look-ups each.
    """

    def __init__(self, sites: Iterable[tuple[int, float, float, Any]], metres: float) -> None:
        self.metres = metres
        self.cell = metres / METRES_PER_DEGREE
        self.cells: dict[tuple[int, int], list[tuple[int, float, float, Any]]] = defaultdict(list)
        for site in sites:
            self.cells[self._key(site[1], site[2])].append(site)

    def _key(self, lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat / self.cell), math.floor(lon / self.cell)

    def near(self, lat: float, lon: float) -> Iterable[tuple[int, float, float, Any]]:
        box = Box.around(lat, lon, self.metres)
        row, column = self._key(lat, lon)
        span = math.ceil((box.east - lon) / self.cell)
        for dr in (-1, 0, 1):
            for dc in range(-span, span + 1):
                yield from self.cells.get((row + dr, column + dc), ())


def recheck_deconfliction() -> None:
    """Recompute every hit: after an import of incidents or of sites (bulk, no signals)."""
    metres = radius_m()
    sites = ProtectedSite.objects.values_list("pk", "latitude", "longitude", "notified_on")
    grid = SiteGrid(sites, metres)
    wanted: dict[Pair, int] = {}
    if grid.cells:
        points = Incident.objects.filter(latitude__isnull=False, longitude__isnull=False)
        rows = points.values_list("pk", "latitude", "longitude", "started_on")
        for pk, lat, lon, started_on in rows.iterator(chunk_size=5000):
            if lat is None or lon is None:
                continue  # cannot be: filtered above
            for site_pk, site_lat, site_lon, notified_on in grid.near(lat, lon):
                if started_on >= notified_on:
                    distance = haversine_m(lat, lon, site_lat, site_lon)
                    if distance <= metres:
                        wanted[(pk, site_pk)] = round(distance)
    with transaction.atomic():
        _apply(wanted, ProtectedSiteHit.objects.all())
        _set_flags(None)


# --- Writing the result -----------------------------------------------------------------------


def _apply(wanted: dict[Pair, int], existing: QuerySet[ProtectedSiteHit]) -> bool:
    """Make the hits in `existing` be exactly `wanted`; whether anything changed."""
    with transaction.atomic():
        have = {(h.incident_id, h.site_id): h for h in existing.select_related("site", "incident")}
        gone = [hit for pair, hit in have.items() if pair not in wanted]
        moved = [hit for pair, hit in have.items() if pair in wanted and hit.distance_m != wanted[pair]]  # fmt: skip
        new = [
            ProtectedSiteHit(incident_id=pair[0], site_id=pair[1], distance_m=distance)
            for pair, distance in wanted.items()
            if pair not in have
        ]
        for hit in gone:
            before = snapshot(hit)
            ProtectedSiteHit.objects.filter(pk=hit.pk).delete()
            record(None, "delete", hit, before, None)
        for hit in moved:
            before = snapshot(hit)
            hit.distance_m = wanted[(hit.incident_id, hit.site_id)]
            hit.save(update_fields=["distance_m"])
            record(None, "change", hit, before, snapshot(hit))
        for hit in ProtectedSiteHit.objects.bulk_create(new):
            record(None, "create", hit, None, snapshot(hit))
        changed = bool(gone or moved or new)
        if changed:
            transaction.on_commit(purge_public_pages)
    return changed


def _set_flags(affected: set[int] | None) -> int:
    """near_protected_site = whether the incident has a hit, for `affected` incidents (None: all);
    the number of incidents changed."""
    incidents = Incident.objects.all() if affected is None else Incident.objects.filter(pk__in=affected)  # fmt: skip
    with_hits = ProtectedSiteHit.objects.values("incident")
    # update(), not save(): no signal, no new updated_at; the flag follows from the hits.
    raised = incidents.filter(near_protected_site=False, pk__in=with_hits).update(
        near_protected_site=True
    )
    lowered = (
        incidents.filter(near_protected_site=True)
        .exclude(pk__in=with_hits)
        .update(near_protected_site=False)
    )
    return raised + lowered


# --- When an incident is saved ----------------------------------------------------------------


@receiver(post_save, sender=Incident, dispatch_uid="nidaa.incidents.deconfliction")
def incident_saved(
    sender: type[Incident],
    instance: Incident,
    raw: bool = False,
    update_fields: frozenset[str] | None = None,
    **kwargs: Any,
) -> None:
    if raw:
        return  # loading fixtures: the rows arrive as they were
    if update_fields is not None and not WHERE_AND_WHEN & set(update_fields):
        return
    recheck_incident(instance)


# --- Importing a notified-sites list ----------------------------------------------------------

# The columns of a sites file (header names; case, spaces and dashes ignored) and their aliases.
SITE_COLUMNS = {
    "name": ("name", "site", "site_name"),
    "kind": ("type", "kind", "site_type"),
    "operator": ("operator", "organisation", "organization"),
    "latitude": ("lat", "latitude"),
    "longitude": ("lon", "lng", "long", "longitude"),
    "notified_on": ("notified_on", "notified", "notified_date", "date_notified"),
    "list_version": ("list_version", "version"),
}
REQUIRED_SITE_COLUMNS = ("name", "kind", "latitude", "longitude", "notified_on")
TEXT_FIELDS = ("name", "operator", "list_version")


@dataclass(frozen=True)
class SiteImport:
    created: int
    updated: int
    unchanged: int


class SiteFileError(Exception):
    """A sites file that cannot be imported, with where and why: `file:line:column: reason`."""

    def __init__(self, source: str, line: int, column: str, reason: str) -> None:
        super().__init__(f"{source}:{line}:{column}: {reason}")


class SiteCellError(ValueError):
    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column, self.reason = column, reason


def read_sites(stream: TextIO, source: str) -> list[dict[str, Any]]:
    """Check every row of a sites CSV, each as a ProtectedSite's fields; raises SiteFileError
    (file:line:column: reason) at the first bad cell, before anything is written."""
    rows = _numbered_rows(stream, source)
    first = next(rows, None)
    if first is None:
        raise SiteFileError(source, 1, "name", "the file is empty")
    positions = _site_columns(*first[::-1], source)
    sites = []
    for line, cells in rows:
        try:
            sites.append(_site(cells, positions))
        except SiteCellError as error:
            raise SiteFileError(source, line, error.column, error.reason) from None
    return sites


def _numbered_rows(stream: TextIO, source: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the row starts, cells) for each row that is not blank."""
    reader = csv.reader(stream)
    last = 0
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield last + 1, cells
            last = reader.line_num
    except csv.Error as error:
        raise SiteFileError(source, reader.line_num, "-", f"not valid CSV: {error}") from None
    except UnicodeDecodeError:
        raise SiteFileError(
            source, last + 1, "-", "not UTF-8 text; save the file as UTF-8"
        ) from None


def _site_columns(header: list[str], line: int, source: str) -> dict[str, tuple[int, str]]:
    """Where each field is in a row, and the column's name as written (for messages)."""
    names = [cell.strip().lstrip("\ufeff").lower().replace(" ", "_").replace("-", "_") for cell in header]  # fmt: skip
    positions = {}
    for field, aliases in SITE_COLUMNS.items():
        found = [index for index, name in enumerate(names) if name in aliases]
        if found:
            positions[field] = (found[0], header[found[0]].strip())
        elif field in REQUIRED_SITE_COLUMNS:
            raise SiteFileError(source, line, aliases[0], f"no column {aliases[0]!r} in the header")
    return positions


def _site(cells: list[str], positions: dict[str, tuple[int, str]]) -> dict[str, Any]:
    def cell(field: str) -> tuple[str, str]:
        index, column = positions.get(field, (-1, field))
        return (cells[index].strip() if 0 <= index < len(cells) else ""), column

    values: dict[str, Any] = {field: _text(field, *cell(field)) for field in TEXT_FIELDS}
    values["kind"] = _site_kind(*cell("kind"))
    values["latitude"] = _coordinate(*cell("latitude"), 90)
    values["longitude"] = _coordinate(*cell("longitude"), 180)
    values["notified_on"] = _date(*cell("notified_on"))
    return values


def _text(field: str, text: str, column: str) -> str:
    limit = getattr(ProtectedSite._meta.get_field(field), "max_length", 0) or 0
    if field == "name" and not text:
        raise SiteCellError(column, "a site needs a name")
    if len(text) > limit:
        raise SiteCellError(column, f"longer than {limit} characters")
    return text


def _site_kind(text: str, column: str) -> str:
    """A type by its code ("hospital") or its English name ("camp for displaced people")."""
    wanted = text.lower()
    with translation.override("en"):
        for value, label in CivilianObject.Kind.choices:
            if wanted in (value, str(label).lower()):
                return str(value)
    known = ", ".join(CivilianObject.Kind.values)
    raise SiteCellError(column, f"{text!r} is not a site type ({known})")


def _coordinate(text: str, column: str, bound: int) -> float:
    try:
        value = float(text)
    except ValueError:
        raise SiteCellError(column, f"{text!r} is not a number (decimal degrees)") from None
    if not math.isfinite(value) or not -bound <= value <= bound:
        raise SiteCellError(column, f"{text!r} is not between -{bound} and {bound}")
    return value


def _date(text: str, column: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise SiteCellError(column, f"{text!r} is not a date (YYYY-MM-DD)") from None


def save_sites(
    sites: list[dict[str, Any]], advance: Callable[[int], None] = lambda n: None
) -> SiteImport:
    """Add or update the sites (keyed by name and list version) in one transaction, each change
    in the audit log, then recompute every hit."""
    created = updated = unchanged = 0
    with transaction.atomic():
        for values in sites:
            key = {"name": values["name"], "list_version": values["list_version"]}
            site = ProtectedSite.objects.filter(**key).first()
            if site is None:
                site = ProtectedSite.objects.create(**values)
                record(None, "create", site, None, snapshot(site))
                created += 1
            elif any(getattr(site, name) != value for name, value in values.items()):
                before = snapshot(site)
                for name, value in values.items():
                    setattr(site, name, value)
                site.save()
                record(None, "change", site, before, snapshot(site))
                updated += 1
            else:
                unchanged += 1
            advance(1)
        recheck_deconfliction()
    return SiteImport(created, updated, unchanged)
