"""Everything that changes a signature goes through these functions."""

import hashlib
import secrets
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from nidaa.campaigns.models import Campaign
from nidaa.core import inserts
from nidaa.core.forms import normalise_email
from nidaa.signatures import counts
from nidaa.signatures.models import Signature


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Links:
    """The secrets for one email; only their hashes are stored."""

    verify: str
    withdraw: str


def new_links(signature: Signature) -> Links:
    """Make fresh single-use secrets for `signature`; earlier links stop working."""
    links = Links(verify=secrets.token_urlsafe(24), withdraw=secrets.token_urlsafe(24))
    Signature.objects.filter(pk=signature.pk).update(
        token_hash="" if signature.verified_at else hash_secret(links.verify),
        token_sent_at=timezone.now(),
        withdraw_hash=hash_secret(links.withdraw),
    )
    return links


def sign_statement(
    campaign: Campaign, fields: dict[str, Any], language: str, ip_hash: str, flag_reason: str = ""
) -> tuple[Signature, bool]:
    """Record a signature, or find the one this address already made; either way its owner is
    now owed mail (to verify, or "you have already signed"), which the worker sends.

    Returns the signature and whether it is new. The caller shows the same page either way, so
    nobody learns whether an address had signed; the email tells its owner. A new signature is
    one INSERT: the row is its own outbox (see `mail_due_at`).
    """
    key = normalise_email(fields["email"])
    now = timezone.now()
    # A flagged signature is also voided, so it does not count until a moderator restores it
    # (restore_signatures clears both); COUNTED looks only at voided_at.
    held = {"voided_at": now, "void_reason": flag_reason[:200]} if flag_reason else {}
    signature = Signature(
        campaign=campaign,
        email_key=key,
        language=language,
        ip_hash=ip_hash,
        flagged=bool(flag_reason),
        flag_reason=flag_reason[:200],
        mail_due_at=now,
        **held,
        **fields,
    )
    try:
        with _savepoint_if_in_transaction():
            inserts.insert(signature)  # the hot path of a viral petition: see core/inserts.py
        return signature, True
    except IntegrityError:
        # Another request (or an earlier visit) with the same address won the race.
        signature = Signature.objects.get(campaign=campaign, email_key=key)
        request_mail(signature)
        return signature, False


def _savepoint_if_in_transaction() -> AbstractContextManager[object]:
    """In autocommit, a lone INSERT commits by itself and holds SQLite's write lock only while
    SQLite runs it. An explicit transaction would take the lock before Python builds the INSERT,
    and hold it while other threads have the GIL: under load, writers then queue for the lock
    far longer than they write. Inside a caller's transaction, a savepoint keeps that
    transaction usable after a duplicate address's IntegrityError."""
    return transaction.atomic() if transaction.get_connection().in_atomic_block else nullcontext()


def request_mail(signature: Signature) -> None:
    """Owe the signer their mail now. Asking again before it went out sends one mail, not two;
    asking after a failed attempt starts the retries afresh."""
    Signature.objects.filter(pk=signature.pk).update(mail_due_at=timezone.now(), mail_attempts=0)


def find_by_token(signature_id: int, secret: str, field: str) -> Signature | None:
    """The signature whose `field` ("token_hash" or "withdraw_hash") matches `secret`."""
    if not secret:
        return None
    signature = Signature.objects.filter(pk=signature_id).first()
    if signature is None:
        return None
    stored = getattr(signature, field)
    if not stored or not secrets.compare_digest(stored, hash_secret(secret)):
        return None
    return signature


def link_expired(signature: Signature, now: datetime | None = None) -> bool:
    sent = signature.token_sent_at
    limit = timedelta(days=settings.NIDAA_VERIFY_LINK_DAYS)
    return sent is None or (now or timezone.now()) - sent > limit


def verify_signature(signature_id: int, secret: str) -> Signature | None:
    """Verify with the secret from the email link; a link works once and expires."""
    with transaction.atomic():
        signature = find_by_token(signature_id, secret, "token_hash")
        if signature is None or link_expired(signature):
            return None
        # The filter on token_hash makes a double click (two requests at once) verify once.
        done = Signature.objects.filter(pk=signature.pk, token_hash=signature.token_hash).update(
            verified_at=timezone.now(), token_hash=""
        )
        if not done:
            return None
    signature.refresh_from_db()
    return signature


def withdraw_signature(signature_id: int, secret: str) -> bool:
    """The signer takes their signature back: it and its personal data are deleted."""
    signature = find_by_token(signature_id, secret, "withdraw_hash")
    if signature is None:
        return False
    counted = signature.counts
    signature.delete()
    if counted:  # the public count drops now, not at the next recount
        counts.recount(signature.campaign)
    return True


def void_signatures(signatures: QuerySet[Signature], reason: str) -> int:
    """Stop these signatures counting (reversible with restore_signatures)."""
    return signatures.filter(voided_at__isnull=True).update(
        voided_at=timezone.now(), void_reason=reason[:200]
    )


def restore_signatures(signatures: QuerySet[Signature]) -> int:
    return signatures.filter(voided_at__isnull=False).update(
        voided_at=None, void_reason="", flagged=False
    )


def approve_organisations(signatures: QuerySet[Signature]) -> int:
    return signatures.filter(kind=Signature.Kind.ORGANISATION, approved_at__isnull=True).update(
        approved_at=timezone.now()
    )


def delete_unverified(older_than_days: int | None = None) -> int:
    """Delete unverified signatures (and with them their personal data) past retention."""
    days = older_than_days or settings.NIDAA_UNVERIFIED_RETENTION_DAYS
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = Signature.objects.filter(verified_at__isnull=True, created__lt=cutoff).delete()
    return deleted
