"""Signing in a real browser, in English and Arabic: on the campaign page, through the email,
to the thank-you page and the count; again with the address in capitals; and without JavaScript."""

import re
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from playwright.sync_api import Page, expect

from nidaa.campaigns.models import Campaign
from nidaa.signatures import counts, tasks
from nidaa.signatures.models import Signature
from nidaa.signatures.tests.sign_helpers import links
from nidaa.testing.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class MailWorker:
    """The clock's mail job and the task worker, in threads beside the live server, as
    `manage.py serve` runs them beside gunicorn (only faster, so the journeys wait less)."""

    def __init__(self) -> None:
        self.worker = Worker(
            queue_names=["default"], interval=0.1, batch=False, backend_name="default",
            startup_delay=False, max_tasks=None, worker_id="journey", excluded_queue_names=[],
        )  # fmt: skip
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(job,)) for job in (self._clock, self.worker.run)]  # fmt: skip

    def _clock(self) -> None:
        while not self.stopping.wait(0.1):
            tasks.wake_mail_worker()

    @staticmethod
    def _run(job: Callable[[], None]) -> None:
        try:
            job()
        finally:
            connection.close()

    def __enter__(self) -> "MailWorker":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.worker.running = False
        for thread in self.threads:
            thread.join()


@pytest.fixture
def site(settings: Any, live_server: Any, smtp: Any) -> Iterator[Any]:
    """Mail goes out through the clock and the task worker, with links to the live server."""
    settings.NIDAA_SITE_URL = live_server.url
    with MailWorker():
        yield smtp


def mail_to(smtp: Any, *addresses: str, seconds: float = 10) -> list[Any]:
    """The mail to these addresses, once some has come (the worker sends it within seconds)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = [mail for address in addresses for mail in smtp.to(address)]
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"no mail to {', '.join(addresses)} within {seconds} s")


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
