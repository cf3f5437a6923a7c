"""The public record's pages: the list with its filters, an incident's page, and drafts that
never appear anywhere public. All of it without JavaScript."""

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from nidaa.core.middleware import purge_public_pages
from nidaa.incidents.demo import seed_demo_record
from nidaa.incidents.models import Attribution, Incident, Precision, Source, Status
from nidaa.incidents.tests.test_public_helpers import (
    DAY,
    attribute,
    make_area,
    make_incident,
    text_of,
)
from nidaa.testing import html

pytestmark = pytest.mark.django_db

INDEX = "/en/incidents/"
UNPUBLISHED = [s for s in Status.values if s != Status.PUBLISHED]


def titled(title: str, **fields: Any) -> Incident:
    return make_incident(texts={"en": {"title": title}}, **fields)


# --- The list --------------------------------------------------------------------------------


def test_the_list_shows_published_incidents_newest_first(client: Client) -> None:
    titled("Older strike", started_on=DAY - datetime.timedelta(days=3))
    titled("Newer strike", started_on=DAY)

    text = text_of(client, INDEX)

    assert text.index("Newer strike") < text.index("Older strike")
    assert "2 incidents" in text


@pytest.mark.parametrize("status", UNPUBLISHED)
def test_an_unpublished_incident_appears_on_no_public_page(client: Client, status: str) -> None:
    draft = titled("Unpublished strike", status=status, strikes=7)
    titled("Published strike", strikes=2)

    for url in (
        INDEX,
        "/en/incidents/timeline/",
        "/en/incidents/summary/",
        "/en/incidents/summary/2019-12-22/",
        "/api/v1/incidents",
    ):
        text = text_of(client, url)
        assert "Unpublished strike" not in text and draft.code not in text, url
    text_of(client, f"/en/incidents/{draft.code}/", status=404)
    summary = text_of(client, "/api/v1/incidents/summary?date=2019-12-22")
    assert '"strikes":2' in summary and '"incidents":1' in summary


def test_twenty_to_a_page_and_the_links_keep_the_filters(client: Client) -> None:
    for n in range(21):
        titled(f"Strike {n:02d}", started_on=DAY - datetime.timedelta(days=n))

    first = text_of(client, INDEX + "?means=air_strike")
    second = text_of(client, INDEX + "?means=air_strike&page=2")

    assert "Strike 00" in first and "Strike 20" not in first
    assert "Strike 20" in second
    assert 'href="?means=air_strike&amp;page=2"' in first


def test_filters_by_date_range_inclusive(client: Client) -> None:
    titled("Before", started_on=datetime.date(2019, 12, 20))
    titled("First day", started_on=datetime.date(2019, 12, 21))
    titled("Last day", started_on=datetime.date(2019, 12, 23))
    titled("After", started_on=datetime.date(2019, 12, 24))

    text = text_of(client, INDEX + "?start=2019-12-21&end=2019-12-23")

    assert "First day" in text and "Last day" in text
    assert "Before" not in text and "After" not in text


def test_filters_by_governorate_named_in_the_page_language(client: Client) -> None:
    make_area()
    titled("In Idlib", latitude=35.8, longitude=36.6)
    titled("In Aleppo", latitude=None, longitude=None, admin1_pcode="SY02", admin1_en="Aleppo")

    text = text_of(client, INDEX + "?admin1=SY07")
    arabic = text_of(client, "/ar/incidents/")

    assert "In Idlib" in text and "In Aleppo" not in text
    assert '<option value="SY07">إدلب</option>' in arabic


def test_filters_by_means_actor_and_grade(client: Client) -> None:
    russian = titled("Russian air strike", grade="fair")
    attribute(russian, "Russian Armed Forces")
    shelling = titled("Shelling", means="artillery", grade="weak")
    actor = attribute(shelling, "Syrian government forces")

    by_means = text_of(client, INDEX + "?means=artillery")
    by_actor = text_of(client, INDEX + f"?actor={actor.pk}")
    by_grade = text_of(client, INDEX + "?grade=fair")

    assert "Shelling" in by_means and "Russian air strike" not in by_means
    assert "Shelling" in by_actor and "Russian air strike" not in by_actor
    assert "Russian air strike" in by_grade and "Shelling" not in by_grade


def test_the_actor_filter_lists_only_actors_of_published_incidents(client: Client) -> None:
    attribute(titled("Published"), "Russian Armed Forces")
    attribute(titled("Draft", status=Status.DRAFT), "Secret Unit")

    text = text_of(client, INDEX)

    assert "Russian Armed Forces" in text and "Secret Unit" not in text


def test_a_bad_filter_is_explained_and_what_was_typed_is_kept(client: Client) -> None:
    titled("A strike")

    text = text_of(client, INDEX + "?start=2019-12-23&end=2019-12-21&means=drone")

    assert "The end date is before the start date." in text
    assert 'value="2019-12-23"' in text and 'value="2019-12-21"' in text
    assert '<option value="drone" selected>' in text
    assert "A strike" not in text


def test_the_map_is_hidden_without_script_and_asks_the_api_with_the_filters(
    client: Client,
) -> None:
    text = text_of(client, INDEX + "?means=drone")

    assert 'id="record-map" hidden' in text
    assert 'data-incidents-url="/api/v1/incidents?means=drone&amp;lang=en&amp;limit=1000"' in text
    # Leaflet is named for map.js to fetch, never loaded by the page itself (light on a phone).
    assert 'data-leaflet-js="/static/leaflet/leaflet.js"' in text
    assert "incidents/public/map.js" in text and '<script src="/static/leaflet' not in text
    assert 'class="record-map-offer" hidden' in text


def test_the_list_links_the_same_incidents_as_open_data(client: Client) -> None:
    text = text_of(client, INDEX + "?means=drone")

    assert 'href="/api/v1/incidents?means=drone&amp;lang=en&amp;limit=2000"' in text
    assert 'type="application/geo+json">GeoJSON</a>' in text
    assert "from the record's API, 2,000 to a page" in text
    arabic = text_of(client, "/ar/incidents/?means=drone")
    assert 'href="/api/v1/incidents?means=drone&amp;lang=ar&amp;limit=2000"' in arabic
    assert "، ٢٬٠٠٠ حادثة في كل صفحة" in arabic  # the API's page size, in Arabic digits


def test_the_list_is_served_from_the_page_cache(
    client: Client, django_assert_num_queries: Any
) -> None:
    titled("A strike")
    text_of(client, INDEX)

    with django_assert_num_queries(0):
        text_of(client, INDEX)


def test_publishing_shows_at_once_after_the_purge(client: Client) -> None:
    incident = titled("Soon public", status=Status.VERIFIED)
    assert "Soon public" not in text_of(client, INDEX)

    Incident.objects.filter(pk=incident.pk).update(status=Status.PUBLISHED)
    purge_public_pages()

    assert "Soon public" in text_of(client, INDEX)


# --- An incident's page ----------------------------------------------------------------------


def test_an_incident_page_tells_what_happened(client: Client) -> None:
    incident = make_incident(strikes=3, killed_min=4, killed_max=6, grade="fair")
    attribute(
        incident,
        "Russian Armed Forces",
        basis=Attribution.Basis.FLIGHT,
        status=Attribution.Certainty.LIKELY,
    )
    incident.objects_hit.create(kind="market", damage="severe", out_of_service=True)

    text = text_of(client, f"/en/incidents/{incident.code}/")

    assert "<h1>Air strikes on the market</h1>" in text
    assert "Two strikes at noon." in text
    assert "4–6" in text
    assert "Russian Armed Forces</td><td>flight observation</td><td>likely</td>" in text
    assert "Market</td><td>severe</td><td>yes</td>" in text
    assert "Two or more credible sources report the harm" in text


def test_an_incident_page_in_arabic_has_the_arabic_text_and_digits(client: Client) -> None:
    incident = make_incident(strikes=12)

    text = text_of(client, f"/ar/incidents/{incident.code}/")

    assert "<h1>غارات على السوق</h1>" in text
    assert "<td>١٢</td>" in text


def test_a_text_in_another_language_is_marked_as_such(client: Client) -> None:
    incident = make_incident(texts={"en": {"title": "Only in English"}})

    text = text_of(client, f"/ar/incidents/{incident.code}/")

    assert '<article class="incident" lang="en">' in text


@pytest.mark.parametrize(
    ("precision", "ended_on", "expected"),
    [
        (Precision.EXACT, None, "Dec. 22, 2019"),
        (Precision.EXACT, datetime.date(2019, 12, 24), "Dec. 22, 2019 to Dec. 24, 2019"),
        (Precision.NEAR, None, "the week of Dec. 22, 2019"),
        (Precision.COARSE, None, "December 2019 (the day is not known)"),
    ],
)
def test_dates_are_shown_as_precisely_as_they_are_known(
    client: Client, precision: int, ended_on: datetime.date | None, expected: str
) -> None:
    incident = make_incident(time_precision=precision, ended_on=ended_on)

    text = text_of(client, f"/en/incidents/{incident.code}/")

    assert f"<td>{expected}</td>" in text


def test_only_published_sources_are_shown_and_links_endorse_nothing(client: Client) -> None:
    incident = make_incident()
    incident.sources.create(
        kind=Source.Kind.MEDIA,
        publisher="Example News",
        url="https://news.example/story",
        published_on=DAY,
    )
    incident.sources.create(kind=Source.Kind.WITNESS, publisher="Abu Khaled, shopkeeper")
    incident.sources.create(kind=Source.Kind.FIELD_TEAM, publisher="Team 4, Ariha")

    text = text_of(client, f"/en/incidents/{incident.code}/")

    assert (
        '<a href="https://news.example/story" rel="noopener noreferrer nofollow">Example News</a>'
        in text
    )
    assert "Abu Khaled" not in text and "Team 4" not in text


def test_an_unknown_code_is_not_found(client: Client) -> None:
    text_of(client, "/en/incidents/NO-SUCH-CODE/", status=404)


# --- Nothing from another host, nothing that runs inline --------------------------------------


def test_no_record_page_loads_anything_from_another_host_or_runs_inline_script(
    client: Client,
) -> None:
    seed_demo_record()
    for language in ("en", "ar"):
        for path in ("", "DEMO-20191222-ARIHA/", "timeline/", "summary/", "summary/2019-12-22/"):
            page = html.parse(text_of(client, f"/{language}/incidents/{path}"))
            assert not html.external_resources(page, "testserver"), path
            assert not html.scripts_without_nonce(page) and not html.event_handlers(page), path
            assert not html.script_urls(page), path
            for link in page.find("link"):
                if "stylesheet" in link.attrs.get("rel", ""):
                    href = link.attrs["href"].removeprefix(settings.STATIC_URL)
                    with open(str(finders.find(href)), encoding="utf-8") as css:
                        for url in html.css_urls(css.read()):
                            assert html.is_same_origin(url, "testserver"), (href, url)


def test_an_incident_page_shows_the_clean_copies_of_public_images_only(client: Client) -> None:
    incident = make_incident()
    shown = incident.evidence.create(
        description="The market after the strike", public=True, public_copy="ab/cd.jpg",
        original_name="IMG_2041.jpg", sha256="f" * 64,
    )  # fmt: skip
    incident.evidence.create(description="Not for the public", public_copy="ef/gh.jpg")
    incident.evidence.create(description="No clean copy", public=True, original_name="a.pdf")

    text = text_of(client, f"/en/incidents/{incident.code}/")

    assert f'<img src="/evidence/{shown.pk}" alt="The market after the strike"' in text
    assert "Not for the public" not in text and "No clean copy" not in text
    assert "IMG_2041" not in text and "f" * 64 not in text
