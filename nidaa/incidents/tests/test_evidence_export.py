"""manage.py export_evidence: the originals with a manifest of hashes and their custody log,
written to the log as an export or a transfer; a changed file stops it."""

import csv
import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from nidaa.incidents import custody, evidence
from nidaa.incidents.models import CustodyEntry, Evidence, Incident
from nidaa.incidents.tests.test_evidence_helpers import jpeg_with_location, use_private_storage
from nidaa.incidents.tests.test_record_helpers import make_record

pytestmark = pytest.mark.django_db

PDF = b'%PDF-1.4\n=HYPERLINK("x")\n%%EOF\n'


@pytest.fixture(autouse=True)
def storage(settings: Any, tmp_path: Path) -> Path:
    return use_private_storage(settings, tmp_path / "store")


def add(incident: Incident, data: bytes, name: str, description: str = "") -> Evidence:
    received = evidence.receive(io.BytesIO(data))
    try:
        return evidence.add_file(incident, received, name, description, incident.created_by).item
    finally:
        received.discard()


@pytest.fixture
def record(documenter: User) -> Incident:
    incident = make_record(documenter)
    add(incident, jpeg_with_location(), "IMG_0042.jpg", "Crater")
    add(incident, PDF, "../../etc/report.pdf", "=cmd|' /C calc'!A0")
    Evidence.objects.create(incident=incident, url="https://example.org/v/1", description="Video")
    return incident


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("export_evidence", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_an_export_to_a_folder_holds_the_originals_and_their_hashes(
    record: Incident, tmp_path: Path
) -> None:
    target = tmp_path / "handover"

    out = export("--incident", record.code, "-o", str(target))

    manifest = rows((target / "manifest.csv").read_bytes())
    assert [row["original_name"] for row in manifest] == ["IMG_0042.jpg", "../../etc/report.pdf", ""]  # fmt: skip
    for row in manifest[:2]:
        copied = (target / row["file"]).read_bytes()
        assert hashlib.sha256(copied).hexdigest() == row["sha256"]
        assert (target / row["file"]).resolve().is_relative_to(target.resolve())
    assert manifest[1]["description"].startswith("'=")  # safe to open in a spreadsheet
    assert manifest[2]["url"] == "https://example.org/v/1"
    manifest_hash = hashlib.sha256((target / "manifest.csv").read_bytes()).hexdigest()
    assert manifest_hash in out
    # Each item's custody says it was exported, with the manifest's hash; the copy holds it.
    exported = CustodyEntry.objects.filter(action="exported")
    assert exported.count() == 3 and all(manifest_hash in e.note for e in exported)
    log = rows((target / "custody.csv").read_bytes())
    assert [row["action"] for row in log].count("exported") == 3
    assert custody.verify_chain().broken is None


def test_a_transfer_to_a_zip_file_names_the_recipient(
    record: Incident, tmp_path: Path, verifier: User
) -> None:
    target = tmp_path / "handover.zip"

    export("--incident", record.code, "-o", str(target), "--to", "UN COI Syria, ref 117", "--by", "huda")  # fmt: skip

    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        manifest = rows(archive.read("manifest.csv"))
        photo = archive.read(manifest[0]["file"])
    assert {"manifest.csv", "custody.csv"} <= set(names)
    assert hashlib.sha256(photo).hexdigest() == manifest[0]["sha256"]
    entry = CustodyEntry.objects.filter(action="transferred").first()
    assert entry is not None
    assert entry.actor_username == "huda" and entry.note.startswith("to UN COI Syria, ref 117; manifest ")  # fmt: skip


def test_a_changed_original_stops_the_export_and_nothing_is_written(
    record: Incident, tmp_path: Path, storage: Path
) -> None:
    item = record.evidence.get(original_name="IMG_0042.jpg")
    path = storage / item.file_path
    path.chmod(0o600)
    path.write_bytes(path.read_bytes() + b"\0")

    with pytest.raises(CommandError, match=f"Evidence {item.pk}: the stored original no longer matches"):  # fmt: skip
        export("--incident", record.code, "-o", str(tmp_path / "handover"))

    assert [p.name for p in tmp_path.iterdir()] == ["store"]
    assert not CustodyEntry.objects.filter(action="exported").exists()


def test_an_existing_target_is_never_overwritten(record: Incident, tmp_path: Path) -> None:
    (tmp_path / "handover").mkdir()

    with pytest.raises(CommandError, match="exists already"):
        export("--incident", record.code, "-o", str(tmp_path / "handover"))


def test_an_unknown_incident_or_person_is_refused(record: Incident, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No incident 'NID-NONE'"):
        export("--incident", "NID-NONE", "-o", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="No staff member 'nobody'"):
        export("--incident", record.code, "-o", str(tmp_path / "x"), "--by", "nobody")
