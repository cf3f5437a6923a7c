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


def test_it_loads_demo_news_updates_posts_and_appeals_once() -> None:
    from nidaa.campaigns.models import SuggestedPost, Update
    from nidaa.donations.models import Appeal
    from nidaa.news.models import FollowAccount, Item, Source

    call_command("seed_demo", "--campaign-only", stdout=io.StringIO())
    counts = [
        m.objects.count() for m in (Source, FollowAccount, Item, Update, SuggestedPost, Appeal)
    ]
    call_command("seed_demo", "--campaign-only", stdout=io.StringIO())

    assert [
        m.objects.count() for m in (Source, FollowAccount, Item, Update, SuggestedPost, Appeal)
    ] == counts
    assert all(c > 0 for c in counts)
    # Example addresses that lead nowhere, never fetched, and every text says it is a demo.
    assert all(".example.org/" in s.url and not s.active for s in Source.objects.all())
    assert all(i.title.startswith(("Demo:", "مثال:")) for i in Item.objects.all())
    assert all(u.title.startswith(("Demo update", "تحديث تجريبي")) for u in Update.objects.all())
    for appeal in Appeal.objects.all():
        assert ".example.org/" in appeal.url and not appeal.is_stale
        assert all("demo" in t.title.lower() or "تجريبي" in t.title for t in appeal.texts.all())
