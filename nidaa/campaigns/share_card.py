"""The campaign's share pictures, per language: the card that links show on social networks
(Open Graph, 1200×630) and a square one to post as a picture (1080×1080).

Each is drawn from the campaign's artwork with its title and hashtags, in the Noto fonts the
site already ships. Arabic needs shaping (letters join, right to left): Pillow does it with
libraqm (HarfBuzz and FriBiDi, which Pango brings; `scripts/ensure-pdf-libs.sh`). Without raqm
the picture carries no text rather than broken Arabic, and the log says why.

A picture is drawn once per campaign, language and text, and kept in MEDIA_ROOT/share/ under a
name with a fingerprint of what it shows; a change of title, hashtags or artwork makes a new one.
"""

import contextlib
import hashlib
import io
import logging
import os
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language_info
from PIL import Image, ImageDraw, ImageFont, features

from nidaa.campaigns.models import Campaign, CampaignTranslation
from nidaa.core.fonts import NOTO_SANS, NOTO_SANS_ARABIC, package_file

logger = logging.getLogger(__name__)

# Bump when the drawing changes, so that stored pictures are drawn again.
DRAWING_VERSION = "1"
NIGHT = (16, 28, 58)
ACCENT = (163, 39, 31)
WHITE = (255, 255, 255)
SOFT = (236, 229, 214)


@dataclass(frozen=True)
class Kind:
    name: str
    width: int
    height: int


KINDS = {
    "card": Kind("card", 1200, 630),
    "square": Kind("square", 1080, 1080),
}

FONTS = {"latin": NOTO_SANS, "arabic": NOTO_SANS_ARABIC}


def shaping_available() -> bool:
    return bool(features.check("raqm"))


@cache
def _font_file(script: str) -> str:
    return str(package_file(*FONTS[script]))


@cache
def font(script: str, size: int, bold: bool) -> ImageFont.FreeTypeFont:
    engine = ImageFont.Layout.RAQM if shaping_available() else ImageFont.Layout.BASIC
    loaded = ImageFont.truetype(_font_file(script), size, layout_engine=engine)
    with contextlib.suppress(OSError, ValueError):  # a static font has its one weight
        loaded.set_variation_by_name("Bold" if bold else "Regular")
    return loaded


def fingerprint(campaign: Campaign, content: CampaignTranslation, kind: Kind) -> str:
    parts = [
        DRAWING_VERSION,
        kind.name,
        content.language,
        content.title,
        campaign.hashtags,
        campaign.artwork.name or "",
        settings.SITE_NAME,
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def stored_path(campaign: Campaign, content: CampaignTranslation, kind: Kind) -> Path:
    name = (
        f"{campaign.slug}-{content.language}-{kind.name}-{fingerprint(campaign, content, kind)}.jpg"
    )
    return Path(settings.MEDIA_ROOT) / "share" / name


def card_bytes(campaign: Campaign, content: CampaignTranslation, kind: Kind) -> bytes:
    """The picture, drawn now or read from the file it was stored in."""
    path = stored_path(campaign, content, kind)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    data = draw_card(campaign, content, kind)
    _store(path, data)
    return data


def _store(path: Path, data: bytes) -> None:
    """Write atomically, and remove the pictures this one replaces."""
    path.parent.mkdir(parents=True, exist_ok=True)
    prefix = path.name.rsplit("-", 1)[0] + "-"
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".card-", suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)
    for old in path.parent.glob(prefix + "*.jpg"):
        if old != path and len(old.name) == len(path.name):
            old.unlink(missing_ok=True)


def draw_card(campaign: Campaign, content: CampaignTranslation, kind: Kind) -> bytes:
    """The artwork above, and below it a band with the title and the hashtags."""
    rtl = bool(get_language_info(content.language).get("bidi"))
    shaped = shaping_available() or not rtl
    if not shaped:
        logger.warning("Share card: no libraqm, so %s text is left off", content.language)
    text = _Text(kind, content.title if shaped else "", campaign.hashtag_list(), rtl)
    image = Image.new("RGB", (kind.width, kind.height), ACCENT)
    image.paste(_artwork(campaign, kind.width, kind.height - text.band), (0, 0))
    text.draw(ImageDraw.Draw(image))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=86, optimize=True, progressive=True)
    return buffer.getvalue()


def _artwork(campaign: Campaign, width: int, height: int) -> Image.Image:
    """The artwork, cropped to fill the area; night blue where there is none."""
    canvas = Image.new("RGB", (width, height), NIGHT)
    if campaign.artwork:
        try:
            with campaign.artwork.open("rb") as stored, Image.open(stored) as art:
                canvas = _cover(art.convert("RGB"), width, height)
        except (OSError, ValueError):
            logger.warning("Share card: the artwork of %s could not be read", campaign.slug)
    return canvas


def _cover(art: Image.Image, width: int, height: int) -> Image.Image:
    scale = max(width / art.width, height / art.height)
    resized = art.resize((round(art.width * scale), round(art.height * scale)))
    left = (resized.width - width) // 2
    top = (resized.height - height) // 2
    return resized.crop((left, top, left + width, top + height))


class _Text:
    """The title (wrapped, at most four lines) and the hashtags, laid out in a band."""

    def __init__(self, kind: Kind, title: str, hashtags: list[str], rtl: bool) -> None:
        self.width, self.height, self.rtl = kind.width, kind.height, rtl
        self.margin = kind.width // 16
        self.title_font = font("arabic" if rtl else "latin", kind.width // 16, bold=True)
        self.tags_font = font("latin", kind.width // 30, bold=True)
        self.lines = wrap(title, self.title_font, kind.width - 2 * self.margin, rtl)[:4]
        self.line_height = round(self.title_font.size * (1.5 if rtl else 1.25))
        self.hashtags = "  ".join(hashtags)
        tags_height = round(self.tags_font.size * 2) if hashtags else 0
        self.band = int(self.line_height * len(self.lines) + tags_height + self.margin)

    def draw(self, draw: ImageDraw.ImageDraw) -> None:
        x, anchor = (self.width - self.margin, "ra") if self.rtl else (self.margin, "la")
        y = self.height - self.band + self.margin // 2
        direction, language = _direction(self.rtl)
        for line in self.lines:
            draw.text(
                (x, y),
                line,
                font=self.title_font,
                fill=WHITE,
                anchor=anchor,
                direction=direction,
                language=language,
            )
            y += self.line_height
        if self.hashtags:  # Latin words, read left to right in every language
            draw.text(
                (x, y + self.tags_font.size // 4),
                self.hashtags,
                font=self.tags_font,
                fill=SOFT,
                anchor=anchor,
            )


def _direction(rtl: bool) -> tuple[str | None, str | None]:
    """(direction, language) for Pillow: only the raqm layout takes them."""
    if not shaping_available():
        return None, None
    return ("rtl", "ar") if rtl else ("ltr", None)


def wrap(text: str, with_font: ImageFont.FreeTypeFont, width: int, rtl: bool) -> list[str]:
    """Words into lines no wider than `width`, measured as they will be drawn (shaped)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        direction, language = _direction(rtl)
        if (
            current
            and with_font.getlength(candidate, direction=direction, language=language) > width
        ):
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines
