"""iCalendar (RFC 5545) for an event and the campaign's feed, and schema.org JSON-LD on the
event's page: right time zones, a link back, nothing private."""

import datetime
import json
import re
import zoneinfo

import icalendar
import pytest
from django.test import Client

from nidaa.campaigns.models import Campaign
from nidaa.events.models import Event
from nidaa.events.tests.helpers import in_days, make_event
from nidaa.testing import html

pytestmark = pytest.mark.django_db


def test_an_events_calendar_round_trips_its_time_zone(
    client: Client, demo_campaign: Campaign
) -> None:
    starts = in_days(4, hour=19, zone="America/Toronto")
    event = make_event(demo_campaign, time_zone="America/Toronto", city="Toronto", country="CA", starts_at=starts)  # fmt: skip

    response = client.get(f"/c/save-idlib/events/{event.pk}.ics")

    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    [item] = calendar.walk("VEVENT")
    start = item.decoded("dtstart")
    assert start.tzinfo.key == "America/Toronto" if hasattr(start.tzinfo, "key") else str(start.tzinfo) == "America/Toronto"  # fmt: skip
    assert (start.hour, start.minute) == (19, 0)
    assert start == starts  # the same instant
    assert item.decoded("dtend") - start == datetime.timedelta(hours=2)
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "America/Toronto"
    assert b"DTSTART;TZID=America/Toronto:" in response.content
    assert str(item["URL"]) == f"http://127.0.0.1:8000/en/c/save-idlib/events/{event.pk}/"
    assert str(item["URL"]) in str(item["DESCRIPTION"])
    assert str(item["STATUS"]) == "CONFIRMED"


def test_the_campaign_feed_has_every_public_event_in_its_own_zone(
    client: Client, demo_campaign: Campaign
) -> None:
    make_event(demo_campaign, title="London", starts_at=in_days(3))
    make_event(demo_campaign, title="Berlin", time_zone="Europe/Berlin", city="Berlin", country="DE", starts_at=in_days(4, zone="Europe/Berlin"))  # fmt: skip
    make_event(demo_campaign, title="Cancelled", status=Event.Status.CANCELLED)
    make_event(demo_campaign, title="Waiting", status=Event.Status.PENDING)

    response = client.get("/c/save-idlib/events.ics")

    calendar = icalendar.Calendar.from_ical(response.content)
    found = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(found) == {"London", "Berlin", "Cancelled"}
    assert str(found["Cancelled"]["STATUS"]) == "CANCELLED"
    assert {str(z["TZID"]) for z in calendar.walk("VTIMEZONE")} == {
        "Europe/London",
        "Europe/Berlin",
    }
    berlin = found["Berlin"].decoded("dtstart")
    assert berlin.utcoffset() == berlin.astimezone(zoneinfo.ZoneInfo("Europe/Berlin")).utcoffset()
    assert len({str(e["UID"]) for e in found.values()}) == 3


def test_a_private_address_never_reaches_a_calendar(
    client: Client, demo_campaign: Campaign
) -> None:
    event = make_event(demo_campaign, address_visibility=Event.AddressVisibility.ATTENDEES, latitude=51.5, longitude=-0.19)  # fmt: skip

    for url in (f"/c/save-idlib/events/{event.pk}.ics", "/c/save-idlib/events.ics"):
        content = client.get(url).content.decode()
        assert "Kensington" not in content and "GEO:" not in content
        assert "Outside the embassy" in content


def jsonld_of(page: str) -> dict:
    [found] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(found)


def test_the_event_page_carries_schema_org_json_ld(client: Client, demo_campaign: Campaign) -> None:
    event = make_event(demo_campaign)

    page = client.get(f"/en/c/save-idlib/events/{event.pk}/").content.decode()

    data = jsonld_of(page)
    assert data["@type"] == "Event" and data["name"] == "Vigil for Idlib"
    assert data["startDate"].endswith(("+00:00", "+01:00"))
    assert data["location"]["address"]["addressLocality"] == "London"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["url"].endswith(f"/en/c/save-idlib/events/{event.pk}/")
    # Data, not script: the page has no script the CSP would have to allow.
    assert html.scripts_without_nonce(html.parse(page)) == []


def test_json_ld_cannot_be_broken_out_of(client: Client, demo_campaign: Campaign) -> None:
    hostile = "</script><script>alert(1)</script><!--"
    event = make_event(demo_campaign, title=hostile, description=hostile)

    page = client.get(f"/en/c/save-idlib/events/{event.pk}/").content.decode()

    assert "<script>alert(1)" not in page
    assert jsonld_of(page)["name"] == hostile
    assert html.script_risks(page) == []
