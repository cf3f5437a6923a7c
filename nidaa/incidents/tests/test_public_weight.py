"""The record's public pages are light on a phone: each under the campaign page's budget of
150 KB on first load, images aside, in English and Arabic (nidaa/core/tests/test_page_weight.py
measures the same way: every response as transferred, from a test server that compresses
nothing but the pages, so an upper bound). On a phone the index does not fetch the map
(test_map.py), which costs about as much again."""

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page

from nidaa.core.tests.test_page_weight import BUDGET, NOT_COUNTED, describe, first_load_weight

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
PAGES = [
    "incidents/",
    "incidents/DEMO-20191222-ARIHA/",
    "incidents/timeline/",
    "incidents/summary/",
    "incidents/summary/2019-12-22/",
]


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("path", PAGES)
def test_the_page_is_light_on_a_phone(
    new_page: Callable[..., Page], demo_record: Any, language: str, path: str
) -> None:
    weight = first_load_weight(new_page(**PHONE), f"/{language}/{path}")

    counted = sum(size for kind, size in weight.items() if kind not in NOT_COUNTED)
    figure = f"{language}/{path}: {counted / 1024:.1f} KB without images ({describe(weight)})"
    print(figure)
    assert weight["document"] and weight["stylesheet"], figure
    assert counted < BUDGET, figure
