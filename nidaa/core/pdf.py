"""PDF from HTML with WeasyPrint, fetching nothing but the app's own static files.

Import this module only where a PDF is made: WeasyPrint costs about 0.8 s and 40 MB to import.

WeasyPrint's default fetcher follows http, https, ftp, file and data URLs (and redirects), so
one hostile ``<img src>`` in a name or a template would make the server request an internal
address or read a local file into the document. StaticOnlyFetcher refuses every URL except:

- ``data:`` URLs (decoded locally, no request), and
- the site's own static files under STATIC_URL, found through Django's staticfiles finders
  (or STATIC_ROOT after collectstatic), never outside them.

Templates refer to static files with ``{% static %}`` as usual; the document's base URL is a
made-up origin (STATIC_BASE) that exists only here, so a relative URL resolves to it and any
other host is refused. Refused URLs are logged at INFO and simply left out of the document.
"""

import logging
import mimetypes
import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.utils._os import safe_join
from weasyprint import HTML, Document
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)
# WeasyPrint reports each step of every document at INFO, and so does fontTools for each font
# it subsets: dozens of lines per document in the site's log otherwise.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)

# A host that never resolves (RFC 2606 .invalid), so that nothing could ever be sent to it.
STATIC_BASE = "https://nidaa-static.invalid/"


class RefusedURL(ValueError):
    """A URL the PDF renderer may not fetch."""


class StaticOnlyFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves only data: URLs and the app's static files."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=1)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        try:
            if url[:5].lower() == "data:":
                return super().fetch(url, headers)  # decoded in memory by urllib's DataHandler
            path = static_file(url)
        except Exception:
            self.refused.append(url)
            logger.info("PDF: refused to fetch %.200s", url)
            raise
        content_type, _ = mimetypes.guess_type(path.name)
        headers = {"Content-Type": content_type or "application/octet-stream"}
        return URLFetcherResponse(url, path.read_bytes(), headers)


def static_file(url: str) -> Path:
    """The file behind a URL under STATIC_BASE + STATIC_URL; RefusedURL for anything else."""
    parts = urlsplit(url)
    base = urlsplit(STATIC_BASE)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or parts.query:
        raise RefusedURL(f"not a static file: {url}")
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    path = unquote(parts.path)
    if not path.startswith(prefix) or "\x00" in path or "\\" in path:
        raise RefusedURL(f"not under {prefix}: {url}")
    relative = path[len(prefix) :]
    if posixpath.normpath(relative) != relative or relative.startswith(("/", "..")):
        raise RefusedURL(f"not a plain static path: {url}")
    found = _find(relative)
    if found is None:
        raise RefusedURL(f"no such static file: {relative}")
    return found


def _find(relative: str) -> Path | None:
    try:
        found = finders.find(relative)
        if found:
            return Path(found if isinstance(found, str) else found[0])
        if settings.STATIC_ROOT:
            collected = Path(safe_join(str(settings.STATIC_ROOT), relative))
            return collected if collected.is_file() else None
    except SuspiciousFileOperation:
        return None
    return None


def render_document(html: str, fetcher: StaticOnlyFetcher | None = None) -> Document:
    """The laid-out pages of `html` (a rendered, autoescaped template)."""
    source = HTML(string=html, base_url=STATIC_BASE, url_fetcher=fetcher or StaticOnlyFetcher())
    return source.render()


def render_pdf(html: str, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """The PDF of `html`. No network, no local files: see StaticOnlyFetcher."""
    return render_document(html, fetcher).write_pdf()


def laid_out_text(document: Document) -> str:
    """The text of every line as laid out, in logical order (for tests and checks).

    PDFs set Arabic in Amiri (core/pdf/fonts.css), whose glyphs map one to one onto letters,
    so text copied out of the PDF reads as printed (the pamphlet tests check it with
    pdftotext). This is the renderer's own view of the lines, independent of any extractor.
    Noto Sans Arabic, used before, draws several letters (ف and ق, ن and ب …) from one dotless
    glyph plus dots, and extractors guessed some of them wrong.
    """
    from weasyprint.formatting_structure.boxes import TextBox

    lines = []
    for page in document.pages:
        for box in page._page_box.descendants():
            if isinstance(box, TextBox):
                lines.append(box.text)
    return "\n".join(lines)
