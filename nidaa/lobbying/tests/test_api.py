"""GET /api/v1/targets/lookup: the JSON shape, errors, caching headers and the rate limit."""

import json
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from nidaa.lobbying.models import Target
from nidaa.lobbying.tests.helpers import load_fixtures

pytestmark = pytest.mark.django_db

TARGET_KEYS = {
    "id",
    "name",
    "role",
    "party",
    "group",
    "country",
    "directory",
    "area",
    "committees",
    "channels",
}
CHANNEL_KEYS = {"email", "phone", "contact_form", "postal", "website"}


@pytest.fixture
def loaded() -> None:
    load_fixtures()


def get(client: Client, **query: str) -> Any:
    return client.get(reverse("lobbying_api:lookup"), query)


def test_the_address_is_the_one_the_issue_names() -> None:
    assert reverse("lobbying_api:lookup") == "/api/v1/targets/lookup"


def test_a_zip_code_answers_targets_with_role_area_and_channels(
    client: Client, loaded: None
) -> None:
    response = get(client, country="us", postcode="10001")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert set(data) == {"country", "areas", "targets"}
    assert data["country"] == "us"
    assert [a["id"] for a in data["areas"]] == [
        "ocd-division/country:us/state:ny/cd:10",
        "ocd-division/country:us/state:ny/cd:12",
    ]
    senator, member = data["targets"]
    assert set(senator) == TARGET_KEYS and set(senator["channels"]) == CHANNEL_KEYS
    assert senator == {
        "id": Target.objects.get(source_id="S000001").pk,
        "name": "Sadia Senator",
        "role": "Senator",
        "party": "Democrat",
        "group": None,
        "country": "us",
        "directory": "us-congress",
        "area": {"id": "ocd-division/country:us/state:ny", "code": None, "name": "New York"},
        "committees": [],
        "channels": {
            "email": False,
            "phone": "202-224-0001",
            "contact_form": "https://senator.example.org/contact",
            "postal": "1 Hart Senate Office Building Washington DC 20510",
            "website": "https://senator.example.org",
        },
    }
    assert member["area"]["id"] == "ocd-division/country:us/state:ny/cd:12"


def test_a_constituency_answers_the_mp_with_an_email_but_not_the_address(
    client: Client, loaded: None
) -> None:
    data = get(client, country="gb", constituency="Aldershot").json()
    (mp,) = data["targets"]
    assert mp["channels"]["email"] is True  # letters go through the platform
    assert "parliament.uk" not in json.dumps(data)
    assert mp["area"] == {
        "id": "ocd-division/country:gb/part:eng/region:ukj/ed:aldershot",
        "code": "E14001063",
        "name": "Aldershot",
    }


def test_meps_by_country_and_committee(client: Client, loaded: None) -> None:
    data = get(client, country="fr", directory="meps", committee="AFET").json()
    assert [(t["name"], t["group"], t["committees"]) for t in data["targets"]] == [
        ("Claire DUPONT", "Renew", ["AFET"])
    ]
    assert data["areas"] == []


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ({"country": "narnia"}, 400, "country"),
        ({"country": "zz"}, 400, "country"),
        ({}, 400, "country"),
        ({"country": "us", "postcode": "1234"}, 400, "postcode"),
        ({"country": "us", "postcode": "20001"}, 404, "postcode"),
        ({"country": "gb", "constituency": "Atlantis"}, 404, "constituency"),
    ],
)
def test_errors_are_json_naming_the_parameter(
    client: Client, loaded: None, query: dict, status: int, field: str
) -> None:
    response = get(client, **query)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    (message,) = response.json()["errors"][field]
    assert message.endswith(".")


def test_any_site_may_read_it_and_it_runs_nothing(client: Client, loaded: None) -> None:
    response = get(client, country="fr")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    assert response["Cache-Control"].startswith("public, max-age=")
    assert "Set-Cookie" not in response


def test_it_only_answers_get_and_head(client: Client, loaded: None) -> None:
    assert client.head("/api/v1/targets/lookup?country=fr").status_code == 200
    assert client.post("/api/v1/targets/lookup?country=fr").status_code == 405


def test_a_repeated_query_is_served_from_the_page_cache(client: Client, loaded: None) -> None:
    first = get(client, country="fr").json()
    Target.objects.filter(source_id="1001").update(name="Changed")
    assert get(client, country="fr").json() == first


@override_settings(NIDAA_LOOKUP_RATE="3/60")
def test_lookups_that_reach_the_database_are_rate_limited(client: Client, loaded: None) -> None:
    for postcode in ("10001", "10002", "99501"):
        assert get(client, country="us", postcode=postcode).status_code == 200
    refused = get(client, country="us", postcode="10001-0001")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "Too many" in refused.json()["errors"]["__all__"][0]
    # An answer already in the page cache costs nothing and is still served.
    assert get(client, country="us", postcode="10001").status_code == 200


def test_a_cache_miss_takes_a_handful_of_queries(
    client: Client, loaded: None, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(6):
        assert get(client, country="us", postcode="10001").status_code == 200
