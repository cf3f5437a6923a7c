"""The createstaff command."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from nidaa.accounts.models import AuditEntry


def test_it_creates_a_staff_user_in_a_role_with_a_generated_password(db: None) -> None:
    out = io.StringIO()

    call_command(
        "createstaff", "rima", "--role", "verifier", "--email", "r@example.org",
        "--generate-password", stdout=out,
    )  # fmt: skip

    user = User.objects.get(username="rima")
    password = out.getvalue().split("Password (shown only now, pass it on safely): ")[1].split()[0]
    assert user.is_staff and not user.is_superuser
    assert user.email == "r@example.org"
    assert list(user.groups.values_list("name", flat=True)) == ["verifier"]
    assert user.check_password(password)
    assert "second factor" in out.getvalue()
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {"create", "role_change"}


def test_it_refuses_an_existing_username(editor: User) -> None:
    with pytest.raises(CommandError, match="exists already"):
        call_command("createstaff", "eman", "--role", "editor", stdout=io.StringIO())


def test_it_refuses_an_unknown_role(db: None) -> None:
    with pytest.raises(CommandError):
        call_command("createstaff", "x", "--role", "king", stdout=io.StringIO())
