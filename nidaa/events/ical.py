"""iCalendar (RFC 5545): one event, or a campaign's feed of public events.

Times are written on the event's own clocks with its TZID, and each zone used gets its
VTIMEZONE (from the tz database, for the years the calendar spans), so a calendar shows 18:00
in London as 18:00 in London whatever the reader's zone and after any change of clocks. Each
event links back to its page (URL, and in the description). Only what the public may see goes
in: never a private address, never a private pin.
"""

import datetime
from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.utils import timezone, translation

from nidaa.campaigns.models import Campaign
from nidaa.events import links
from nidaa.events.models import Event
from nidaa.events.presenting import present

PRODID = "-//Nidaa//Events//EN"
MARGIN = datetime.timedelta(days=366)


def uid(event: Event) -> str:
    host = settings.NIDAA_SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return f"event-{event.pk}@{host or 'nidaa'}"


def calendar_for(events: Iterable[Event], name: str = "") -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
    listed = list(events)
    for event in listed:
        calendar.add_component(component(event))
    if listed:
        first = min(e.starts_at for e in listed).date() - MARGIN
        last = max(e.ends_at for e in listed).date() + MARGIN
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


def component(event: Event) -> icalendar.Event:
    """The VEVENT of a public event, in the language its host wrote it in."""
    with translation.override(event.language):
        shown = present(event)
        url = links.event_url(event, event.language)
        item = icalendar.Event()
        item.add("uid", uid(event))
        item.add("dtstamp", timezone.now())
        item.add("last-modified", event.updated)
        item.add("dtstart", shown.starts)
        item.add("dtend", shown.ends)
        item.add("summary", event.title)
        item.add("description", f"{event.description}\n\n{url}")
        item.add("location", ", ".join(p for p in [shown.place, shown.address] if p))
        item.add("url", url)
        item.add("categories", [shown.kind])
        item.add("status", "CANCELLED" if shown.cancelled else "CONFIRMED")
        if shown.latitude is not None and shown.longitude is not None:
            item.add("geo", (shown.latitude, shown.longitude))
    return item


def event_calendar(event: Event) -> bytes:
    return calendar_for([event], event.title)


def campaign_calendar(campaign: Campaign) -> bytes:
    """Upcoming and recent public events (cancelled ones too, so subscribers see it)."""
    since = timezone.now() - datetime.timedelta(days=30)
    events = Event.objects.filter(
        campaign=campaign,
        status__in=[Event.Status.APPROVED, Event.Status.CANCELLED],
        approved_at__isnull=False,
        ends_at__gte=since,
    ).select_related("campaign")
    # The feed has no language prefix: it is named in the campaign's own language, the same
    # for every reader (and for the page cache).
    content = campaign.content(campaign.default_language)
    name = content.title if content else campaign.slug
    return calendar_for(events.order_by("starts_at", "pk"), name)
