"""Reading and downloading evidence (each written to the custody log), showing a clean copy on
the published record, the custody log page, and who may reach each of these pages."""

import hashlib
import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import translation

from nidaa.incidents import custody, evidence
from nidaa.incidents.models import Evidence, Incident, Status
from nidaa.incidents.tests.test_evidence_helpers import jpeg_with_location, use_private_storage
from nidaa.incidents.tests.test_record_helpers import make_record, second_documenter

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def storage(settings: Any, tmp_path: Path) -> Path:
    return use_private_storage(settings, tmp_path)


def add(incident: Incident, data: bytes, name: str = "photo.jpg", user: User | None = None) -> Evidence:  # fmt: skip
    received = evidence.receive(io.BytesIO(data))
    try:
        return evidence.add_file(
            incident, received, name, "Crater", user or incident.created_by
        ).item
    finally:
        received.discard()


def url(name: str, **kwargs: Any) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def actions(item: Evidence) -> list[str]:
    return list(item.custody.order_by("pk").values_list("action", flat=True))


# --- Reading and downloading --------------------------------------------------------------------


def test_reading_an_item_shows_its_hash_and_custody_and_is_logged(
    client: Client, documenter: User, sign_in: Any
) -> None:
    item = add(make_record(documenter), jpeg_with_location(), "IMG_0042.jpg")
    sign_in(client, documenter)

    page = client.get(url("evidence:detail", pk=item.pk)).content.decode()

    assert item.sha256 in page and "IMG_0042.jpg" in page and "image/jpeg" in page
    assert actions(item) == ["received", "public_copy", "viewed"]
    assert page.count("intact") == 3  # each entry of the item, the view itself included


def test_downloading_gives_the_original_bytes_as_an_attachment_and_is_logged(
    client: Client, verifier: User, documenter: User, sign_in: Any
) -> None:
    data = jpeg_with_location()
    item = add(make_record(documenter), data, "IMG 0042 (copy).jpg")
    sign_in(client, verifier)

    response = client.get(url("evidence:download", pk=item.pk))

    assert response.getvalue() == data
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "IMG 0042 (copy).jpg" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    entry = item.custody.order_by("pk").last()
    assert entry is not None
    assert (entry.action, entry.actor_username, entry.sha256, entry.note) == ("downloaded", "huda", item.sha256, "")  # fmt: skip


def test_a_download_of_a_changed_file_records_the_hash_it_has_now(
    client: Client, verifier: User, documenter: User, sign_in: Any, storage: Path
) -> None:
    item = add(make_record(documenter), PDF, "report.pdf")
    path = storage / item.file_path
    path.chmod(0o600)
    path.write_bytes(PDF + b"tampered")
    sign_in(client, verifier)

    client.get(url("evidence:download", pk=item.pk)).getvalue()

    entry = item.custody.order_by("pk").last()
    assert entry is not None
    assert entry.sha256 == hashlib.sha256(PDF + b"tampered").hexdigest() != item.sha256
    assert "no longer matches" in entry.note


def test_a_missing_original_is_not_found_and_said_in_the_log(
    client: Client, verifier: User, documenter: User, sign_in: Any, storage: Path
) -> None:
    item = add(make_record(documenter), PDF, "report.pdf")
    (storage / item.file_path).unlink()
    sign_in(client, verifier)

    assert client.get(url("evidence:download", pk=item.pk)).status_code == 404
    assert actions(item) == ["received"]


# --- The clean copy in public -------------------------------------------------------------------


def publishable(documenter: User) -> tuple[Incident, Evidence]:
    incident = make_record(documenter, Status.PUBLISHED)
    return incident, add(incident, jpeg_with_location(), user=documenter)


def test_a_verifier_shows_the_clean_copy_and_the_public_can_then_see_it(
    client: Client, verifier: User, documenter: User, sign_in: Any
) -> None:
    _, item = publishable(documenter)
    public = url("evidence_public:image", pk=item.pk)
    assert Client().get(public).status_code == 404  # not marked public yet
    sign_in(client, verifier)

    response = client.post(url("evidence:detail", pk=item.pk), {"public": "1"})

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.public
    answer = Client().get(public)
    assert answer.status_code == 200 and answer["Content-Type"] == "image/jpeg"
    copy = evidence.public_path(item)
    assert copy is not None and answer.getvalue() == copy.read_bytes()
    assert answer["Cache-Control"] == "public, max-age=300"
    assert answer["X-Content-Type-Options"] == "nosniff"
    again = Client().get(public, headers={"If-None-Match": answer["ETag"]})
    assert again.status_code == 304
    assert item.sha256 not in answer["ETag"]


def test_the_public_never_sees_a_copy_of_an_unpublished_record_or_an_original(
    client: Client, documenter: User
) -> None:
    incident, item = publishable(documenter)
    Evidence.objects.filter(pk=item.pk).update(public=True)
    public = url("evidence_public:image", pk=item.pk)
    assert Client().get(public).status_code == 200

    Incident.objects.filter(pk=incident.pk).update(status=Status.VERIFIED)
    assert Client().get(public).status_code == 404

    pdf = add(make_record(documenter, Status.PUBLISHED), PDF, "report.pdf")
    Evidence.objects.filter(pk=pdf.pk).update(public=True)
    assert Client().get(url("evidence_public:image", pk=pdf.pk)).status_code == 404
    assert Client().get(url("evidence_public:image", pk=999_999)).status_code == 404
    assert Client().post(public).status_code == 405


def test_only_a_verifier_who_did_not_write_the_record_decides_what_is_shown(
    client: Client, documenter: User, sign_in: Any
) -> None:
    _, item = publishable(documenter)
    sign_in(client, documenter)

    assert client.post(url("evidence:detail", pk=item.pk), {"public": "1"}).status_code == 403
    assert 'name="public"' not in client.get(url("evidence:detail", pk=item.pk)).content.decode()


def test_a_file_without_a_clean_copy_cannot_be_shown(
    client: Client, verifier: User, documenter: User, sign_in: Any
) -> None:
    item = add(make_record(documenter, Status.PUBLISHED), PDF, "report.pdf")
    sign_in(client, verifier)

    response = client.post(url("evidence:detail", pk=item.pk), {"public": "1"})

    assert response.status_code == 400
    assert not Evidence.objects.get(pk=item.pk).public


# --- The custody log page -----------------------------------------------------------------------


def test_the_custody_log_lists_every_entry_and_marks_a_changed_one(
    client: Client, verifier: User, documenter: User, sign_in: Any
) -> None:
    item = add(make_record(documenter), PDF, "report.pdf")
    custody.append(item, "downloaded", verifier)
    entry = custody.append(item, "viewed", verifier)
    custody.remove_guard()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("UPDATE incidents_custodyentry SET note = 'x' WHERE id = %s", [entry.pk])  # fmt: skip
    custody.install_guard()
    sign_in(client, verifier)

    page = client.get(url("evidence:custody")).content.decode()

    assert page.count("intact") == 2
    assert "Changed: the fields do not match the hash" in page
    assert url("evidence:detail", pk=item.pk) in page


# --- Who may reach what -------------------------------------------------------------------------

# anonymous, outsider, author, other documenter, verifier, admin: the status of a GET.
LOGIN = "login"
ACCESS = {
    "evidence:add": (LOGIN, LOGIN, 200, 404, 200, 200),
    "evidence:detail": (LOGIN, LOGIN, 200, 404, 200, 200),
    "evidence:download": (LOGIN, LOGIN, 200, 404, 200, 200),
    "evidence:custody": (LOGIN, LOGIN, 403, 403, 200, 200),
    "evidence:protected_hits": (LOGIN, LOGIN, 403, 403, 200, 200),
}


def test_each_page_answers_each_person_as_declared(
    documenter: User, verifier: User, admin_user: User, outsider: User
) -> None:
    from nidaa.testing.base import sign_in

    incident = make_record(documenter)
    item = add(incident, PDF, "report.pdf")
    people = [None, outsider, documenter, second_documenter(), verifier, admin_user]
    arguments: dict[str, dict[str, Any]] = {
        "evidence:add": {"code": incident.code},
        "evidence:detail": {"pk": item.pk},
        "evidence:download": {"pk": item.pk},
    }
    wrong = []
    for name, expected in ACCESS.items():
        for person, want in zip(people, expected, strict=True):
            client = Client() if person is None else sign_in(Client(), person)
            response = client.get(url(name, **arguments.get(name, {})))
            got: Any = response.status_code
            if got == 302 and "/accounts/login/" in response["Location"]:
                got = LOGIN
            if got != want:
                wrong.append(f"{name} for {person}: {got}, declared {want}")
    assert wrong == []
