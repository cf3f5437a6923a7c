"""The finding page: choose a country, then a ZIP code, postcode or constituency, or nothing;
your representatives and the campaign's international targets, without JavaScript."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from nidaa.campaigns.models import Campaign
from nidaa.lobbying.models import Call, Letter
from nidaa.lobbying.tests.helpers import DATA, INDEX, run, target

pytestmark = pytest.mark.django_db

EN = INDEX.format(language="en")


def page(client: Client, query: str = "", language: str = "en") -> str:
    response = client.get(INDEX.format(language=language) + query)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_campaign_page_offers_the_lobby_action(client: Client, lobby: Campaign) -> None:
    campaign_page = client.get("/en/c/save-idlib/").content.decode()

    assert f'href="{EN}"' in campaign_page


def test_it_offers_the_countries_with_representatives(client: Client, lobby: Campaign) -> None:
    found = page(client)

    for code, name in [("us", "United States"), ("gb", "United Kingdom"), ("fr", "France")]:
        assert f'<option value="{code}">{name}</option>' in found
    # A mission's country is not a country with representatives.
    assert '<option value="cn">' not in found


def test_a_zip_code_in_two_districts_gives_the_senator_and_a_choice(
    client: Client, lobby: Campaign
) -> None:
    found = page(client, "?country=us&postcode=10001")

    assert "Sadia Senator" in found
    assert "Rami K. Representative" not in found  # not before the district is chosen
    assert "more than one district" in found
    assert "district=ocd-division%2Fcountry%3Aus%2Fstate%3Any%2Fcd%3A10" in found
    assert "district=ocd-division%2Fcountry%3Aus%2Fstate%3Any%2Fcd%3A12" in found


def test_choosing_the_district_gives_its_member(client: Client, lobby: Campaign) -> None:
    found = page(
        client, "?country=us&postcode=10001&district=ocd-division/country:us/state:ny/cd:12"
    )

    assert "Sadia Senator" in found and "Rami K. Representative" in found
    assert "more than one district" not in found


def test_a_zip_code_in_one_district_needs_no_choice(client: Client, lobby: Campaign) -> None:
    found = page(client, "?country=us&postcode=10002")

    assert "Sadia Senator" in found and "Rami K. Representative" in found
    assert "more than one district" not in found


def test_a_malformed_zip_code_is_explained_and_kept(client: Client, lobby: Campaign) -> None:
    found = page(client, "?country=us&postcode=1000x")

    assert "Give a 5-digit ZIP code" in found
    assert 'value="1000x"' in found


def test_a_uk_constituency_gives_its_mp(client: Client, lobby: Campaign) -> None:
    found = page(client, "?country=gb&constituency=aldershot")

    assert "Alex Baker" in found and "Member of Parliament" in found
    assert "alex.baker.mp@parliament.uk" not in found  # addresses are never shown


def test_an_unknown_constituency_is_explained(client: Client, lobby: Campaign) -> None:
    found = page(client, "?country=gb&constituency=Atlantis")

    assert "No constituency with this name or code was found." in found


def test_france_lists_its_meps_and_filters_them_by_committee(
    client: Client, lobby: Campaign
) -> None:
    everyone = page(client, "?country=fr")
    on_afet = page(client, "?country=fr&committee=AFET")

    assert "Claire DUPONT" in everyone and "Marc LEROY" in everyone
    assert "Anna SCHMIDT" not in everyone  # German
    assert "Claire DUPONT" in on_afet and "Marc LEROY" not in on_afet


def test_the_international_targets_are_offered_to_everyone(client: Client, lobby: Campaign) -> None:
    for query in ("", "?country=us", "?country=fr"):
        assert "Permanent Mission of France to the United Nations (demo)" in page(client, query)


def test_each_target_offers_a_letter_and_a_call_when_it_has_a_phone(
    client: Client, lobby: Campaign
) -> None:
    found = page(client, "?country=gb&constituency=aldershot")
    alex = target("Alex Baker")

    assert f"/lobby/write/{alex.pk}/?back=country%3Dgb%26constituency%3Daldershot" in found
    assert f"/lobby/call/{alex.pk}/" not in found  # the MPs' file has no phone numbers
    assert f"/lobby/call/{target('Sadia Senator').pk}/" in page(
        client, "?country=us&postcode=10002"
    )


def test_the_public_total_counts_letters_calls_and_replies(client: Client, lobby: Campaign) -> None:
    alex = target("Alex Baker")
    common = {"campaign": lobby, "target": alex, "target_name": alex.name, "language": "en"}
    for state in ("sent", "queued", "handed_over", "unconfirmed", "failed"):
        Letter.objects.create(**common, channel="email", state=state, letter_language="en", replied=state == "sent")  # fmt: skip
    for outcome in ("talked", "voicemail", "no_answer", "skipped"):
        Call.objects.create(**common, outcome=outcome)

    found = page(client)

    assert "<dt>letters written</dt><dd>3</dd>" in found
    assert "<dt>calls made</dt><dd>3</dd>" in found
    assert "<dt>replies received</dt><dd>1</dd>" in found


def test_look_ups_missing_the_page_cache_do_not_count_the_letters_again(
    client: Client, lobby: Campaign
) -> None:
    page(client, "?country=gb&constituency=Aldershot")

    with CaptureQueriesContext(connection) as queries:
        found = page(client, "?country=us&postcode=10002")

    assert "Sadia Senator" in found and "<dt>letters written</dt><dd>0</dd>" in found
    assert not [q for q in queries if "lobbying_letter" in q["sql"] or "lobbying_call" in q["sql"]]


def test_the_page_is_in_arabic_right_to_left_with_arabic_digits(
    client: Client, lobby: Campaign
) -> None:
    alex = target("Alex Baker")
    Call.objects.create(campaign=lobby, target=alex, target_name=alex.name, outcome="talked", language="ar")  # fmt: skip

    found = page(client, "?country=gb&constituency=Aldershot", language="ar")

    assert '<html lang="ar" dir="rtl">' in found
    assert "مكالمات" in found and "<dd>١</dd>" in found
    assert "<bdi>Alex Baker</bdi>" in found


def test_it_is_a_public_page_from_the_cache(client: Client, lobby: Campaign) -> None:
    first = client.get(EN + "?country=fr")
    assert not first.cookies
    Letter.objects.all().delete()  # nothing the cached page would show changes …

    with_cache = client.get(EN + "?country=fr")

    assert with_cache.content == first.content


def test_too_many_uncached_look_ups_are_refused_politely(
    client: Client, lobby: Campaign, settings: Any
) -> None:
    settings.NIDAA_LOOKUP_RATE = "1/60"
    settings.NIDAA_PAGE_CACHE_SECONDS = 0

    assert client.get(EN + "?country=gb&constituency=Aldershot").status_code == 200
    limited = client.get(EN + "?country=gb&constituency=Aldershot")

    assert limited.status_code == 429
    assert "Too many look-ups" in limited.content.decode()
    assert 'value="Aldershot"' in limited.content.decode()


def test_an_unknown_country_shows_the_choice_again(client: Client, lobby: Campaign) -> None:
    found = page(client, "?country=zz")

    assert "Choose your country" in found and "Sadia Senator" not in found


def test_a_campaign_that_is_not_live_has_no_lobby_page(client: Client, lobby: Campaign) -> None:
    Campaign.objects.filter(pk=lobby.pk).update(status=Campaign.Status.DRAFT)

    assert client.get(EN).status_code == 404


def test_without_any_legislature_only_the_international_targets_are_offered(
    client: Client, demo_campaign: Campaign
) -> None:
    found = page(client)

    assert "Choose your country" not in found
    assert "Permanent Mission of France to the United Nations (demo)" in found


def test_a_uk_postcode_gives_the_mp_once_a_postcode_table_is_loaded(
    client: Client, lobby: Campaign, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    assert 'name="postcode"' not in page(client, "?country=gb")  # no table yet
    mapping = tmp_path / "columns.json"
    mapping.write_text(json.dumps({"postcode": "pcds", "code": "pcon"}))
    with django_capture_on_commit_callbacks(execute=True):  # the import makes pages stale
        run("import_lookup", "--format", "postcode-constituency", str(DATA / "postcodes.csv"), "--mapping", str(mapping))  # fmt: skip

    found = page(client, "?country=gb&postcode=gu11+1aa")

    assert 'name="postcode"' in found and 'name="constituency"' in found
    assert "Alex Baker" in found
