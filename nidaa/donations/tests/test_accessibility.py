"""The donate page in a real browser, in English and Arabic: axe-core finds nothing serious,
and nothing comes from another host."""

from typing import Any

import pytest

from nidaa.campaigns.models import Campaign
from nidaa.testing.axe import assert_accessible

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_donate_page_is_accessible(
    page: Any, live_server: Any, demo_campaign: Campaign, language: str
) -> None:
    response = page.goto(f"{live_server.url}/{language}/c/save-idlib/donate/")

    assert response.status == 200
    assert page.locator(".appeal").count() == 2
    assert_accessible(page)
