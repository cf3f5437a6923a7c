"""Making events and reading the links in event mail, for the events tests."""

import datetime
import re
from typing import Any
from urllib.parse import urlsplit

from django.utils import timezone

from nidaa.campaigns.models import Campaign
from nidaa.events import actions, times
from nidaa.events.links import new_key
from nidaa.events.models import Event
from nidaa.events.tasks import send_all_due

LINK = re.compile(r"https?://\S+")


def in_days(days: float, hour: int = 18, zone: str = "Europe/London") -> datetime.datetime:
    """A UTC instant `days` from now, at `hour` o'clock on the zone's clocks."""
    day = (timezone.now() + datetime.timedelta(days=days)).date()
    return times.to_utc(datetime.datetime.combine(day, datetime.time(hour)), zone)


def make_event(campaign: Campaign, status: str = Event.Status.APPROVED, **fields: Any) -> Event:
    starts = fields.pop("starts_at", in_days(3))
    values: dict[str, Any] = {
        "kind": Event.Kind.VIGIL,
        "language": "en",
        "title": "Vigil for Idlib",
        "description": "Candles and names.",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=2),
        "time_zone": "Europe/London",
        "venue": "Outside the embassy",
        "address": "13 Kensington Palace Gardens",
        "address_visibility": Event.AddressVisibility.EVERYONE,
        "city": "London",
        "country": "GB",
        "host_name": "Rania",
        "host_email": "rania@example.org",
        "host_email_key": "rania@example.org",
        "host_language": "en",
        "key": new_key(),
        "status": status,
        **fields,
    }
    if status in (Event.Status.APPROVED, Event.Status.CANCELLED):
        values.setdefault("approved_at", timezone.now())
    event = Event(campaign=campaign, **values)
    actions.place(event)
    event.save()
    return event


def form_data(**changes: Any) -> dict[str, Any]:
    """What the host's form sends for a valid new event."""
    day = (timezone.now() + datetime.timedelta(days=5)).date().isoformat()
    data = {
        "kind": "vigil",
        "language": "en",
        "title": "Vigil for Idlib",
        "description": "Candles and the names of the dead.",
        "starts": f"{day}T18:30",
        "ends": f"{day}T20:00",
        "time_zone": "",
        "venue": "Outside the Russian embassy",
        "address": "13 Kensington Palace Gardens",
        "address_visibility": "attendees",
        "city": "London",
        "country": "GB",
        "latitude": "51.5096",
        "longitude": "-0.1889",
        "capacity": "",
        "host_name": "Rania",
        "host_email": "rania@example.org",
        "website_url": "",
    }
    return {**data, **changes}


def links_in(text: str) -> list[str]:
    return LINK.findall(text)


def path(url: str) -> str:
    return urlsplit(url).path


def deliver() -> int:
    """Send every message the outbox owes, as the worker would."""
    return send_all_due()
