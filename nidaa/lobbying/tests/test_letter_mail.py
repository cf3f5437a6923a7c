"""A letter's mail, over real SMTP, sent by the worker: the writer confirms their address,
the letter goes to the target from the platform with the writer in Reply-To (at most
NIDAA_LETTERS_PER_TARGET_DAY a day), and two weeks on the writer is asked about a reply."""

import datetime
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from nidaa.campaigns.models import Campaign
from nidaa.lobbying import actions
from nidaa.lobbying.models import Letter, Target
from nidaa.lobbying.tests.helpers import filled_letter, links, send_due_mail, target, write_url
from nidaa.testing.smtp import free_port

pytestmark = pytest.mark.django_db


def write(client: Client, who: Target, language: str = "en", edit: str = "") -> Letter:
    data = filled_letter(client, who, language)
    data["body"] = edit + data["body"]
    assert client.post(write_url(who, language), data).status_code == 302
    return Letter.objects.latest("pk")


def confirm_from_mail(client: Client, smtp: Any, address: str = "samira@example.org") -> str:
    """Follow the link in the confirmation mail, and press the button; the link's path."""
    [mail] = smtp.to(address)
    path = urlsplit(links(mail.text())["confirm"]).path
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302, response.status_code
    return path


def test_the_writer_is_asked_to_confirm_and_nothing_reaches_the_target_before(
    client: Client, lobby: Campaign, smtp: Any, site: Any
) -> None:
    letter = write(client, target("Alex Baker"))

    assert send_due_mail() == "1 sent"

    [mail] = smtp.messages
    assert mail.rcpt_tos == ["samira@example.org"]
    assert mail.subject == "Confirm your letter to Alex Baker"
    assert "Hello Samira Haddad," in mail.text() and "7 days" in mail.text()
    confirm = links(mail.text())["confirm"]
    assert confirm.startswith(f"http://testserver/en/c/save-idlib/lobby/confirm/{letter.pk}/")
    assert confirm in mail.html() and 'dir="ltr"' in mail.html()
    letter.refresh_from_db()
    assert letter.state == "unconfirmed" and letter.mail_due_at is None


def test_the_subject_names_the_target_as_written_not_as_html(
    client: Client, lobby: Campaign, smtp: Any, site: Any
) -> None:
    Target.objects.filter(name="Alex Baker").update(name="Alex O'Baker & Co")
    write(client, target("Alex O'Baker & Co"))

    send_due_mail()

    [mail] = smtp.messages
    assert mail.subject == "Confirm your letter to Alex O'Baker & Co"


def test_following_the_link_alone_sends_nothing(
    client: Client, lobby: Campaign, smtp: Any, site: Any
) -> None:
    write(client, target("Alex Baker"))
    send_due_mail()
    path = urlsplit(links(smtp.messages[0].text())["confirm"]).path

    page = client.get(path).content.decode()  # what a mail scanner does

    assert "Send my letter" in page and "Dear Alex Baker," in page
    assert Letter.objects.get().state == "unconfirmed"


def test_a_confirmed_letter_goes_to_the_target_with_the_writer_in_reply_to(
    client: Client, lobby: Campaign, smtp: Any, site: Any, settings: Any
) -> None:
    settings.DEFAULT_FROM_EMAIL = "Nidaa <noreply@campaign.example.org>"
    write(client, target("Alex Baker"), edit="As a nurse in Leeds, I see what war does.\n\n")
    send_due_mail()
    confirm_from_mail(client, smtp)
    smtp.clear()

    assert send_due_mail() == "1 sent"

    [mail] = smtp.messages
    assert mail.rcpt_tos == ["alex.baker.mp@parliament.uk"]
    assert mail.mail_from == "noreply@campaign.example.org"
    assert mail.message["From"] == "Samira Haddad via Nidaa <noreply@campaign.example.org>"
    assert mail.message["Reply-To"] == "samira@example.org"
    assert mail.subject == "Protect the civilians of Idlib"
    text = mail.text().replace("\r\n", "\n")
    assert text.startswith("As a nurse in Leeds, I see what war does.\n\nDear Alex Baker,")
    assert "confirmed their email address" in text
    assert "without changing it" not in text
    assert "As a nurse in Leeds" in mail.html()
    letter = Letter.objects.get()
    assert letter.state == "sent" and letter.sent_at and letter.mail_due_at is None


def test_an_unedited_letter_says_so_to_its_reader(
    client: Client, lobby: Campaign, smtp: Any, site: Any
) -> None:
    write(client, target("Alex Baker"))
    send_due_mail()
    confirm_from_mail(client, smtp)
    smtp.clear()
    send_due_mail()

    assert "suggested letter without changing it" in smtp.messages[0].text()


def test_a_link_works_once(client: Client, lobby: Campaign, smtp: Any, site: Any) -> None:
    write(client, target("Alex Baker"))
    send_due_mail()
    path = confirm_from_mail(client, smtp)

    again = client.get(path)

    assert again.status_code == 410
    assert "This link does not work" in again.content.decode()


def test_an_old_link_does_not_work(client: Client, lobby: Campaign, smtp: Any, site: Any) -> None:
    letter = write(client, target("Alex Baker"))
    send_due_mail()
    Letter.objects.filter(pk=letter.pk).update(token_sent_at=timezone.now() - datetime.timedelta(days=8))  # fmt: skip
    path = urlsplit(links(smtp.messages[0].text())["confirm"]).path

    assert client.post(path).status_code == 410
    assert Letter.objects.get().state == "unconfirmed"


def test_the_confirmation_mail_in_arabic_is_right_to_left(
    client: Client, lobby: Campaign, smtp: Any, site: Any
) -> None:
    write(client, target("Alex Baker"), language="ar")
    send_due_mail()

    [mail] = smtp.messages
    assert "Alex Baker" in mail.subject and "أكّد" in mail.subject
    assert 'lang="ar" dir="rtl"' in mail.html()
    assert "/ar/c/save-idlib/lobby/confirm/" in links(mail.text())["confirm"]


def test_a_target_gets_at_most_the_daily_cap_and_the_rest_waits_a_day(
    client: Client, lobby: Campaign, smtp: Any, settings: Any
) -> None:
    settings.NIDAA_LETTERS_PER_TARGET_DAY = 2
    alex = target("Alex Baker")
    for number in range(3):
        Letter.objects.create(
            campaign=lobby, target=alex, target_name=alex.name, channel="email", state="queued",
            language="en", letter_language="en", name=f"Writer {number}",
            email=f"w{number}@example.org", town="Leeds", subject="Idlib", body="Please act.",
            mail_due_at=timezone.now(),
        )  # fmt: skip

    assert send_due_mail() == "1 deferred, 2 sent"

    assert len(smtp.to("alex.baker.mp@parliament.uk")) == 2
    waiting = Letter.objects.get(state="queued")
    tomorrow = timezone.now().date() + datetime.timedelta(days=1)
    assert waiting.mail_due_at is not None and waiting.mail_due_at.date() == tomorrow


def test_a_mail_server_that_is_down_delays_the_letter_and_gives_up_loudly(
    client: Client, lobby: Campaign, smtp: Any, settings: Any
) -> None:
    alex = target("Alex Baker")
    letter = Letter.objects.create(
        campaign=lobby, target=alex, target_name=alex.name, channel="email", state="queued",
        language="en", letter_language="en", name="Samira", email="samira@example.org",
        town="Leeds", subject="Idlib", body="Please act.", mail_due_at=timezone.now(),
    )  # fmt: skip
    settings.EMAIL_PORT = free_port()  # nothing listens there

    assert send_due_mail() == "1 retrying"
    letter.refresh_from_db()
    assert letter.state == "queued" and letter.mail_attempts == 1 and letter.mail_due_at

    settings.NIDAA_MAIL_ATTEMPTS = 2
    Letter.objects.filter(pk=letter.pk).update(mail_due_at=timezone.now())
    assert send_due_mail() == "1 given up"
    letter.refresh_from_db()
    assert letter.state == "failed" and letter.mail_due_at is None


def test_two_weeks_on_the_writer_is_asked_about_a_reply_and_it_is_counted(
    client: Client, lobby: Campaign, smtp: Any, site: Any
) -> None:
    write(client, target("Alex Baker"))
    send_due_mail()
    confirm_from_mail(client, smtp)
    send_due_mail()
    smtp.clear()
    assert actions.ask_about_replies() == 0  # not yet

    later = timezone.now() + datetime.timedelta(days=14, minutes=1)
    assert actions.ask_about_replies(now=later) == 1
    assert actions.ask_about_replies(now=later) == 0  # asked once only
    Letter.objects.update(mail_due_at=timezone.now())
    assert send_due_mail() == "1 sent"

    [mail] = smtp.to("samira@example.org")
    assert mail.subject == "Did Alex Baker reply to your letter?"
    path = urlsplit(links(mail.text())["reply"]).path
    assert "Did you get a reply?" in client.get(path).content.decode()
    done = client.post(path, {"replied": "yes"})
    assert done.status_code == 200 and "Your answer is counted" in done.content.decode()
    letter = Letter.objects.get()
    assert letter.replied is True and letter.reply_asked_at is not None
    assert "<dt>replies received</dt><dd>1</dd>" in client.get("/en/c/save-idlib/lobby/").content.decode()  # fmt: skip


def test_unconfirmed_letters_are_deleted_and_old_ones_forget_their_writer(
    client: Client, lobby: Campaign, settings: Any
) -> None:
    alex = target("Alex Baker")
    long_ago = timezone.now() - datetime.timedelta(days=61)
    common = {
        "campaign": lobby, "target": alex, "target_name": alex.name, "channel": "email",
        "language": "en", "letter_language": "en", "name": "Samira", "email": "s@example.org",
        "town": "Leeds", "subject": "Idlib", "body": "Please act.", "created": long_ago,
    }  # fmt: skip
    Letter.objects.create(**common, state="unconfirmed")
    sent = Letter.objects.create(**common, state="sent", sent_at=long_ago, replied=True)
    recent = Letter.objects.create(**{**common, "created": timezone.now()}, state="sent")

    assert actions.expire_letters() == 2

    assert list(Letter.objects.order_by("pk")) == [sent, recent]
    sent.refresh_from_db()
    assert (sent.name, sent.email, sent.town, sent.body) == ("", "", "", "")
    assert sent.erased_at and sent.replied is True  # the counts stay
    recent.refresh_from_db()
    assert recent.email == "s@example.org"
