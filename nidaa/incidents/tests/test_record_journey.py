"""Recording and publishing an incident in a real browser, on a phone-sized screen.

Dana the documenter records a strike in English or Arabic. Her connection drops as she saves;
the form brings back what she typed and she saves again. She submits the record; Huda the
verifier checks, grades, verifies and publishes it. The form and the record's page pass axe-core
in both languages. A second journey loses the server's answer after the record was saved: the
form sent again finds that record instead of making a second one.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from playwright.sync_api import Page, Route, expect

from nidaa.accounts import guard
from nidaa.accounts.tests.helpers import code_for
from nidaa.incidents.models import Incident, Status
from nidaa.testing.axe import assert_accessible
from nidaa.testing.base import PASSWORD, totp_device

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
TEXT = {
    "en": {"title": "Air strike on Saraqib bakery", "narrative": "Two strikes at dawn.", "place": "Saraqib"},
    "ar": {"title": "غارة على مخبز سراقب", "narrative": "غارتان عند الفجر.", "place": "سراقب"},
}  # fmt: skip


@pytest.fixture(autouse=True)
def _empty_audit_log_before_the_flush(transactional_db: None) -> Iterator[None]:
    """Transactional tests end by emptying every table with DELETE, which the audit log's
    append-only trigger refuses on SQLite (see accounts/guard.py). The entries these journeys
    wrote are removed with the guard lifted for a moment, and the guard is back at once."""
    yield
    guard.remove_guard(connection)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {guard.TABLE}")  # noqa: S608 - a constant table name
    guard.install_guard(connection)


def sign_in(page: Page, user: User, language: str) -> None:
    """Through the real sign-in pages: password, then the code from the authenticator app."""
    device = totp_device(user)
    page.goto(f"/{language}/accounts/login/")
    page.fill("input[name=username]", user.get_username())
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.fill("input[name=code]", code_for(device))
    page.locator("form:has(input[name=code]) button[type=submit]").click()
    page.wait_for_url("**/staff/")


def fill_the_form(page: Page, language: str) -> None:
    text = TEXT[language]
    page.fill(f"input[name=title_{language}]", text["title"])
    page.fill(f"textarea[name=narrative_{language}]", text["narrative"])
    page.fill("input[name=started_on]", "2019-12-22")
    page.fill("input[name=place_en]" if language == "en" else "input[name=place_ar]", text["place"])
    page.fill("input[name=latitude]", "35.8643")
    page.fill("input[name=longitude]", "36.8056")
    page.select_option("select[name=location_mode]", "rounded")
    page.fill("input[name=strikes]", "2")
    page.fill("input[name=killed_min]", "3")
    page.fill("input[name=killed_max]", "4")
    page.fill("input[name=attributions-0-new_actor_name]", "Russian Air Force")
    page.select_option("select[name=objects_hit-0-kind]", "bakery")
    page.fill("input[name=sources-0-publisher]", "Syria Civil Defence")
    # A second source row, added in the page by record.js.
    page.locator("[data-formset=sources] [data-add-row]").click()
    page.fill("input[name=sources-1-publisher]", "Field team north")


def local_copies(page: Page) -> list[str]:
    keys: list[str] = page.evaluate("() => Object.keys(localStorage)")
    return [key for key in keys if key.startswith("nidaa-record:")]


def save_offline_then_restore(page: Page, language: str) -> None:
    page.context.set_offline(True)
    page.locator(".record-form button[type=submit]:not([name])").click(no_wait_after=True)
    page.wait_for_timeout(500)
    page.context.set_offline(False)
    assert not Incident.objects.exists()

    page.goto(f"/{language}/record/new/")
    offer = page.locator("[data-restore]")
    expect(offer).to_be_visible()
    expect(page.locator(f"input[name=title_{language}]")).to_have_value("")
    offer.locator("[data-restore-yes]").click()
    expect(offer).to_be_hidden()
    expect(page.locator(f"input[name=title_{language}]")).to_have_value(TEXT[language]["title"])
    expect(page.locator("input[name=sources-1-publisher]")).to_have_value("Field team north")


def take_step(page: Page, label_action: str) -> None:
    form = page.locator(f"form.record-move:has(input[name=action][value={label_action}])")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_dana_records_through_a_dropped_connection_and_huda_publishes(
    new_page: Any, documenter: User, verifier: User, language: str
) -> None:
    page = new_page(**PHONE)
    sign_in(page, documenter, language)
    page.goto(f"/{language}/record/new/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page)

    fill_the_form(page, language)
    save_offline_then_restore(page, language)
    page.locator(".record-form button[type=submit]:not([name])").click()
    page.wait_for_url(f"**/{language}/record/NID-*/")

    incident = Incident.objects.get()
    assert incident.title(language) == TEXT[language]["title"]
    assert sorted(s.publisher for s in incident.sources.all()) == ["Field team north", "Syria Civil Defence"]  # fmt: skip
    assert incident.attributions.get().actor.name == "Russian Air Force"
    assert local_copies(page) == []
    assert_accessible(page)

    take_step(page, "submit")
    incident.refresh_from_db()
    assert incident.status == Status.SUBMITTED

    huda = new_page(**PHONE)
    sign_in(huda, verifier, language)
    huda.goto(f"/{language}/record/")
    huda.locator(f"a[href$='/record/{incident.code}/']").first.click()
    take_step(huda, "start_verification")
    huda.select_option("select[name=grade]", "fair")
    take_step(huda, "verify")
    take_step(huda, "publish")
    assert_accessible(huda)

    incident.refresh_from_db()
    assert incident.status == Status.PUBLISHED and incident.grade == "fair"
    assert incident.verified_by == verifier and incident.published_at is not None
    history = huda.locator(".record-history > li")
    # The record and its four rows created, then submitted, in verification, verified, published.
    expect(history).to_have_count(9)
    expect(history.first).to_contain_text("huda")


def test_a_form_sent_again_after_its_answer_was_lost_makes_one_record(
    new_page: Any, documenter: User
) -> None:
    page = new_page(**PHONE)
    sign_in(page, documenter, "en")
    page.goto("/en/record/new/")
    fill_the_form(page, "en")

    def lose_the_answer(route: Route) -> None:
        if route.request.method == "POST":
            route.fetch()  # the server receives the form and saves it...
            route.abort("connectionreset")  # ...but its answer never arrives
        else:
            route.continue_()

    page.route("**/record/new/", lose_the_answer)
    page.locator(".record-form button[type=submit]:not([name])").click(no_wait_after=True)
    page.wait_for_timeout(1000)
    page.unroute("**/record/new/")
    assert Incident.objects.count() == 1

    page.goto("/en/record/new/")
    page.locator("[data-restore-yes]").click()
    page.locator(".record-form button[type=submit]:not([name])").click()
    page.wait_for_url("**/en/record/NID-*/")

    assert Incident.objects.count() == 1
    assert page.url.endswith(f"/record/{Incident.objects.get().code}/")
    assert local_copies(page) == []
