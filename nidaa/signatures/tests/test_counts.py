"""Counting: the incremental job, the exact recount that corrects drift, and what counts."""

from datetime import datetime, timedelta
from itertools import count
from typing import Any

import pytest
from django.utils import timezone

from nidaa.campaigns.models import Campaign
from nidaa.signatures import counts
from nidaa.signatures.models import Signature, SignatureCount
from nidaa.signatures.tests.factories import make_signature

pytestmark = pytest.mark.django_db

_numbers = count()
ORG = Signature.Kind.ORGANISATION


def add(campaign: Campaign, **fields: Any) -> Signature:
    """A signature as the signing flow leaves it; confirmed a minute ago unless told otherwise."""
    return make_signature(campaign, **{"country": "GB", "verified_at": a_minute_ago(), **fields})


def row(campaign: Campaign) -> SignatureCount:
    return SignatureCount.objects.get(campaign=campaign)


def a_minute_ago() -> datetime:
    return timezone.now() - timedelta(minutes=1)


def later(seconds: float = 60) -> datetime:
    return timezone.now() + timedelta(seconds=seconds)


def test_the_first_update_counts_everything_verified(demo_campaign: Campaign) -> None:
    add(demo_campaign)
    add(demo_campaign)
    add(demo_campaign, verified_at=None)

    counts.update(demo_campaign)

    assert row(demo_campaign).signatures == 2


def test_an_update_adds_signatures_verified_since_the_last_one(demo_campaign: Campaign) -> None:
    add(demo_campaign)
    counts.update(demo_campaign)
    add(demo_campaign, verified_at=timezone.now())

    counts.update(demo_campaign, now=later())

    assert row(demo_campaign).signatures == 2


def test_an_update_leaves_verifications_within_the_commit_lag_to_the_next_run(
    demo_campaign: Campaign,
) -> None:
    counts.update(demo_campaign)
    now = later()
    add(demo_campaign, verified_at=now - timedelta(seconds=1))

    counts.update(demo_campaign, now=now)
    assert row(demo_campaign).signatures == 0
    counts.update(demo_campaign, now=now + timedelta(seconds=5))
    assert row(demo_campaign).signatures == 1


def test_a_signature_verified_behind_the_watermark_is_picked_up_by_the_recount(
    demo_campaign: Campaign,
) -> None:
    counts.update(demo_campaign)
    # Drift: a verification whose transaction committed after the watermark had passed it.
    add(demo_campaign, verified_at=timezone.now() - timedelta(hours=1))

    counts.update(demo_campaign, now=later())
    assert row(demo_campaign).signatures == 0
    counts.recount(demo_campaign, now=later())
    assert row(demo_campaign).signatures == 1


def test_a_recount_and_the_next_update_never_count_a_signature_twice(
    demo_campaign: Campaign,
) -> None:
    now = later()
    # Verified after the recount's watermark (now - lag) but before the recount ran.
    add(demo_campaign, verified_at=now - timedelta(seconds=1))

    counts.recount(demo_campaign, now=now)
    counts.update(demo_campaign, now=now + timedelta(seconds=10))

    assert row(demo_campaign).signatures == 1


def test_voided_signatures_do_not_count(demo_campaign: Campaign) -> None:
    add(demo_campaign)
    add(demo_campaign, voided_at=timezone.now(), void_reason="flood")

    counts.recount(demo_campaign)

    assert row(demo_campaign).signatures == 1


def test_an_organisation_counts_only_once_approved(demo_campaign: Campaign) -> None:
    add(demo_campaign, kind=ORG, organisation_name="Waiting NGO")
    add(demo_campaign, kind=ORG, organisation_name="Approved NGO", approved_at=a_minute_ago())

    counts.recount(demo_campaign)

    assert (row(demo_campaign).signatures, row(demo_campaign).organisations) == (1, 1)


def test_an_update_counts_an_organisation_from_its_approval(demo_campaign: Campaign) -> None:
    verified = add(demo_campaign, kind=ORG, organisation_name="NGO")
    counts.update(demo_campaign)
    assert row(demo_campaign).signatures == 0

    Signature.objects.filter(pk=verified.pk).update(approved_at=timezone.now())
    counts.update(demo_campaign, now=later())

    assert (row(demo_campaign).signatures, row(demo_campaign).organisations) == (1, 1)


def test_an_update_counts_an_organisation_approved_before_its_contact_verified(
    demo_campaign: Campaign,
) -> None:
    early = add(demo_campaign, kind=ORG, verified_at=None, approved_at=timezone.now())
    counts.update(demo_campaign)

    Signature.objects.filter(pk=early.pk).update(verified_at=later(1))
    counts.update(demo_campaign, now=later())

    assert row(demo_campaign).organisations == 1


def test_a_flag_alone_does_not_change_the_count(demo_campaign: Campaign) -> None:
    # A flag asks a moderator to look; voiding is what stops a signature counting.
    add(demo_campaign, flagged=True, flag_reason="many from one address")

    counts.recount(demo_campaign)

    assert row(demo_campaign).signatures == 1


def test_counts_by_country(demo_campaign: Campaign) -> None:
    add(demo_campaign, country="SY")
    add(demo_campaign, country="SY")
    add(demo_campaign, country="TR", kind=ORG, approved_at=a_minute_ago())
    add(demo_campaign, country="FR", voided_at=timezone.now())
    counts.recount(demo_campaign)
    add(demo_campaign, country="TR", verified_at=timezone.now())

    counts.update(demo_campaign, now=later())

    assert row(demo_campaign).by_country == {"SY": 2, "TR": 2}
    assert counts.by_country(demo_campaign) == [("SY", 2), ("TR", 2)]


def test_other_campaigns_signatures_are_not_counted(demo_campaign: Campaign) -> None:
    other = Campaign.objects.create(slug="other", status=Campaign.Status.LIVE)
    add(other)

    counts.recount(demo_campaign)

    assert row(demo_campaign).signatures == 0


def test_the_jobs_count_live_campaigns_only(demo_campaign: Campaign) -> None:
    draft = Campaign.objects.create(slug="draft")
    add(demo_campaign)
    add(draft)

    counts.update_counts()
    counts.recount_all()

    assert row(demo_campaign).signatures == 1
    assert not SignatureCount.objects.filter(campaign=draft).exists()


def test_current_reads_the_published_counts_without_the_database(
    demo_campaign: Campaign, django_assert_num_queries: Any
) -> None:
    add(demo_campaign)
    counts.recount(demo_campaign)

    with django_assert_num_queries(0):
        document = counts.current(demo_campaign)

    assert document["signatures"] == 1
    assert document["goal"] == demo_campaign.goal
