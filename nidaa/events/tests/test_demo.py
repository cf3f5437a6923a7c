"""seed_demo's demo events: public, ahead of today, in several cities and time zones."""

import io
import zoneinfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from nidaa.events.models import Event

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_public_events_in_several_time_zones_and_brings_them_back() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    first = {e.host_email_key: e.starts_at for e in Event.objects.all()}

    Event.objects.update(title="Changed")
    call_command("seed_demo", stdout=io.StringIO())

    events = list(Event.objects.all())
    assert len(events) == len(first) == 5
    assert all(e.status == Event.Status.APPROVED and e.starts_at > timezone.now() for e in events)
    assert len({e.time_zone for e in events}) >= 4
    assert {e.language for e in events} == {"en", "ar"}
    assert not any(e.title == "Changed" for e in events)
    assert all(e.map_latitude is not None for e in events)
    toronto = next(e for e in events if e.city == "Toronto")
    assert toronto.starts_at.astimezone(zoneinfo.ZoneInfo("America/Toronto")).hour == 8
