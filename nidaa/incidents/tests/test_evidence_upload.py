"""Adding evidence on the recording pages: a file kept unchanged and hashed on arrival, or an
address; sending again after a dropped connection adds nothing twice; refusals keep what was
typed; only people who may open the record may add to it."""

import hashlib
import io
import os
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from nidaa.accounts.models import AuditEntry
from nidaa.incidents import evidence
from nidaa.incidents.models import CustodyEntry, Evidence
from nidaa.incidents.tests.test_evidence_helpers import (
    add_url,
    jpeg_with_location,
    upload,
    use_private_storage,
)
from nidaa.incidents.tests.test_record_helpers import make_record, second_documenter

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def storage(settings: Any, tmp_path: Path) -> Path:
    return use_private_storage(settings, tmp_path)


def test_a_photo_is_kept_unchanged_under_its_hash_with_a_clean_public_copy(
    client: Client, documenter: User, sign_in: Any, storage: Path
) -> None:
    data = jpeg_with_location()
    incident = make_record(documenter)
    sign_in(client, documenter)

    response = upload(client, incident, data, "IMG_0042.jpg")

    item = Evidence.objects.get(incident=incident)
    digest = hashlib.sha256(data).hexdigest()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/record/evidence/{item.pk}/")
    assert (item.sha256, item.size, item.original_name) == (digest, len(data), "IMG_0042.jpg")
    assert (item.content_type, item.description, item.added_by) == ("image/jpeg", "Crater in the market", documenter)  # fmt: skip
    assert item.file_path == f"originals/{digest[:2]}/{digest}"
    assert (storage / item.file_path).read_bytes() == data
    assert item.public_copy.startswith("public/") and not item.public
    assert digest not in item.public_copy  # the public copy's name does not give the hash away
    # Received into custody, with the public copy made; in the audit log (the record's history).
    actions = list(item.custody.values_list("action", "sha256", "actor_username"))
    assert actions == [("received", digest, "dana"), ("public_copy", digest, "dana")]
    assert AuditEntry.objects.filter(action="create", object_id=str(item.pk)).exists()
    # Nothing is left behind in the folder where uploads arrive.
    assert list((storage / "incoming").iterdir()) == []


def test_evidence_is_stored_away_from_what_the_site_serves(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.NIDAA_EVIDENCE_ROOT = tmp_path / "media" / "evidence"

    with pytest.raises(Exception, match="must not lie inside MEDIA_ROOT"):
        evidence.root()


def test_an_original_is_readable_by_the_server_alone(
    client: Client, documenter: User, sign_in: Any, storage: Path
) -> None:
    incident = make_record(documenter)
    sign_in(client, documenter)

    upload(client, incident, PDF, "report.pdf")

    item = Evidence.objects.get()
    assert os.stat(storage / item.file_path).st_mode & 0o777 == 0o400
    assert os.stat(storage / "originals").st_mode & 0o777 == 0o700


def test_sending_the_same_file_again_adds_nothing(
    client: Client, documenter: User, sign_in: Any
) -> None:
    data = jpeg_with_location()
    incident = make_record(documenter)
    sign_in(client, documenter)

    first = upload(client, incident, data)
    again = upload(client, incident, data, "renamed.jpg", description="Sent again")

    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert Evidence.objects.count() == 1
    assert CustodyEntry.objects.filter(action="received").count() == 1
    assert "already has this evidence" in client.get(again["Location"]).content.decode()


def test_the_same_file_in_two_records_is_stored_once(
    client: Client, documenter: User, sign_in: Any, storage: Path
) -> None:
    data = jpeg_with_location()
    first, second = make_record(documenter), make_record(documenter)
    sign_in(client, documenter)

    upload(client, first, data)
    upload(client, second, data)

    assert Evidence.objects.count() == 2
    assert len(list((storage / "originals").rglob("*/*"))) == 1


def test_a_file_that_is_not_an_image_is_kept_as_it_is_without_a_public_copy(
    client: Client, documenter: User, sign_in: Any
) -> None:
    incident = make_record(documenter)
    sign_in(client, documenter)

    # The name says JPEG; the content is a PDF, and the content decides.
    upload(client, incident, PDF, "looks-like-a-photo.jpg")

    item = Evidence.objects.get()
    assert (item.content_type, item.public_copy) == ("application/pdf", "")
    assert list(item.custody.values_list("action", flat=True)) == ["received"]


def test_an_address_alone_is_evidence_too_and_is_added_once(
    client: Client, verifier: User, documenter: User, sign_in: Any
) -> None:
    incident = make_record(documenter)
    sign_in(client, verifier)
    data = {"description": "Video of the strike", "url": "https://example.org/v/1"}

    client.post(add_url(incident), data)
    client.post(add_url(incident), data)

    item = Evidence.objects.get()
    assert (item.url, item.file_path, item.sha256) == ("https://example.org/v/1", "", "")
    assert list(item.custody.values_list("action", "note")) == [("received", "address https://example.org/v/1")]  # fmt: skip


def test_an_empty_form_says_what_is_missing(client: Client, documenter: User, sign_in: Any) -> None:
    incident = make_record(documenter)
    sign_in(client, documenter)

    response = client.post(add_url(incident), {"description": "Only words"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose a file to send" in page and "Only words" in page


def test_a_file_over_the_limit_is_refused_and_the_description_is_kept(
    client: Client, documenter: User, sign_in: Any, settings: Any, storage: Path
) -> None:
    settings.NIDAA_EVIDENCE_MAX_MB = 1
    incident = make_record(documenter)
    sign_in(client, documenter)

    response = upload(client, incident, b"\0" * (1024 * 1024 + 1), "video.mp4", description="Long video")  # fmt: skip

    assert response.status_code == 400
    page = response.content.decode()
    assert "larger than 1 MB" in page and "Long video" in page
    assert not Evidence.objects.exists()
    assert list((storage / "incoming").iterdir()) == []


def test_a_file_of_exactly_the_limit_is_accepted(
    client: Client, documenter: User, sign_in: Any, settings: Any
) -> None:
    settings.NIDAA_EVIDENCE_MAX_MB = 1
    incident = make_record(documenter)
    sign_in(client, documenter)

    response = upload(client, incident, b"\0" * (1024 * 1024), "video.mp4")

    assert response.status_code == 302
    assert Evidence.objects.get().size == 1024 * 1024


def test_an_empty_file_is_refused(client: Client, documenter: User, sign_in: Any) -> None:
    incident = make_record(documenter)
    sign_in(client, documenter)

    response = upload(client, incident, b"", "empty.jpg")

    assert response.status_code == 400
    assert not Evidence.objects.exists()


def test_the_form_keeps_a_copy_of_the_description_on_the_device(
    client: Client, documenter: User, sign_in: Any
) -> None:
    incident = make_record(documenter)
    sign_in(client, documenter)

    page = client.get(add_url(incident)).content.decode()

    assert f'data-draft-key="evidence:{documenter.pk}:{incident.code}"' in page
    assert 'enctype="multipart/form-data"' in page
    assert "record/record.js" in page
    # Fields in this order, so that the description arrives even when the file is refused.
    assert page.index('name="description"') < page.index('name="url"') < page.index('name="file"')


def test_only_people_who_may_open_the_record_may_add_to_it(
    client: Client, documenter: User, sign_in: Any, storage: Path
) -> None:
    incident = make_record(documenter)
    sign_in(client, second_documenter())

    response = upload(client, incident, jpeg_with_location())

    assert response.status_code == 404
    assert not Evidence.objects.exists()
    assert not (storage / "incoming").exists() or list((storage / "incoming").iterdir()) == []


def test_nobody_signed_out_can_send_a_file(client: Client, documenter: User, storage: Path) -> None:  # fmt: skip
    incident = make_record(documenter)

    response = upload(client, incident, jpeg_with_location())

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not storage.exists(), "the upload must not even reach the disk"


def test_the_page_works_in_arabic(client: Client, documenter: User, sign_in: Any) -> None:
    incident = make_record(documenter)
    sign_in(client, documenter)

    page = client.get(f"/ar/record/evidence/{incident.code}/add/").content.decode()

    assert 'dir="rtl"' in page and 'name="file"' in page


def test_only_the_one_file_of_the_form_reaches_the_disk(
    client: Client, documenter: User, sign_in: Any, storage: Path
) -> None:
    incident = make_record(documenter)
    sign_in(client, documenter)
    first, second, stray = (io.BytesIO(data) for data in (PDF, PDF + b"2", PDF + b"3"))
    first.name, second.name, stray.name = "a.pdf", "b.pdf", "c.pdf"

    client.post(add_url(incident), {"description": "", "file": [first, second], "other": stray})

    item = Evidence.objects.get()
    assert item.original_name == "a.pdf"
    assert len(list((storage / "originals").rglob("*/*"))) == 1
    assert list((storage / "incoming").iterdir()) == []
