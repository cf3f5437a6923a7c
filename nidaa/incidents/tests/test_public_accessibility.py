"""The record's public pages in a real browser, in English and Arabic: axe-core finds nothing
serious, and they load nothing from another host (the browser fixture fails the test if so)."""

from typing import Any

import pytest

from nidaa.incidents.demo import seed_demo_record
from nidaa.testing.axe import assert_accessible

pytestmark = pytest.mark.django_db

PAGES = [
    "incidents/",
    "incidents/DEMO-20191222-ARIHA/",
    "incidents/DEMO-20191222-HOSPITAL/",
    "incidents/timeline/",
    "incidents/summary/",
    "incidents/summary/2019-12-22/",
]


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("path", PAGES)
def test_the_page_is_accessible(page: Any, live_server: Any, language: str, path: str) -> None:
    seed_demo_record()

    response = page.goto(f"{live_server.url}/{language}/{path}")

    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_the_filter_form_with_an_error_is_accessible(page: Any, live_server: Any) -> None:
    seed_demo_record()

    page.goto(f"{live_server.url}/ar/incidents/?start=2019-12-23&end=2019-12-01")

    assert page.locator(".errorlist").count() == 1
    assert_accessible(page)
