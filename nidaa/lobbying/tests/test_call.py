"""Calling: the campaign's script with the target's name, a tel: link, and the outcome."""

from typing import Any

import pytest
from django.test import Client

from nidaa.campaigns.models import Campaign
from nidaa.lobbying.models import Call, LetterTemplate
from nidaa.lobbying.tests.helpers import call_url, target
from nidaa.lobbying.views import tel_uri

pytestmark = pytest.mark.django_db


def test_the_call_page_has_the_script_with_the_targets_name_and_a_tel_link(
    client: Client, lobby: Campaign
) -> None:
    response = client.get(call_url(target("Sadia Senator")))

    text = response.content.decode()
    assert response.status_code == 200 and not response.cookies
    assert 'href="tel:+12022240001"' in text
    assert "I am calling to ask Senator Sadia Senator to speak up" in text
    assert "my name is [your name] and I live in [your town]" in text
    for label in ("I talked to someone", "I left a voicemail", "I could not get through", "I skipped this call"):  # fmt: skip
        assert label in text


def test_a_custom_lists_own_script_is_used(client: Client, lobby: Campaign) -> None:
    mission = target("Permanent Mission of France to the United Nations (demo)")

    text = client.get(call_url(mission)).content.decode()

    assert "leave a message for the Permanent Mission of France" in text
    assert 'href="tel:+12125550102"' in text


def test_without_a_template_a_generic_script_carries_the_campaigns_ask(
    client: Client, lobby: Campaign
) -> None:
    LetterTemplate.objects.all().delete()

    text = client.get(call_url(target("Sadia Senator"))).content.decode()

    assert "I am calling Senator Sadia Senator about a campaign I support" in text


@pytest.mark.parametrize("outcome", ["talked", "voicemail", "no_answer", "skipped"])
def test_the_outcome_is_logged(client: Client, lobby: Campaign, outcome: str) -> None:
    senator = target("Sadia Senator")

    response = client.post(call_url(senator), {"outcome": outcome, "back": "country=us&postcode=10001"})  # fmt: skip

    assert response.status_code == 302
    assert response["Location"] == "/en/c/save-idlib/lobby/called/?back=country%3Dus%26postcode%3D10001"  # fmt: skip
    call = Call.objects.get()
    assert (call.target, call.target_name, call.target_country, call.outcome) == (senator, "Sadia Senator", "us", outcome)  # fmt: skip
    thanks = client.get(response["Location"]).content.decode()
    assert 'href="/en/c/save-idlib/lobby/?country=us&amp;postcode=10001"' in thanks


def test_a_missing_outcome_is_explained(client: Client, lobby: Campaign) -> None:
    response = client.post(call_url(target("Sadia Senator")), {"outcome": "hung up"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Call.objects.exists()


def test_a_filled_honeypot_counts_no_call(client: Client, lobby: Campaign) -> None:
    page = client.get(call_url(target("Sadia Senator"))).content.decode()
    assert '<div hidden><label for="id_website_url">' in page

    response = client.post(call_url(target("Sadia Senator")), {"outcome": "talked", "website_url": "http://spam"})  # fmt: skip

    assert response.status_code == 302 and "/lobby/called/" in response["Location"]
    assert not Call.objects.exists()


def test_a_target_without_a_phone_has_no_call_page(client: Client, lobby: Campaign) -> None:
    assert client.get(call_url(target("Alex Baker"))).status_code == 404


def test_too_many_calls_logged_are_refused(client: Client, lobby: Campaign, settings: Any) -> None:
    settings.NIDAA_CALL_RATE = "1/3600"
    senator = target("Sadia Senator")
    client.post(call_url(senator), {"outcome": "talked"})

    response = client.post(call_url(senator), {"outcome": "talked"})

    assert response.status_code == 429
    assert Call.objects.count() == 1


@pytest.mark.parametrize(
    ("phone", "country", "uri"),
    [
        ("202-224-4451", "us", "tel:+12022244451"),
        ("+44 20 7219 3000", "gb", "tel:+442072193000"),
        ("003222845001", "fr", "tel:+3222845001"),
        ("020 7219 3000", "gb", "tel:02072193000"),
    ],
)
def test_tel_links_dial_from_anywhere(phone: str, country: str, uri: str) -> None:
    assert tel_uri(phone, country) == uri


def test_the_call_page_in_arabic(client: Client, lobby: Campaign) -> None:
    text = client.get(call_url(target("Sadia Senator"), "ar")).content.decode()

    assert '<html lang="ar" dir="rtl">' in text
    assert "مرحباً، اسمي" in text and "Sadia Senator" in text
    assert '<bdi dir="ltr">202-224-0001</bdi>' in text
