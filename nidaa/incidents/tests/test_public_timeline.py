"""The timeline: incidents and strikes per day as a table and a bar chart drawn on the server."""

import datetime

import pytest
from django.test import Client

from nidaa.incidents.tests.test_public_helpers import DAY, make_incident, text_of

pytestmark = pytest.mark.django_db

URL = "/en/incidents/timeline/"


def test_it_counts_incidents_and_strikes_per_day(client: Client) -> None:
    make_incident(strikes=3)
    make_incident(strikes=4)
    make_incident(strikes=1, started_on=DAY - datetime.timedelta(days=2))

    text = text_of(client, URL + "?start=2019-12-19&end=2019-12-22")

    assert "Dec. 22, 2019</a></th><td>2</td><td>7</td>" in text
    assert "Dec. 20, 2019</a></th><td>1</td><td>1</td>" in text
    assert "Dec. 21, 2019</a>" not in text  # no row for a day without incidents


def test_the_chart_has_a_place_for_every_day_and_a_bar_for_each_count(client: Client) -> None:
    make_incident(strikes=4)
    make_incident(strikes=2, started_on=DAY - datetime.timedelta(days=3))

    text = text_of(client, URL + "?start=2019-12-19&end=2019-12-22")

    assert 'viewBox="0 0 40 100"' in text  # four days, ten units each
    # The busiest count (4 strikes on the 22nd) is the tallest bar; the rest in proportion.
    assert '<rect class="bar-strikes" x="35" y="4.00" width="4" height="96.00">' in text
    assert '<rect class="bar-strikes" x="5" y="52.00" width="4" height="48.00">' in text
    assert '<rect class="bar-incidents" x="31" y="76.00" width="4" height="24.00">' in text
    assert text.count("<rect") == 4


def test_without_dates_it_shows_the_weeks_up_to_the_latest_incident(client: Client) -> None:
    make_incident(started_on=datetime.date(2019, 12, 22))

    text = text_of(client, URL)

    assert "From Oct. 24, 2019 to Dec. 22, 2019" in text


def test_it_is_filtered_like_the_list(client: Client) -> None:
    make_incident(strikes=3, means="artillery")
    make_incident(strikes=5)

    text = text_of(client, URL + "?means=artillery")

    assert "Dec. 22, 2019</a></th><td>1</td><td>3</td>" in text


def test_more_than_a_year_is_refused_with_a_reason(client: Client) -> None:
    make_incident()

    text = text_of(client, URL + "?start=2018-01-01&end=2019-12-31")

    assert "Choose at most a year for the timeline." in text
    assert 'value="2018-01-01"' in text
    assert "<svg" not in text


def test_arabic_digits_stay_out_of_the_chart(client: Client) -> None:
    make_incident(strikes=3)
    make_incident(strikes=4, started_on=DAY - datetime.timedelta(days=1))

    text = text_of(client, "/ar/incidents/timeline/?start=2019-12-21&end=2019-12-22")

    assert 'y="4.00"' in text and "٫" not in text.split("<svg")[1].split("</svg>")[0]
    assert "<td>٤</td>" in text
