"""Mail to hosts and attendees, sent by the task worker from the outbox (`Mail`), never in a
request, each in its reader's language.

A step that owes mail wakes the worker when its transaction commits (one waiting task at a
time), and the clock wakes it every few seconds as well, so nothing owed is forgotten if the
queue was down. Claiming, leases, retries with growing delays and giving up are the shared
outbox's (nidaa/core/outbox.py): a mail server that is down delays mail and loses none.
"""

import logging
from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from nidaa.core import outbox
from nidaa.core.emails import absolute_url, send_templated
from nidaa.events import links
from nidaa.events.models import RSVP, Event, Mail

logger = logging.getLogger(__name__)


def wake_mail_worker() -> bool:
    """Enqueue one send_due_mail task if mail is due and none is waiting to run."""
    return outbox.wake(Mail, send_due_mail)


@task()
def send_due_mail() -> str:
    """Send up to a batch of due messages; the result says how each went."""
    return outbox.send_batch(Mail, send_one)


def send_all_due() -> int:
    """Send everything due now, batch after batch (for tests and `manage.py shell`)."""
    sent = 0
    while ids := outbox.claim(Mail, timezone.now(), claimed_until := timezone.now() + outbox.LEASE):
        sent += sum(send_one(mail_id, claimed_until) == "sent" for mail_id in ids)
    return sent


def send_one(mail_id: int, claimed_until: datetime) -> str:
    mail = Mail.objects.select_related("event__campaign", "rsvp").filter(pk=mail_id).first()
    if mail is None:
        return "gone"
    if not still_owed(mail):
        outbox.settle(mail, claimed_until, due=None, attempts=mail.mail_attempts)
        return "no longer owed"
    to, language = _recipient(mail)
    try:
        send_templated(f"events/email/{mail.kind}", to, context_for(mail), language)
    except outbox.MAIL_ERRORS as error:
        return outbox.failed(mail, claimed_until, error, logger, f"event mail {mail.pk}")
    outbox.settle(
        mail, claimed_until, due=None, attempts=mail.mail_attempts, sent_at=timezone.now()
    )
    return "sent"


def still_owed(mail: Mail) -> bool:
    """Mail waits a moment in the outbox, or hours when the mail server is down: an attendee
    who cancelled meanwhile gets no reminder, update or message, nor anyone a reminder of an
    event called off."""
    if mail.rsvp is not None and mail.rsvp.status == RSVP.Status.CANCELLED:
        return False
    return mail.kind != Mail.Kind.REMINDER or mail.event.status == Event.Status.APPROVED


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
