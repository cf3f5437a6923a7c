"""Signing in a real browser, in English and Arabic: on the campaign page, through the email,
to the thank-you page and the count; again with the address in capitals; and without JavaScript."""

import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from nidaa.campaigns.models import Campaign
from nidaa.signatures import counts, tasks
from nidaa.signatures.models import Signature
from nidaa.signatures.tests.sign_helpers import links
from nidaa.testing.axe import assert_accessible
from nidaa.testing.worker import MailWorker, mail_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(settings: Any, live_server: Any, smtp: Any) -> Iterator[Any]:
    """Mail goes out through the clock and the task worker, with links to the live server."""
    settings.NIDAA_SITE_URL = live_server.url
    with MailWorker(tasks.wake_mail_worker):
        yield smtp


def sign_on(page: Page, path: str, name: str, email: str) -> None:
    page.goto(path)
    form = page.locator("#sign-individual form")
    form.locator("input[name=name]").fill(name)
    form.locator("input[name=email]").fill(email)
    form.locator("select[name=country]").select_option("SY")
    form.locator("input[name=show_publicly]").check()
    form.locator("button[type=submit]").click()
    # The form's address ends in #sign-individual (to show errors in place); it stays on.
    page.wait_for_url(re.compile(r"/sign/check-email/(#sign-individual)?$"))


def published_count(page: Page) -> int:
    counts.recount(Campaign.objects.get(), now=timezone.now() + timedelta(seconds=10))
    response = page.request.get("/c/save-idlib/count.json")
    assert response.ok
    return int(response.json()["signatures"])


@pytest.mark.parametrize(("language", "name"), [("en", "Samira Haddad"), ("ar", "سميرة حداد")])
def test_a_supporter_signs_verifies_and_is_counted_once(
    page: Page, demo_campaign: Campaign, site: Any, language: str, name: str
) -> None:
    before = published_count(page)
    sign_on(page, f"/{language}/c/save-idlib/", name, "samira@example.org")
    expect(page.locator("html")).to_have_attribute("lang", language)

    [mail] = mail_to(site, "samira@example.org")
    verify = urlsplit(links(mail.text())["verify"]).path
    assert verify.startswith(f"/{language}/")
    page.goto(verify)
    page.wait_for_url(f"**/{language}/c/save-idlib/thanks/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)

    signature = Signature.objects.get()
    assert signature.name == name and signature.verified_at and not signature.flagged
    assert published_count(page) == before + 1

    # The same address in capitals: the same page, mail to the owner, and no second signature.
    site.clear()
    sign_on(page, f"/{language}/c/save-idlib/", name, "SAMIRA@EXAMPLE.ORG")
    assert len(mail_to(site, "SAMIRA@EXAMPLE.ORG", "samira@example.org")) == 1
    assert Signature.objects.count() == 1
    assert published_count(page) == before + 1


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_sign_page_has_no_serious_accessibility_violation(
    page: Page, demo_campaign: Campaign, language: str
) -> None:
    page.goto(f"/{language}/c/save-idlib/sign/")
    expect(page.locator("#sign-organisation form")).to_be_visible()
    assert_accessible(page)
    # With the errors shown too.
    page.locator("#sign-organisation button[type=submit]").click()
    expect(page.locator("#sign-organisation [role=alert]")).to_be_visible()
    assert_accessible(page)


def test_without_javascript_the_signature_is_accepted_but_held(
    new_page: Callable[..., Page], demo_campaign: Campaign, site: Any
) -> None:
    page = new_page(java_script_enabled=False)
    sign_on(page, "/en/c/save-idlib/", "Samira Haddad", "samira@example.org")
    assert mail_to(site, "samira@example.org")
    signature = Signature.objects.get()
    assert signature.flagged and signature.flag_reason == "no proof of work"
