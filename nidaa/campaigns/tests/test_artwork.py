import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.datastructures import MultiValueDict
from PIL import Image

from nidaa.campaigns.forms import CampaignForm

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def jpeg_with_location() -> bytes:
    image = Image.new("RGB", (800, 500), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x0110] = "PhoneModel 7"  # camera model
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (35.0, 55.0, 0.0), 3: "E", 4: (36.0, 38.0, 0.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def form_with(upload: bytes, name: str = "photo.jpg") -> CampaignForm:
    data = {"slug": "test", "status": "draft", "goal": 100, "hashtags": "#Test",
            "artwork_credit": "", "default_language": "en"}  # fmt: skip
    artwork: UploadedFile = SimpleUploadedFile(name, upload, content_type="image/jpeg")
    files = MultiValueDict({"artwork": [artwork]})
    return CampaignForm(data=data, files=files)


def test_the_fixture_really_carries_a_location() -> None:
    exif = Image.open(io.BytesIO(jpeg_with_location())).getexif()
    assert exif.get_ifd(GPS_IFD)


def test_uploaded_artwork_loses_its_location_and_device_tags() -> None:
    form = form_with(jpeg_with_location())
    assert form.is_valid(), form.errors
    campaign = form.save()
    with campaign.artwork.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
    assert image.format == "JPEG"
    assert not image.getexif()
    assert "exif" not in image.info and "xmp" not in image.info


def test_a_file_that_is_not_an_image_is_refused_with_a_reason() -> None:
    form = form_with(b"<?php system($_GET['c']); ?>", name="shell.jpg")
    assert not form.is_valid()
    assert "artwork" in form.errors


def test_a_decompression_bomb_is_refused_fast() -> None:
    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, "PNG")  # 100 megapixels, a few KB
    form = form_with(buffer.getvalue(), name="bomb.png")
    assert not form.is_valid()
    assert "too large" in str(form.errors["artwork"])


def test_a_truncated_image_is_refused() -> None:
    form = form_with(jpeg_with_location()[:400])
    assert not form.is_valid()


def test_the_staff_site_uses_the_metadata_stripping_form() -> None:
    from nidaa.accounts.admin_site import staff_site
    from nidaa.campaigns.models import Campaign

    assert staff_site._registry[Campaign].form is CampaignForm
