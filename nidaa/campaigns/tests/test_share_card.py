"""The share pictures: drawn per campaign and language, Arabic shaped, cached, and served with
headers that let browsers and networks keep them."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from PIL import Image, ImageChops, ImageFont

from nidaa.campaigns import share_card
from nidaa.campaigns.models import Campaign
from nidaa.campaigns.share_card import KINDS, draw_card, font, stored_path

pytestmark = pytest.mark.django_db

CARD = "/c/save-idlib/share/{language}/{kind}.jpg"


def picture(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("kind", ["card", "square"])
def test_it_serves_a_picture_of_the_right_size(
    client: Client, demo_campaign: Campaign, language: str, kind: str
) -> None:
    response = client.get(CARD.format(language=language, kind=kind))

    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    image = picture(response.content)
    assert (image.format, image.size) == ("JPEG", (KINDS[kind].width, KINDS[kind].height))
    assert "public" in response["Cache-Control"] and response["ETag"]
    assert not image.getexif()  # nothing but pixels


def test_the_libraries_shape_arabic_here() -> None:
    # Pillow shapes Arabic only with libraqm (HarfBuzz and FriBiDi); ensure-pdf-libs.sh brings them.
    from PIL import features

    assert features.check("raqm"), "libraqm is missing: Arabic on share cards would be broken"


def test_arabic_is_shaped_not_drawn_letter_by_letter() -> None:
    # Joined letters are narrower than the same letters drawn apart in their isolated forms.
    shaped = font("arabic", 60, bold=True)
    basic = ImageFont.truetype(
        share_card._font_file("arabic"), 60, layout_engine=ImageFont.Layout.BASIC
    )
    text = "أنقذوا إدلب"

    assert shaped.getlength(text, direction="rtl", language="ar") < basic.getlength(text) * 0.95


def test_the_arabic_card_is_drawn_right_to_left(demo_campaign: Campaign) -> None:
    image = picture(draw_card(demo_campaign, demo_campaign.content("ar"), KINDS["card"]))  # type: ignore[arg-type]
    band = image.crop((0, 400, 1200, 470)).convert("L")
    # White title text: in Arabic it hugs the right margin, so the right half has more of it.
    left = sum(band.crop((0, 0, 600, 70)).histogram()[201:])
    right = sum(band.crop((600, 0, 1200, 70)).histogram()[201:])
    assert right > left


def test_the_english_and_arabic_cards_differ(demo_campaign: Campaign) -> None:
    english = picture(draw_card(demo_campaign, demo_campaign.content("en"), KINDS["card"]))  # type: ignore[arg-type]
    arabic = picture(draw_card(demo_campaign, demo_campaign.content("ar"), KINDS["card"]))  # type: ignore[arg-type]

    assert ImageChops.difference(english, arabic).getbbox() is not None


def test_it_is_drawn_once_and_kept(
    client: Client, demo_campaign: Campaign, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.get(CARD.format(language="en", kind="card"))
    path = stored_path(demo_campaign, demo_campaign.content("en"), KINDS["card"])  # type: ignore[arg-type]
    assert path.is_file() and path.is_relative_to(Path(settings.MEDIA_ROOT))

    def must_not_draw(*args: object) -> bytes:
        raise AssertionError("drawn again")

    monkeypatch.setattr(share_card, "draw_card", must_not_draw)
    assert client.get(CARD.format(language="en", kind="card")).status_code == 200


def test_a_new_title_makes_a_new_picture_and_removes_the_old(
    client: Client, demo_campaign: Campaign
) -> None:
    content = demo_campaign.content("en")
    assert content is not None
    client.get(CARD.format(language="en", kind="card"))
    old = stored_path(demo_campaign, content, KINDS["card"])
    content.title = "A new title"
    content.save()

    campaign = Campaign.objects.get(pk=demo_campaign.pk)
    client.get(CARD.format(language="en", kind="card"))

    new = stored_path(campaign, campaign.content("en"), KINDS["card"])  # type: ignore[arg-type]
    assert new != old and new.is_file() and not old.exists()


def test_a_repeated_request_is_answered_not_modified(
    client: Client, demo_campaign: Campaign
) -> None:
    first = client.get(CARD.format(language="en", kind="card"))

    again = client.get(
        CARD.format(language="en", kind="card"), headers={"if-none-match": first["ETag"]}
    )

    assert again.status_code == 304


def test_it_can_be_downloaded_with_a_name(client: Client, demo_campaign: Campaign) -> None:
    response = client.get(CARD.format(language="ar", kind="square"), {"download": "1"})

    assert response["Content-Disposition"] == 'attachment; filename="save-idlib-ar-square.jpg"'


@pytest.mark.parametrize(
    "path",
    [
        "/c/save-idlib/share/fr/card.jpg",
        "/c/save-idlib/share/en/banner.jpg",
        "/c/nowhere/share/en/card.jpg",
    ],
)
def test_unknown_pictures_are_not_found(client: Client, demo_campaign: Campaign, path: str) -> None:
    assert client.get(path).status_code == 404


def test_a_draft_campaign_has_no_picture(client: Client, demo_campaign: Campaign) -> None:
    Campaign.objects.filter(pk=demo_campaign.pk).update(status=Campaign.Status.DRAFT)

    assert client.get(CARD.format(language="en", kind="card")).status_code == 404


def test_without_raqm_arabic_is_left_off_rather_than_broken(
    demo_campaign: Campaign, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(share_card, "shaping_available", lambda: False)
    share_card.font.cache_clear()
    content = demo_campaign.content("ar")
    assert content is not None
    try:
        drawn = picture(draw_card(demo_campaign, content, KINDS["card"]))
        content.title = ""
        untitled = picture(draw_card(demo_campaign, content, KINDS["card"]))
    finally:
        share_card.font.cache_clear()
    assert ImageChops.difference(drawn, untitled).getbbox() is None
