"""Organising in a real browser. Rania hosts a vigil and confirms her email; Musa the moderator
approves it in the staff site; Samira finds it, says she is coming from another address,
confirms, and the confirmation and the reminder reach her through a real SMTP server. Every page
passes axe-core in English and Arabic, loads nothing from another host, and the event page's
JSON-LD breaks no rule of the Content-Security-Policy."""

import datetime
import io
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.utils import translation
from playwright.sync_api import Page, expect

from nidaa.accounts import guard
from nidaa.accounts.tests.helpers import code_for
from nidaa.core.tests.test_page_weight import BUDGET, NOT_COUNTED, describe, first_load_weight
from nidaa.events import actions
from nidaa.events.models import RSVP, Event
from nidaa.events.tests.helpers import deliver, form_data, links_in, make_event
from nidaa.testing.axe import assert_accessible
from nidaa.testing.base import PASSWORD, totp_device

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _empty_audit_log_before_the_flush(transactional_db: None) -> Iterator[None]:
    """Transactional tests end by emptying every table, which the audit log's append-only
    trigger refuses on SQLite (accounts/guard.py): its entries go with the guard lifted."""
    yield
    guard.remove_guard(connection)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {guard.TABLE}")  # noqa: S608 - a constant table name
    guard.install_guard(connection)


@pytest.fixture
def campaign(transactional_db: None, live_server: Any, settings: Any) -> Any:
    settings.NIDAA_SITE_URL = live_server.url  # links in mail lead to the site under test
    call_command("seed_demo", "--campaign-only", stdout=io.StringIO())
    from nidaa.campaigns.models import Campaign

    return Campaign.objects.get(slug="save-idlib")


def csp_violations(page: Page) -> list[str]:
    found: list[str] = []
    page.on("console", lambda message: found.append(message.text) if "Content Security Policy" in message.text else None)  # fmt: skip
    return found


def sign_in(page: Page, user: User) -> None:
    """Through the real sign-in pages: password, then the code from the authenticator app."""
    device = totp_device(user)
    page.goto("/en/accounts/login/")
    page.fill("input[name=username]", user.get_username())
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.fill("input[name=code]", code_for(device))
    page.locator("form:has(input[name=code]) button[type=submit]").click()
    page.wait_for_url("**/staff/")


def link_to(smtp: Any, address: str, part: str) -> str:
    mail = smtp.to(address)[-1]
    [link] = [link for link in links_in(mail.text()) if part in link]
    return urlsplit(link).path


def host_an_event(page: Page) -> None:
    data = form_data()
    page.goto("/en/c/save-idlib/events/new/")
    assert_accessible(page)
    page.select_option("select[name=kind]", data["kind"])
    for name in ("title", "starts", "ends", "venue", "address", "city", "host_name", "host_email"):
        page.fill(f"[name={name}]", data[name])
    page.fill("textarea[name=description]", data["description"])
    page.select_option("select[name=country]", "GB")
    page.check("input[name=address_visibility][value=attendees]")
    page.locator(".event-form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Check your email")


def test_an_event_from_submission_to_the_reminder(
    new_page: Any, campaign: Any, moderator: User, smtp: Any
) -> None:
    rania = new_page()
    host_an_event(rania)
    deliver()
    rania.goto(link_to(smtp, "rania@example.org", "/events/host/"))
    expect(rania.locator("main")).to_contain_text("your email is confirmed")
    assert_accessible(rania)
    event = Event.objects.get()
    assert event.status == Event.Status.PENDING

    musa = new_page()
    sign_in(musa, moderator)
    musa.goto("/en/staff/events/event/?waiting=yes")
    musa.check(f"input[name=_selected_action][value='{event.pk}']")
    musa.select_option("select[name=action]", "approve_selected")
    musa.locator("button[name=index]").click()
    expect(musa.locator(".messagelist")).to_contain_text("1 event approved.")
    event.refresh_from_db()
    assert event.status == Event.Status.APPROVED

    samira = new_page()
    violations = csp_violations(samira)
    samira.goto("/ar/c/save-idlib/events/?city=لندن")
    expect(samira.locator(".events-list")).to_contain_text("Vigil for Idlib")
    expect(samira.locator(".leaflet-container")).to_be_visible()  # the map, drawn from the site
    samira.locator(".events-list a").first.click()
    expect(samira.locator("h1")).to_have_text("Vigil for Idlib")
    assert samira.locator("script[type='application/ld+json']").count() == 1
    samira.fill("input[name=name]", "سميرة حداد")
    samira.fill("input[name=email]", "samira@example.org")
    samira.check("input[name=share_name]")
    samira.locator(".rsvp-box button[type=submit]").click()
    expect(samira.locator("h1")).to_have_text("تفقّد بريدك الإلكتروني")
    deliver()
    samira.goto(link_to(smtp, "samira@example.org", "/events/attending/"))
    expect(samira.locator("main")).to_contain_text("13 Kensington Palace Gardens")
    assert RSVP.objects.get().status == RSVP.Status.GOING
    assert violations == []

    deliver()
    confirmation = smtp.to("samira@example.org")[-1]
    assert "Vigil for Idlib" in confirmation.subject and 'dir="rtl"' in confirmation.html()
    assert actions.queue_reminders(now=event.starts_at - datetime.timedelta(hours=20)) == 1
    deliver()
    reminder = smtp.to("samira@example.org")[-1]
    assert reminder.subject.strip() == "غداً: Vigil for Idlib"
    assert "13 Kensington Palace Gardens" in reminder.text()

    rania.reload()
    expect(rania.locator(".attendee-names")).to_contain_text("سميرة حداد")
    assert "samira@example.org" not in rania.content()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_events_pages_are_accessible(new_page: Any, campaign: Any, language: str) -> None:
    event = make_event(campaign, capacity=1)
    page = new_page()
    violations = csp_violations(page)
    for path in (
        f"/{language}/c/save-idlib/events/",
        f"/{language}/c/save-idlib/events/{event.pk}/",
        f"/{language}/c/save-idlib/events/new/",
    ):
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert_accessible(page)
    page.goto(f"/{language}/c/save-idlib/events/new/")
    page.locator(".event-form button[type=submit]").click()  # everything missing
    expect(page.locator(".events-problems")).to_be_visible()
    assert_accessible(page)
    assert violations == []


def test_near_me_sends_only_a_rounded_position_after_consent(new_page: Any, campaign: Any) -> None:
    make_event(campaign, title="Berlin vigil", city="Berlin", country="DE", time_zone="Europe/Berlin")  # fmt: skip
    page = new_page(geolocation={"latitude": 52.520008, "longitude": 13.404954}, permissions=["geolocation"])  # fmt: skip

    page.goto("/en/c/save-idlib/events/")
    page.locator("[data-locate-button]").click()
    page.wait_for_url("**lat=52.52**")

    assert "lon=13.40" in page.url and "52.520008" not in page.url
    expect(page.locator(".events-list")).to_contain_text("Berlin vigil")
    expect(page.locator(".events-near")).to_contain_text("your location")


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_on_a_phone_the_map_is_fetched_only_when_asked_for(new_page: Any, campaign: Any) -> None:
    make_event(campaign)
    page = new_page(**PHONE)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))

    page.goto("/ar/c/save-idlib/events/", wait_until="networkidle")

    heavy = ("leaflet", "topojson", "countries-110m", "events.geojson")
    assert not [url for url in asked if any(name in url for name in heavy)]
    assert not page.locator("#events-map").is_visible()
    expect(page.locator(".events-list")).to_contain_text("Vigil for Idlib")
    assert_accessible(page)
    with translation.override("ar"):
        show = translation.gettext("Show the map")
    page.get_by_role("button", name=show).click()
    page.locator("#events-map path.leaflet-interactive").first.wait_for()
    assert page.locator("#events-map path.leaflet-interactive").count() == 1
    assert not page.locator("[data-map-offer]").is_visible()
    assert page.evaluate("document.activeElement.id") == "events-map"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_events_pages_are_light_on_a_phone(new_page: Any, campaign: Any, language: str) -> None:
    event = make_event(campaign)
    for path in ("events/", f"events/{event.pk}/", "events/new/"):
        weight = first_load_weight(new_page(**PHONE), f"/{language}/c/save-idlib/{path}")

        counted = sum(size for kind, size in weight.items() if kind not in NOT_COUNTED)
        figure = f"{language}/{path}: {counted / 1024:.1f} KB without images ({describe(weight)})"
        assert weight["document"] and weight["stylesheet"], figure
        assert counted < BUDGET, figure


def test_without_javascript_the_list_works_and_nothing_offers_what_needs_a_script(
    new_page: Any, campaign: Any
) -> None:
    make_event(campaign)
    page = new_page(java_script_enabled=False)

    page.goto("/en/c/save-idlib/events/?city=London")

    expect(page.locator(".events-list")).to_contain_text("Vigil for Idlib")
    assert not page.locator("[data-locate-button]").is_visible()
    assert not page.locator("[data-map-offer]").is_visible()
    assert not page.locator("#events-map").is_visible()
