"""A reader's journeys through the campaign page, in a real browser, in English and Arabic."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from nidaa.campaigns.demo_content import TEXTS
from nidaa.testing.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENGLISH_TITLE = TEXTS["en"]["title"]
ARABIC_TITLE = TEXTS["ar"]["title"]


def switch_to_arabic(page: Page) -> None:
    page.get_by_role("navigation", name="Language").locator("a[hreflang=ar]").click()
    page.wait_for_url(re.compile(r"/ar/c/save-idlib/$"))


def test_a_reader_opens_the_campaign_in_english_and_switches_to_arabic(
    page: Page, demo_campaign: Any
) -> None:
    page.goto("/en/c/save-idlib/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", level=1)).to_have_text(ENGLISH_TITLE)

    switch_to_arabic(page)

    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text(ARABIC_TITLE)
    assert "أنقذوا إدلب" in page.title()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_campaign_page_has_no_serious_accessibility_violation(
    page: Page, demo_campaign: Any, language: str
) -> None:
    page.goto(f"/{language}/c/save-idlib/")
    expect(page.get_by_role("heading", level=1)).to_have_text(TEXTS[language]["title"])
    page.evaluate("document.fonts.ready")
    assert_accessible(page)


def test_the_campaign_page_works_without_javascript(
    new_page: Callable[..., Page], demo_campaign: Any
) -> None:
    page = new_page(java_script_enabled=False)
    page.goto("/en/c/save-idlib/")
    expect(page.get_by_role("heading", level=1)).to_have_text(ENGLISH_TITLE)
    for demand in TEXTS["en"]["demands"]:
        expect(page.get_by_text(demand)).to_be_visible()
    expect(page.get_by_role("img")).to_have_attribute("alt", str(TEXTS["en"]["artwork_alt"]))

    switch_to_arabic(page)

    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text(ARABIC_TITLE)
    for demand in TEXTS["ar"]["demands"]:
        expect(page.get_by_text(demand)).to_be_visible()
