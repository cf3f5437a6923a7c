"""An event as people read it: its times on its own clocks, its place, in the active language.

Pages, mail, the flyer and the calendar all show an event through `present`, so the exact
address and pin appear only where `show_address` says they may: to everyone when the host chose
so, otherwise only to confirmed attendees (and to the host).
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext, pgettext

from nidaa.core.countries import country_name
from nidaa.core.numbers import format_date
from nidaa.events import times
from nidaa.events.models import Event


@dataclass(frozen=True)
class Shown:
    event: Event
    kind: str
    starts: datetime.datetime  # on the event's clocks
    ends: datetime.datetime
    when: str
    time_zone: str
    place: str  # venue, city and country: never the exact address
    country: str
    address: str  # empty unless it may be shown
    latitude: float | None  # the exact pin, only with the address
    longitude: float | None
    cancelled: bool


def present(event: Event, show_address: bool | None = None) -> Shown:
    """`show_address`: None means "if the host made it public"."""
    if show_address is None:
        show_address = event.address_is_public
    starts = times.local(event.starts_at, event.time_zone)
    ends = times.local(event.ends_at, event.time_zone)
    return Shown(
        event=event,
        kind=str(Event.Kind(event.kind).label),
        starts=starts,
        ends=ends,
        when=when(starts, ends),
        time_zone=event.time_zone.replace("_", " "),
        place=place_line(event),
        country=country_name(event.country),
        address=event.address if show_address else "",
        latitude=event.latitude if show_address else None,
        longitude=event.longitude if show_address else None,
        cancelled=event.status == Event.Status.CANCELLED,
    )


def _day(value: datetime.datetime) -> str:
    return f"{format_date(value, 'l')} {format_date(value, 'DATE_FORMAT')}"


def when(starts: datetime.datetime, ends: datetime.datetime) -> str:
    """ "Saturday March 14, 2026, 18:00–20:00", or both days when it goes past midnight."""
    if starts.date() == ends.date():
        return gettext("%(day)s, %(start)s–%(end)s") % {
            "day": _day(starts),
            "start": format_date(starts, "H:i"),
            "end": format_date(ends, "H:i"),
        }
    return gettext("%(start_day)s, %(start)s – %(end_day)s, %(end)s") % {
        "start_day": _day(starts),
        "start": format_date(starts, "H:i"),
        "end_day": _day(ends),
        "end": format_date(ends, "H:i"),
    }


def place_line(event: Event) -> str:
    where = [event.venue, event.city, country_name(event.country)]
    return pgettext("list separator", ", ").join(part for part in where if part)
