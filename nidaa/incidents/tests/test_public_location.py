"""Sensitive places: every public output shows the point the location mode allows, never more.

For each degraded mode, the raw HTML of every public page and the raw JSON of the API are
searched for the exact point's digits.
"""

import json

import pytest
from django.test import Client

from nidaa.incidents.models import LocationMode
from nidaa.incidents.public_location import degrade, public_point
from nidaa.incidents.tests.test_public_helpers import (
    EXACT_LAT,
    EXACT_LON,
    EXACT_TRACES,
    attribute,
    make_area,
    make_incident,
    text_of,
)

pytestmark = pytest.mark.django_db

DEGRADED = [LocationMode.ROUNDED, LocationMode.SUBDISTRICT, LocationMode.HIDDEN]


def test_an_exact_location_is_shown_as_it_is() -> None:
    incident = make_incident(location_mode=LocationMode.EXACT)

    assert public_point(incident) == (EXACT_LAT, EXACT_LON)


def test_a_rounded_location_is_shown_to_a_tenth_of_a_degree() -> None:
    incident = make_incident(location_mode=LocationMode.ROUNDED)

    assert public_point(incident) == (35.8, 36.6)


def test_a_subdistrict_location_is_shown_at_the_centre_of_its_subdistrict() -> None:
    make_area()
    incident = make_incident(location_mode=LocationMode.SUBDISTRICT)

    lat, lon = public_point(incident) or (0, 0)

    assert (round(lat, 6), round(lon, 6)) == (35.8, 36.62)


def test_a_subdistrict_location_without_known_boundaries_is_rounded() -> None:
    incident = make_incident(location_mode=LocationMode.SUBDISTRICT, admin3_pcode="SY999999")

    assert public_point(incident) == (35.8, 36.6)


def test_a_hidden_location_has_no_point() -> None:
    assert public_point(make_incident(location_mode=LocationMode.HIDDEN)) is None


def test_a_mode_the_code_does_not_know_hides_the_point() -> None:
    assert degrade(EXACT_LAT, EXACT_LON, "someday") is None


def test_an_incident_without_a_point_has_none_in_any_mode() -> None:
    for mode in LocationMode.values:
        assert degrade(None, None, mode) is None


def public_outputs(client: Client, code: str) -> dict[str, str]:
    """Everything the public can read about the day, in both languages."""
    found = {}
    for language in ("en", "ar"):
        for path in (
            "incidents/",
            f"incidents/{code}/",
            "incidents/timeline/",
            "incidents/summary/",
            "incidents/summary/2019-12-22/",
        ):
            url = f"/{language}/{path}"
            found[url] = text_of(client, url)
        api = f"/api/v1/incidents?lang={language}"
        found[api] = text_of(client, api)
    found["summary"] = text_of(client, "/api/v1/incidents/summary?date=2019-12-22")
    return found


@pytest.mark.parametrize("mode", DEGRADED)
def test_a_degraded_point_never_appears_in_any_public_output(client: Client, mode: str) -> None:
    make_area()
    incident = make_incident(location_mode=mode)
    attribute(incident, "Russian Armed Forces")

    outputs = public_outputs(client, incident.code)

    for url, text in outputs.items():
        for trace in EXACT_TRACES:
            assert trace not in text, f"{url} shows the exact point ({trace})"
        assert "Ariha market" not in text and "سوق أريحا" not in text, f"{url} names the place"


@pytest.mark.parametrize(
    ("mode", "coordinates"),
    [
        (LocationMode.EXACT, [EXACT_LON, EXACT_LAT]),
        (LocationMode.ROUNDED, [36.6, 35.8]),
        (LocationMode.SUBDISTRICT, [36.62, 35.8]),
        (LocationMode.HIDDEN, None),
    ],
)
def test_the_api_gives_the_public_point_of_each_mode(
    client: Client, mode: str, coordinates: list[float] | None
) -> None:
    make_area()
    make_incident(location_mode=mode)

    feature = json.loads(text_of(client, "/api/v1/incidents"))["features"][0]

    if coordinates is None:
        assert feature["geometry"] is None
    else:
        assert feature["geometry"]["type"] == "Point"
        assert feature["geometry"]["coordinates"] == pytest.approx(coordinates)


def test_the_place_name_is_shown_with_an_exact_point(client: Client) -> None:
    incident = make_incident(location_mode=LocationMode.EXACT)

    assert "Ariha market" in text_of(client, f"/en/incidents/{incident.code}/")
    assert "Ariha market" in text_of(client, "/api/v1/incidents")


def test_a_hidden_location_keeps_only_its_governorate(client: Client) -> None:
    make_incident(location_mode=LocationMode.HIDDEN)

    properties = json.loads(text_of(client, "/api/v1/incidents"))["features"][0]["properties"]

    assert properties["admin1"] == {"pcode": "SY07", "name": "Idleb"}
    assert properties["admin2"] is None and properties["admin3"] is None
    assert properties["place"] == ""
