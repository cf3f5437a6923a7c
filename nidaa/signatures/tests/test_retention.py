"""Unverified signatures, and their personal data, are deleted after the retention period."""

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from nidaa.campaigns.models import Campaign
from nidaa.signatures.models import Signature

pytestmark = pytest.mark.django_db


def add(campaign: Campaign, email: str, days_ago: int, verified: bool) -> Signature:
    signature = Signature.objects.create(
        campaign=campaign, name="Samira", email=email, email_key=email, country="SY",
        language="en", verified_at=timezone.now() if verified else None,
    )  # fmt: skip
    Signature.objects.filter(pk=signature.pk).update(
        created=timezone.now() - timedelta(days=days_ago)
    )
    return signature


def purge(*args: str) -> str:
    out = io.StringIO()
    call_command("purge_unverified_signatures", *args, stdout=out)
    return out.getvalue()


def emails() -> set[str]:
    return set(Signature.objects.values_list("email", flat=True))


def test_it_deletes_unverified_signatures_past_retention_and_keeps_the_rest(
    demo_campaign: Campaign, settings: Any
) -> None:
    settings.NIDAA_UNVERIFIED_RETENTION_DAYS = 30
    add(demo_campaign, "old@example.org", 31, verified=False)
    add(demo_campaign, "recent@example.org", 29, verified=False)
    add(demo_campaign, "verified@example.org", 400, verified=True)

    assert purge() == "Deleted 1 unverified signatures older than 30 days.\n"
    assert emails() == {"recent@example.org", "verified@example.org"}


def test_days_can_be_given(demo_campaign: Campaign) -> None:
    add(demo_campaign, "a@example.org", 3, verified=False)
    add(demo_campaign, "b@example.org", 1, verified=False)

    assert "Deleted 1 " in purge("--days", "2")
    assert emails() == {"b@example.org"}


def test_it_is_safe_to_repeat(demo_campaign: Campaign) -> None:
    add(demo_campaign, "old@example.org", 90, verified=False)

    assert "Deleted 1 " in purge()
    assert "Deleted 0 " in purge()


@pytest.mark.parametrize("days", ["0", "-1", "soon"])
def test_it_refuses_a_retention_that_is_not_a_positive_number(db: None, days: str) -> None:
    with pytest.raises(CommandError):
        call_command("purge_unverified_signatures", "--days", days)
