"""Everything that changes a letter or logs a call goes through these functions.

A letter by email moves: unconfirmed (its writer is owed the confirmation mail) → queued
(confirmed; the target is owed the letter) → sent (and, REPLY_ASK_DAYS later, its writer is
owed the question whether the target replied). A letter through a contact form is handed over
at once and keeps no personal data. The mail itself is tasks.py's.
"""

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from nidaa.campaigns.models import Campaign
from nidaa.lobbying.models import Call, Letter, Target

# What a letter by email keeps of its writer; erased after NIDAA_LETTER_RETENTION_DAYS.
PERSONAL_FIELDS = {"name": "", "email": "", "town": "", "subject": "", "body": ""}


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _about(target: Target) -> dict[str, Any]:
    return {"target": target, "target_name": target.name, "target_country": target.country}


def write_letter(
    campaign: Campaign,
    target: Target,
    fields: dict[str, str],
    language: str,
    letter_language: str,
    unedited: bool,
) -> Letter:
    """Store a letter by email (name, email, town, subject, body in `fields`); its writer is
    now owed the mail that asks them to confirm it. Nothing reaches the target before that."""
    return Letter.objects.create(
        campaign=campaign,
        **_about(target),
        channel=Letter.Channel.EMAIL,
        state=Letter.State.UNCONFIRMED,
        language=language,
        letter_language=letter_language,
        unedited=unedited,
        mail_due_at=timezone.now(),
        **fields,
    )


def hand_over_letter(
    campaign: Campaign, target: Target, language: str, letter_language: str, unedited: bool
) -> Letter:
    """Count a letter its writer sends through the target's contact form or by post. Only the
    fact is kept: the text and the writer stay on their side."""
    return Letter.objects.create(
        campaign=campaign,
        **_about(target),
        channel=Letter.Channel.CONTACT_FORM,
        state=Letter.State.HANDED_OVER,
        language=language,
        letter_language=letter_language,
        unedited=unedited,
    )


def new_token(letter: Letter) -> str:
    """A fresh single-use secret for the link in the next mail; earlier links stop working."""
    secret = secrets.token_urlsafe(24)
    Letter.objects.filter(pk=letter.pk).update(
        token_hash=hash_secret(secret), token_sent_at=timezone.now()
    )
    return secret


def find_by_token(letter_id: int, secret: str, state: str) -> Letter | None:
    """The letter in `state` whose last link carried `secret`, while the link is valid."""
    letter = Letter.objects.select_related("target", "campaign").filter(pk=letter_id).first()
    if letter is None or letter.state != state or not letter.token_hash or not secret:
        return None
    if not secrets.compare_digest(letter.token_hash, hash_secret(secret)):
        return None
    sent = letter.token_sent_at
    if sent is None or timezone.now() - sent > timedelta(days=settings.NIDAA_VERIFY_LINK_DAYS):
        return None
    return letter


def confirm_letter(letter_id: int, secret: str) -> Letter | None:
    """Its writer confirmed their address: the letter is queued for the target. Once only."""
    with transaction.atomic():
        letter = find_by_token(letter_id, secret, Letter.State.UNCONFIRMED)
        if letter is None:
            return None
        # The filter on the state makes a double click (two requests at once) confirm once.
        done = Letter.objects.filter(pk=letter.pk, state=Letter.State.UNCONFIRMED).update(
            state=Letter.State.QUEUED,
            confirmed_at=timezone.now(),
            token_hash="",
            mail_due_at=timezone.now(),
            mail_attempts=0,
        )
    if not done:
        return None
    letter.refresh_from_db()
    return letter


def record_reply(letter_id: int, secret: str, replied: bool) -> Letter | None:
    """The writer says whether the target replied; the answer can be changed while the link
    works."""
    letter = find_by_token(letter_id, secret, Letter.State.SENT)
    if letter is None or letter.reply_asked_at is None:
        return None
    Letter.objects.filter(pk=letter.pk).update(replied=replied, replied_at=timezone.now())
    letter.refresh_from_db()
    return letter


def log_call(campaign: Campaign, target: Target, outcome: str, language: str) -> Call:
    return Call.objects.create(
        campaign=campaign, **_about(target), outcome=outcome, language=language
    )


def sent_today(target_id: int, now: datetime | None = None) -> int:
    """Letters sent to the target since midnight (UTC): what the daily cap counts."""
    midnight = (now or timezone.now()).replace(hour=0, minute=0, second=0, microsecond=0)
    return Letter.objects.filter(target_id=target_id, sent_at__gte=midnight).count()


def ask_about_replies(now: datetime | None = None) -> int:
    """Clock job: writers of letters sent NIDAA_REPLY_ASK_DAYS ago are owed the question
    whether the target replied. Safe to run late or twice: each letter is asked once."""
    now = now or timezone.now()
    due = Letter.objects.filter(
        state=Letter.State.SENT,
        sent_at__lte=now - timedelta(days=settings.NIDAA_REPLY_ASK_DAYS),
        reply_asked_at__isnull=True,
        mail_due_at__isnull=True,
        erased_at__isnull=True,
    ).exclude(email="")
    return due.update(mail_due_at=now, mail_attempts=0)


def expire_letters(now: datetime | None = None) -> int:
    """Clock job: delete letters never confirmed after NIDAA_UNVERIFIED_RETENTION_DAYS, and
    erase the writer and the text of the others NIDAA_LETTER_RETENTION_DAYS after they were
    written (the counts stay). Returns how many letters it deleted or erased."""
    now = now or timezone.now()
    unconfirmed = Letter.objects.filter(
        state=Letter.State.UNCONFIRMED,
        created__lt=now - timedelta(days=settings.NIDAA_UNVERIFIED_RETENTION_DAYS),
    )
    deleted, _ = unconfirmed.delete()
    old = Letter.objects.filter(
        created__lt=now - timedelta(days=settings.NIDAA_LETTER_RETENTION_DAYS),
        erased_at__isnull=True,
        channel=Letter.Channel.EMAIL,
    ).exclude(state=Letter.State.UNCONFIRMED)
    # A letter still waiting to go out keeps what it needs to be sent.
    old = old.exclude(Q(state=Letter.State.QUEUED) & Q(mail_due_at__isnull=False))
    erased = old.update(**PERSONAL_FIELDS, token_hash="", mail_due_at=None, erased_at=now)
    return deleted + erased
