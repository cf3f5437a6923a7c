"""A day's record: the API's exact shape and figures, and the daily summary pages in English and
Arabic, from a day of 57 strikes on 16 locations."""

import datetime
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from nidaa.incidents.models import CivilianObject, Incident, ProtectedSite, ProtectedSiteHit, Status
from nidaa.incidents.tests.test_public_helpers import DAY, attribute, make_incident, text_of

pytestmark = pytest.mark.django_db

API = "/api/v1/incidents/summary"
PAGE = "/en/incidents/summary/2019-12-22/"


@pytest.fixture
def day() -> dict[str, Incident]:
    """Three published incidents on 22 December, and others that must not count."""
    russian = make_incident(strikes=19, locations=5, killed_min=3, killed_max=5,
                            injured_min=10, injured_max=12)  # fmt: skip
    attribute(russian, "Russian Armed Forces", name_ar="القوات المسلحة الروسية")
    russian.objects_hit.create(kind="hospital")
    government = make_incident(strikes=30, locations=8, killed_min=2, killed_max=2,
                               injured_min=4, injured_max=9)  # fmt: skip
    attribute(government, "Syrian government forces", name_ar="القوات الحكومية السورية")
    government.objects_hit.create(kind="school")
    government.objects_hit.create(kind="market")
    unattributed = make_incident(strikes=8, locations=3, killed_max=1)
    unattributed.objects_hit.create(kind="school")
    make_incident(strikes=100, locations=100, status=Status.VERIFIED)
    make_incident(strikes=100, locations=100, started_on=DAY + datetime.timedelta(days=1))
    site = ProtectedSite.objects.create(
        name="Al-Amal clinic", kind="clinic", latitude=35.81, longitude=36.61, notified_on=DAY
    )
    ProtectedSiteHit.objects.create(incident=russian, site=site, distance_m=120)
    ProtectedSiteHit.objects.create(incident=government, site=site, distance_m=300)
    return {"russian": russian, "government": government, "unattributed": unattributed}


def test_the_api_gives_the_day_in_exactly_the_agreed_shape(
    client: Client, day: dict[str, Incident]
) -> None:
    response = client.get(f"{API}?date=2019-12-22")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == {
        "date": "2019-12-22",
        "incidents": 3,
        "locations": 16,
        "strikes": 57,
        "by_actor": {"Syrian government forces": 30, "Russian Armed Forces": 19},
        "civilians_killed": {"min": 5, "max": 8},
        "civilians_injured": {"min": 14, "max": 21},
    }


def test_the_api_narrows_the_day_to_a_governorate(client: Client, day: dict[str, Incident]) -> None:
    make_incident(strikes=4, locations=1, admin1_pcode="SY02", admin1_en="Aleppo")

    aleppo = json.loads(text_of(client, f"{API}?date=2019-12-22&admin1=SY02"))
    everywhere = json.loads(text_of(client, f"{API}?date=2019-12-22"))

    assert (aleppo["incidents"], aleppo["strikes"], aleppo["by_actor"]) == (1, 4, {})
    assert (everywhere["incidents"], everywhere["strikes"]) == (4, 61)


def test_a_day_without_incidents_is_all_zeros(client: Client) -> None:
    assert json.loads(text_of(client, f"{API}?date=2020-01-01")) == {
        "date": "2020-01-01",
        "incidents": 0,
        "locations": 0,
        "strikes": 0,
        "by_actor": {},
        "civilians_killed": {"min": 0, "max": 0},
        "civilians_injured": {"min": 0, "max": 0},
    }


@pytest.mark.parametrize("query", ["", "date=", "date=22/12/2019", "date=2019-02-30", "date=x"])
def test_a_missing_or_bad_date_gets_a_clear_400(client: Client, query: str) -> None:
    response = client.get(f"{API}?{query}")

    assert response.status_code == 400
    assert response.json() == {"errors": {"date": ["Give the day as date=YYYY-MM-DD."]}}


def test_a_bad_governorate_gets_a_clear_400(client: Client) -> None:
    response = client.get(f"{API}?date=2019-12-22&admin1=<script>")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["admin1"]


def test_the_summary_page_tells_the_day_in_prose(client: Client, day: dict[str, Incident]) -> None:
    text = text_of(client, PAGE)

    assert "On December 22, teams documented 57 strikes on 16 locations." in text
    assert "30 were attributed to Syrian government forces." in text
    assert "19 were attributed to Russian Armed Forces." in text
    assert "Between 5 and 8 civilians were killed." in text
    assert "Between 14 and 21 civilians were injured." in text
    assert "1 humanitarian site whose location had been notified to the parties was hit." in text


def test_the_summary_page_has_the_figures_as_tables(
    client: Client, day: dict[str, Incident]
) -> None:
    text = text_of(client, PAGE)

    # Every figure the issue lists: incidents, locations and strikes; strikes by actor; killed
    # and injured as ranges; civilian objects hit; notified sites hit.
    assert '<th scope="row">Incidents</th><td>3</td>' in text
    assert '<th scope="row">Locations hit</th><td>16</td>' in text
    assert '<th scope="row">Strikes</th><td>57</td>' in text
    assert '<th scope="row">Civilians killed</th><td>5–8</td>' in text
    assert '<th scope="row">Civilians injured</th><td>14–21</td>' in text
    assert '<th scope="row">Syrian government forces</th><td>30</td>' in text
    assert '<th scope="row">Russian Armed Forces</th><td>19</td>' in text
    assert '<th scope="row">School</th><td>2</td>' in text
    assert '<th scope="row">Hospital</th><td>1</td>' in text
    assert '<th scope="row">Market</th><td>1</td>' in text
    assert '<th scope="row">Notified humanitarian sites hit</th><td>1</td>' in text


def test_the_summary_page_never_shows_which_protected_site_was_hit(
    client: Client, day: dict[str, Incident]
) -> None:
    text = text_of(client, PAGE)

    assert "Al-Amal" not in text and "35.81," not in text


def test_one_strike_reads_in_the_singular(client: Client) -> None:
    attribute(make_incident(strikes=1, locations=1, killed_min=1, killed_max=1), "Drone unit")

    text = text_of(client, PAGE)

    assert "teams documented 1 strike on 1 location." in text
    assert "1 was attributed to Drone unit." in text
    assert "1 civilian was killed." in text
    assert "No civilian was reported injured." in text


def test_the_arabic_summary_has_arabic_digits_month_and_names(
    client: Client, day: dict[str, Incident]
) -> None:
    text = text_of(client, "/ar/incidents/summary/2019-12-22/")

    assert "٢٢ ديسمبر" in text
    # Public codes (in links) hold random hex digits, which may well include "57".
    prose = re.sub(r"NID-[0-9A-F-]+", "", text)
    assert "٥٧" in prose and "١٦" in prose and "57" not in prose
    assert "القوات المسلحة الروسية" in text
    assert "<td>٥–٨</td>" in text


def test_a_day_without_incidents_says_so(client: Client) -> None:
    text = text_of(client, "/en/incidents/summary/2020-01-01/")

    assert "Nothing has been published for January 1." in text


@pytest.mark.parametrize("day", ["2019-13-01", "2019-12-2", "yesterday", "2019-12-22x"])
def test_a_day_that_is_not_a_date_is_not_found(client: Client, day: str) -> None:
    text_of(client, f"/en/incidents/summary/{day}/", status=404)


def test_the_list_of_days_links_each_day_newest_first(
    client: Client, day: dict[str, Incident]
) -> None:
    make_incident(started_on=datetime.date(2019, 12, 1), strikes=2)

    text = text_of(client, "/en/incidents/summary/")

    first = text.index('href="/en/incidents/summary/2019-12-23/"')
    assert first < text.index('href="/en/incidents/summary/2019-12-22/"')
    assert text.index('href="/en/incidents/summary/2019-12-22/"') < text.index(
        'href="/en/incidents/summary/2019-12-01/"'
    )
    assert "Dec. 22, 2019</a></th><td>3</td><td>57</td>" in text


def test_the_list_of_days_comes_in_pages_of_a_month(client: Client) -> None:
    for n in range(32):
        make_incident(started_on=DAY - datetime.timedelta(days=n))

    first = text_of(client, "/en/incidents/summary/")
    second = text_of(client, "/ar/incidents/summary/?page=2")

    assert '<nav class="pagination" aria-label="Pages of days">' in first
    assert 'href="?page=2" rel="next"' in first and "Page 1 of 2" in first
    assert 'href="/en/incidents/summary/2019-11-21/"' not in first  # the 32nd day
    assert 'href="/ar/incidents/summary/2019-11-21/"' in second
    assert 'href="?page=1" rel="prev"' in second
    with translation.override("ar"):
        label = translation.gettext("Pages of days")
    assert f'aria-label="{label}"' in second and "٢" in second


def test_the_summary_pages_link_the_days_before_and_after(
    client: Client, day: dict[str, Incident]
) -> None:
    make_incident(started_on=datetime.date(2019, 12, 1))

    text = text_of(client, PAGE)

    assert 'href="/en/incidents/summary/2019-12-01/" rel="prev"' in text
    assert 'href="/en/incidents/summary/2019-12-23/" rel="next"' in text


def test_api_summary_answers_are_cached(
    client: Client, day: dict[str, Incident], django_assert_num_queries: Any
) -> None:
    text_of(client, f"{API}?date=2019-12-22")

    with django_assert_num_queries(0):
        text_of(client, f"{API}?date=2019-12-22")


def test_the_arabic_summary_reads_in_arabic_with_every_figure(
    client: Client, day: dict[str, Incident]
) -> None:
    text = text_of(client, "/ar/incidents/summary/2019-12-22/")

    assert "في ٢٢ ديسمبر، وثّقت الفرق ٥٧ غارة على ١٦ موقعًا." in text
    assert "نُسبت ١٩ غارة إلى القوات المسلحة الروسية." in text
    assert "قُتل ما بين ٥ و٨ من المدنيين." in text
    with translation.override("ar"):
        rows = {
            translation.gettext(label): figure
            for label, figure in [
                ("Incidents", "٣"),
                ("Locations hit", "١٦"),
                ("Strikes", "٥٧"),
                ("Civilians killed", "٥–٨"),
                ("Civilians injured", "١٤–٢١"),
                ("Notified humanitarian sites hit", "١"),
            ]
        }
        objects = {str(CivilianObject.Kind(kind).label): n for kind, n in [("school", "٢"), ("hospital", "١"), ("market", "١")]}  # fmt: skip
    for label, figure in rows.items():
        assert label != "" and label.isascii() is False, label  # translated
        assert f'<th scope="row">{label}</th><td>{figure}</td>' in text, label
    for label, figure in objects.items():
        assert f'<th scope="row">{label}</th><td>{figure}</td>' in text, label
    assert '<th scope="row">القوات الحكومية السورية</th><td>٣٠</td>' in text
