"""The browser harness refuses other hosts, and axe sees what it must."""

from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from nidaa.testing import axe
from nidaa.testing.browser import new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOSTILE = """<!doctype html><html lang="en"><head><title>t</title>
<link rel="stylesheet" href="https://cdn.example.net/x.css"></head>
<body><main><img src="http://tracker.example.org/pixel.gif" alt="">
<img src="PLACEHOLDER/static/core/css/base.css" alt=""></main></body></html>"""


def test_the_guard_aborts_and_records_requests_to_other_hosts(
    browser: Browser, live_server: Any
) -> None:
    page, guard = new_page(browser, live_server.url)
    try:
        page.set_content(HOSTILE.replace("PLACEHOLDER", live_server.url), wait_until="load")
        assert sorted(guard.refused) == [
            "http://tracker.example.org/pixel.gif",
            "https://cdn.example.net/x.css",
        ]
    finally:
        page.context.close()


def test_axe_reports_a_serious_violation_with_its_rule_and_node(page: Page) -> None:
    page.set_content(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
        '<img src="data:," id="no-alt"><p style="color:#eee;background:#fff">faint</p>'
        "</main></body></html>"
    )
    with pytest.raises(AssertionError) as failure:
        axe.assert_accessible(page)
    message = str(failure.value)
    assert "image-alt (critical)" in message
    assert "#no-alt" in message
    assert "color-contrast (serious)" in message
