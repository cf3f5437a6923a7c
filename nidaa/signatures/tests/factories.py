"""Signatures as the signing flow leaves them, for tests that need some in the database."""

from datetime import datetime, timedelta
from itertools import count
from typing import Any

from django.utils import timezone

from nidaa.campaigns.models import Campaign
from nidaa.signatures.actions import normalise_email
from nidaa.signatures.models import Signature

_numbers = count()
FIVE_MINUTES_AGO: Any = object()  # the default: a sentinel, because None means unconfirmed


def make_signature(
    campaign: Campaign,
    email: str | None = None,
    verified_at: datetime | None = FIVE_MINUTES_AGO,
    **fields: Any,
) -> Signature:
    """A signature confirmed five minutes ago unless `verified_at` says when (None: not
    confirmed), with a fresh address unless `email` is given."""
    n = next(_numbers)
    email = email or f"signer{n}@example.org"
    if verified_at is FIVE_MINUTES_AGO:
        verified_at = timezone.now() - timedelta(minutes=5)
    values: dict[str, Any] = {
        "name": f"Signer {n}",
        "country": "SY",
        "language": "en",
        "verified_at": verified_at,
        **fields,
    }
    return Signature.objects.create(
        campaign=campaign, email=email, email_key=normalise_email(email), **values
    )
