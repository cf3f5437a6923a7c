"""Handing evidence over (manage.py export_evidence): the originals, their hashes, their custody.

The output, a folder or a .zip file, holds:

- ``files/<id>-<name>``: each original, byte for byte, its hash checked while it is copied;
- ``manifest.csv``: one row per item (id, incident, file, name, type, size, SHA-256, address,
  description, when and by whom it was added), spreadsheet-safe;
- ``custody.csv``: every custody entry of these items, including the "exported" or
  "transferred" entries this hand-over wrote (their note holds the manifest's SHA-256), with
  each entry's previous hash and hash.

It is built under a temporary name beside the target and renamed when complete, so a failure
leaves nothing half-written.
"""

import hashlib
import io
import os
import secrets
import shutil
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.utils.text import get_valid_filename

from nidaa.core.spreadsheet import write_csv
from nidaa.incidents import custody, evidence
from nidaa.incidents.models import CustodyEntry, Evidence, Incident

MANIFEST = ["evidence_id", "incident", "file", "original_name", "content_type", "size", "sha256", "url", "description", "added_at", "added_by"]  # fmt: skip
CUSTODY = ["entry", "evidence_id", "action", "actor", "at", "sha256", "note", "previous_hash", "entry_hash"]  # fmt: skip


class ExportError(Exception):
    """The export cannot be made; nothing was written."""


@dataclass(frozen=True)
class Exported:
    items: int
    files: int
    bytes: int
    manifest_sha256: str


class Folder:
    """A new folder, built under a temporary name and renamed into place."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.building = target.with_name(f".{target.name}.partial-{secrets.token_hex(4)}")
        self.building.mkdir(mode=0o700)

    def open(self, name: str) -> IO[bytes]:
        path = self.building / name
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        return path.open("xb")

    def finish(self) -> None:
        os.rename(self.building, self.target)

    def abort(self) -> None:
        shutil.rmtree(self.building, ignore_errors=True)


class Zip:
    """A new .zip file; the originals are stored as they are (most are compressed already)."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.building = target.with_name(f".{target.name}.partial-{secrets.token_hex(4)}")
        self.zip = zipfile.ZipFile(self.building, "x", zipfile.ZIP_DEFLATED, allowZip64=True)

    def open(self, name: str) -> IO[bytes]:
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_STORED if name.startswith("files/") else zipfile.ZIP_DEFLATED  # fmt: skip
        return self.zip.open(info, "w", force_zip64=True)

    def finish(self) -> None:
        self.zip.close()
        os.replace(self.building, self.target)

    def abort(self) -> None:
        self.zip.close()
        self.building.unlink(missing_ok=True)


def _output(path: Path) -> Folder | Zip:
    if path.exists():
        raise ExportError(f"{str(path)!r} exists already; name a new folder or file.")
    if not path.parent.is_dir():
        raise ExportError(f"No folder {str(path.parent)!r} to write {path.name!r} in.")
    return Zip(path) if path.suffix.lower() == ".zip" else Folder(path)


def export_evidence(
    incident: Incident,
    output: Path,
    user: Any,
    recipient: str = "",
    advance: Callable[[int], None] = lambda n: None,
) -> Exported:
    """Write the incident's evidence to `output` (a new folder, or a .zip file)."""
    items = list(incident.evidence.select_related("added_by").order_by("pk"))
    if not items:
        raise ExportError(f"Incident {incident.code} has no evidence.")
    target = _output(output)
    try:
        manifest, files, size = _copy_items(items, target, advance)
        manifest_sha256 = hashlib.sha256(manifest).hexdigest()
        _write(target, "manifest.csv", manifest)
        action = CustodyEntry.Action.TRANSFERRED if recipient else CustodyEntry.Action.EXPORTED
        note = f"to {recipient}; " if recipient else ""
        for item in items:
            custody.append(item, action, user, f"{note}manifest {manifest_sha256}")
        _write(target, "custody.csv", _custody_csv(items))
        target.finish()
    except BaseException:
        target.abort()
        raise
    return Exported(len(items), files, size, manifest_sha256)


def _copy_items(
    items: list[Evidence], target: Folder | Zip, advance: Callable[[int], None]
) -> tuple[bytes, int, int]:
    rows, files, size = [], 0, 0
    for item in items:
        name = ""
        if item.file_path:
            name = f"files/{item.pk}-{get_valid_filename(item.original_name or 'evidence')[:100]}"
            size += _copy(item, target, name)
            files += 1
        added_by = item.added_by.get_username() if item.added_by else ""
        rows.append([
            item.pk, item.incident.code if item.incident_id else "", name, item.original_name,
            item.content_type, item.size, item.sha256, item.url, item.description,
            item.added_at.isoformat(), added_by,
        ])  # fmt: skip
        advance(1)
    return _csv(MANIFEST, rows), files, size


def _copy(item: Evidence, target: Folder | Zip, name: str) -> int:
    """Copy one original, checking its hash on the way; the number of bytes."""
    source = evidence.original_path(item)
    if source is None or not source.is_file():
        raise ExportError(f"Evidence {item.pk}: the stored original is missing.")
    digest, size = hashlib.sha256(), 0
    with source.open("rb") as reading, target.open(name) as writing:
        while chunk := reading.read(evidence.CHUNK):
            digest.update(chunk)
            writing.write(chunk)
            size += len(chunk)
    if digest.hexdigest() != item.sha256:
        raise ExportError(
            f"Evidence {item.pk}: the stored original no longer matches its hash on receipt; "
            "nothing was exported (run manage.py verify_custody --files)."
        )
    return size


def _custody_csv(items: list[Evidence]) -> bytes:
    entries = CustodyEntry.objects.filter(evidence_id__in=[item.pk for item in items])
    rows = [
        [e.pk, e.evidence_id, e.action, e.actor_username, e.at.isoformat(), e.sha256, e.note,
         e.previous_hash, e.entry_hash]
        for e in entries.order_by("pk")
    ]  # fmt: skip
    return _csv(CUSTODY, rows)


def _csv(header: Sequence[str], rows: list[list[Any]]) -> bytes:
    out = io.BytesIO()
    write_csv(out, header, rows)
    return out.getvalue()


def _write(target: Folder | Zip, name: str, data: bytes) -> None:
    with target.open(name) as stream:
        stream.write(data)
