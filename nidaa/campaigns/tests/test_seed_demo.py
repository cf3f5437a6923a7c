import io

import pytest
from django.core.management import call_command

from nidaa.campaigns.models import Campaign, Demand

pytestmark = pytest.mark.django_db


def seed() -> None:
    call_command("seed_demo", stdout=io.StringIO())


def test_it_creates_the_demo_campaign_in_english_and_arabic() -> None:
    seed()
    campaign = Campaign.objects.get(slug="save-idlib")
    assert campaign.status == Campaign.Status.LIVE
    assert {t.language for t in campaign.translations.all()} == {"en", "ar"}
    assert campaign.hashtag_list() == ["#SaveIdlib", "#IdlibUnderFire"]
    assert campaign.artwork and campaign.artwork_credit


def test_it_lists_the_four_demands_in_each_language() -> None:
    seed()
    for translation in Campaign.objects.get(slug="save-idlib").translations.all():
        assert [d.position for d in translation.demands.all()] == [1, 2, 3, 4]


def test_running_it_twice_changes_nothing() -> None:
    seed()
    artwork = Campaign.objects.get().artwork.name
    seed()
    assert Campaign.objects.count() == 1
    assert Demand.objects.count() == 8
    assert Campaign.objects.get().artwork.name == artwork


def test_it_restores_edited_demo_text() -> None:
    seed()
    translation = Campaign.objects.get().translations.get(language="en")
    translation.title = "vandalised"
    translation.save()
    seed()
    assert Campaign.objects.get().content("en").title.startswith("Save Idlib")  # type: ignore[union-attr]


def test_it_loads_the_boundaries_and_published_demo_incidents_once() -> None:
    from nidaa.boundaries.models import AdminArea
    from nidaa.incidents.models import Incident, Status

    seed()
    areas = AdminArea.objects.count()
    published = set(Incident.objects.filter(status=Status.PUBLISHED).values_list("code", flat=True))
    assert areas > 300 and published
    assert set(Incident.objects.filter(admin1_pcode="SY07").values_list("code", flat=True)) == (
        published
    ), "every demo incident lies in Idlib governorate"
    seed()
    assert AdminArea.objects.count() == areas
    assert set(Incident.objects.values_list("code", flat=True)) == published


def test_campaign_only_leaves_the_record_alone() -> None:
    from nidaa.boundaries.models import AdminArea
    from nidaa.incidents.models import Incident

    call_command("seed_demo", "--campaign-only", stdout=io.StringIO())
    assert Campaign.objects.filter(slug="save-idlib").exists()
    assert not AdminArea.objects.exists() and not Incident.objects.exists()
