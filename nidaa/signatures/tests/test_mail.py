"""The signer's mail, sent over real SMTP by the worker: in their language, with working links;
a mail server that is down delays the mail and loses none."""

from typing import Any
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from nidaa.campaigns.demo_content import TEXTS
from nidaa.campaigns.models import Campaign
from nidaa.signatures.models import Signature
from nidaa.signatures.tests.sign_helpers import SIGN_URL, individual, links, send_queued_mail
from nidaa.testing.smtp import free_port

pytestmark = pytest.mark.django_db


def path(url: str) -> str:
    return urlsplit(url).path


def test_the_verification_mail_in_english(
    client: Client, demo_campaign: Campaign, smtp: Any
) -> None:
    client.post(SIGN_URL.format(language="en"), individual(email="samira@example.org"))
    send_queued_mail()

    [mail] = smtp.to("samira@example.org")
    title = str(TEXTS["en"]["title"])
    assert mail.subject == f"Confirm your signature: {title}"
    assert mail.message["Auto-Submitted"] == "auto-generated"
    text, html = mail.text(), mail.html()
    found = links(text)
    assert set(found) == {"verify", "withdraw"}
    assert "7 days" in text and "If you did not sign, you can ignore this email" in text
    assert found["verify"] in html and found["withdraw"] in html
    assert 'lang="en" dir="ltr"' in html and "<img" not in html
    assert path(found["verify"]).startswith("/en/c/save-idlib/verify/")

    response = client.get(path(found["verify"]))
    assert response["Location"] == "/en/c/save-idlib/thanks/"
    assert Signature.objects.get().verified_at is not None


def test_the_verification_mail_in_arabic_is_right_to_left(
    client: Client, demo_campaign: Campaign, smtp: Any
) -> None:
    client.post(SIGN_URL.format(language="ar"), individual(name="سميرة حداد"))
    send_queued_mail()

    [mail] = smtp.messages
    title = str(TEXTS["ar"]["title"])
    assert title in mail.subject
    html = mail.html()
    assert 'lang="ar" dir="rtl"' in html and "سميرة حداد" in html and title in html
    verify = links(mail.text())["verify"]
    assert path(verify).startswith("/ar/c/save-idlib/verify/")
    assert client.get(path(verify))["Location"] == "/ar/c/save-idlib/thanks/"


def test_signing_again_after_verifying_mails_already_signed(
    client: Client, demo_campaign: Campaign, smtp: Any
) -> None:
    client.post(SIGN_URL.format(language="en"), individual())
    send_queued_mail()
    client.get(path(links(smtp.messages[0].text())["verify"]))
    smtp.clear()

    client.post(SIGN_URL.format(language="en"), individual(email="SAMIRA@example.org"))
    send_queued_mail()

    [mail] = smtp.messages
    assert mail.subject.startswith("You have already signed")
    assert "verify" not in links(mail.text()) and "withdraw" in links(mail.text())
    assert "no second signature was made" in mail.text()
    assert Signature.objects.count() == 1


def test_the_withdraw_link_in_the_mail_works(
    client: Client, demo_campaign: Campaign, smtp: Any
) -> None:
    client.post(SIGN_URL.format(language="en"), individual())
    send_queued_mail()
    withdraw = path(links(smtp.messages[0].text())["withdraw"])
    assert client.post(withdraw).status_code == 200
    assert not Signature.objects.exists()


def test_a_mail_server_that_is_down_delays_the_mail_and_loses_none(
    client: Client, demo_campaign: Campaign, settings: Any, smtp: Any
) -> None:
    up = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nothing listens there
    client.post(SIGN_URL.format(language="en"), individual())

    assert send_queued_mail() == "1 retrying"

    signature = Signature.objects.get()
    assert signature.mail_attempts == 1
    assert signature.mail_due_at is not None and signature.mail_due_at > timezone.now()
    assert not smtp.messages and send_queued_mail() == "none due"  # not before its time

    settings.EMAIL_PORT = up
    with mock.patch("django.utils.timezone.now", return_value=signature.mail_due_at):
        assert send_queued_mail() == "1 sent"
    [mail] = smtp.messages
    assert client.get(path(links(mail.text())["verify"])).status_code == 302
    signature.refresh_from_db()
    assert (signature.mail_due_at, signature.mail_attempts) == (None, 0)
