"""GET /api/v1/incidents: published incidents as GeoJSON, filtered, paginated with links,
cached, with an ETag, readable from any site."""

import datetime
import json
from typing import Any

import pytest
from django.test import Client

from nidaa.core.middleware import purge_public_pages
from nidaa.incidents.api import MAX_LIMIT
from nidaa.incidents.models import Incident, Status
from nidaa.incidents.tests.test_public_helpers import DAY, attribute, make_incident, text_of

pytestmark = pytest.mark.django_db

URL = "/api/v1/incidents"


def get(client: Client, query: str = "", status: int = 200) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(text_of(client, f"{URL}?{query}", status=status))
    return result


def codes(document: dict[str, Any]) -> list[str]:
    return [feature["properties"]["code"] for feature in document["features"]]


def on(day: int, **fields: Any) -> Incident:
    return make_incident(code=f"DEC-{day:02d}", started_on=datetime.date(2019, 12, day), **fields)


def test_it_is_a_feature_collection_of_published_incidents(client: Client) -> None:
    incident = make_incident(strikes=3, killed_min=2, killed_max=4, grade="fair")
    attribute(incident, "Russian Armed Forces", status="likely", name_ar="القوات الروسية")
    incident.objects_hit.create(kind="market", damage="severe")
    make_incident(status=Status.DRAFT)

    response = client.get(URL)
    document = response.json()

    assert response["Content-Type"] == "application/geo+json"
    assert document["type"] == "FeatureCollection"
    assert document["total"] == 1 and len(document["features"]) == 1
    feature = document["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [36.61789, 35.81234]}
    assert feature["properties"] == {
        "code": incident.code,
        "title": "Air strikes on the market",
        "start": "2019-12-22",
        "end": None,
        "time_precision": 1,
        "geo_precision": 1,
        "location_mode": "exact",
        "admin1": {"pcode": "SY07", "name": "Idleb"},
        "admin2": None,
        "admin3": {"pcode": "SY070500", "name": "Ariha"},
        "place": "Ariha market",
        "means": "air_strike",
        "strikes": 3,
        "locations": 1,
        "killed": {"min": 2, "max": 4},
        "injured": {"min": 0, "max": 0},
        "grade": "fair",
        "actors": [{"name": "Russian Armed Forces", "status": "likely"}],
        "objects_hit": [{"kind": "market", "damage": "severe"}],
        "url": f"http://testserver/en/incidents/{incident.code}/",
    }


def test_titles_and_names_come_in_the_language_asked_for(client: Client) -> None:
    incident = make_incident()
    attribute(incident, "Russian Armed Forces", name_ar="القوات الروسية")

    properties = get(client, "lang=ar")["features"][0]["properties"]

    assert properties["title"] == "غارات على السوق"
    assert properties["admin1"]["name"] == "إدلب"
    assert properties["actors"][0]["name"] == "القوات الروسية"
    assert properties["url"].endswith(f"/ar/incidents/{incident.code}/")


def test_start_and_end_are_inclusive_on_the_start_date(client: Client) -> None:
    for day in (20, 21, 23, 24):
        on(day)

    assert codes(get(client, "start=2019-12-21&end=2019-12-23")) == ["DEC-23", "DEC-21"]


def test_filters_by_governorate_actor_and_means(client: Client) -> None:
    attribute(on(20), "Russian Armed Forces")
    shelling = on(21, means="artillery", admin1_pcode="SY02", admin1_en="Aleppo")
    actor = attribute(shelling, "Syrian government forces")
    make_incident(code="NONE", latitude=None, longitude=None)

    assert codes(get(client, "admin1=SY02")) == ["DEC-21"]
    assert codes(get(client, "admin1=sy02")) == ["DEC-21"]
    assert codes(get(client, "actor=Russian Armed Forces")) == ["DEC-20"]
    assert codes(get(client, "actor=russian armed forces")) == ["DEC-20"]
    assert codes(get(client, f"actor={actor.pk}")) == ["DEC-21"]
    assert codes(get(client, "means=artillery")) == ["DEC-21"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("start=22-12-2019", "start"),
        ("start=2019-12-23&end=2019-12-21", "end"),
        ("admin1=SY07;DROP", "admin1"),
        ("actor=Nobody", "actor"),
        ("means=magic", "means"),
        ("grade=certain", "grade"),
        ("page=0", "page"),
        ("page=2", "page"),
        (f"limit={MAX_LIMIT + 1}", "limit"),
        ("limit=ten", "limit"),
        ("lang=xx", "lang"),
    ],
)
def test_a_bad_parameter_gets_a_clear_400(client: Client, query: str, field: str) -> None:
    make_incident()

    response = client.get(f"{URL}?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    errors = response.json()["errors"]
    assert list(errors) == [field] and errors[field][0]


def test_pages_have_links_and_totals(client: Client) -> None:
    for day in range(1, 6):
        on(day)

    first = get(client, "limit=2&means=air_strike")
    middle = get(client, "limit=2&means=air_strike&page=2")
    last = json.loads(text_of(client, middle["links"]["next"]))

    assert (first["total"], first["pages"], first["page"], first["limit"]) == (5, 3, 1, 2)
    assert codes(first) == ["DEC-05", "DEC-04"]
    assert codes(middle) == ["DEC-03", "DEC-02"]
    assert codes(last) == ["DEC-01"]
    assert first["links"]["prev"] is None and last["links"]["next"] is None
    assert middle["links"] == {
        "self": "http://testserver/api/v1/incidents?limit=2&means=air_strike&page=2",
        "first": "http://testserver/api/v1/incidents?limit=2&means=air_strike&page=1",
        "last": "http://testserver/api/v1/incidents?limit=2&means=air_strike&page=3",
        "next": "http://testserver/api/v1/incidents?limit=2&means=air_strike&page=3",
        "prev": "http://testserver/api/v1/incidents?limit=2&means=air_strike&page=1",
    }


def test_an_empty_answer_is_one_empty_page(client: Client) -> None:
    document = get(client, "start=2030-01-01")

    assert (document["features"], document["total"], document["pages"]) == ([], 0, 1)
    assert document["limit"] == 200  # unless the client asks for up to MAX_LIMIT


def test_the_queries_do_not_grow_with_the_page(
    client: Client, django_assert_num_queries: Any
) -> None:
    for day in range(1, 31):
        incident = on(day)
        attribute(incident, "Russian Armed Forces")
        attribute(incident, "Syrian government forces")
        incident.objects_hit.create(kind="school")

    # The count, the page's rows, their attributions, their objects hit.
    with django_assert_num_queries(4):
        assert len(get(client)["features"]) == 30


def test_answers_are_cached_until_the_record_changes(
    client: Client, django_assert_num_queries: Any
) -> None:
    make_incident(code="FIRST")
    get(client, "start=2019-01-01&end=2019-12-31")

    with django_assert_num_queries(0):
        # The same query in another order, and with a parameter the API does not know.
        assert codes(get(client, "end=2019-12-31&start=2019-01-01&utm=x")) == ["FIRST"]

    make_incident(code="SECOND", started_on=DAY - datetime.timedelta(days=1))
    assert codes(get(client, "start=2019-01-01&end=2019-12-31")) == ["FIRST"]
    purge_public_pages()
    assert codes(get(client, "start=2019-01-01&end=2019-12-31")) == ["FIRST", "SECOND"]


def test_an_answer_built_across_a_purge_is_not_kept_as_current(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nidaa.incidents import api

    make_incident(code="FIRST")
    build_links = api.links

    def links_while_the_record_changes(*args: Any) -> dict[str, Any]:
        # A verifier publishes while this answer is being built; publishing purges the pages.
        purge_public_pages()
        return build_links(*args)

    monkeypatch.setattr(api, "links", links_while_the_record_changes)
    assert codes(get(client, "start=2019-01-01&end=2019-12-31")) == ["FIRST"]
    monkeypatch.setattr(api, "links", build_links)
    make_incident(code="SECOND", started_on=DAY - datetime.timedelta(days=1))

    assert codes(get(client, "start=2019-01-01&end=2019-12-31")) == ["FIRST", "SECOND"]


def test_it_answers_a_matching_etag_with_304(client: Client) -> None:
    make_incident()
    first = client.get(URL)

    again = client.get(URL, headers={"if-none-match": first["ETag"]})

    assert first["ETag"].startswith('"') and first["Cache-Control"].startswith("public")
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]


def test_any_site_may_read_it(client: Client) -> None:
    response = client.get(URL, headers={"origin": "https://newsroom.example"})

    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert "Set-Cookie" not in response and "Vary" in response


def test_a_browser_that_accepts_gzip_gets_it_compressed(client: Client) -> None:
    for day in range(1, 11):
        on(day)

    plain = client.get(URL)
    packed = client.get(URL, headers={"accept-encoding": "gzip"})

    assert packed["Content-Encoding"] == "gzip"
    assert len(packed.content) < len(plain.content)
    assert packed["ETag"] != plain["ETag"]


def test_it_only_reads(client: Client) -> None:
    assert client.post(URL).status_code == 405
