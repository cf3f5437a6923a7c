"""The news pages in a real browser, in English and Arabic: axe-core finds nothing serious, and
they load nothing from another host (the browser fixture fails the test if so)."""

from typing import Any

import pytest

from nidaa.campaigns.models import Campaign
from nidaa.news.models import Item
from nidaa.testing.axe import assert_accessible

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_news_page_is_accessible(
    page: Any, live_server: Any, demo_campaign: Campaign, language: str
) -> None:
    response = page.goto(f"{live_server.url}/{language}/c/save-idlib/news/")

    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert page.locator(".news-items li").count() == Item.objects.count()
    assert_accessible(page)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_story_page_is_accessible(
    page: Any, live_server: Any, demo_campaign: Campaign, language: str
) -> None:
    item = Item.objects.filter(language="ar").first()
    assert item is not None

    response = page.goto(f"{live_server.url}/{language}/c/save-idlib/news/{item.pk}/")

    assert response.status == 200
    assert_accessible(page)


def test_the_filters_work_without_javascript(
    new_page: Any, live_server: Any, demo_campaign: Campaign
) -> None:
    page = new_page(java_script_enabled=False)
    page.goto(f"{live_server.url}/en/c/save-idlib/news/")

    page.select_option("#id_language", "ar")
    page.click("form.news-filter button[type=submit]")

    assert "language=ar" in page.url
    assert page.locator(".news-items li").count() == Item.objects.filter(language="ar").count()


def test_a_filter_error_is_accessible(page: Any, live_server: Any, demo_campaign: Campaign) -> None:
    page.goto(f"{live_server.url}/ar/c/save-idlib/news/?source=999999")

    assert page.locator(".errorlist").count() == 1
    assert_accessible(page)
