"""Lobbying in a real browser, in English and Arabic: find your MP by constituency, write to
them in your own words, confirm your address from the mail, and the letter reaches the MP's
mail server with you in Reply-To; then call a UN mission and log the call. axe-core checks
every page on the way."""

import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from nidaa.campaigns.models import Campaign
from nidaa.lobbying import tasks
from nidaa.lobbying.models import Call, Letter
from nidaa.lobbying.tests.helpers import links
from nidaa.testing.axe import assert_accessible
from nidaa.testing.worker import MailWorker, mail_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MP = "alex.baker.mp@parliament.uk"
OWN_WORDS = {"en": "I am a nurse, and I care for people who fled Idlib.", "ar": "أنا ممرضة، وأعتني بأناس فرّوا من إدلب."}  # fmt: skip


@pytest.fixture
def site(settings: Any, live_server: Any, smtp: Any, lobby: Campaign) -> Iterator[Any]:
    """Mail goes out through the clock and the task worker, with links to the live server."""
    settings.NIDAA_SITE_URL = live_server.url
    with MailWorker(tasks.wake_mail_worker):
        yield smtp


def find_my_mp(page: Page, language: str) -> None:
    page.goto(f"/{language}/c/save-idlib/lobby/")
    assert_accessible(page)
    page.locator("select[name=country]").select_option("gb")
    page.locator("select[name=country]").locator("xpath=ancestor::form").locator("button").click()
    page.locator("input[name=constituency]").fill("Aldershot")
    page.locator("input[name=constituency]").locator("xpath=ancestor::form").locator("button").click()  # fmt: skip
    expect(page.locator(".lobby-target h3", has_text="Alex Baker")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize(("language", "name"), [("en", "Samira Haddad"), ("ar", "سميرة حداد")])
def test_a_supporter_finds_her_mp_writes_confirms_and_the_letter_arrives(
    page: Page, site: Any, language: str, name: str
) -> None:
    find_my_mp(page, language)
    page.locator("a[href*='/lobby/write/']", has_text="Alex Baker").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.locator("input[name=name]").fill(name)
    page.locator("input[name=email]").fill("samira@example.org")
    page.locator("input[name=town]").fill("Leeds")
    assert_accessible(page)
    page.locator("form button[type=submit]").click()

    letter = page.locator("textarea[name=body]")
    expect(letter).to_contain_text("Alex Baker")
    expect(letter).to_contain_text(name)
    assert_accessible(page)
    letter.fill(OWN_WORDS[language] + "\n\n" + letter.input_value())
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"**/{language}/c/save-idlib/lobby/check-email/")
    assert_accessible(page)

    [confirmation] = mail_to(site, "samira@example.org")
    assert not site.to(MP)  # nothing reaches the MP before the address is confirmed
    page.goto(urlsplit(links(confirmation.text())["confirm"]).path)
    expect(page.locator(".lobby-letter")).to_contain_text(OWN_WORDS[language])
    assert_accessible(page)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"**/{language}/c/save-idlib/lobby/sent/")
    assert_accessible(page)

    [delivered] = mail_to(site, MP)
    assert delivered.message["Reply-To"] == "samira@example.org"
    assert name in delivered.message["From"]
    assert OWN_WORDS[language] in delivered.text()
    sent = Letter.objects.get()
    assert sent.state == "sent" and sent.unedited is False and sent.language == language


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_supporter_calls_a_un_mission_and_logs_the_call(
    page: Page, site: Any, language: str
) -> None:
    page.goto(f"/{language}/c/save-idlib/lobby/")
    page.locator("a[href*='/lobby/call/']", has_text="Mission of France").click()
    expect(page.locator("a[href^='tel:']")).to_have_attribute("href", "tel:+12125550102")
    expect(page.locator(".lobby-script")).to_contain_text("Permanent Mission of France")
    assert_accessible(page)
    page.locator("input[name=outcome][value=voicemail]").check()
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/{language}/c/save-idlib/lobby/called/"))
    assert_accessible(page)

    call = Call.objects.get()
    assert (call.outcome, call.language) == ("voicemail", language)
    assert "Mission of France" in call.target_name


@pytest.mark.parametrize("javascript", [True, False])
def test_a_letter_to_a_senator_is_copied_for_the_contact_form(
    new_page: Callable[..., Page], site: Any, javascript: bool
) -> None:
    page = new_page(java_script_enabled=javascript)
    page.goto("/en/c/save-idlib/lobby/?country=us&postcode=10002")
    page.locator("a[href*='/lobby/write/']", has_text="Sadia Senator").click()
    page.locator("input[name=name]").fill("Samira Haddad")
    page.locator("input[name=town]").fill("Buffalo")
    page.locator("form button[type=submit]").click()
    page.locator("form button[type=submit]").click()

    expect(page.locator("#letter-text")).to_contain_text("Dear Sadia Senator,")
    expect(page.locator("a[href='https://senator.example.org/contact']")).to_be_visible()
    assert Letter.objects.get().state == "handed_over"
    copy = page.locator("[data-copy]")
    if not javascript:
        expect(copy).to_be_hidden()  # the copy button needs JavaScript
        return
    assert_accessible(page)  # axe runs as JavaScript in the page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    copy.click()
    expect(page.locator("#copy-status")).to_have_text("Copied.")
    assert "Dear Sadia Senator," in page.evaluate("() => navigator.clipboard.readText()")
