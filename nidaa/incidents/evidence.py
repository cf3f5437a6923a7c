"""Evidence files: received unchanged into private storage, hashed on arrival, cleaned for the public.

Storage (settings.NIDAA_EVIDENCE_ROOT, never under MEDIA_ROOT or the static files):

- ``incoming/``: uploads while they arrive, streamed to disk in chunks and hashed (SHA-256) as
  they come, so a 200 MB video never sits in memory and is never read twice;
- ``originals/ab/abcd…``: each original exactly as it arrived, named by its SHA-256 (content
  addressed: an identical file is stored once, and a stored file is never overwritten);
- ``public/cd/cdef….jpg``: for JPEG, PNG and WebP images only, a copy re-encoded from the
  pixels, orientation applied, at most PUBLIC_MAX_SIDE pixels a side, with every piece of
  metadata gone (EXIF with GPS and device, XMP, IPTC, ICC profile, comments, PNG text chunks).
  It is named by its own hash and served only by the public image view, only for a published
  incident's item that a verifier marked public.

What is kept: the type is read from the file's first bytes, never from its name. A file that
says it is a JPEG, PNG or WebP image but cannot be decoded (truncated, corrupt, or a
"decompression bomb" over the 40-megapixel limit of nidaa/core/images.py) is refused with a
message and nothing is kept: an upload cut short should be sent again, and a bomb is not
evidence. Any other file (video, audio, PDF, documents, other image formats) is kept exactly as
it is, without a public copy. An item may also be an address only (a post, a video online).

Every receipt is the first entry in the item's chain of custody (custody.py) and a "created"
entry in the audit log, which is also the record's history.
"""

import hashlib
import io
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from nidaa.accounts.audit import record, snapshot, stored_snapshot
from nidaa.core.images import open_image
from nidaa.core.middleware import purge_public_pages
from nidaa.incidents import custody
from nidaa.incidents.models import CustodyEntry, Evidence, Incident, Status

User = AbstractBaseUser | AnonymousUser | None

ORIGINALS = "originals"
PUBLIC = "public"
INCOMING = "incoming"
CHUNK = 1024 * 1024
# Public copies are for reading on a phone; the original keeps every pixel for accountability.
PUBLIC_MAX_SIDE = 2560


# --- Where things are -----------------------------------------------------------------------


def root() -> Path:
    """The private evidence folder, refusing one that the site serves to the public."""
    folder = Path(settings.NIDAA_EVIDENCE_ROOT).resolve()
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        served = getattr(settings, name, None)
        if served and folder.is_relative_to(Path(served).resolve()):
            raise ImproperlyConfigured(f"NIDAA_EVIDENCE_ROOT must not lie inside {name}.")
    return folder


def _folder(*parts: str) -> Path:
    """A folder inside the evidence folder; each level made private to this user."""
    folder = root()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    for part in parts:
        folder = folder / part
        folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def original_relative(sha256: str) -> str:
    return f"{ORIGINALS}/{sha256[:2]}/{sha256}"


def stored_path(relative: str) -> Path | None:
    """The file a stored relative path names, if it is inside the evidence folder."""
    if not relative:
        return None
    base = root()
    path = (base / relative).resolve()
    return path if path.is_relative_to(base) else None


def original_path(item: Evidence) -> Path | None:
    return stored_path(item.file_path)


def public_path(item: Evidence) -> Path | None:
    return stored_path(item.public_copy)


def max_bytes() -> int:
    return int(settings.NIDAA_EVIDENCE_MAX_MB) * 1024 * 1024


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- Receiving --------------------------------------------------------------------------------


class TooLarge(Exception):
    """More bytes arrived than NIDAA_EVIDENCE_MAX_MB allows."""


@dataclass(frozen=True)
class Received:
    """A file fully arrived in incoming/, with its hash, size and first bytes."""

    path: Path
    sha256: str
    size: int
    head: bytes

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


class Receiver:
    """Writes arriving bytes to a private temporary file, hashing and counting as they come."""

    HEAD = 64

    def __init__(self, limit: int | None = None) -> None:
        self.limit = max_bytes() if limit is None else limit
        # mkstemp: readable and writable by this process's user only.
        handle, name = tempfile.mkstemp(prefix="upload-", dir=_folder(INCOMING))
        self.file = os.fdopen(handle, "wb")
        self.path = Path(name)
        self.digest = hashlib.sha256()
        self.size = 0
        self.head = b""

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.limit:
            self.discard()
            raise TooLarge
        if len(self.head) < self.HEAD:
            self.head += chunk[: self.HEAD - len(self.head)]
        self.digest.update(chunk)
        self.file.write(chunk)

    def finish(self) -> Received:
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        return Received(self.path, self.digest.hexdigest(), self.size, self.head)

    def discard(self) -> None:
        self.file.close()
        self.path.unlink(missing_ok=True)


def receive(stream: IO[bytes], limit: int | None = None) -> Received:
    """Receive a file from a stream (a command, a test): the same path as an upload."""
    receiver = Receiver(limit)
    try:
        while chunk := stream.read(CHUNK):
            receiver.write(chunk)
    except BaseException:
        receiver.discard()
        raise
    return receiver.finish()


class ReceivedUpload(UploadedFile):
    """What request.FILES holds for an evidence upload: the received file, already hashed.

    Closing it (Django closes uploads when the request ends) removes the temporary file, which
    by then has been linked into originals/ if it was kept.
    """

    def __init__(self, received: Received, name: str, content_type: str) -> None:
        super().__init__(received.path.open("rb"), name, content_type, received.size)
        self.received = received

    def close(self) -> None:
        super().close()
        self.received.discard()


class EvidenceUploadHandler(FileUploadHandler):
    """Streams an upload straight into incoming/ while hashing it; stops at the size limit.

    A file over the limit is skipped (its remaining bytes are read and dropped, so the browser
    gets an answer, not a reset connection) and `too_large` tells the view to say so; the
    form's other fields, sent before the file, are kept.
    """

    FIELD = "file"

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.receiver: Receiver | None = None
        self.too_large = False
        self.files = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.files += 1
        if self.field_name != self.FIELD or self.files > 1:
            raise SkipFile  # one file per form: anything else never reaches the disk
        self.receiver = Receiver()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        assert self.receiver is not None
        try:
            self.receiver.write(raw_data)
        except TooLarge:
            self.too_large = True
            self.receiver = None
            raise SkipFile from None
        return None

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.receiver is None:
            return None
        received = self.receiver.finish()
        self.receiver = None
        return ReceivedUpload(received, self.file_name or "", self.content_type or "")

    def upload_interrupted(self) -> None:
        if self.receiver is not None:
            self.receiver.discard()
            self.receiver = None


# --- What a file is ---------------------------------------------------------------------------

# (offset, magic bytes, type): read from the content, never from the name.
SIGNATURES = [
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (8, b"WEBP", "image/webp"),  # after "RIFF" and a length
    (8, b"WAVE", "audio/wav"),
    (0, b"GIF8", "image/gif"),
    (0, b"%PDF-", "application/pdf"),
    (8, b"heic", "image/heic"),  # after the "ftyp" box header
    (8, b"qt  ", "video/quicktime"),
    (4, b"ftyp", "video/mp4"),
    (0, b"\x1aE\xdf\xa3", "video/webm"),
    (0, b"OggS", "audio/ogg"),
    (0, b"ID3", "audio/mpeg"),
    (0, b"PK\x03\x04", "application/zip"),
]
# Images that get a public copy: the type, Pillow's name for it, and the copy's extension.
CLEANED = {"image/jpeg": ("JPEG", "jpg"), "image/png": ("PNG", "png"), "image/webp": ("WEBP", "webp")}  # fmt: skip
SAVE_OPTIONS: dict[str, dict[str, Any]] = {
    "JPEG": {"quality": 85, "optimize": True},
    "PNG": {"optimize": False},
    "WEBP": {"quality": 82, "method": 4},
}


def sniff(head: bytes) -> str:
    """The file's type from its first bytes; "application/octet-stream" when unknown."""
    for offset, magic, content_type in SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            if content_type in ("image/webp", "audio/wav") and not head.startswith(b"RIFF"):
                continue
            return content_type
    return "application/octet-stream"


@dataclass(frozen=True)
class CleanCopy:
    data: bytes
    extension: str
    width: int
    height: int


def clean_copy(path: Path, content_type: str) -> CleanCopy:
    """The public copy of an image: its pixels only, turned upright, sized for reading.

    Raises ValidationError for an image that cannot be decoded or is too large in pixels.
    """
    pillow_format, extension = CLEANED[content_type]
    with path.open("rb") as stream:
        image = open_image(stream)
    if image.format != pillow_format:
        raise ValidationError(_("This file is not a readable image."))
    upright = ImageOps.exif_transpose(image)
    upright.thumbnail((PUBLIC_MAX_SIDE, PUBLIC_MAX_SIDE))
    pixels = _pixels_only(upright, keep_alpha=pillow_format != "JPEG")
    out = io.BytesIO()
    # Nothing but the pixels is passed: no exif=, xmp=, icc_profile= or pnginfo=.
    pixels.save(out, format=pillow_format, **SAVE_OPTIONS[pillow_format])
    return CleanCopy(out.getvalue(), extension, pixels.width, pixels.height)


def _pixels_only(image: Image.Image, keep_alpha: bool) -> Image.Image:
    """A new image holding the pixels and nothing else (its info dictionary starts empty)."""
    alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if keep_alpha and alpha else "RGB"
    converted = image.convert(mode)
    clean = Image.new(mode, converted.size)
    clean.paste(converted)
    return clean


# --- Adding evidence ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Added:
    item: Evidence
    created: bool  # False: the same file (or address) was already in this record


def add_file(
    incident: Incident,
    received: Received,
    name: str,
    description: str,
    user: User,
    request: HttpRequest | None = None,
    url: str = "",
) -> Added:
    """Keep an arrived file as evidence for the incident (once per incident and hash).

    Raises ValidationError, keeping nothing, for an image that cannot be decoded.
    """
    if received.size == 0:
        raise ValidationError(_("The file is empty; please choose it again."))
    content_type = sniff(received.head)
    copy = clean_copy(received.path, content_type) if content_type in CLEANED else None
    with transaction.atomic():
        _lock(incident)
        existing = incident.evidence.filter(sha256=received.sha256).first()
        if existing is not None:
            return Added(existing, False)
        item = Evidence.objects.create(
            incident=incident,
            description=description[:500],
            url=url,
            file_path=_place_original(received),
            original_name=name[:255],
            content_type=content_type,
            size=received.size,
            sha256=received.sha256,
            public_copy=_place_public(copy) if copy else "",
            added_by=_user(user),
        )
        custody.append(item, CustodyEntry.Action.RECEIVED, user, f"uploaded as {name}"[:500])
        if copy is not None:
            note = (
                f"public copy {hashlib.sha256(copy.data).hexdigest()}, {copy.width}x"
                f"{copy.height} px, metadata removed"
            )
            custody.append(item, CustodyEntry.Action.PUBLIC_COPY, user, note)
        record(user, "create", item, None, snapshot(item), request)
    return Added(item, True)


def add_url(
    incident: Incident,
    url: str,
    description: str,
    user: User,
    request: HttpRequest | None = None,
) -> Added:
    """Keep an address as evidence (once per incident and address)."""
    with transaction.atomic():
        _lock(incident)
        existing = incident.evidence.filter(url=url, sha256="").first()
        if existing is not None:
            return Added(existing, False)
        item = Evidence.objects.create(
            incident=incident, url=url, description=description[:500], added_by=_user(user)
        )
        custody.append(item, CustodyEntry.Action.RECEIVED, user, f"address {url}"[:500], "")
        record(user, "create", item, None, snapshot(item), request)
    return Added(item, True)


def _lock(incident: Incident) -> None:
    # Two sends of the same file at once (a retry racing the first try) must make one item.
    Incident.objects.select_for_update().filter(pk=incident.pk).exists()


def _user(user: User) -> Any:
    return user if isinstance(user, AbstractBaseUser) else None


def _place_original(received: Received) -> str:
    """Link the arrived file under its hash; an identical file already there is kept as is."""
    relative = original_relative(received.sha256)
    final = _folder(ORIGINALS, received.sha256[:2]) / received.sha256
    try:
        os.link(received.path, final)
    except FileExistsError:
        pass  # the same bytes, received before: content addressing makes this the same file
    else:
        final.chmod(0o400)  # read-only: nothing in the app ever writes to an original
    return relative


def _place_public(copy: CleanCopy) -> str:
    # Named by the copy's own hash: the original's must not reach the public (it would let
    # anyone holding a file confirm that it is in the record).
    name = hashlib.sha256(copy.data).hexdigest()
    relative = f"{PUBLIC}/{name[:2]}/{name}.{copy.extension}"
    final = _folder(PUBLIC, name[:2]) / f"{name}.{copy.extension}"
    handle, temporary = tempfile.mkstemp(prefix="copy-", dir=final.parent)
    with os.fdopen(handle, "wb") as stream:
        stream.write(copy.data)
    os.replace(temporary, final)
    return relative


# --- After receipt --------------------------------------------------------------------------


def set_public(
    item: Evidence, public: bool, user: User, request: HttpRequest | None = None
) -> None:
    """Show or hide the item's clean copy on the published record (verifiers decide)."""
    if public and not item.public_copy:
        raise ValidationError(_("Only images have a clean copy that can be shown publicly."))
    with transaction.atomic():
        before = stored_snapshot(item)
        item.public = public
        item.save(update_fields=["public"])
        record(user, "change", item, before, snapshot(item), request)
        transaction.on_commit(purge_public_pages)


def is_public(item: Evidence) -> bool:
    """Whether anyone may see the item's clean copy: marked public, on a published record."""
    return bool(item.public and item.public_copy and item.incident.status == Status.PUBLISHED)


# --- Checking the stored originals (manage.py verify_custody --files) -------------------------


@dataclass
class StoredOriginal:
    """One stored file, the hash it must have, and the items that hold it (for messages)."""

    relative: str
    sha256: str
    items: list[str]


def _receipts() -> dict[int, str]:
    """The hash each item had on receipt, from the custody chain (which verify_chain checks)."""
    received = CustodyEntry.objects.filter(action=CustodyEntry.Action.RECEIVED).exclude(sha256="")
    return dict(received.values_list("evidence_id", "sha256"))


def stored_originals() -> list[StoredOriginal]:
    """Every original that the record holds or the custody log says was received, once each.

    An item removed from the record (with its incident) still has its receipt in the chain,
    so its file is still checked.
    """
    receipts = _receipts()
    files: dict[tuple[str, str], StoredOriginal] = {}

    def add(relative: str, sha256: str, label: str) -> None:
        files.setdefault((relative, sha256), StoredOriginal(relative, sha256, [])).items.append(label)  # fmt: skip

    rows = Evidence.objects.exclude(file_path="").order_by("pk")
    for pk, relative, sha256, name, code in rows.values_list(
        "pk", "file_path", "sha256", "original_name", "incident__code"
    ):
        add(relative, sha256, f"evidence {pk} ({name or 'no name'}, incident {code})")
        receipts.pop(pk, None)
    for pk, sha256 in receipts.items():
        add(original_relative(sha256), sha256, f"evidence {pk} (no longer in the record)")
    return list(files.values())


def receipt_mismatches() -> list[str]:
    """Items whose recorded hash is not the hash their custody receipt holds."""
    receipts = _receipts()
    rows = Evidence.objects.filter(pk__in=receipts).exclude(file_path="").order_by("pk")
    return [
        f"evidence {pk} ({name or 'no name'}, incident {code}): its recorded hash {sha256} is "
        f"not the hash in its custody receipt, {receipts[pk]}"
        for pk, sha256, name, code in rows.values_list(
            "pk", "sha256", "original_name", "incident__code"
        )
        if sha256 != receipts[pk]
    ]


def check_originals(files: list[StoredOriginal], advance: Callable[[int], None]) -> list[str]:
    """Re-hash each file; a message for each one missing or changed, naming its items."""
    problems = []
    for stored in files:
        path = stored_path(stored.relative)
        who = "; ".join(stored.items)
        if path is None or not path.is_file():
            problems.append(f"{who}: the stored original {stored.relative} is missing")
        else:
            now = file_sha256(path)
            if now != stored.sha256:
                problems.append(
                    f"{who}: the stored original's bytes changed (SHA-256 now {now}, "
                    f"on receipt {stored.sha256})"
                )
        advance(1)
    return problems + receipt_mismatches()
