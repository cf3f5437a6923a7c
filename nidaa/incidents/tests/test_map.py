"""The map on the record's index: Leaflet served by the site, points from the API, nothing
from another host; without JavaScript, the list alone."""

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.utils import translation

from nidaa.incidents.models import LocationMode
from nidaa.incidents.tests.test_public_helpers import make_area, make_incident, text_of
from nidaa.testing.axe import assert_accessible


def gettext_in(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


pytestmark = pytest.mark.django_db


def test_the_map_draws_one_point_per_incident_with_a_public_point(
    page: Any, live_server: Any
) -> None:
    make_incident(location_mode=LocationMode.EXACT)
    make_incident(location_mode=LocationMode.ROUNDED)
    make_incident(location_mode=LocationMode.HIDDEN)

    page.goto(f"{live_server.url}/en/incidents/")

    markers = page.locator("#record-map path.leaflet-interactive")
    markers.first.wait_for()
    assert markers.count() == 2
    assert page.locator("#record-map").is_visible()
    markers.first.click(force=True)
    link = page.locator(".leaflet-popup-content a")
    assert "/en/incidents/" in (link.get_attribute("href") or "")


def test_the_map_draws_the_imported_boundaries_without_a_tile_server(
    page: Any, live_server: Any
) -> None:
    make_area()
    make_incident()

    page.goto(f"{live_server.url}/en/incidents/")

    page.locator("#record-map path.leaflet-interactive").first.wait_for()
    page.locator(
        "#record-map .leaflet-overlay-pane path:not(.leaflet-interactive)"
    ).first.wait_for()
    assert (
        page.locator("#record-map .leaflet-overlay-pane path:not(.leaflet-interactive)").count()
        == 1
    )
    assert page.locator("#record-map img").count() == 0  # no tiles


def test_the_map_follows_the_pages_filters(page: Any, live_server: Any) -> None:
    make_incident(means="drone")
    make_incident(means="artillery")
    make_incident(means="artillery")

    page.goto(f"{live_server.url}/ar/incidents/?means=artillery")

    markers = page.locator("#record-map path.leaflet-interactive")
    markers.first.wait_for()
    assert markers.count() == 2


def test_without_javascript_the_list_works_and_the_map_stays_hidden(
    new_page: Any, live_server: Any
) -> None:
    make_incident(texts={"en": {"title": "Market strike"}})
    page = new_page(java_script_enabled=False)

    page.goto(f"{live_server.url}/en/incidents/")

    assert page.get_by_text("Market strike").is_visible()
    assert not page.locator("#record-map").is_visible()


def test_only_the_map_page_loads_the_map(client: Client) -> None:
    incident = make_incident()

    for url in (
        f"/en/incidents/{incident.code}/",
        "/en/incidents/timeline/",
        "/en/incidents/summary/",
    ):
        assert "leaflet" not in text_of(client, url)


@override_settings(
    NIDAA_MAP_TILE_URL="https://tiles.example.org/{z}/{x}/{y}.png",
    NIDAA_MAP_TILE_ATTRIBUTION="© Example tiles",
)
def test_a_tile_server_is_used_only_when_the_site_sets_one(client: Client) -> None:
    text = text_of(client, "/en/incidents/")

    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in text
    assert 'data-tile-attribution="© Example tiles"' in text


def test_the_map_draws_the_tiles_of_a_tile_server_when_the_site_sets_one(
    page: Any, live_server: Any, settings: Any
) -> None:
    # A tile server on the site itself (the page may reach no other host): Leaflet's own
    # marker image stands in for every tile, its place in the URL's query.
    settings.NIDAA_MAP_TILE_URL = "/static/leaflet/images/marker-icon.png?z={z}&x={x}&y={y}"
    settings.NIDAA_MAP_TILE_ATTRIBUTION = "Test tiles"
    make_incident()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))

    page.goto(f"{live_server.url}/en/incidents/")

    page.locator("#record-map img.leaflet-tile-loaded").first.wait_for()
    assert page.locator("#record-map img.leaflet-tile").count() > 1
    assert any("marker-icon.png?z=" in url for url in asked)
    assert "Test tiles" in page.locator("#record-map .leaflet-control-attribution").inner_text()


def test_without_a_tile_server_the_map_asks_no_other_host(client: Client) -> None:
    response = client.get("/en/incidents/")

    assert 'data-tile-url=""' in response.content.decode()
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["img-src"] == "'self' data:"


def settings_with(tile_url: str) -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh process, as the site starts, with this tile server."""
    code = (
        "import json; from nidaa import settings; "
        "print(json.dumps(settings.CONTENT_SECURITY_POLICY['DIRECTIVES'], default=str))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "NIDAA_MAP_TILE_URL": tile_url},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_policy_lets_images_come_from_the_tile_server_and_no_other() -> None:
    found = settings_with("https://{s}.tiles.example.org/{z}/{x}/{y}.png")

    directives = json.loads(found.stdout)
    assert directives.pop("img-src") == ["'self'", "data:", "https://*.tiles.example.org"]
    assert "tiles.example.org" not in json.dumps(directives)


def test_a_tile_server_that_is_not_http_stops_the_start() -> None:
    found = settings_with("javascript:alert(1)//{z}")

    assert found.returncode != 0
    assert "NIDAA_MAP_TILE_URL must be an http(s) address" in found.stderr


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_on_a_phone_the_map_is_fetched_only_when_asked_for(new_page: Any, live_server: Any) -> None:
    make_incident()
    make_incident()
    page = new_page(**PHONE)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))

    page.goto(f"{live_server.url}/ar/incidents/", wait_until="networkidle")

    assert not [url for url in asked if "leaflet" in url or "/api/v1/" in url]
    assert not page.locator("#record-map").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name=gettext_in("ar", "Show the map")).click()
    markers = page.locator("#record-map path.leaflet-interactive")
    markers.first.wait_for()
    assert markers.count() == 2
    assert not page.locator("[data-map-offer]").is_visible()
    assert page.evaluate("document.activeElement.id") == "record-map"
