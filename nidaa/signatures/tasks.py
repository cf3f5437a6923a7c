"""Mail for signers, sent by the task worker, never in the request.

A mail server that is down delays mail and loses none: a failed send is enqueued again with a
growing delay (1, 2, 4 … minutes, at most an hour) up to NIDAA_MAIL_ATTEMPTS times; every
attempt is a task result staff can see, and a final failure is logged as an error.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from nidaa.core.emails import absolute_url, send_templated
from nidaa.signatures.actions import Links, new_links
from nidaa.signatures.models import Signature

logger = logging.getLogger(__name__)

MAIL_ERRORS = (smtplib.SMTPException, OSError)


def retry_delay(attempt: int) -> timedelta:
    return timedelta(minutes=min(2 ** (attempt - 1), 60))


@task()
def send_signature_email(signature_id: int, attempt: int = 1) -> str:
    """Send the signer their link: to verify, or (already verified) a reminder that they signed."""
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
        _retry(signature_id, attempt, error)
        return f"retrying: {error}"
    return "sent"


def _urls(signature: Signature, links: Links) -> dict[str, str]:
    with translation.override(signature.language):
        slug = signature.campaign.slug
        verify = reverse("signatures:verify", args=[slug, signature.pk, links.verify])
        withdraw = reverse("signatures:withdraw", args=[slug, signature.pk, links.withdraw])
    return {"verify_url": absolute_url(verify), "withdraw_url": absolute_url(withdraw)}


def _retry(signature_id: int, attempt: int, error: Exception) -> None:
    if attempt >= settings.NIDAA_MAIL_ATTEMPTS:
        logger.error("Giving up on mail for signature %s after %s attempts: %s", signature_id, attempt, error)  # fmt: skip
        return
    logger.warning("Mail for signature %s failed (attempt %s), retrying: %s", signature_id, attempt, error)  # fmt: skip
    later = timezone.now() + retry_delay(attempt)
    send_signature_email.using(run_after=later).enqueue(signature_id, attempt + 1)
