"""Mail to hosts and attendees, sent by the task worker from the outbox (`Mail`), never in a
request, each in its reader's language.

A step that owes mail wakes the worker when its transaction commits (one waiting task at a
time), and the clock wakes it every few seconds as well, so nothing owed is forgotten if the
queue was down. A task claims up to BATCH due messages by moving their due time past a lease,
so two workers never send the same one, and one that dies leaves them due again. A mail server
that is down delays mail and loses none: a failed message is due again after 1, 2, 4 …
minutes (at most an hour), up to NIDAA_MAIL_ATTEMPTS tries.
"""

import logging
import smtplib
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from nidaa.core.emails import absolute_url, send_templated
from nidaa.events import links
from nidaa.events.models import RSVP, Mail

logger = logging.getLogger(__name__)

MAIL_ERRORS = (smtplib.SMTPException, OSError)
BATCH = 100
LEASE = timedelta(minutes=10)


def retry_delay(attempt: int) -> timedelta:
    return timedelta(minutes=min(2 ** (attempt - 1), 60))


def wake_mail_worker() -> bool:
    """Enqueue one send_due_mail task if mail is due and none is waiting to run."""
    if not Mail.objects.filter(due_at__lte=timezone.now()).exists():
        return False
    if DBTaskResult.objects.ready().filter(task_path=send_due_mail.module_path).exists():
        return False
    send_due_mail.enqueue()
    return True


@task()
def send_due_mail() -> str:
    """Send up to BATCH due messages; the result says how each went."""
    claimed_until = timezone.now() + LEASE
    outcomes: Counter[str] = Counter()
    for mail_id in claim(claimed_until):
        outcomes[send_one(mail_id, claimed_until)] += 1
    return ", ".join(f"{n} {outcome}" for outcome, n in sorted(outcomes.items())) or "none due"


def send_all_due() -> int:
    """Send everything due now, batch after batch (for tests and `manage.py shell`)."""
    sent = 0
    while ids := claim(claimed_until := timezone.now() + LEASE):
        sent += sum(send_one(mail_id, claimed_until) == "sent" for mail_id in ids)
    return sent


def claim(claimed_until: datetime) -> list[int]:
    with transaction.atomic():
        due = Mail.objects.filter(due_at__lte=timezone.now()).order_by("due_at", "pk")
        ids = list(due.select_for_update(skip_locked=True).values_list("pk", flat=True)[:BATCH])
        Mail.objects.filter(pk__in=ids).update(due_at=claimed_until)
    return ids


def send_one(mail_id: int, claimed_until: datetime) -> str:
    mail = Mail.objects.select_related("event__campaign", "rsvp").filter(pk=mail_id).first()
    if mail is None:
        return "gone"
    to, language = _recipient(mail)
    try:
        send_templated(f"events/email/{mail.kind}", to, context_for(mail), language)
    except MAIL_ERRORS as error:
        return _failed(mail, claimed_until, error)
    Mail.objects.filter(pk=mail.pk, due_at=claimed_until).update(
        due_at=None, sent_at=timezone.now()
    )
    return "sent"


def _recipient(mail: Mail) -> tuple[str, str]:
    if mail.rsvp is not None:
        return mail.rsvp.email, mail.rsvp.language
    return mail.event.host_email, mail.event.host_language


def context_for(mail: Mail) -> dict[str, Any]:
    """What the templates of `mail.kind` show, in the recipient's language."""
    from nidaa.events.presenting import present

    event = mail.event
    _, language = _recipient(mail)
    # Hosts and people going see the exact address; the public, the unconfirmed and those
    # still waiting for a place do not (unless the host made it public).
    confirmed = mail.rsvp is None or mail.rsvp.status == RSVP.Status.GOING
    with translation.override(language):
        context: dict[str, Any] = {
            "event": event,
            "shown": present(event, show_address=confirmed or None),
            "campaign": event.campaign,
            "payload": mail.payload,
            "event_url": links.event_url(event, language),
            "ics_url": absolute_url(
                reverse("events_api:event_ics", args=[event.campaign.slug, event.pk])
            ),
        }
        if mail.rsvp is not None:
            context |= {"rsvp": mail.rsvp, "attendee_url": links.attendee_url(mail.rsvp)}
        else:
            context |= {"host_url": links.host_url(event)}
    return context


def _failed(mail: Mail, claimed_until: datetime, error: Exception) -> str:
    attempts = mail.attempts + 1
    claimed = Mail.objects.filter(pk=mail.pk, due_at=claimed_until)
    if attempts >= settings.NIDAA_MAIL_ATTEMPTS:
        logger.error("Giving up on event mail %s after %s attempts: %s", mail.pk, attempts, error)
        claimed.update(due_at=None, attempts=attempts)
        return "given up"
    logger.warning("Event mail %s failed (attempt %s), retrying: %s", mail.pk, attempts, error)
    claimed.update(due_at=timezone.now() + retry_delay(attempts), attempts=attempts)
    return "retrying"
