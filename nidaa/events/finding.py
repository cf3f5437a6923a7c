"""Finding a campaign's public events: by type and dates, near a city or near the visitor.

"Near" is a radius around a point: a city's centre (resolved offline, places.py) or the
coordinates the visitor's browser gave with their consent (rounded before they are sent). The
database narrows the events to a box around the point on an index; exact distances are
computed only for those. Online events can be joined from anywhere, so a search near a place
keeps them. An event is placed at its public point (`map_latitude`), never at a private pin.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext, pgettext

from nidaa.campaigns.models import Campaign
from nidaa.core.countries import country_name
from nidaa.events import places
from nidaa.events.models import Event

# The map and the GeoJSON show at most this many events.
MOST_ON_MAP = 1000


@dataclass
class Search:
    """What the filters found: the events' ids in order, where the search was centred, and
    how far each event is from there."""

    ids: list[int]
    centre: tuple[float, float] | None = None
    centre_label: str = ""
    unplaced_city: str = ""
    distances: dict[int, float] = field(default_factory=dict)


def public_events(campaign: Campaign) -> QuerySet[Event]:
    return Event.objects.filter(campaign=campaign, status=Event.Status.APPROVED)


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)


def filtered(campaign: Campaign, data: dict[str, Any], now: datetime.datetime | None = None) -> QuerySet[Event]:  # fmt: skip
    """Upcoming public events of this type and within these dates (a day either side of UTC
    is close enough for a date filter: events are matched on the dates in UTC)."""
    now = now or timezone.now()
    events = public_events(campaign).filter(ends_at__gte=now)
    if data.get("start"):
        events = events.filter(ends_at__gte=_day_start(data["start"]))
    if data.get("end"):
        events = events.filter(starts_at__lt=_day_start(data["end"] + datetime.timedelta(days=1)))
    if data.get("kind"):
        events = events.filter(kind=data["kind"])
    return events


def search(campaign: Campaign, data: dict[str, Any], now: datetime.datetime | None = None) -> Search:  # fmt: skip
    """The events the filters in `data` (FinderForm's cleaned data) select, soonest first."""
    events = filtered(campaign, data, now)
    centre, label, unplaced = _centre(data)
    if centre is not None:
        return _near(events, centre, data.get("radius") or 50, label)
    if unplaced:
        events = events.filter(city__iexact=unplaced.strip())
    if data.get("country"):
        events = events.filter(country=data["country"])
    ids = list(events.order_by("starts_at", "pk").values_list("pk", flat=True))
    return Search(ids=ids, unplaced_city=unplaced)


def _centre(data: dict[str, Any]) -> tuple[tuple[float, float] | None, str, str]:
    """(point, what to call it, a city name that could not be placed)."""
    if data.get("lat") is not None and data.get("lon") is not None:
        return (data["lat"], data["lon"]), gettext("your location"), ""
    city_name = (data.get("city") or "").strip()
    if not city_name:
        return None, "", ""
    city = places.find_city(city_name, data.get("country") or "")
    if city is None:
        return None, "", city_name
    label = pgettext("list separator", ", ").join([city.name, country_name(city.country)])
    return (city.latitude, city.longitude), label, ""


def _near(events: QuerySet[Event], centre: tuple[float, float], km: int, label: str) -> Search:
    lat, lon = centre
    south, north, west, east = places.bounding_box(lat, lon, km)
    box = Q(map_latitude__gte=south, map_latitude__lte=north)
    if west <= east:
        box &= Q(map_longitude__gte=west, map_longitude__lte=east)
    else:  # the box crosses the 180th meridian
        box &= Q(map_longitude__gte=west) | Q(map_longitude__lte=east)
    candidates = events.filter(box | Q(kind=Event.Kind.ONLINE)).values_list(
        "pk", "kind", "starts_at", "map_latitude", "map_longitude"
    )
    distances: dict[int, float] = {}
    kept = []
    for pk, kind, starts_at, event_lat, event_lon in candidates:
        if kind == Event.Kind.ONLINE:
            kept.append((starts_at, pk))
            continue
        if event_lat is None or event_lon is None:
            continue
        distance = places.distance_km(lat, lon, event_lat, event_lon)
        if distance <= km:
            distances[pk] = distance
            kept.append((starts_at, pk))
    kept.sort()
    return Search([pk for _, pk in kept], centre, label, "", distances)


def page_of(ids: list[int]) -> list[Event]:
    """The events with these ids, in this order, with their campaign."""
    found = Event.objects.select_related("campaign").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]
