"""Moderation in the staff site: who may, finding floods, voiding and restoring in bulk, audited,
and counts that follow at once."""

from datetime import timedelta
from itertools import count
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from nidaa.accounts.models import AuditEntry
from nidaa.campaigns.models import Campaign
from nidaa.signatures import counts
from nidaa.signatures.admin import mask_email
from nidaa.signatures.models import Signature
from nidaa.signatures.tests.factories import make_signature

pytestmark = pytest.mark.django_db

_numbers = count()
HASH_A = "a" * 32
HASH_B = "b" * 32


def add(campaign: Campaign, domain: str = "example.org", **fields: Any) -> Signature:
    fields.pop("email_key", None)  # the factory derives it, as the signing flow does
    email = fields.pop("email", None) or f"Signer{next(_numbers)}@{domain}"
    return make_signature(campaign, email=email, **{"ip_hash": HASH_A, **fields})


def changelist(query: str = "") -> str:
    return reverse("admin:signatures_signature_changelist") + query


def act(
    client: Client, action: str, signatures: list[Signature], query: str = "", **extra: str
) -> Any:
    data: dict[str, Any] = {"action": action, "_selected_action": [s.pk for s in signatures]}
    return client.post(changelist(query), {**data, **extra})


def void(client: Client, action: str, signatures: list[Signature], reason: str = "flood") -> Any:
    return act(client, action, signatures, apply="1", reason=reason)


def public_count(campaign: Campaign) -> int:
    return int(counts.current(campaign)["signatures"])


@pytest.fixture
def musa(client: Client, moderator: User, sign_in: Any) -> Client:
    return sign_in(client, moderator)


# --- Who may --------------------------------------------------------------------------------


def test_a_moderator_sees_the_signatures(musa: Client, demo_campaign: Campaign) -> None:
    add(demo_campaign, name="Samira Haddad")

    response = musa.get(changelist())

    assert response.status_code == 200
    assert "Samira Haddad" in response.content.decode()


def test_an_editor_may_not_see_signatures(
    client: Client, editor: User, sign_in: Any, demo_campaign: Campaign
) -> None:
    signature = add(demo_campaign)
    sign_in(client, editor)

    assert client.get(changelist()).status_code == 403
    url = reverse("admin:signatures_signature_change", args=[signature.pk])
    assert client.get(url).status_code == 403
    assert void(client, "void_selected", [signature]).status_code == 403
    assert Signature.objects.get().voided_at is None


def test_an_outsider_is_sent_to_sign_in(
    client: Client, outsider: User, sign_in: Any, demo_campaign: Campaign
) -> None:
    signature = add(demo_campaign)
    sign_in(client, outsider)

    assert client.get(changelist()).status_code == 302
    assert void(client, "void_selected", [signature]).status_code == 302
    assert Signature.objects.get().voided_at is None


def test_a_moderator_without_the_second_factor_is_sent_to_sign_in(
    client: Client, moderator: User, sign_in: Any, demo_campaign: Campaign
) -> None:
    sign_in(client, moderator, verified=False)

    assert client.get(changelist()).status_code == 302


def test_nobody_adds_or_deletes_signatures_in_the_staff_site(
    client: Client, admin_user: User, sign_in: Any, demo_campaign: Campaign
) -> None:
    signature = add(demo_campaign)
    sign_in(client, admin_user)

    assert client.get(reverse("admin:signatures_signature_add")).status_code == 403
    url = reverse("admin:signatures_signature_delete", args=[signature.pk])
    assert client.get(url).status_code == 403


# --- What moderators see ----------------------------------------------------------------------


def test_the_list_masks_every_email_but_its_domain(musa: Client, demo_campaign: Campaign) -> None:
    add(demo_campaign, email="samira.haddad@example.org", email_key="samira.haddad@example.org")

    text = musa.get(changelist()).content.decode()

    assert "samira.haddad@example.org" not in text
    assert mask_email("samira.haddad@example.org") == "s•••@example.org"
    assert "s•••@example.org" in text


def test_the_record_shows_the_whole_email(musa: Client, demo_campaign: Campaign) -> None:
    signature = add(demo_campaign, email="samira@example.org")

    url = reverse("admin:signatures_signature_change", args=[signature.pk])

    assert "samira@example.org" in musa.get(url).content.decode()


def test_search_by_email_domain(musa: Client, demo_campaign: Campaign) -> None:
    add(demo_campaign, name="From Spam", domain="spam.example")
    add(demo_campaign, name="From Sub", domain="sub.spam.example")
    add(demo_campaign, name="From Elsewhere", domain="example.org")

    text = musa.get(changelist("?q=@SPAM.example")).content.decode()

    assert "From Spam" in text
    assert "From Sub" not in text and "From Elsewhere" not in text


def test_search_by_hashed_address(musa: Client, demo_campaign: Campaign) -> None:
    add(demo_campaign, name="Same Address", ip_hash=HASH_B)
    add(demo_campaign, name="Other Address", ip_hash=HASH_A)

    text = musa.get(changelist(f"?q={HASH_B}")).content.decode()

    assert "Same Address" in text and "Other Address" not in text


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("?flagged__exact=1", "Flagged One", "Plain One"),
        ("?voided=yes", "Voided One", "Plain One"),
        ("?verified=no", "Unverified One", "Plain One"),
        ("?approved=no&kind__exact=organisation", "Waiting NGO", "Plain One"),
        ("?country=TR", "Turkish One", "Plain One"),
    ],
)
def test_filters(
    musa: Client, demo_campaign: Campaign, query: str, shown: str, hidden: str
) -> None:
    add(demo_campaign, name="Plain One")
    add(demo_campaign, name="Flagged One", flagged=True, flag_reason="suspicious")
    add(demo_campaign, name="Voided One", voided_at=timezone.now())
    add(demo_campaign, name="Unverified One", verified_at=None)
    add(demo_campaign, name="x", kind="organisation", organisation_name="Waiting NGO")
    add(demo_campaign, name="Turkish One", country="TR")

    text = musa.get(changelist(query)).content.decode()

    assert shown in text and hidden not in text


# --- Bulk actions -----------------------------------------------------------------------------


def test_voiding_asks_for_a_reason_first(musa: Client, demo_campaign: Campaign) -> None:
    signature = add(demo_campaign)

    response = act(musa, "void_selected", [signature])

    assert response.status_code == 200
    assert 'name="reason"' in response.content.decode()
    assert Signature.objects.get().voided_at is None


def test_voiding_is_audited_and_the_count_follows_at_once(
    musa: Client, moderator: User, demo_campaign: Campaign
) -> None:
    doomed, kept = add(demo_campaign), add(demo_campaign)
    counts.recount(demo_campaign)
    assert public_count(demo_campaign) == 2

    response = void(musa, "void_selected", [doomed], reason="bot flood")

    assert response.status_code == 302
    doomed.refresh_from_db()
    assert doomed.voided_at is not None and doomed.void_reason == "bot flood"
    assert public_count(demo_campaign) == 1
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CHANGE)
    assert entry.actor_username == moderator.username
    assert entry.object_repr == demo_campaign.slug
    assert entry.after is not None
    assert entry.after["moderation"] == "void" and entry.after["signatures"] == 1
    assert entry.after["reason"] == "bot flood" and entry.after["ids"] == [doomed.pk]
    assert kept.pk not in entry.after["ids"]


def test_restoring_is_audited_and_the_count_follows(musa: Client, demo_campaign: Campaign) -> None:
    voided = add(demo_campaign, voided_at=timezone.now(), void_reason="mistake", flagged=True)
    counts.recount(demo_campaign)
    assert public_count(demo_campaign) == 0

    act(musa, "restore_selected", [voided])

    voided.refresh_from_db()
    assert (voided.voided_at, voided.void_reason, voided.flagged) == (None, "", False)
    assert public_count(demo_campaign) == 1
    entry = AuditEntry.objects.get()
    assert entry.after is not None and entry.after["moderation"] == "restore"


def test_approving_an_organisation_is_audited_and_it_then_counts(
    musa: Client, demo_campaign: Campaign
) -> None:
    ngo = add(demo_campaign, kind="organisation", organisation_name="Idlib Solidarity Network")

    act(musa, "approve_selected", [ngo])

    ngo.refresh_from_db()
    assert ngo.approved_at is not None
    assert AuditEntry.objects.get().after["moderation"] == "approve"  # type: ignore[index]
    counts.update(demo_campaign, now=timezone.now() + timedelta(seconds=10))  # the next run
    assert counts.current(demo_campaign)["organisations"] == 1


def test_void_everything_from_the_same_email_domain(musa: Client, demo_campaign: Campaign) -> None:
    first = add(demo_campaign, domain="spam.example")
    add(demo_campaign, domain="spam.example")
    add(demo_campaign, domain="SPAM.example")
    kept = add(demo_campaign, domain="example.org")

    void(musa, "void_same_domain", [first])

    assert Signature.objects.filter(voided_at__isnull=False).count() == 3
    assert Signature.objects.get(voided_at__isnull=True) == kept
    entry = AuditEntry.objects.get()
    assert entry.after is not None and entry.after["scope"] == "email domain @spam.example"


def test_void_everything_from_the_same_hashed_address(
    musa: Client, demo_campaign: Campaign
) -> None:
    first = add(demo_campaign, ip_hash=HASH_B)
    add(demo_campaign, ip_hash=HASH_B)
    kept = add(demo_campaign, ip_hash=HASH_A)

    void(musa, "void_same_address", [first])

    assert Signature.objects.filter(ip_hash=HASH_B, voided_at__isnull=True).count() == 0
    kept.refresh_from_db()
    assert kept.voided_at is None


def test_void_everything_in_a_time_window(musa: Client, demo_campaign: Campaign) -> None:
    start = timezone.now() - timedelta(hours=3)
    made = [add(demo_campaign) for _ in range(4)]
    for minutes, signature in zip([0, 60, 70, 80], made, strict=True):
        Signature.objects.filter(pk=signature.pk).update(created=start + timedelta(minutes=minutes))

    void(musa, "void_time_window", [made[1], made[3]])

    voided = set(Signature.objects.filter(voided_at__isnull=False).values_list("pk", flat=True))
    assert voided == {made[1].pk, made[2].pk, made[3].pk}


def test_void_every_signature_matching_a_search_across_pages(
    musa: Client, demo_campaign: Campaign
) -> None:
    flood = [add(demo_campaign, domain="spam.example") for _ in range(3)]
    kept = add(demo_campaign, domain="example.org")

    response = act(
        musa, "void_selected", flood[:1], query="?q=@spam.example", select_across="1",
        apply="1", reason="flood",
    )  # fmt: skip

    assert response.status_code == 302
    assert Signature.objects.filter(voided_at__isnull=False).count() == 3
    kept.refresh_from_db()
    assert kept.voided_at is None
    after = AuditEntry.objects.get().after
    assert after is not None and after["filter"] == "q=%40spam.example"


def test_voided_signatures_can_be_restored_with_the_count_back_where_it_was(
    musa: Client, demo_campaign: Campaign
) -> None:
    signatures = [add(demo_campaign, domain="spam.example") for _ in range(3)]
    counts.recount(demo_campaign)

    void(musa, "void_same_domain", signatures[:1])
    assert public_count(demo_campaign) == 0
    act(musa, "restore_selected", signatures)

    assert public_count(demo_campaign) == 3
    assert AuditEntry.objects.count() == 2


def test_moderation_purges_the_public_pages(musa: Client, demo_campaign: Campaign) -> None:
    signature = add(demo_campaign, name="Visible Person", show_publicly=True)
    anonymous = Client()
    assert "Visible Person" in anonymous.get("/en/c/save-idlib/signatures/").content.decode()

    void(musa, "void_selected", [signature])

    assert "Visible Person" not in anonymous.get("/en/c/save-idlib/signatures/").content.decode()
