"""The demo record: a few published incidents in Idlib, in English and Arabic, safe to load
again."""

import pytest
from django.test import Client

from nidaa.incidents.demo import seed_demo_record
from nidaa.incidents.models import Actor, Attribution, CivilianObject, Incident, Source, Status
from nidaa.incidents.tests.test_public_helpers import text_of

pytestmark = pytest.mark.django_db


def test_it_publishes_demo_incidents_in_english_and_arabic() -> None:
    incidents = seed_demo_record()

    assert len(incidents) >= 3
    for incident in incidents:
        assert incident.status == Status.PUBLISHED and incident.published_at
        assert incident.title("en").startswith("Demo:")
        assert incident.title("ar").startswith("مثال:")
        assert incident.admin1_pcode == "SY07"
        assert incident.attributions.exists() and incident.objects_hit.exists()
        assert incident.sources.exists()


def test_loading_it_again_changes_nothing() -> None:
    first = {i.code: i.published_at for i in seed_demo_record()}
    counts = [m.objects.count() for m in (Incident, Actor, Attribution, CivilianObject, Source)]

    again = {i.code: i.published_at for i in seed_demo_record()}

    assert again == first
    assert [m.objects.count() for m in (Incident, Actor, Attribution, CivilianObject, Source)] == (
        counts
    )


def test_the_demo_day_reads_as_a_summary(client: Client) -> None:
    seed_demo_record()

    text = text_of(client, "/en/incidents/summary/2019-12-22/")

    assert "teams documented 4 strikes on 2 locations." in text
    assert "4 were attributed to Russian Armed Forces." in text
