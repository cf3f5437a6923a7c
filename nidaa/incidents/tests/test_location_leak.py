"""SECURITY.md, "location leak" and "image bombs": what the public may see of an uploaded photo.

Real JPEG, PNG and WebP files carrying GPS, camera and editor metadata go through the real
upload page; the public copies are read back with exiftool, an independent reader, and must
carry no location or device tag at all. The original must be kept byte for byte. Images that
are bombs or cut short are refused quickly with a message, never a server error.
"""

import hashlib
import json
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from nidaa.incidents import evidence
from nidaa.incidents.models import Evidence
from nidaa.incidents.tests.test_evidence_helpers import (
    SERIAL,
    jpeg_with_location,
    png_declaring,
    png_with_location,
    truncated,
    upload,
    use_private_storage,
    webp_with_location,
)
from nidaa.incidents.tests.test_record_helpers import make_record
from nidaa.testing.browser import must_not_skip

pytestmark = pytest.mark.django_db

# Any of these in a tag's group or name is location, device or authoring metadata.
LEAKY_GROUPS = re.compile(r"^(GPS|IFD\d|ExifIFD|SubIFD|InteropIFD|MakerNotes|XMP|IPTC|ICC|Photoshop|APP\d+)", re.IGNORECASE)  # fmt: skip
LEAKY_NAMES = re.compile(
    r"GPS|Latitude|Longitude|Location|Make|Model|Serial|Lens|Software|Artist|Author|Creator|"
    r"Owner|Comment|DateTimeOriginal|Orientation|Profile|Device",
    re.IGNORECASE,
)
# What exiftool says about any file (its own name, size, dates on this disk): not metadata.
ABOUT_THE_FILE = ("SourceFile", "ExifTool:", "System:", "File:")
CASES = [
    ("photo.jpg", jpeg_with_location, "image/jpeg"),
    ("screenshot.png", png_with_location, "image/png"),
    ("photo.webp", webp_with_location, "image/webp"),
]


@pytest.fixture(autouse=True)
def storage(settings: Any, tmp_path: Path) -> Path:
    return use_private_storage(settings, tmp_path)


@pytest.fixture(scope="module")
def exiftool() -> str:
    found = shutil.which("exiftool")
    if found is None:
        message = (
            "exiftool is missing (Debian's libimage-exiftool-perl; `make test` installs it): "
            "the public copies of evidence images are NOT being checked for location tags."
        )
        if must_not_skip():
            pytest.fail(message + "\nCI=true: a missing exiftool is a failure.")
        pytest.skip(message)
    return found


def tags(exiftool: str, path: Path) -> dict[str, Any]:
    """Every tag exiftool finds, as "Group:Name" (duplicates and unknown tags included)."""
    result = subprocess.run(
        [exiftool, "-json", "-a", "-u", "-G1", str(path)], capture_output=True, check=True
    )
    [found] = json.loads(result.stdout)
    return {key: value for key, value in found.items() if not key.startswith(ABOUT_THE_FILE)}


def leaks(found: dict[str, Any]) -> list[str]:
    bad = []
    for key, value in found.items():
        group, _, name = key.rpartition(":")
        if LEAKY_GROUPS.match(group) or LEAKY_NAMES.search(name) or SERIAL in str(value):
            bad.append(f"{key}={value}")
    return bad


@pytest.mark.parametrize(("name", "make", "content_type"), CASES, ids=[c[0] for c in CASES])
def test_the_public_copy_carries_no_location_or_device_tag(
    client: Client, documenter: User, sign_in: Any, exiftool: str, tmp_path: Path,
    name: str, make: Any, content_type: str,
) -> None:  # fmt: skip
    data = make()
    sent = tmp_path / name
    sent.write_bytes(data)
    incident = make_record(documenter)
    sign_in(client, documenter)

    response = upload(client, incident, data, name)

    assert response.status_code == 302
    item = Evidence.objects.get(incident=incident)
    # The check can see what it looks for: the file as sent is full of it.
    assert len(leaks(tags(exiftool, sent))) > 10
    public = evidence.public_path(item)
    assert public is not None and public.is_file()
    assert leaks(tags(exiftool, public)) == []
    # The original is kept byte for byte, under the hash it had on arrival.
    original = evidence.original_path(item)
    assert original is not None and original.read_bytes() == data
    assert item.sha256 == hashlib.sha256(data).hexdigest() == evidence.file_sha256(original)
    assert item.content_type == content_type


def test_the_public_copy_is_turned_upright_before_its_orientation_tag_goes(
    client: Client, documenter: User, sign_in: Any
) -> None:
    from PIL import Image

    incident = make_record(documenter)
    sign_in(client, documenter)

    upload(client, incident, jpeg_with_location())

    path = evidence.public_path(Evidence.objects.get(incident=incident))
    assert path is not None
    with Image.open(path) as copy:
        # 64×48 with "rotate 90°": shown upright it is 48 wide and 64 high.
        assert copy.size == (48, 64)
        assert not copy.getexif() and "xmp" not in copy.info and "icc_profile" not in copy.info


BAD_IMAGES = [
    ("cut-short.jpg", truncated(jpeg_with_location()), "not a readable image"),
    ("cut-short.png", truncated(png_with_location()), "not a readable image"),
    ("cut-short.webp", truncated(webp_with_location()), "not a readable image"),
    ("bomb.png", png_declaring(10_000, 10_000), "too large"),  # 100 megapixels
    ("just-over.png", png_declaring(8_000, 6_000), "too large"),  # 48: over the 40 MP limit
]


@pytest.mark.parametrize(("name", "data", "says"), BAD_IMAGES, ids=[b[0] for b in BAD_IMAGES])
def test_bombs_and_truncated_images_are_refused_fast_and_nothing_is_kept(
    client: Client, documenter: User, sign_in: Any, storage: Path,
    name: str, data: bytes, says: str,
) -> None:  # fmt: skip
    incident = make_record(documenter)
    sign_in(client, documenter)

    started = time.monotonic()
    response = upload(client, incident, data, name, description="Kept when refused")
    elapsed = time.monotonic() - started

    assert response.status_code == 400
    page = response.content.decode()
    assert says in page and "Kept when refused" in page
    assert elapsed < 2, f"took {elapsed:.2f} s"
    assert not Evidence.objects.exists()
    assert not list(storage.rglob("*/*/*")), "nothing may be kept of a refused file"
