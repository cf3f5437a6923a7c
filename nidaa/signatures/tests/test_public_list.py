"""The public list: approved organisations and opted-in individuals, newest first, never an email;
counts by country as a table and a chart. Checked with axe-core in English and Arabic."""

from datetime import timedelta
from itertools import count
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from nidaa.campaigns.models import Campaign
from nidaa.signatures import counts
from nidaa.signatures.models import Signature
from nidaa.signatures.tests.factories import make_signature
from nidaa.testing.axe import assert_accessible

pytestmark = pytest.mark.django_db

URL = "/en/c/save-idlib/signatures/"
_numbers = count()


def add(campaign: Campaign, **fields: Any) -> Signature:
    n = next(_numbers)
    return make_signature(campaign, email=f"signer{n}@secret.example", **fields)


def organisation(campaign: Campaign, name: str, **fields: Any) -> Signature:
    values: dict[str, Any] = {
        "kind": "organisation", "organisation_name": name, "organisation_type": "ngo",
        "website": "https://ngo.example/", "name": "Contact Person",
        "approved_at": timezone.now() - timedelta(minutes=5),
    }  # fmt: skip
    return add(campaign, **{**values, **fields})


def page_text(client: Client, url: str = URL) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_it_lists_opted_in_people_with_name_city_and_country_only(
    client: Client, demo_campaign: Campaign
) -> None:
    add(demo_campaign, name="Samira Haddad", city="Aleppo", show_publicly=True)

    text = page_text(client)

    assert "Samira Haddad" in text and "Aleppo" in text and "Syria" in text
    assert "@secret.example" not in text


def test_it_leaves_out_people_who_did_not_opt_in(client: Client, demo_campaign: Campaign) -> None:
    add(demo_campaign, name="Quiet Supporter")

    assert "Quiet Supporter" not in page_text(client)


def test_it_lists_only_signatures_that_count(client: Client, demo_campaign: Campaign) -> None:
    add(demo_campaign, name="Unverified Person", show_publicly=True, verified_at=None)
    add(demo_campaign, name="Voided Person", show_publicly=True, voided_at=timezone.now())
    organisation(demo_campaign, "Unapproved NGO", approved_at=None)

    text = page_text(client)

    assert "Unverified Person" not in text
    assert "Voided Person" not in text
    assert "Unapproved NGO" not in text


def test_approved_organisations_link_their_website_without_endorsing_it(
    client: Client, demo_campaign: Campaign
) -> None:
    organisation(demo_campaign, "Idlib Solidarity Network")

    text = page_text(client)

    assert "Idlib Solidarity Network" in text
    assert 'href="https://ngo.example/" rel="nofollow noopener ugc"' in text
    assert "Contact Person" not in text  # the contact person is not a signatory


def test_newest_first_fifty_to_a_page_with_links_that_work_without_script(
    client: Client, demo_campaign: Campaign
) -> None:
    start = timezone.now() - timedelta(hours=2)
    for n in range(51):
        signature = add(demo_campaign, name=f"Person {n:02d}", show_publicly=True)
        Signature.objects.filter(pk=signature.pk).update(created=start + timedelta(minutes=n))

    first = page_text(client)
    second = page_text(client, URL + "?page=2")

    assert first.index("Person 50") < first.index("Person 49")
    assert "Person 00" not in first and "Person 00" in second
    assert 'href="?page=2"' in first and 'href="?page=1"' in second


def test_counts_by_country_as_a_table_with_a_chart_for_the_eye(
    client: Client, demo_campaign: Campaign
) -> None:
    add(demo_campaign, country="SY")
    add(demo_campaign, country="SY")
    add(demo_campaign, country="TR")
    counts.recount(demo_campaign)

    text = page_text(client)

    assert '<th scope="row">Syria</th><td>2</td>' in text
    assert 'class="country-chart" aria-hidden="true"' in text
    assert 'class="bar w100"' in text and 'class="bar w50"' in text


def test_in_arabic_names_and_digits_are_arabic(client: Client, demo_campaign: Campaign) -> None:
    for _ in range(12):
        add(demo_campaign, country="SY")
    counts.recount(demo_campaign)

    text = page_text(client, "/ar/c/save-idlib/signatures/")

    assert '<th scope="row">سوريا</th><td>١٢</td>' in text


def test_a_campaign_that_is_not_live_has_no_list(client: Client, demo_campaign: Campaign) -> None:
    demo_campaign.status = Campaign.Status.DRAFT
    demo_campaign.save()

    assert client.get(URL).status_code == 404


def test_the_list_is_served_from_the_page_cache(
    client: Client, demo_campaign: Campaign, django_assert_num_queries: Any
) -> None:
    client.get(URL)

    with django_assert_num_queries(0):
        assert client.get(URL).status_code == 200


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_list_is_accessible(
    page: Any, live_server: Any, demo_campaign: Campaign, language: str
) -> None:
    add(demo_campaign, name="Samira Haddad", city="Aleppo", show_publicly=True)
    organisation(demo_campaign, "Idlib Solidarity Network", country="TR")
    counts.recount(demo_campaign)

    page.goto(f"{live_server.url}/{language}/c/save-idlib/signatures/")

    assert page.locator("table").count() == 1
    assert_accessible(page)
