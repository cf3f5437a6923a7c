"""What the evidence, custody and location-leak tests share: private storage in a temporary
folder, real images carrying location and device metadata, and uploading through the real page.

The images are made here with Pillow: EXIF with GPS (the phone's position), the camera's make,
model, serial number and software, XMP with a GPS position and a creator tool, a JPEG comment,
an ICC profile, and for PNG text chunks as phones and editors write them.
"""

import io
import struct
import zlib
from pathlib import Path
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from nidaa.incidents.models import Incident

# Where the photo was taken: Saraqeb, Idlib (degrees, minutes, seconds).
LATITUDE = (35.0, 51.0, 46.8)
LONGITUDE = (36.0, 48.0, 7.2)
SERIAL = "CAM-SERIAL-0042"
XMP = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'xmlns:xmp="http://ns.adobe.com/xap/1.0/" exif:GPSLatitude="35,51.78N" '
    b'exif:GPSLongitude="36,48.12E" xmp:CreatorTool="Field Camera 2.1"/>'
    b'</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
)


def use_private_storage(settings: Any, tmp_path: Path) -> Path:
    """Point evidence storage at a fresh folder (never the project's own)."""
    root = tmp_path / "evidence"
    settings.NIDAA_EVIDENCE_ROOT = root
    return root


def exif_with_location() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "FieldCam"  # Make
    exif[0x0110] = "FC-1 Pro"  # Model
    exif[0x0131] = "FieldCam firmware 3.4"  # Software
    exif[0x013B] = "Photographer Name"  # Artist
    exif[0x0112] = 6  # Orientation: rotate 90° to show upright
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", LATITUDE
    gps[3], gps[4] = "E", LONGITUDE
    gps[6] = 412.0  # altitude
    details = exif.get_ifd(0x8769)
    details[0xA431] = SERIAL  # BodySerialNumber
    details[0xA434] = "FC 24mm f/2.8"  # LensModel
    details[0x9003] = "2019:12:22 09:14:03"  # DateTimeOriginal
    return exif


def icc_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def picture(mode: str = "RGB", size: tuple[int, int] = (64, 48)) -> Image.Image:
    image = Image.new(mode, size, (200, 40, 40) if mode == "RGB" else (200, 40, 40, 255))
    for x in range(size[0] // 2):  # not one flat colour: orientation must be visible
        image.putpixel((x, 0), (0, 0, 255) if mode == "RGB" else (0, 0, 255, 255))
    return image


def jpeg_with_location() -> bytes:
    out = io.BytesIO()
    picture().save(
        out, "JPEG", exif=exif_with_location(), xmp=XMP, icc_profile=icc_profile(),
        comment=b"Taken at 35.8630N 36.8020E by FC-1 Pro",
    )  # fmt: skip
    return out.getvalue()


def png_with_location() -> bytes:
    info = PngInfo()
    info.add_text("Comment", "GPS 35.8630N 36.8020E")
    info.add_text("Author", "Photographer Name")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    info.add_text("Software", "FieldCam firmware 3.4")
    out = io.BytesIO()
    picture("RGBA").save(out, "PNG", pnginfo=info, exif=exif_with_location(), icc_profile=icc_profile())  # fmt: skip
    return out.getvalue()


def webp_with_location() -> bytes:
    out = io.BytesIO()
    picture().save(out, "WEBP", exif=exif_with_location(), xmp=XMP, icc_profile=icc_profile())
    return out.getvalue()


def truncated(data: bytes) -> bytes:
    """The first half of a file, as a dropped upload or a damaged card leaves it."""
    return data[: len(data) // 2]


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width`×`height` pixels: a decompression bomb's shape."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")  # fmt: skip


def add_url(incident: Incident) -> str:
    """The English page (a page visited earlier in Arabic leaves Arabic active in the thread)."""
    with translation.override("en"):
        return reverse("evidence:add", kwargs={"code": incident.code})


def upload(
    client: Client, incident: Incident, data: bytes, name: str = "photo.jpg", **fields: str
) -> Any:
    """Send a file through the real page, as a browser does (the description first)."""
    payload: dict[str, Any] = {"description": "Crater in the market", "url": "", **fields}
    file = io.BytesIO(data)
    file.name = name
    payload["file"] = file
    return client.post(add_url(incident), payload)
