"""The incidents an export writes, read a slice at a time: memory stays flat however many.

Each record is the incident's values as a dict, with its attributions and the publishers of
its sources. A public export (published records only) shows each point as its location mode
allows (nidaa.incidents.public_location), exactly as the public pages and the API do.
"""

import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from nidaa.incidents.interchange.rows import ROW_FIELDS
from nidaa.incidents.models import Attribution, Incident, LocationMode, Precision, Source, Status
from nidaa.incidents.public_location import (
    ALL_LEVELS,
    area_centre,
    degrade,
    shown_admin_levels,
    shows_place,
)

SLICE = 2000
FIELDS = ("id", *ROW_FIELDS, "status", "updated_at")

Record = dict[str, Any]


def incidents_to_export(status: str | None) -> Any:
    incidents = Incident.objects.all()
    return incidents.filter(status=status) if status else incidents


def export_records(status: str | None, public: bool) -> Iterator[Record]:
    """Every incident (of `status`, if given) in the order they were made, a slice at a time.

    `public`: degrade each point and its place names as the public may see them.
    """
    incidents = incidents_to_export(status).order_by("pk")
    centre_of = functools.cache(area_centre)
    last = 0
    while True:
        rows = list(incidents.filter(pk__gt=last).values(*FIELDS)[:SLICE])
        if not rows:
            return
        last = rows[-1]["id"]
        add_related(rows, public)
        for row in rows:
            if public:
                as_public(row, centre_of)
            yield row


def add_related(rows: list[Record], public: bool) -> None:
    ids = [row["id"] for row in rows]
    actors = attributions_of(ids)
    sources = sources_of(ids, public)
    for row in rows:
        row["actors"] = actors.get(row["id"], [])
        row["sources"] = sources.get(row["id"], [])


def attributions_of(ids: Iterable[int]) -> dict[int, list[tuple[str, str, str, str]]]:
    """(actor name, status, basis, actor type) per incident, in the order they were made."""
    found: dict[int, list[tuple[str, str, str, str]]] = defaultdict(list)
    rows = Attribution.objects.filter(incident_id__in=ids).order_by("pk")
    for incident, *attribution in rows.values_list(
        "incident_id", "actor__name", "status", "basis", "actor__kind"
    ):
        found[incident].append(tuple(attribution))  # type: ignore[arg-type]
    return found


def sources_of(ids: Iterable[int], public: bool) -> dict[int, list[str]]:
    """The publishers of each incident's sources; for the public, only those its page shows
    (never a witness or a field team)."""
    from nidaa.incidents.public_views import PUBLIC_SOURCE_KINDS

    found: dict[int, list[str]] = defaultdict(list)
    rows = Source.objects.filter(incident_id__in=ids).exclude(publisher="").order_by("pk")
    if public:
        rows = rows.filter(kind__in=PUBLIC_SOURCE_KINDS)
    for incident, publisher in rows.values_list("incident_id", "publisher"):
        if publisher not in found[incident]:
            found[incident].append(publisher)
    return found


def as_public(row: Record, centre_of: Any = area_centre) -> None:
    """Degrade the record in place as its location mode says (the same rules as the pages).

    A moved point is no longer exact: its geo precision becomes at least "approximate".
    """
    mode = row["location_mode"]
    point = degrade(row["latitude"], row["longitude"], mode, row["admin3_pcode"], centre_of)
    row["latitude"], row["longitude"] = point if point else (None, None)
    if mode != LocationMode.EXACT:
        row["geo_precision"] = max(row["geo_precision"], Precision.NEAR)
    if not shows_place(mode):
        row["place_en"] = row["place_ar"] = ""
    shown = shown_admin_levels(mode)
    for level in ALL_LEVELS:
        if level not in shown:
            for suffix in ("pcode", "en", "ar"):
                row[f"{level}_{suffix}"] = ""


def is_public(status: str | None) -> bool:
    """An export of published records is for the public record, and degraded like it."""
    return status == Status.PUBLISHED
