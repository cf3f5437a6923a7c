"""The campaign's pamphlet and each event's flyer: printable PDFs from HTML templates.

A pamphlet holds the campaign's title, its situation summary, the latest documented figures
from the record of incidents (the newest day the record has published), the demands, the five
actions, the hashtags, the artwork and its credit, and a QR code to the campaign page in that
language. It exists in each site language, and in two languages side by side on one sheet
(`ar+en`), on A4 or US Letter.

Rendering a PDF takes a second or more; the HTML behind it takes milliseconds. So the HTML is
rendered on every request and hashed, and the PDF is kept on disk under that hash
(NIDAA_PAMPHLET_DIR): the same content is rendered once, and any change to the campaign, its
figures, the template or the fonts makes a new hash, hence a new PDF, at the next request.
Older files of the same campaign, language and size are removed when a new one is written.
"""

import base64
import functools
import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from nidaa.campaigns.actions import ACTIONS
from nidaa.campaigns.models import Campaign, CampaignTranslation
from nidaa.core.emails import absolute_url
from nidaa.events import links
from nidaa.events.models import Event
from nidaa.events.presenting import Shown, present
from nidaa.incidents.models import Incident
from nidaa.incidents.summary import DaySummary, day_summary

logger = logging.getLogger(__name__)

SIZES = ("a4", "letter")
PAGE_SIZES = {"a4": "A4", "letter": "letter"}
LANGUAGE_LABELS = {"ar": _("Arabic"), "en": _("English"), "ar+en": _("Arabic and English")}
# Static files a PDF's look depends on: a change to any of them makes new PDFs.
STYLES = ("events/pamphlet.css", "core/pdf/fonts.css", "core/fonts/amiri-regular.ttf")
ARTWORK_MAX_BYTES = 3_000_000


class BadRequest(ValueError):
    """A language or size the pamphlet does not come in."""


@dataclass(frozen=True)
class Side:
    """One language's text on the sheet."""

    language: str
    rtl: bool
    content: CampaignTranslation
    demands: list[str]
    actions: list[tuple[str, str]]
    figures: DaySummary | None
    url: str
    qr: str  # data: URI of an SVG


def parse_languages(value: str | None, campaign: Campaign) -> list[str]:
    """`ar`, `en`, or two joined by `+` (which a query string may have decoded to a space)."""
    if not value:
        return [campaign.default_language]
    codes = value.replace(" ", "+").split("+")
    known = {code for code, _ in settings.LANGUAGES}
    if not 1 <= len(codes) <= 2 or len(set(codes)) != len(codes) or not set(codes) <= known:
        raise BadRequest(value)
    return codes


def parse_size(value: str | None) -> str:
    size = (value or "a4").lower()
    if size not in SIZES:
        raise BadRequest(value)
    return size


@functools.lru_cache(maxsize=256)
def qr_data_uri(url: str) -> str:
    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=2, dark="#000", light="#fff"))  # fmt: skip


def campaign_url(campaign: Campaign, language: str) -> str:
    with translation.override(language):
        return absolute_url(reverse("campaigns:campaign", args=[campaign.slug]))


def latest_figures() -> DaySummary | None:
    """The newest day the record of incidents has published, in figures. (Every request for
    the pamphlet asks: one indexed look-up, not the counts of every day on record.)"""
    published = Incident.objects.published().order_by("-started_on")
    newest = published.values_list("started_on", flat=True).first()
    return day_summary(newest) if newest else None


def side(campaign: Campaign, language: str, figures: DaySummary | None) -> Side:
    content = campaign.content(language)
    if content is None:
        raise Http404("the campaign has no text")
    url = campaign_url(campaign, language)
    with translation.override(language):
        actions = [(str(a.title), str(a.blurb)) for a in ACTIONS]
        rtl = translation.get_language_bidi()
    return Side(
        language=language,
        rtl=rtl,
        content=content,
        demands=[demand.text for demand in content.demands.all()],
        actions=actions,
        figures=figures,
        url=url,
        qr=qr_data_uri(url),
    )


def artwork_data_uri(campaign: Campaign) -> str:
    """The artwork inlined (the PDF renderer fetches nothing but static files); uploads were
    re-encoded as JPEG when staff saved them."""
    if not campaign.artwork:
        return ""
    try:
        path = Path(campaign.artwork.path)
        stat = path.stat()
    except (OSError, NotImplementedError):
        logger.warning("Pamphlet: the artwork of %s cannot be read", campaign.slug)
        return ""
    return _inlined(str(path), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _inlined(path: str, size: int, mtime_ns: int) -> str:
    """The file as a data: URI, kept while its size and time are the same (a new upload has
    a new name anyway)."""
    if size > ARTWORK_MAX_BYTES:
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(Path(path).read_bytes()).decode()


def pamphlet_html(campaign: Campaign, languages: list[str], size: str) -> str:
    figures = latest_figures()
    sides = [side(campaign, language, figures) for language in languages]
    context = {
        "campaign": campaign,
        "sides": sides,
        "first": sides[0],
        "page_size": PAGE_SIZES[size],
        "artwork": artwork_data_uri(campaign),
        "hashtags": campaign.hashtag_list(),
    }
    with translation.override(languages[0]):
        return render_to_string("events/pamphlet/pamphlet.html", context)


def flyer_html(event: Event, language: str, size: str) -> str:
    with translation.override(language):
        shown: Shown = present(event)
        url = links.event_url(event, language)
        content = event.campaign.content(language)
        context = {
            "campaign": event.campaign,
            "content": content,
            "event": event,
            "shown": shown,
            "url": url,
            "qr": qr_data_uri(url),
            "page_size": PAGE_SIZES[size],
            "artwork": artwork_data_uri(event.campaign),
            "hashtags": event.campaign.hashtag_list(),
            "rtl": translation.get_language_bidi(),
            "language": language,
        }
        return render_to_string("events/pamphlet/flyer.html", context)


# --- The cache on disk ------------------------------------------------------------------------


@functools.cache
def styles_digest() -> str:
    """What the static files behind every PDF hash to (read once per process)."""
    digest = hashlib.sha256()
    for name in STYLES:
        found = finders.find(name)
        path = found if isinstance(found, str) else (found[0] if found else None)
        digest.update(name.encode())
        if path and os.path.exists(path):
            digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def content_hash(html: str) -> str:
    return hashlib.sha256((styles_digest() + html).encode()).hexdigest()[:24]


def cache_dir() -> Path:
    return Path(settings.NIDAA_PAMPHLET_DIR)


def cached_pdf(prefix: str, html: str) -> tuple[bytes, str]:
    """The PDF of `html`, from the disk if this content was rendered before. Returns the PDF
    and its content hash (an ETag)."""
    digest = content_hash(html)
    path = cache_dir() / f"{prefix}-{digest}.pdf"
    try:
        return path.read_bytes(), digest
    except FileNotFoundError:
        pass
    # Imported here: WeasyPrint costs 0.8 s and 40 MB to import (see nidaa/core/pdf.py).
    from nidaa.core.pdf import render_pdf

    pdf = render_pdf(html)
    _store(path, pdf, prefix)
    return pdf, digest


def _store(path: Path, pdf: bytes, prefix: str) -> None:
    """Write atomically (two requests rendering at once both write whole files), then drop
    the older versions of the same document."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pdf")
    with os.fdopen(handle, "wb") as out:
        out.write(pdf)
    os.replace(temporary, path)
    for older in path.parent.glob(f"{prefix}-*.pdf"):
        if older != path and older.name[len(prefix) + 1 :].count("-") == 0:
            older.unlink(missing_ok=True)


def pamphlet_pdf(campaign: Campaign, languages: list[str], size: str) -> tuple[bytes, str]:
    prefix = f"pamphlet-{campaign.slug}-{'+'.join(languages)}-{size}"
    return cached_pdf(prefix, pamphlet_html(campaign, languages, size))


def flyer_pdf(event: Event, language: str, size: str) -> tuple[bytes, str]:
    prefix = f"flyer-{event.campaign.slug}-{event.pk}-{language}-{size}"
    return cached_pdf(prefix, flyer_html(event, language, size))
