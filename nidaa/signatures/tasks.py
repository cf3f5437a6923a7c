"""Mail for signers, sent by the task worker in batches, never in the request.

Signing only marks the signature as owed mail (`Signature.mail_due_at`): one row written, no
task. Every second the clock's `wake_mail_worker` enqueues one `send_due_mail` task if mail is
due and no such task is waiting, and the worker sends up to BATCH due mails per task.

A mail server that is down delays mail and loses none: a failed mail is due again after a
growing delay (1, 2, 4 … minutes, at most an hour), up to NIDAA_MAIL_ATTEMPTS attempts. Staff
see the failed attempts and the next try on the signature, each task's result counts what it
sent, and a final failure is logged as an error.
"""

import logging
import smtplib
import time
from collections import Counter
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from nidaa.core.emails import absolute_url, send_templated
from nidaa.signatures.actions import Links, new_links
from nidaa.signatures.models import Signature

logger = logging.getLogger(__name__)

MAIL_ERRORS = (smtplib.SMTPException, OSError)
# Mails one task sends at most; the clock enqueues another task for the rest.
BATCH = 100
# A claimed mail is due again after this long, in case its worker dies while sending.
LEASE = timedelta(minutes=10)
# A task stops sending after this long and gives back the rest, so that a mail server that
# times out on every message (EMAIL_TIMEOUT each) never keeps a batch past its lease.
BUDGET_SECONDS = 120


def retry_delay(attempt: int) -> timedelta:
    return timedelta(minutes=min(2 ** (attempt - 1), 60))


def wake_mail_worker() -> bool:
    """Clock job: enqueue one send_due_mail task if mail is due and none is waiting to run.

    One waiting task at a time, so a worker that is down finds one task, not thousands, when
    it comes back. Returns whether a task was enqueued."""
    if not Signature.objects.filter(mail_due_at__lte=timezone.now()).exists():
        return False
    if DBTaskResult.objects.ready().filter(task_path=send_due_mail.module_path).exists():
        return False
    send_due_mail.enqueue()
    return True


@task()
def send_due_mail() -> str:
    """Send up to BATCH due mails; the task's result says how each went."""
    now = timezone.now()
    claimed_until = now + LEASE
    claimed = claim_due_mail(now, claimed_until)
    outcomes: Counter[str] = Counter()
    deadline = time.monotonic() + BUDGET_SECONDS
    for index, signature_id in enumerate(claimed):
        if time.monotonic() > deadline:
            give_back(claimed[index:], claimed_until)
            outcomes["given back"] = len(claimed) - index
            break
        outcomes[send_one(signature_id, claimed_until)] += 1
    return ", ".join(f"{n} {outcome}" for outcome, n in sorted(outcomes.items())) or "none due"


def claim_due_mail(now: datetime, claimed_until: datetime) -> list[int]:
    """Take up to BATCH due mails, oldest first, by moving them to `claimed_until`: another
    worker running at the same time skips them, and they are due again if this one dies."""
    with transaction.atomic():
        due = Signature.objects.filter(mail_due_at__lte=now).order_by("mail_due_at")
        # SQLite ignores FOR UPDATE: its transactions (IMMEDIATE) already write one at a time.
        ids = list(due.select_for_update(skip_locked=True).values_list("pk", flat=True)[:BATCH])
        Signature.objects.filter(pk__in=ids).update(mail_due_at=claimed_until)
    return ids


def give_back(signature_ids: list[int], claimed_until: datetime) -> None:
    """Claimed mails this task will not send are due again at once."""
    claimed = Signature.objects.filter(pk__in=signature_ids, mail_due_at=claimed_until)
    claimed.update(mail_due_at=timezone.now())


def send_one(signature_id: int, claimed_until: datetime) -> str:
    """Send the signer their link: to verify, or (already verified) a reminder that they
    signed. Returns what happened: "sent", "retrying", "given up" or "gone"."""
    signature = Signature.objects.select_related("campaign").filter(pk=signature_id).first()
    if signature is None:
        return "gone"  # withdrawn or deleted before the mail went out
    links = new_links(signature)
    name = "signatures/email/already_signed" if signature.verified_at else "signatures/email/verify"
    context = {
        "signature": signature,
        "campaign": signature.campaign,
        "link_days": settings.NIDAA_VERIFY_LINK_DAYS,
        **_urls(signature, links),
    }
    try:
        send_templated(name, signature.email, context, signature.language)
    except MAIL_ERRORS as error:
        return _failed(signature, claimed_until, error)
    _settle(signature, claimed_until, due=None, attempts=0)
    return "sent"


def _urls(signature: Signature, links: Links) -> dict[str, str]:
    with translation.override(signature.language):
        slug = signature.campaign.slug
        verify = reverse("signatures:verify", args=[slug, signature.pk, links.verify])
        withdraw = reverse("signatures:withdraw", args=[slug, signature.pk, links.withdraw])
    return {"verify_url": absolute_url(verify), "withdraw_url": absolute_url(withdraw)}


def _failed(signature: Signature, claimed_until: datetime, error: Exception) -> str:
    attempts = signature.mail_attempts + 1
    if attempts >= settings.NIDAA_MAIL_ATTEMPTS:
        logger.error("Giving up on mail for signature %s after %s attempts: %s", signature.pk, attempts, error)  # fmt: skip
        _settle(signature, claimed_until, due=None, attempts=attempts)
        return "given up"
    logger.warning("Mail for signature %s failed (attempt %s), retrying: %s", signature.pk, attempts, error)  # fmt: skip
    _settle(signature, claimed_until, due=timezone.now() + retry_delay(attempts), attempts=attempts)
    return "retrying"


def _settle(
    signature: Signature, claimed_until: datetime, due: datetime | None, attempts: int
) -> None:
    # Only while still claimed: a signer who asked again meanwhile is owed a fresh mail.
    claimed = Signature.objects.filter(pk=signature.pk, mail_due_at=claimed_until)
    claimed.update(mail_due_at=due, mail_attempts=attempts)
