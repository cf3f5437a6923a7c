"""Roles are groups holding exactly the permissions declared in roles.py."""

from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django.urls import reverse

from nidaa.accounts import roles
from nidaa.campaigns.models import Campaign


def _held(role: str) -> set[str]:
    group = Group.objects.get(name=role)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


@pytest.mark.parametrize("role", [r for r, names in roles.ROLES.items() if names != ["*"]])
def test_each_role_holds_exactly_its_declared_permissions(db: None, role: str) -> None:
    roles.ensure_roles()
    declared = set(roles.ROLES[role])
    existing = {f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.all()}

    assert _held(role) == declared & existing


def test_every_declared_permission_exists(db: None) -> None:
    # A misspelt name would otherwise be dropped without a word, and the role would lack it.
    existing = {f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.all()}
    declared = {name for names in roles.ROLES.values() for name in names if name != "*"}

    assert declared - existing == set()


def test_the_admin_role_holds_every_permission(db: None) -> None:
    roles.ensure_roles()

    assert len(_held(roles.ADMIN)) == Permission.objects.count()
    assert "accounts.view_auditentry" in _held(roles.ADMIN)


def test_only_the_admin_role_may_read_the_audit_log(db: None) -> None:
    roles.ensure_roles()

    holders = Group.objects.filter(permissions__codename="view_auditentry")
    assert list(holders.values_list("name", flat=True)) == [roles.ADMIN]


def test_no_permission_to_change_the_audit_log_exists_to_be_granted(db: None) -> None:
    codenames = Permission.objects.filter(content_type__app_label="accounts")

    assert set(codenames.values_list("codename", flat=True)) == {"view_auditentry"}


def test_an_editor_cannot_see_the_audit_log(client: Client, editor: User, sign_in: Any) -> None:
    sign_in(client, editor)

    response = client.get(reverse("admin:accounts_auditentry_changelist"))

    assert response.status_code == 403


def test_an_admin_can_see_the_audit_log(client: Client, admin_user: User, sign_in: Any) -> None:
    sign_in(client, admin_user)

    response = client.get(reverse("admin:accounts_auditentry_changelist"))

    assert response.status_code == 200


def test_a_moderator_can_read_but_not_change_a_campaign(
    client: Client, moderator: User, sign_in: Any
) -> None:
    campaign = Campaign.objects.create(slug="save-idlib")
    sign_in(client, moderator)
    url = reverse("admin:campaigns_campaign_change", args=[campaign.pk])

    assert not moderator.has_perm("campaigns.change_campaign")
    assert client.get(url).status_code == 200
    assert client.post(url, {"slug": "renamed", "goal": 1}).status_code == 403
    campaign.refresh_from_db()
    assert campaign.slug == "save-idlib"


def test_an_editor_cannot_manage_staff_accounts(client: Client, editor: User, sign_in: Any) -> None:
    sign_in(client, editor)

    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_assign_role_rejects_an_unknown_role(editor: User) -> None:
    with pytest.raises(ValueError, match="unknown role"):
        roles.assign_role(editor, "superhero")
