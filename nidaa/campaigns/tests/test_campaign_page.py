import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings

from nidaa.campaigns.models import Campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> Campaign:
    cache.clear()  # the public page cache must not carry pages between tests
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Campaign.objects.get(slug="save-idlib")


def test_it_shows_the_campaign_in_english(client: Client, demo: Campaign) -> None:
    page = client.get("/en/c/save-idlib/").content.decode()
    assert "Save Idlib: stop the bombing of civilians" in page
    assert "More than three million people live in Idlib" in page
    assert "#SaveIdlib" in page and "#IdlibUnderFire" in page
    assert "Artwork: Nidaa project, CC BY 4.0" in page


def test_it_shows_the_demands_in_order(client: Client, demo: Campaign) -> None:
    page = client.get("/en/c/save-idlib/").content.decode()
    first = page.index("Stop the deliberate targeting")
    second = page.index("The guarantor states, Russia, Turkey and Iran")
    third = page.index("The UN Security Council must monitor")
    fourth = page.index("Displaced people need shelter, medical care and food now")
    assert first < second < third < fourth


def test_it_shows_the_campaign_in_arabic_right_to_left(client: Client, demo: Campaign) -> None:
    page = client.get("/ar/c/save-idlib/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "أنقذوا إدلب" in page
    assert "أوقفوا الاستهداف المتعمد للمدنيين" in page


def test_it_writes_arabic_numbers_with_arabic_indic_digits(client: Client, demo: Campaign) -> None:
    page = client.get("/ar/c/save-idlib/").content.decode()
    assert "٢٥٬٠٠٠" in page  # the goal, 25,000
    english = client.get("/en/c/save-idlib/").content.decode()
    assert "25,000" in english


def test_the_home_page_is_the_campaign_when_one_is_live(client: Client, demo: Campaign) -> None:
    page = client.get("/en/").content.decode()
    assert "Save Idlib: stop the bombing of civilians" in page
    assert 'rel="canonical" href="/en/c/save-idlib/"' in page


def test_the_home_page_lists_campaigns_when_several_are_live(
    client: Client, demo: Campaign
) -> None:
    other = Campaign.objects.create(slug="second", status=Campaign.Status.LIVE)
    other.translations.create(
        language="en", title="A second campaign", summary="s", statement="t", call_to_action="c"
    )
    page = client.get("/en/").content.decode()
    assert "A second campaign" in page and "Save Idlib" in page
    assert 'href="/en/c/second/"' in page


def test_the_bare_root_redirects_to_a_language(client: Client, demo: Campaign) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 302
    assert response["Location"] == "/ar/"


def test_a_draft_campaign_is_not_public(client: Client, demo: Campaign) -> None:
    demo.status = Campaign.Status.DRAFT
    demo.save()
    assert client.get("/en/c/save-idlib/").status_code == 404


def test_a_missing_translation_falls_back_to_the_default_language(
    client: Client, demo: Campaign
) -> None:
    demo.translations.filter(language="ar").delete()
    page = client.get("/ar/c/save-idlib/").content.decode()
    assert '<article class="campaign" lang="en">' in page
    assert "Save Idlib: stop the bombing of civilians" in page


def test_the_language_switcher_keeps_you_on_the_same_page(client: Client, demo: Campaign) -> None:
    english = client.get("/en/c/save-idlib/").content.decode()
    assert 'href="/ar/c/save-idlib/" hreflang="ar" lang="ar">العربيّة</a>' in english
    arabic = client.get("/ar/c/save-idlib/").content.decode()
    assert 'href="/en/c/save-idlib/" hreflang="en" lang="en">English</a>' in arabic


def test_the_statement_markdown_is_rendered(client: Client, demo: Campaign) -> None:
    page = client.get("/en/c/save-idlib/").content.decode()
    assert "<strong>we will not look away again</strong>" in page


@override_settings(ROOT_URLCONF="nidaa.campaigns.tests.urls_signing_only")
def test_it_hides_the_actions_whose_part_does_not_exist(client: Client, demo: Campaign) -> None:
    page = client.get("/en/c/save-idlib/").content.decode()
    assert "Take action" in page and 'href="/en/c/save-idlib/sign/"' in page
    assert "Write to or call your representatives" not in page
    assert "Hold a vigil" not in page


@override_settings(ROOT_URLCONF="nidaa.campaigns.tests.urls_without_actions")
def test_no_action_is_shown_while_no_part_is_installed(client: Client, demo: Campaign) -> None:
    page = client.get("/en/c/save-idlib/").content.decode()
    assert "Take action" not in page
    assert "Bear witness" not in page  # nor the record, without the incidents part


def test_it_links_an_action_once_its_part_exists(client: Client, demo: Campaign) -> None:
    page = client.get("/en/c/save-idlib/").content.decode()
    assert 'href="/en/c/save-idlib/sign/"' in page
    assert 'href="/en/c/save-idlib/lobby/"' in page


def test_it_links_the_record_of_incidents(client: Client, demo: Campaign) -> None:
    page = client.get("/ar/c/save-idlib/").content.decode()
    assert 'href="/ar/incidents/"' in page
