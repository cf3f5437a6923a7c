"""Exports of signatures: the command and the staff download (who may, what lands in the log)."""

import csv
import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from nidaa.accounts.models import AuditEntry
from nidaa.campaigns.models import Campaign
from nidaa.signatures.actions import normalise_email
from nidaa.signatures.exports import HEADER
from nidaa.signatures.models import Signature

pytestmark = pytest.mark.django_db

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def add_signature(campaign: Campaign, email: str, **fields: Any) -> Signature:
    defaults: dict[str, Any] = {"name": "Samira Haddad", "country": "GB", "language": "en"}
    return Signature.objects.create(
        campaign=campaign, email=email, email_key=normalise_email(email), **{**defaults, **fields}
    )


@pytest.fixture
def signatures(demo_campaign: Campaign) -> list[Signature]:
    now = timezone.now()
    return [
        add_signature(demo_campaign, "samira@example.org", verified_at=now, show_publicly=True),
        add_signature(
            demo_campaign,
            "rami@example.org",
            name="رامي الحلبي",
            city="إدلب",
            country="SY",
            language="ar",
        ),
        add_signature(
            demo_campaign,
            "contact@ngo.example",
            kind=Signature.Kind.ORGANISATION,
            name='=HYPERLINK("http://evil.example","x")',
            organisation_name="@Relief Now",
            organisation_type=Signature.OrganisationType.NGO,
            verified_at=now,
            approved_at=now + timedelta(minutes=5),
        ),
    ]


def read(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def export(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("export_signatures", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# --- the command ------------------------------------------------------------------------------


def test_the_command_writes_every_signature_with_every_column(
    signatures: list[Signature], tmp_path: Path
) -> None:
    target = tmp_path / "signatures.csv"

    _, err = export("--campaign", "save-idlib", "-o", str(target))

    rows = read(target.read_bytes())
    assert list(rows[0]) == HEADER
    assert [row["email"] for row in rows] == [s.email for s in signatures]
    assert rows[1]["name"] == "رامي الحلبي" and rows[1]["city"] == "إدلب"
    assert rows[0]["show publicly"] == "yes" and rows[1]["show publicly"] == "no"
    assert rows[0]["verified at"].endswith("Z") and rows[1]["verified at"] == ""
    assert rows[2]["kind"] == "organisation" and rows[2]["organisation type"] == "ngo"
    assert "Exported 3 signatures of save-idlib" in err


def test_hostile_names_come_out_neutralised(signatures: list[Signature], tmp_path: Path) -> None:
    target = tmp_path / "signatures.csv"

    export("--campaign", "save-idlib", "-o", str(target))

    organisation = read(target.read_bytes())[2]
    assert organisation["name"] == '\'=HYPERLINK("http://evil.example","x")'
    assert organisation["organisation"] == "'@Relief Now"
    cells = [cell for row in read(target.read_bytes()) for cell in row.values()]
    assert not [cell for cell in cells if cell.startswith(TRIGGERS)]


def test_verified_only_leaves_out_unverified_signatures(
    signatures: list[Signature], tmp_path: Path
) -> None:
    target = tmp_path / "verified.csv"

    export("--campaign", "save-idlib", "--verified-only", "-o", str(target))

    assert [row["email"] for row in read(target.read_bytes())] == [
        "samira@example.org",
        "contact@ngo.example",
    ]


def test_dash_writes_to_standard_output(
    signatures: list[Signature], capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    call_command("export_signatures", "--campaign", "save-idlib", "-o", "-", stderr=io.StringIO())

    assert len(read(capfdbinary.readouterr().out)) == 3


def test_an_unknown_campaign_is_a_clear_error_naming_it(
    demo_campaign: Campaign, tmp_path: Path
) -> None:
    with pytest.raises(CommandError, match=r"No campaign 'save-gaza'.*save-idlib"):
        export("--campaign", "save-gaza", "-o", str(tmp_path / "x.csv"))
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_a_clear_error(demo_campaign: Campaign, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No folder"):
        export("--campaign", "save-idlib", "-o", str(tmp_path / "nowhere" / "x.csv"))


def test_a_failure_part_way_leaves_no_file(
    signatures: list[Signature], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nidaa.signatures import exports

    def broken(value: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "_moment", broken)
    with pytest.raises(RuntimeError):
        export("--campaign", "save-idlib", "-o", str(tmp_path / "x.csv"))
    assert list(tmp_path.iterdir()) == []


def test_the_command_is_in_the_audit_log(signatures: list[Signature], tmp_path: Path) -> None:
    export("--campaign", "save-idlib", "--verified-only", "-o", str(tmp_path / "x.csv"))

    entry = AuditEntry.objects.get(action="export")
    assert entry.actor is None and entry.object_repr == "save-idlib"
    assert entry.after == {
        "file": "signatures",
        "format": "csv",
        "via": "export_signatures",
        "verified_only": True,
        "rows": 2,
    }


def test_the_command_explains_itself() -> None:
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("export_signatures", "--help", stdout=out)


# --- the staff download ------------------------------------------------------------------------


def export_url() -> str:
    return reverse("signatures:export", args=["save-idlib"])


def test_an_admin_downloads_the_csv_and_the_log_says_so(
    client: Client, admin_user: User, sign_in: Any, signatures: list[Signature]
) -> None:
    sign_in(client, admin_user)

    response = client.get(export_url() + "?verified=1")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="save-idlib-signatures-'
    )
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    rows = read(response.getvalue())
    assert [row["email"] for row in rows] == ["samira@example.org", "contact@ngo.example"]
    entry = AuditEntry.objects.get(action="export")
    assert entry.actor == admin_user and entry.object_repr == "save-idlib"
    assert entry.after == {"file": "signatures", "format": "csv", "verified_only": True, "rows": 2}
    assert entry.ip_hash


@pytest.mark.parametrize("who", ["editor", "moderator", "outsider"])
def test_staff_without_the_permission_are_refused(
    client: Client, people: Any, sign_in: Any, signatures: list[Signature], who: str
) -> None:
    sign_in(client, getattr(people, who))

    response = client.get(export_url())

    assert response.status_code in (302, 403)
    assert b"samira@example.org" not in response.content
    assert not AuditEntry.objects.filter(action="export").exists()


def test_a_password_only_session_is_sent_to_the_second_factor(
    client: Client, admin_user: User, sign_in: Any, signatures: list[Signature]
) -> None:
    sign_in(client, admin_user, verified=False)

    response = client.get(export_url())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not AuditEntry.objects.filter(action="export").exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(
    client: Client, signatures: list[Signature]
) -> None:
    response = client.get(export_url())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_unknown_campaign_is_not_found(client: Client, admin_user: User, sign_in: Any) -> None:
    sign_in(client, admin_user)

    assert client.get(reverse("signatures:export", args=["nope"])).status_code == 404


def test_only_get_is_allowed(
    client: Client, admin_user: User, sign_in: Any, demo_campaign: Campaign
) -> None:
    sign_in(client, admin_user)

    assert client.post(export_url()).status_code == 405
