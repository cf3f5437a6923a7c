"""The named actions every signature change goes through."""

from datetime import timedelta

import pytest
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from nidaa.campaigns.models import Campaign
from nidaa.signatures import actions
from nidaa.signatures.models import Signature

pytestmark = pytest.mark.django_db


def fields(**overrides: object) -> dict[str, object]:
    return {"name": "Samira", "email": "samira@example.org", "country": "DE", **overrides}


def sign(campaign: Campaign, **overrides: object) -> tuple[Signature, bool]:
    return actions.sign_statement(campaign, fields(**overrides), "en", ip_hash="h")


@pytest.mark.parametrize(
    "typed",
    [
        "Samira@Example.org",
        "  samira@example.org ",
        "SAMIRA@EXAMPLE.ORG",
        "ｓａｍｉｒａ@example.org",
    ],
)
def test_the_same_address_however_typed_makes_no_second_signature(
    demo_campaign: Campaign, typed: str
) -> None:
    first, created = sign(demo_campaign)
    again, created_again = sign(demo_campaign, email=typed)
    assert created and not created_again
    assert again.pk == first.pk
    assert Signature.objects.count() == 1


def test_another_campaign_may_be_signed_with_the_same_address(demo_campaign: Campaign) -> None:
    other = Campaign.objects.create(slug="other", status=Campaign.Status.LIVE)
    sign(demo_campaign)
    _, created = sign(other)
    assert created


def test_only_hashes_of_the_link_secrets_are_stored(demo_campaign: Campaign) -> None:
    signature, _ = sign(demo_campaign)
    links = actions.new_links(signature)
    signature.refresh_from_db()
    assert links.verify not in (signature.token_hash, signature.withdraw_hash)
    assert signature.token_hash == actions.hash_secret(links.verify)


def test_a_verification_link_works_once(demo_campaign: Campaign) -> None:
    signature, _ = sign(demo_campaign)
    links = actions.new_links(signature)
    assert actions.verify_signature(signature.pk, links.verify) is not None
    assert actions.verify_signature(signature.pk, links.verify) is None
    signature.refresh_from_db()
    assert signature.verified_at is not None and signature.counts


def test_a_wrong_or_empty_secret_verifies_nothing(demo_campaign: Campaign) -> None:
    signature, _ = sign(demo_campaign)
    actions.new_links(signature)
    assert actions.verify_signature(signature.pk, "guess") is None
    assert actions.verify_signature(signature.pk, "") is None
    assert actions.verify_signature(signature.pk + 1, "guess") is None


def test_a_verification_link_expires(demo_campaign: Campaign, settings: object) -> None:
    signature, _ = sign(demo_campaign)
    links = actions.new_links(signature)
    old = timezone.now() - timedelta(days=8)
    Signature.objects.filter(pk=signature.pk).update(token_sent_at=old)
    assert actions.verify_signature(signature.pk, links.verify) is None


def test_a_new_email_makes_the_old_link_stop_working(demo_campaign: Campaign) -> None:
    signature, _ = sign(demo_campaign)
    old = actions.new_links(signature)
    new = actions.new_links(signature)
    assert actions.verify_signature(signature.pk, old.verify) is None
    assert actions.verify_signature(signature.pk, new.verify) is not None


def test_withdrawing_deletes_the_signature_and_its_data(demo_campaign: Campaign) -> None:
    signature, _ = sign(demo_campaign)
    links = actions.new_links(signature)
    assert not actions.withdraw_signature(signature.pk, "guess")
    assert actions.withdraw_signature(signature.pk, links.withdraw)
    assert not Signature.objects.filter(email_key="samira@example.org").exists()


def test_voiding_is_reversible(demo_campaign: Campaign) -> None:
    signature, _ = sign(demo_campaign)
    Signature.objects.filter(pk=signature.pk).update(verified_at=timezone.now())
    assert actions.void_signatures(Signature.objects.all(), "flood from one address") == 1
    signature.refresh_from_db()
    assert not signature.counts and signature.void_reason == "flood from one address"
    assert actions.restore_signatures(Signature.objects.all()) == 1
    signature.refresh_from_db()
    assert signature.counts


def test_an_organisation_counts_only_once_approved(demo_campaign: Campaign) -> None:
    signature, _ = sign(demo_campaign, kind=Signature.Kind.ORGANISATION, organisation_name="NGO")
    Signature.objects.filter(pk=signature.pk).update(verified_at=timezone.now())
    signature.refresh_from_db()
    assert not signature.counts
    assert actions.approve_organisations(Signature.objects.all()) == 1
    signature.refresh_from_db()
    assert signature.counts


def test_unverified_signatures_are_deleted_after_the_retention_period(
    demo_campaign: Campaign,
) -> None:
    old, _ = sign(demo_campaign, email="old@example.org")
    sign(demo_campaign, email="recent@example.org")
    kept, _ = sign(demo_campaign, email="verified@example.org")
    long_ago = timezone.now() - timedelta(days=31)
    Signature.objects.filter(pk__in=[old.pk, kept.pk]).update(created=long_ago)
    Signature.objects.filter(pk=kept.pk).update(verified_at=long_ago)
    assert actions.delete_unverified() == 1
    assert set(Signature.objects.values_list("email", flat=True)) == {
        "recent@example.org",
        "verified@example.org",
    }


def test_a_new_signature_is_the_row_the_orm_would_write(demo_campaign: Campaign) -> None:
    signed, _ = sign(demo_campaign, city="Idlib", show_publicly=True)
    made = Signature.objects.create(
        campaign=demo_campaign, email="other@example.org", email_key="other@example.org",
        name="Samira", country="DE", city="Idlib", show_publicly=True, language="en",
        ip_hash="h", mail_due_at=signed.mail_due_at,
    )  # fmt: skip
    stored = Signature.objects.values().get(pk=signed.pk)
    expected = Signature.objects.values().get(pk=made.pk)
    for varies in ("id", "email", "email_key", "created"):
        del stored[varies], expected[varies]
    assert stored == expected
    assert Signature.objects.get(pk=signed.pk).created is not None


def test_signatures_have_no_save_signals_that_the_fast_insert_would_skip() -> None:
    assert not pre_save.has_listeners(Signature) and not post_save.has_listeners(Signature)
