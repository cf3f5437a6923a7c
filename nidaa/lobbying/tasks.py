"""Mail for letters, sent by the task worker in batches, never in the request.

A letter is its own outbox (nidaa/core/outbox.py): `Letter.mail_due_at` says mail is owed,
and the letter's state says which:

- unconfirmed: its writer gets the link that confirms their address;
- queued: the target gets the letter, from the platform's address with the writer in
  Reply-To, unless the target already had NIDAA_LETTERS_PER_TARGET_DAY letters today: then
  it waits for the next day (a representative's mail server that sees hundreds of letters
  a day from one sender learns to call it spam, and then no letter arrives at all);
- sent: two weeks on (`actions.ask_about_replies`), its writer is asked whether the target
  replied.
"""

import logging
from datetime import datetime, timedelta
from email.utils import formataddr, parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task

from nidaa.core import outbox
from nidaa.core.emails import absolute_url, send_templated
from nidaa.lobbying import actions
from nidaa.lobbying.models import ContactChannel, Letter

logger = logging.getLogger(__name__)


def wake_mail_worker() -> bool:
    """Clock job: enqueue one send_due_mail task if letters owe mail and none is waiting."""
    return outbox.wake(Letter, send_due_mail)


@task()
def send_due_mail() -> str:
    """Send up to outbox.BATCH due mails; the task's result says how each went."""
    return outbox.send_batch(Letter, send_one)


def send_one(letter_id: int, claimed_until: datetime) -> str:
    """Send the mail the letter owes; what happened ("sent", "deferred", "retrying" …)."""
    letter = Letter.objects.select_related("campaign", "target").filter(pk=letter_id).first()
    if letter is None:
        return "gone"  # deleted (retention) before the mail went out
    if letter.state == Letter.State.UNCONFIRMED:
        return _mail_writer(letter, claimed_until, "confirm", "confirm")
    if letter.state == Letter.State.QUEUED:
        return _deliver(letter, claimed_until)
    if letter.state == Letter.State.SENT and letter.reply_asked_at is None and letter.email:
        return _mail_writer(
            letter, claimed_until, "reply_question", "reply", reply_asked_at=timezone.now()
        )
    outbox.settle(letter, claimed_until, due=None, attempts=0)
    return "nothing owed"


def _link(letter: Letter, name: str) -> str:
    secret = actions.new_token(letter)
    with translation.override(letter.language):
        path = reverse(f"lobbying:{name}", args=[letter.campaign.slug, letter.pk, secret])
    return absolute_url(path)


def _mail_writer(letter: Letter, claimed_until: datetime, mail: str, page: str, **done: Any) -> str:
    """Mail the letter's writer `mail` (templates lobbying/email/<mail>…) with a fresh link to
    `page`; once sent, the letter gets `done`."""
    context = {
        "letter": letter,
        "campaign": letter.campaign,
        "link": _link(letter, page),
        "link_days": settings.NIDAA_VERIFY_LINK_DAYS,
    }
    try:
        send_templated(f"lobbying/email/{mail}", letter.email, context, letter.language)
    except outbox.MAIL_ERRORS as error:
        return outbox.failed(letter, claimed_until, error, logger, f"letter {letter.pk}")
    outbox.settle(letter, claimed_until, due=None, attempts=0, **done)
    return "sent"


def _deliver(letter: Letter, claimed_until: datetime) -> str:
    address = target_email(letter)
    if address is None:
        logger.warning("Letter %s: its target has no email address any more", letter.pk)
        outbox.settle(letter, claimed_until, due=None, attempts=0, state=Letter.State.FAILED)
        return "no address"
    # Checked, then sent: two workers at once may send one letter more than the cap, which
    # is no harm; a lock per target would be.
    if actions.sent_today(letter.target_id or 0) >= settings.NIDAA_LETTERS_PER_TARGET_DAY:
        outbox.settle(letter, claimed_until, due=next_day(), attempts=letter.mail_attempts)
        return "deferred"
    try:
        send_letter(letter, address)
    except outbox.MAIL_ERRORS as error:
        outcome = outbox.failed(letter, claimed_until, error, logger, f"letter {letter.pk}")
        if outcome == "given up":
            Letter.objects.filter(pk=letter.pk).update(state=Letter.State.FAILED)
        return outcome
    outbox.settle(
        letter,
        claimed_until,
        due=None,
        attempts=0,
        state=Letter.State.SENT,
        sent_at=timezone.now(),
    )
    return "sent"


def next_day() -> datetime:
    """Midnight (UTC) tonight: when a target's daily cap starts again."""
    today = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    return today + timedelta(days=1)


def target_email(letter: Letter) -> str | None:
    """The target's email address valid today, first in staff's order."""
    if letter.target is None:
        return None
    today = timezone.localdate()
    channels = letter.target.channels.filter(kind=ContactChannel.Kind.EMAIL)
    for channel in channels.order_by("position", "pk"):
        if channel.is_valid_on(today):
            return channel.value
    return None


def send_letter(letter: Letter, address: str) -> None:
    """The letter as its writer wrote it, from the platform's address under the writer's
    name, with the writer in Reply-To: the target's answer goes straight to them. Text and
    HTML, with a footer that says how it came and whether it is the campaign's own words."""
    context = {
        "letter": letter,
        "campaign": letter.campaign,
        "SITE_NAME": settings.SITE_NAME,
        "LANGUAGE_CODE": letter.letter_language,
    }
    with translation.override(letter.letter_language):
        text = render_to_string("lobbying/email/letter.txt", context)
        html = render_to_string("lobbying/email/letter.html", context)
        shown = gettext("%(name)s via %(site)s") % {
            "name": letter.name,
            "site": settings.SITE_NAME,
        }
    sender = formataddr((shown, parseaddr(settings.DEFAULT_FROM_EMAIL)[1]))
    message = EmailMultiAlternatives(
        subject=letter.subject,
        body=text,
        from_email=sender,
        to=[address],
        reply_to=[letter.email],
    )
    message.attach_alternative(html, "text/html")
    message.send(fail_silently=False)
