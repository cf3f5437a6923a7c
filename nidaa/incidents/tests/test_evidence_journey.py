"""Adding a photo in a real browser on a phone-sized screen, over a connection that drops.

Dana sends a photo of the crater; the connection drops while it is sent. Back on the form,
the description she typed is offered back (record.js keeps it on the phone); she chooses the
photo again and sends it. The item's page shows its fingerprint and custody. Huda reads the
custody log and the protected-site report. Every page passes axe-core, in English and Arabic.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from playwright.sync_api import Page, Route, expect

from nidaa.accounts import guard
from nidaa.incidents import custody
from nidaa.incidents.models import Evidence
from nidaa.incidents.tests.test_evidence_helpers import jpeg_with_location, use_private_storage
from nidaa.incidents.tests.test_record_helpers import make_record
from nidaa.incidents.tests.test_record_journey import PHONE, sign_in
from nidaa.testing.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESCRIPTION = {"en": "Crater in the vegetable market", "ar": "حفرة في سوق الخضار"}


@pytest.fixture(autouse=True)
def _empty_the_append_only_logs(transactional_db: None) -> Iterator[None]:
    """SQLite empties tables with DELETE after a transactional test, which the append-only
    triggers refuse: empty the audit and custody logs with them lifted, and put them back."""
    yield
    guard.remove_guard(connection)
    custody.remove_guard(connection)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {guard.TABLE}")  # noqa: S608 - constant table names
        cursor.execute(f"DELETE FROM {custody.TABLE}")  # noqa: S608
    guard.install_guard(connection)
    custody.install_guard(connection)


@pytest.fixture(autouse=True)
def storage(settings: Any, tmp_path: Path) -> Path:
    return use_private_storage(settings, tmp_path)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_photo_sent_over_a_dropping_connection_arrives_once(
    new_page: Any, documenter: User, verifier: User, tmp_path: Path, language: str
) -> None:
    photo = tmp_path / "IMG_0042.jpg"
    photo.write_bytes(jpeg_with_location())
    incident = make_record(documenter)
    page: Page = new_page(**PHONE)
    sign_in(page, documenter, language)

    page.goto(f"/{language}/record/evidence/{incident.code}/add/")
    assert_accessible(page)
    page.fill("textarea[name=description]", DESCRIPTION[language])
    page.set_input_files("input[name=file]", str(photo))

    def drop(route: Route) -> None:
        if route.request.method == "POST":
            route.abort("connectionreset")  # the upload never arrives
        else:
            route.continue_()

    page.route("**/add/", drop)
    page.locator("form.record-form button[type=submit]").click()
    page.wait_for_timeout(300)
    page.unroute("**/add/")
    assert not Evidence.objects.exists()

    page.goto(f"/{language}/record/evidence/{incident.code}/add/")
    expect(page.locator("[data-restore]")).to_be_visible()
    page.locator("[data-restore-yes]").click()
    expect(page.locator("textarea[name=description]")).to_have_value(DESCRIPTION[language])
    page.set_input_files("input[name=file]", str(photo))
    page.locator("form.record-form button[type=submit]").click()

    page.wait_for_url("**/record/evidence/*/")
    item = Evidence.objects.get()
    assert item.description == DESCRIPTION[language]
    expect(page.locator(".evidence-hash")).to_have_text(item.sha256)
    assert_accessible(page)
    # The kept copy of the form is gone once the item arrived.
    page.goto(f"/{language}/record/evidence/{incident.code}/add/")
    expect(page.locator("[data-restore]")).to_be_hidden()

    reader = new_page(**PHONE)
    sign_in(reader, verifier, language)
    for path in ("custody/", "protected-sites/", f"{item.pk}/"):
        reader.goto(f"/{language}/record/evidence/{path}")
        assert_accessible(reader)
