"""`manage.py clock --once` runs the signature jobs: counts, the exact recount, retention."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from nidaa.campaigns.models import Campaign
from nidaa.signatures import counts
from nidaa.signatures.models import Signature

# Outside a test transaction: the clock closes stale connections between jobs, as it must.
pytestmark = pytest.mark.django_db(transaction=True)


def add(campaign: Campaign, email: str, **fields: object) -> Signature:
    return Signature.objects.create(
        campaign=campaign, name="Samira", email=email, email_key=email, country="SY",
        language="en", **fields,
    )  # fmt: skip


def test_the_clock_brings_the_counts_up_to_date(demo_campaign: Campaign) -> None:
    add(demo_campaign, "a@example.org", verified_at=timezone.now() - timedelta(minutes=1))
    add(demo_campaign, "b@example.org", verified_at=timezone.now() - timedelta(minutes=1))

    call_command("clock", "--once", stdout=io.StringIO())

    assert counts.current(demo_campaign)["signatures"] == 2


def test_the_clock_corrects_drift_and_voiding(demo_campaign: Campaign) -> None:
    counts.recount(demo_campaign)
    add(demo_campaign, "late@example.org", verified_at=timezone.now() - timedelta(hours=1))
    add(demo_campaign, "void@example.org", verified_at=timezone.now() - timedelta(hours=1),
        voided_at=timezone.now())  # fmt: skip

    call_command("clock", "--once", stdout=io.StringIO())

    assert counts.current(demo_campaign)["signatures"] == 1


def test_the_clock_deletes_unverified_signatures_past_retention(demo_campaign: Campaign) -> None:
    old = add(demo_campaign, "old@example.org")
    Signature.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=365))

    call_command("clock", "--once", stdout=io.StringIO())

    assert not Signature.objects.exists()
