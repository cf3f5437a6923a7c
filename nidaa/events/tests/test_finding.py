"""Finding events: by type and date, near a city (resolved offline) or near the visitor, and
the list without JavaScript, searchable by city and country. A private pin never shows."""

import datetime
import json

import pytest
from django.test import Client

from nidaa.campaigns.models import Campaign
from nidaa.events import places
from nidaa.events.models import Event
from nidaa.events.tests.helpers import in_days, make_event

pytestmark = pytest.mark.django_db
INDEX = "/en/c/save-idlib/events/"


@pytest.fixture
def spread(demo_campaign: Campaign) -> dict[str, Event]:
    return {
        "london": make_event(demo_campaign, title="London vigil"),
        "croydon": make_event(
            demo_campaign,
            title="Croydon leaflets",
            kind=Event.Kind.PAMPHLETING,
            city="Croydon",
            venue="High Street",
            starts_at=in_days(10),
        ),
        "berlin": make_event(
            demo_campaign,
            title="Berlin march",
            kind=Event.Kind.DEMONSTRATION,
            city="Berlin",
            country="DE",
            time_zone="Europe/Berlin",
            starts_at=in_days(5, zone="Europe/Berlin"),
        ),
        "online": make_event(
            demo_campaign,
            title="Online talk",
            kind=Event.Kind.ONLINE,
            city="Toronto",
            country="CA",
            venue="",
            time_zone="America/Toronto",
            starts_at=in_days(6, zone="America/Toronto"),
        ),
    }


def titles(client: Client, query: dict[str, str]) -> list[str]:
    html = client.get(INDEX, query).content.decode()
    return [title for title in ("London vigil", "Croydon leaflets", "Berlin march", "Online talk") if title in html]  # fmt: skip


def test_the_list_shows_upcoming_public_events_soonest_first(
    client: Client, spread: dict[str, Event]
) -> None:
    html = client.get(INDEX).content.decode()

    order = [html.index(t) for t in ("London vigil", "Berlin march", "Online talk", "Croydon leaflets")]  # fmt: skip
    assert order == sorted(order)


def test_near_a_city_by_name_in_english_or_arabic(client: Client, spread: dict[str, Event]) -> None:
    assert titles(client, {"city": "London", "radius": "25"}) == ["London vigil", "Croydon leaflets", "Online talk"]  # fmt: skip
    assert titles(client, {"city": "لندن", "radius": "25"}) == ["London vigil", "Croydon leaflets", "Online talk"]  # fmt: skip
    assert titles(client, {"city": "Potsdam", "radius": "50"}) == ["Berlin march", "Online talk"]


def test_near_the_visitors_location(client: Client, spread: dict[str, Event]) -> None:
    # Rounded coordinates, as events.js sends them: central Berlin.
    assert titles(client, {"lat": "52.52", "lon": "13.40", "radius": "10"}) == ["Berlin march", "Online talk"]  # fmt: skip


def test_filters_by_type_and_date(client: Client, spread: dict[str, Event]) -> None:
    assert titles(client, {"kind": "pamphleting"}) == ["Croydon leaflets"]
    soon = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
    assert "Croydon leaflets" not in titles(client, {"end": soon})


def test_search_by_country_and_a_city_that_cannot_be_placed(
    client: Client, spread: dict[str, Event], demo_campaign: Campaign
) -> None:
    make_event(demo_campaign, title="Hamlet vigil", city="Qwertyville", country="GB", map_latitude=None)  # fmt: skip

    assert titles(client, {"country": "DE"}) == ["Berlin march"]
    html = client.get(INDEX, {"city": "Qwertyville"}).content.decode()
    assert "Hamlet vigil" in html and "We could not place" in html
    assert "London vigil" not in html


def test_bad_filters_are_explained_and_ignored(client: Client, spread: dict[str, Event]) -> None:
    response = client.get(INDEX, {"start": "not a date"})

    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()


def test_the_map_points_never_show_a_private_pin(client: Client, demo_campaign: Campaign) -> None:
    make_event(demo_campaign, title="Private", latitude=51.4000, longitude=-0.3000, address_visibility=Event.AddressVisibility.ATTENDEES)  # fmt: skip
    make_event(demo_campaign, title="Public", latitude=51.4500, longitude=-0.2000, address_visibility=Event.AddressVisibility.EVERYONE)  # fmt: skip

    features = json.loads(client.get("/c/save-idlib/events.geojson").content)["features"]

    points = {f["properties"]["title"]: f["geometry"]["coordinates"] for f in features}
    london = places.find_city("London", "GB")
    assert london is not None
    assert points["Private"] == [london.longitude, london.latitude]
    assert points["Public"] == [-0.2, 51.45]
    page = client.get(INDEX).content.decode() + client.get(f"/en/c/save-idlib/events/{Event.objects.get(title='Private').pk}/").content.decode()  # fmt: skip
    assert "51.4" not in page.replace("51.45", "") and "-0.3" not in page


def test_the_index_links_the_pamphlets_the_feed_and_hosting(
    client: Client, demo_campaign: Campaign
) -> None:
    html = client.get(INDEX).content.decode()

    assert "/c/save-idlib/pamphlet.pdf?lang=ar%2Ben&amp;size=a4" in html
    assert 'href="/c/save-idlib/events.ics"' in html
    assert 'href="/en/c/save-idlib/events/new/"' in html
    campaign_page = client.get("/en/c/save-idlib/").content.decode()
    assert 'href="/en/c/save-idlib/events/"' in campaign_page  # the "Organise" action


def test_the_list_query_count_stays_flat(
    client: Client, spread: dict[str, Event], django_assert_max_num_queries: object
) -> None:
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        client.get(INDEX, {"city": "London", "radius": "500"})


def test_places_fold_spellings_and_measure_distances() -> None:
    assert places.fold("  Münster-Hiltrup ") == "munster hiltrup"
    assert places.fold("الإسكندرية") == places.fold("الاسكندريه")
    london = places.find_city("london", "GB")
    ontario = places.find_city("London", "CA")
    assert london and ontario and london.time_zone == "Europe/London"
    assert ontario.time_zone == "America/Toronto"
    assert places.find_city("Damaskus") is not None  # an exonym GeoNames knows
    assert round(places.distance_km(51.5074, -0.1278, 48.8566, 2.3522)) == 344
    _south, _north, west, east = places.bounding_box(0, 179.9, 50)
    assert west > east  # across the 180th meridian
