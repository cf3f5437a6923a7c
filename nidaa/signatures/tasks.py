"""Mail for signers, sent by the task worker in batches, never in the request.

Signing only marks the signature as owed mail (`Signature.mail_due_at`): one row written, no
task. Every second the clock's `wake_mail_worker` enqueues one `send_due_mail` task if mail is
due and no such task is waiting, and the worker sends up to outbox.BATCH due mails per task.

A mail server that is down delays mail and loses none: a failed mail is due again after a
growing delay (1, 2, 4 … minutes, at most an hour), up to NIDAA_MAIL_ATTEMPTS attempts. Staff
see the failed attempts and the next try on the signature, each task's result counts what it
sent, and a final failure is logged as an error. The outbox itself is nidaa/core/outbox.py.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from nidaa.core import outbox
from nidaa.core.emails import absolute_url, send_templated
from nidaa.signatures.actions import Links, new_links
from nidaa.signatures.models import Signature

logger = logging.getLogger(__name__)


def wake_mail_worker() -> bool:
    """Clock job: enqueue one send_due_mail task if mail is due and none is waiting to run."""
    return outbox.wake(Signature, send_due_mail)


@task()
def send_due_mail() -> str:
    """Send up to outbox.BATCH due mails; the task's result says how each went."""
    return outbox.send_batch(Signature, send_one)


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
    except outbox.MAIL_ERRORS as error:
        return outbox.failed(signature, claimed_until, error, logger, f"signature {signature.pk}")
    outbox.settle(signature, claimed_until, due=None, attempts=0)
    return "sent"


def _urls(signature: Signature, links: Links) -> dict[str, str]:
    with translation.override(signature.language):
        slug = signature.campaign.slug
        verify = reverse("signatures:verify", args=[slug, signature.pk, links.verify])
        withdraw = reverse("signatures:withdraw", args=[slug, signature.pk, links.withdraw])
    return {"verify_url": absolute_url(verify), "withdraw_url": absolute_url(withdraw)}
