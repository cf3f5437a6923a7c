"""Every staff change lands in an append-only audit log."""

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from nidaa.accounts.audit import json_safe, record, snapshot
from nidaa.accounts.models import AppendOnlyError, AuditEntry
from nidaa.campaigns.models import Campaign


def as_dict(value: Any) -> dict[str, Any]:
    assert isinstance(value, dict)
    return value


def campaign_form(campaign: Campaign, **changes: Any) -> dict[str, Any]:
    data = {
        "slug": campaign.slug,
        "status": campaign.status,
        "goal": campaign.goal,
        "hashtags": campaign.hashtags,
        "artwork_credit": campaign.artwork_credit,
        "default_language": campaign.default_language,
        "translations-TOTAL_FORMS": 0,
        "translations-INITIAL_FORMS": 0,
        "translations-MIN_NUM_FORMS": 0,
        "translations-MAX_NUM_FORMS": 1000,
    }
    return {**data, **changes}


@pytest.fixture
def campaign(db: None) -> Campaign:
    return Campaign.objects.create(slug="save-idlib", goal=10000, hashtags="#SaveIdlib")


@pytest.fixture
def editor_client(client: Client, editor: User, sign_in: Any) -> Client:
    return sign_in(client, editor)


def test_a_campaign_change_in_the_staff_site_is_logged_with_before_and_after(
    editor_client: Client, editor: User, campaign: Campaign
) -> None:
    url = reverse("admin:campaigns_campaign_change", args=[campaign.pk])

    response = editor_client.post(url, campaign_form(campaign, goal=50000))

    assert response.status_code == 302
    [entry] = AuditEntry.objects.filter(action="change")
    assert (entry.actor_id, entry.actor_username) == (editor.pk, "eman")
    assert entry.content_type_id == ContentType.objects.get_for_model(Campaign).pk
    assert (entry.object_id, entry.object_repr) == (str(campaign.pk), "save-idlib")
    assert as_dict(entry.before)["goal"] == 10000
    assert as_dict(entry.after)["goal"] == 50000
    assert as_dict(entry.after)["hashtags"] == "#SaveIdlib"
    assert entry.ip_hash


def test_a_new_campaign_and_its_inline_text_are_logged_as_created(
    editor_client: Client,
) -> None:
    form = campaign_form(
        Campaign(slug="idlib-2", goal=5),
        **{
            "translations-TOTAL_FORMS": 1,
            "translations-0-language": "en",
            "translations-0-title": "Save Idlib",
            "translations-0-summary": "Air strikes.",
            "translations-0-statement": "We demand.",
            "translations-0-call_to_action": "Sign",
        },
    )

    response = editor_client.post(reverse("admin:campaigns_campaign_add"), form)

    assert response.status_code == 302
    entries = {e.object_repr: e for e in AuditEntry.objects.filter(action="create")}
    assert as_dict(entries["idlib-2"].after)["slug"] == "idlib-2"
    assert entries["idlib-2"].before is None
    assert as_dict(entries["idlib-2 (en)"].after)["title"] == "Save Idlib"


def test_saving_without_changes_adds_no_entry(editor_client: Client, campaign: Campaign) -> None:
    url = reverse("admin:campaigns_campaign_change", args=[campaign.pk])
    campaign.refresh_from_db()

    editor_client.post(url, campaign_form(campaign))
    campaign.refresh_from_db()
    editor_client.post(url, campaign_form(campaign))

    # The first save moves `updated` (auto_now) but nothing else; later saves still do.
    assert all("updated" in as_dict(e.after) for e in AuditEntry.objects.all())


def test_a_deletion_keeps_what_was_deleted(
    client: Client, admin_user: User, sign_in: Any, campaign: Campaign
) -> None:
    sign_in(client, admin_user)
    url = reverse("admin:campaigns_campaign_delete", args=[campaign.pk])

    client.post(url, {"post": "yes"})

    [entry] = AuditEntry.objects.filter(action="delete")
    assert as_dict(entry.before)["slug"] == "save-idlib"
    assert entry.object_id == str(campaign.pk)
    assert entry.after is None


def test_a_role_change_is_logged_with_the_old_and_new_roles(
    client: Client, admin_user: User, editor: User, sign_in: Any
) -> None:
    sign_in(client, admin_user)
    url = reverse("admin:auth_user_change", args=[editor.pk])
    moderator = Group.objects.get(name="moderator")
    data = {
        "username": "eman",
        "email": editor.email,
        "is_active": "on",
        "is_staff": "on",
        "groups": [moderator.pk],
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
    }

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    [entry] = AuditEntry.objects.filter(action="role_change")
    assert entry.before == {"roles": ["editor"]}
    assert entry.after == {"roles": ["moderator"]}
    assert entry.actor_username == "adel"
    change = AuditEntry.objects.get(action="change")
    assert as_dict(change.after)["password"].startswith("sha256:")
    assert editor.password not in str(change.before) + str(change.after)


def test_password_hashes_never_reach_the_log(editor: User) -> None:
    data = snapshot(editor)

    assert data["password"].startswith("sha256:")
    assert editor.password not in str(data)


def test_values_are_stored_as_json(db: None) -> None:
    when = datetime.datetime(2026, 3, 1, 12, 30, tzinfo=datetime.UTC)

    assert json_safe(when) == "2026-03-01T12:30:00+00:00"
    assert json_safe(datetime.date(2026, 3, 1)) == "2026-03-01"
    assert json_safe(Campaign(artwork="campaigns/artwork/a.png").artwork) == (
        "campaigns/artwork/a.png"
    )


def test_the_audit_log_is_read_only_in_the_staff_site(
    client: Client, admin_user: User, sign_in: Any
) -> None:
    entry = record(admin_user, "login")
    sign_in(client, admin_user)

    page = client.get(reverse("admin:accounts_auditentry_change", args=[entry.pk]))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.get(reverse("admin:accounts_auditentry_add")).status_code == 403
    delete = reverse("admin:accounts_auditentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    changelist = client.get(
        reverse("admin:accounts_auditentry_changelist"), {"action": "login", "q": "adel"}
    )
    assert changelist.status_code == 200
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


# Append-only in Python ---------------------------------------------------------------------


def test_the_model_refuses_to_change_an_entry(editor: User) -> None:
    entry = record(editor, "login")
    entry.action = "logout"

    with pytest.raises(AppendOnlyError):
        entry.save()


def test_the_model_refuses_to_delete_an_entry(editor: User) -> None:
    entry = record(editor, "login")

    with pytest.raises(AppendOnlyError):
        entry.delete()


def test_bulk_updates_and_deletes_are_refused(editor: User) -> None:
    record(editor, "login")

    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(action="login").update(action="logout")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


# Append-only in the database ---------------------------------------------------------------


def test_the_database_refuses_an_update_in_raw_sql(editor: User) -> None:
    entry = record(editor, "login")

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_auditentry SET action = %s WHERE id = %s", ["logout", entry.pk]
        )

    assert AuditEntry.objects.get(pk=entry.pk).action == "login"


def test_the_database_refuses_a_delete_in_raw_sql(editor: User) -> None:
    entry = record(editor, "login")

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_auditentry WHERE id = %s", [entry.pk])

    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_database_still_accepts_new_entries_in_raw_sql(editor: User) -> None:
    record(editor, "login")
    before = AuditEntry.objects.count()

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO accounts_auditentry (actor_username, action, object_id, object_repr,"
            " \"when\", ip_hash) VALUES ('x', 'login', '', '', %s, '')",
            [datetime.datetime.now(datetime.UTC)],
        )

    assert AuditEntry.objects.count() == before + 1


def test_deleting_a_user_leaves_their_entries_in_place(editor: User) -> None:
    record(editor, "login")

    editor.delete()

    entry = AuditEntry.objects.get()
    assert entry.actor_username == "eman"
