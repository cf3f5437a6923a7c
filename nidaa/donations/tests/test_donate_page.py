"""The donate page: vetted appeals with what was checked and when; nothing stale."""

import pytest
from django.test import Client, override_settings

from nidaa.campaigns.models import Campaign
from nidaa.donations.models import Appeal
from nidaa.donations.tests.helpers import make_appeal

pytestmark = pytest.mark.django_db

DONATE = "/en/c/save-idlib/donate/"


def test_it_lists_the_vetted_appeals_with_what_was_checked(
    client: Client, demo_campaign: Campaign
) -> None:
    appeal = Appeal.objects.get(url="https://relief.example.org/appeals/winter-tents")

    page = client.get(DONATE).content.decode()

    assert "Demo appeal: tents and blankets for the winter" in page
    assert "Example Relief Network (demo, not a real organisation)" in page
    assert "Camps near the Turkish border, Idlib governorate" in page
    assert "USD, EUR, GBP, TRY" in page
    assert "by Demo: the campaign&#x27;s research team, last checked" in page
    assert f'href="/go/{appeal.pk}/"' in page
    assert "relief.example.org" in page  # where the link leads, said before it is followed


def test_it_says_that_no_money_passes_through_the_site(
    client: Client, demo_campaign: Campaign
) -> None:
    assert "This site takes no money." in client.get(DONATE).content.decode()


def test_the_page_never_links_the_appeal_directly(client: Client, demo_campaign: Campaign) -> None:
    page = client.get(DONATE).content.decode()

    assert "https://relief.example.org/appeals/winter-tents" not in page


def test_appeals_are_shown_in_the_readers_language(client: Client, demo_campaign: Campaign) -> None:
    page = client.get("/ar/c/save-idlib/donate/").content.decode()

    assert "نداء تجريبي: خيام وبطانيات للشتاء" in page


def test_an_appeal_without_text_in_the_language_falls_back(
    client: Client, demo_campaign: Campaign
) -> None:
    appeal = make_appeal(demo_campaign, "https://only-english.example.org/")
    appeal.texts.filter(language="ar").delete()

    page = client.get("/ar/c/save-idlib/donate/").content.decode()

    assert 'lang="en"' in page and "Appeal at https://only-english.example.org/" in page


@override_settings(NIDAA_APPEAL_RECHECK_DAYS=90)
def test_an_appeal_not_checked_again_in_time_is_hidden(
    client: Client, demo_campaign: Campaign
) -> None:
    make_appeal(demo_campaign, "https://fresh.example.org/", days_since_check=90)
    make_appeal(demo_campaign, "https://stale.example.org/", days_since_check=91)

    page = client.get(DONATE).content.decode()

    assert "Appeal at https://fresh.example.org/" in page
    assert "Appeal at https://stale.example.org/" not in page


def test_an_appeal_staff_took_down_is_hidden(client: Client, demo_campaign: Campaign) -> None:
    make_appeal(demo_campaign, "https://down.example.org/", shown=False)

    assert "down.example.org" not in client.get(DONATE).content.decode()


def test_without_appeals_it_says_so(client: Client, demo_campaign: Campaign) -> None:
    Appeal.objects.all().delete()

    assert "No appeal is listed right now." in client.get(DONATE).content.decode()


def test_the_campaign_page_links_the_donate_page(client: Client, demo_campaign: Campaign) -> None:
    page = client.get("/en/c/save-idlib/").content.decode()

    assert (
        'href="/en/c/save-idlib/donate/"' in page
        and "Give to relief appeals the campaign has vetted." in page
    )


def test_a_draft_campaign_has_no_donate_page(client: Client, demo_campaign: Campaign) -> None:
    Campaign.objects.filter(pk=demo_campaign.pk).update(status=Campaign.Status.DRAFT)

    assert client.get(DONATE).status_code == 404
