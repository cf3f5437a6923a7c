"""The counter and progress bar: rendered on the server (works without script), kept current by
counter.js polling count.json, in the page language's digits."""

from datetime import timedelta
from typing import Any

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from nidaa.campaigns.models import Campaign
from nidaa.signatures import counts
from nidaa.signatures.models import Signature

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_memory() -> None:
    counts.forget_recent()  # the caches are cleared between tests; so is count.json's memory


LIST = "/{language}/c/save-idlib/signatures/"


def add(campaign: Campaign, n: int, verified_at: Any = None) -> None:
    when = verified_at or timezone.now() - timedelta(minutes=1)
    for i in range(n):
        email = f"signer{i}-{when.timestamp()}@example.org"
        Signature.objects.create(
            campaign=campaign, name="S", email=email, email_key=email, country="SY",
            language="en", verified_at=when,
        )  # fmt: skip


def render(campaign: Campaign, language: str = "en") -> str:
    with translation.override(language):
        return Template("{% load counting %}{% progress campaign %}").render(
            Context({"campaign": campaign})
        )


def test_it_shows_the_count_and_the_goal(demo_campaign: Campaign) -> None:
    demo_campaign.goal = 12_000
    demo_campaign.save()
    add(demo_campaign, 3)
    counts.recount(demo_campaign)

    html = render(demo_campaign)

    assert '<strong data-count="signatures">3</strong> signatures of a goal of' in html
    assert '<span data-count="goal">12,000</span>' in html
    assert '<progress class="count-bar" max="12000" value="3" aria-labelledby="count-text"' in html
    assert "data-count-reached hidden" in html
    assert 'data-count-url="/c/save-idlib/count.json"' in html
    assert 'src="/static/signatures/counter.js" defer' in html


def test_in_arabic_the_numbers_are_in_arabic_indic_digits(demo_campaign: Campaign) -> None:
    demo_campaign.goal = 12_000
    demo_campaign.save()

    html = render(demo_campaign, "ar")

    assert '<span data-count="goal">١٢٬٠٠٠</span>' in html
    assert 'data-digits="٠١٢٣٤٥٦٧٨٩" data-separator="٬"' in html


def test_it_says_when_the_goal_is_reached(demo_campaign: Campaign) -> None:
    demo_campaign.goal = 2
    demo_campaign.save()
    add(demo_campaign, 3)
    counts.recount(demo_campaign)

    html = render(demo_campaign)

    assert 'max="2" value="2"' in html
    assert "data-count-reached hidden" not in html and "Goal reached" in html


def test_a_page_with_the_counter_stays_cacheable(client: Any, demo_campaign: Campaign) -> None:
    response = client.get(LIST.format(language="en"))

    assert not response.cookies
    assert "nonce-" not in response["Content-Security-Policy"]
    assert "<script>" not in response.content.decode()


@pytest.mark.parametrize(("language", "one", "two"), [("en", "1", "2"), ("ar", "١", "٢")])
def test_the_counter_follows_the_count_without_a_reload(
    page: Any, live_server: Any, demo_campaign: Campaign, language: str, one: str, two: str
) -> None:
    from playwright.sync_api import expect

    add(demo_campaign, 1)
    counts.recount(demo_campaign)
    page.clock.install()
    page.goto(live_server.url + LIST.format(language=language))
    number = page.locator('[data-count="signatures"]')
    expect(number).to_have_text(one)

    add(demo_campaign, 1, verified_at=timezone.now())
    counts.update(demo_campaign, now=timezone.now() + timedelta(seconds=10))
    demo_campaign.goal = 2
    demo_campaign.save()
    page.clock.fast_forward("00:20")

    expect(number).to_have_text(two)
    expect(page.locator('[data-count="goal"]')).to_have_text(two)
    expect(page.locator("[data-count-reached]")).to_be_visible()
    assert page.locator("progress").evaluate("bar => [bar.value, bar.max]") == [2, 2]
