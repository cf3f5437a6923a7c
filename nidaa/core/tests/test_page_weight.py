"""The campaign page is light enough for slow 3G: under 150 KB on first load, images aside.

Measured in Chromium against the live server: every response the page needs (HTML, CSS,
scripts, fonts) summed as transferred, headers included. The test server sends files
uncompressed, so the figure is an upper bound on what a visitor downloads from production
(where WhiteNoise serves Brotli or gzip).
"""

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, Request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET = 150 * 1024
NOT_COUNTED = {"image", "media"}


def first_load_weight(page: Page, path: str) -> Counter[str]:
    """Bytes transferred per resource type for one visit with an empty cache."""
    started: list[Request] = []
    finished: list[Request] = []
    failed: list[Request] = []
    page.on("request", lambda request: started.append(request))
    page.on("requestfinished", lambda request: finished.append(request))
    page.on("requestfailed", lambda request: failed.append(request))
    page.goto(path, wait_until="load")
    # Fonts are fetched when text first needs them, which can be after the load event.
    page.evaluate("document.fonts.ready.then(() => document.fonts.size)")
    for _ in range(100):
        if len(finished) + len(failed) == len(started):
            break
        page.wait_for_timeout(50)
    pending = [r.url for r in started if r not in finished and r not in failed]
    assert not pending, f"still loading after 5 s: {pending}"
    assert not failed, f"failed: {[(r.url, r.failure) for r in failed]}"
    weight: Counter[str] = Counter()
    for request in finished:
        sizes = request.sizes()
        weight[request.resource_type] += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return weight


def describe(weight: Counter[str]) -> str:
    return ", ".join(f"{kind} {size / 1024:.1f} KB" for kind, size in weight.most_common())


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_campaign_page_weighs_under_150_kb_on_first_load(
    new_page: Callable[..., Page], demo_campaign: Any, language: str
) -> None:
    weight = first_load_weight(new_page(), f"/{language}/c/save-idlib/")
    counted = sum(size for kind, size in weight.items() if kind not in NOT_COUNTED)
    figure = f"{language}: {counted / 1024:.1f} KB without images ({describe(weight)})"
    print(figure)
    assert weight["document"] and weight["stylesheet"] and weight["font"], figure
    assert counted < BUDGET, figure
