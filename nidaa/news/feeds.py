"""Reading a fetched feed: RSS 2.0, RSS 1.0 (RDF) and Atom with feedparser, JSON Feed here.

feedparser is handed the bytes we fetched, as a stream: never a URL (it would fetch it itself
and follow redirects past our SSRF guard) and never a bare string (it would try to open it as a
file name, so a feed whose body is "/etc/passwd" would read that file).

feedparser neutralises nested "billion laughs" entities and external entities, but not the
quadratic blow-up: one long entity referenced thousands of times becomes a title of a hundred
million characters (SECURITY.md). So before feedparser sees a document, any entity declaration
refuses the whole feed. The check runs on feedparser's own UTF-8 transcoding of the bytes, so
that no declared encoding (UTF-16, UTF-7, EBCDIC) can hide a declaration from it, and again
with defusedxml, the well-kept library for exactly this.

Dates are read from the feed's own text: one that names its zone is converted to UTC; one that
does not is read in the source's time zone. A date in the future (a clock or a typo) counts as
now, so that it cannot hold the top of the page.
"""

import datetime
import email.utils
import io
import json
import re
import time
import xml.sax
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import ParseError

import defusedxml
import defusedxml.ElementTree
import feedparser
from feedparser.encodings import convert_to_utf8

from nidaa.news.cleaning import MAX_EXCERPT, MAX_TITLE, clean_html, plain_text, text_to_html

# Entries read from one feed at most: feeds list their latest few dozen.
MAX_ENTRIES = 200
MAX_ID = 1000
MAX_LINK = 2000
MAX_AUTHOR = 200
ENTITY_DECLARATION = re.compile(rb"<!\s*ENTITY", re.IGNORECASE)
HTML_PAGE = re.compile(rb"<(!doctype\s+html|html[\s>])", re.IGNORECASE)
UTC = datetime.UTC


class FeedError(Exception):
    """The document cannot be read as a feed. `code` is one of Source.Problem's values."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


@dataclass
class Entry:
    guid: str
    link: str
    title: str
    summary: str  # sanitised HTML
    excerpt: str  # plain text
    author: str
    published: datetime.datetime | None  # UTC; None when the feed gives no date


@dataclass
class Feed:
    format: str  # one of Source.Format's values
    title: str
    site_url: str
    entries: list[Entry] = field(default_factory=list)
    # Read, but not well-formed: what could be read is kept, and staff are told.
    ill_formed: str = ""


def parse_feed(
    body: bytes,
    url: str,
    content_type: str = "",
    zone: datetime.tzinfo = UTC,
    now: datetime.datetime | None = None,
) -> Feed:
    """The feed in `body` (fetched from `url`), or FeedError saying why it is not one."""
    now = now or datetime.datetime.now(UTC)
    if not body.strip():
        raise FeedError("not_a_feed", "the address answered with an empty document")
    if _looks_like_json(body, content_type):
        return parse_json_feed(body, url, zone, now)
    return parse_xml_feed(body, url, content_type, zone, now)


def _looks_like_json(body: bytes, content_type: str) -> bool:
    return "json" in content_type.lower() or body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


# --- XML: RSS and Atom -----------------------------------------------------------------------


def refuse_entity_declarations(utf8: bytes) -> None:
    """FeedError if the document declares any entity (or is refused by defusedxml)."""
    if ENTITY_DECLARATION.search(utf8):
        raise FeedError("entities", "the feed declares XML entities")
    try:
        defusedxml.ElementTree.fromstring(
            utf8, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except defusedxml.DefusedXmlException as refused:
        raise FeedError("entities", f"the feed was refused by defusedxml: {refused!r}") from None
    except (ParseError, ValueError):
        pass  # not well-formed: feedparser reads what it can, and no entity was declared


def parse_xml_feed(
    body: bytes,
    url: str,
    content_type: str,
    zone: datetime.tzinfo,
    now: datetime.datetime,
) -> Feed:
    scratch: dict[str, Any] = {}
    utf8 = convert_to_utf8({"content-type": content_type or "application/xml"}, body, scratch)
    refuse_entity_declarations(utf8)
    headers = {"content-type": "application/xml; charset=utf-8", "content-location": url}
    if not scratch.get("encoding"):
        headers["content-type"] = "application/xml"  # undecodable: feedparser reads it loosely
    # nh3 sanitises the HTML and resolves its relative links (cleaning.py): feedparser doing
    # either too would parse every text a second and a third time.
    parsed = feedparser.parse(
        io.BytesIO(utf8), response_headers=headers, sanitize_html=False, resolve_relative_uris=False
    )
    version = parsed.get("version") or ""
    entries = parsed.get("entries") or []
    problem = _ill_formed(parsed)
    if not version and not entries:
        if problem and not HTML_PAGE.search(utf8[:2000]):
            raise FeedError("ill_formed", problem)
        raise FeedError("not_a_feed", "no RSS, Atom or JSON Feed was found at this address")
    read = _usable(_xml_entry(e, url, zone, now) for e in entries[:MAX_ENTRIES])
    if problem and not read:
        raise FeedError("ill_formed", problem)
    head = parsed.get("feed") or {}
    return Feed(
        format=_format(version),
        title=plain_text(head.get("title", ""), MAX_TITLE),
        site_url=_http_url(head.get("link", ""), url),
        entries=read,
        ill_formed=problem,
    )


def _usable(entries: Iterable[Entry]) -> list[Entry]:
    """Entries with something to show: a title, a link or a text."""
    return [e for e in entries if e.title or e.link or e.summary]


def _ill_formed(parsed: Any) -> str:
    """Why the document is not well-formed XML, or "" (feedparser's other warnings, e.g. a
    charset that differs from the header, do not make a feed broken)."""
    exception = parsed.get("bozo_exception")
    if parsed.get("bozo") and isinstance(exception, xml.sax.SAXException):
        return f"not well-formed XML: {exception}"[:1000]
    return ""


def _format(version: str) -> str:
    if version.startswith("atom"):
        return "atom"
    if version in ("rss090", "rss10"):
        return "rdf"
    return "rss"


def _xml_entry(entry: Any, url: str, zone: datetime.tzinfo, now: datetime.datetime) -> Entry:
    link = _http_url(entry.get("link", ""), url)
    html, kind = _body(entry)
    summary = clean_html(html, link or url) if kind != "text" else clean_html(text_to_html(html))
    title = plain_text(entry.get("title", ""), MAX_TITLE) or plain_text(summary, 80)
    published = None
    for name in ("published", "updated", "created"):
        published = parse_date(entry.get(name, ""), entry.get(f"{name}_parsed"), zone, now)
        if published:
            break
    return Entry(
        guid=str(entry.get("id", ""))[:MAX_ID].strip(),
        link=link,
        title=title,
        summary=summary,
        excerpt=plain_text(summary, MAX_EXCERPT),
        author=plain_text(entry.get("author", ""), MAX_AUTHOR),
        published=published,
    )


def _body(entry: Any) -> tuple[str, str]:
    """The entry's fullest text and whether it is HTML ("html") or plain ("text")."""
    for detail in [*(entry.get("content") or []), entry.get("summary_detail")]:
        if detail and detail.get("value"):
            kind = "text" if detail.get("type", "") == "text/plain" else "html"
            return str(detail["value"]), kind
    return str(entry.get("summary", "")), "html"


# --- JSON Feed (https://www.jsonfeed.org/version/1.1/) -----------------------------------------


def parse_json_feed(body: bytes, url: str, zone: datetime.tzinfo, now: datetime.datetime) -> Feed:
    try:
        document = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FeedError("ill_formed", f"not valid JSON: {error}"[:1000]) from None
    version = document.get("version", "") if isinstance(document, dict) else ""
    if not isinstance(version, str) or not version.startswith("https://jsonfeed.org/version/"):
        raise FeedError("not_a_feed", "JSON, but not a JSON Feed (no jsonfeed.org version)")
    items = document.get("items")
    if not isinstance(items, list):
        raise FeedError("ill_formed", "the JSON Feed has no list of items")
    return Feed(
        format="json",
        title=plain_text(_text(document.get("title")), MAX_TITLE),
        site_url=_http_url(_text(document.get("home_page_url")), url),
        entries=[
            _json_entry(i, url, zone, now) for i in items[:MAX_ENTRIES] if isinstance(i, dict)
        ],
    )


def _json_entry(
    item: dict[str, Any], url: str, zone: datetime.tzinfo, now: datetime.datetime
) -> Entry:
    link = _http_url(_text(item.get("url")) or _text(item.get("external_url")), url)
    if _text(item.get("content_html")):
        summary = clean_html(_text(item["content_html"]), link or url)
    elif _text(item.get("content_text")):
        summary = clean_html(text_to_html(_text(item["content_text"])))
    else:
        summary = clean_html(text_to_html(_text(item.get("summary"))))
    published = None
    for name in ("date_published", "date_modified"):
        published = parse_date(_text(item.get(name)), None, zone, now)
        if published:
            break
    return Entry(
        guid=_text(item.get("id"))[:MAX_ID].strip(),
        link=link,
        title=plain_text(_text(item.get("title")), MAX_TITLE) or plain_text(summary, 80),
        summary=summary,
        excerpt=plain_text(summary, MAX_EXCERPT),
        author=plain_text(", ".join(_authors(item)), MAX_AUTHOR),
        published=published,
    )


def _authors(item: dict[str, Any]) -> Iterable[str]:
    found = item.get("authors") or (
        [item["author"]] if isinstance(item.get("author"), dict) else []
    )
    if not isinstance(found, list):
        return []
    return [_text(a.get("name")) for a in found if isinstance(a, dict) and _text(a.get("name"))]


def _text(value: Any) -> str:
    """A JSON value as text: strings as they are, numbers (ids may be numbers) as written."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


# --- Shared ------------------------------------------------------------------------------------


def _http_url(value: str, base: str) -> str:
    """An http(s) link, relative ones resolved against the feed's address; "" otherwise."""
    value = (value or "").strip()
    if not value or len(value) > MAX_LINK:
        return ""
    resolved = urljoin(base, value)
    parts = urlsplit(resolved)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    return resolved


def parse_date(
    text: str,
    parsed: time.struct_time | None,
    zone: datetime.tzinfo,
    now: datetime.datetime,
) -> datetime.datetime | None:
    """A feed's date in UTC: RFC 822 (RSS) or ISO 8601 (Atom, JSON Feed); without a zone, in
    the source's zone. feedparser's reading (already UTC) is the fallback for other forms."""
    found = _iso8601(text) or _rfc822(text)
    if found is not None:
        if found.tzinfo is None:
            found = _localise(found, zone)
        found = found.astimezone(UTC)
    elif parsed is not None:
        try:
            found = datetime.datetime(*parsed[:6], tzinfo=UTC)
        except (TypeError, ValueError):
            return None
    else:
        return None
    return min(found, now)


def _localise(naive: datetime.datetime, zone: datetime.tzinfo) -> datetime.datetime:
    return naive.replace(tzinfo=zone)


def _rfc822(text: str) -> datetime.datetime | None:
    """RSS's dates; naive when the date names no zone or says "-0000" (zone unknown)."""
    try:
        return email.utils.parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError):
        return None


def _iso8601(text: str) -> datetime.datetime | None:
    text = text.strip()
    if len(text) < 10 or not (text[:4].isdigit() and text[4:5] == "-"):
        return None
    try:
        return datetime.datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None


def zone_named(name: str) -> datetime.tzinfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return UTC
