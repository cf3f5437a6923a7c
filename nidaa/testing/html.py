"""An HTML auditor for tests: what a page would load, and anything that could run script.

Parsed with the standard library's html.parser, which decodes entities in attribute values the
way a browser does, so `&#106;avascript:` is seen as `javascript:`.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

# Attributes through which an element makes the browser fetch something.
LOADING_ATTRS = {"src", "href", "srcset", "imagesrcset", "poster", "data", "action", "formaction"}
LOADING_TAGS = {
    "script", "link", "img", "source", "iframe", "frame", "video", "audio", "track", "object",
    "embed", "input", "image", "use",
}  # fmt: skip
URL_ATTRS = {"href", "src", "action", "formaction", "poster", "data", "xlink:href", "background"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.IGNORECASE)
# Browsers ignore control characters and whitespace inside a scheme: "java\tscript:" runs.
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""


@dataclass
class Page:
    elements: list[Element] = field(default_factory=list)

    def find(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name.lower(): value or "" for name, value in attrs})
        self.page.elements.append(element)
        if tag in ("script", "style"):
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.elements.append(
            Element(tag, {name.lower(): value or "" for name, value in attrs})
        )

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1].text += data

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1].tag == tag:
            self._open.pop()


def parse(html: str) -> Page:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.page


def srcset_urls(value: str) -> list[str]:
    return [item.strip().split()[0] for item in value.split(",") if item.strip()]


def css_urls(css: str) -> list[str]:
    return [m.group(2) or m.group(4) for m in CSS_URL.finditer(css)]


def resource_urls(page: Page) -> list[tuple[str, str]]:
    """(where, url) for everything the page would make the browser fetch."""
    found: list[tuple[str, str]] = []
    for element in page.elements:
        if element.tag in LOADING_TAGS:
            for name in LOADING_ATTRS & element.attrs.keys():
                value = element.attrs[name]
                urls = srcset_urls(value) if name.endswith("srcset") else [value]
                found += [(f"<{element.tag} {name}>", url) for url in urls]
        if "style" in element.attrs:
            found += [(f"<{element.tag} style>", url) for url in css_urls(element.attrs["style"])]
        if element.tag == "style":
            found += [("<style>", url) for url in css_urls(element.text)]
    return found


def is_same_origin(url: str, host: str) -> bool:
    """Relative, a data: URL, or an absolute URL on `host` itself."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme == "data":
        return True
    if parts.scheme and parts.scheme not in ("http", "https"):
        return False
    return not parts.netloc or parts.netloc == host


def external_resources(page: Page, host: str) -> list[tuple[str, str]]:
    return [(where, url) for where, url in resource_urls(page) if not is_same_origin(url, host)]


# Script elements a browser never runs: data blocks (HTML "data block" types). Only these two,
# which the site writes (JSON-LD on event pages); any other type counts as script.
DATA_BLOCK_TYPES = {"application/ld+json", "application/json"}


def is_data_block(element: "Element") -> bool:
    kind = element.attrs.get("type", "").split(";")[0].strip().lower()
    return kind in DATA_BLOCK_TYPES and "src" not in element.attrs


def scripts(page: Page) -> list["Element"]:
    """The script elements that could run: every <script> that is not a data block."""
    return [e for e in page.find("script") if not is_data_block(e)]


def scripts_without_nonce(page: Page) -> list[str]:
    inline = [e for e in scripts(page) if "src" not in e.attrs]
    return [e.text[:80] for e in inline if not e.attrs.get("nonce")]


def event_handlers(page: Page) -> list[str]:
    return [f"<{e.tag} {name}>" for e in page.elements for name in e.attrs if name.startswith("on")]


def is_script_url(value: str) -> bool:
    scheme = _IGNORED_IN_SCHEME.sub("", value).lower()
    return scheme.startswith(("javascript:", "vbscript:", "data:text/html"))


def script_urls(page: Page) -> list[str]:
    return [
        f"<{e.tag} {name}={value!r}>"
        for e in page.elements
        for name, value in e.attrs.items()
        if (name in URL_ATTRS or name.endswith("srcset")) and is_script_url(value)
    ]


def foreign_scripts(page: Page, static_prefix: str = "/static/") -> list[str]:
    """Scripts the site did not write: inline without a nonce, or not from its static files."""
    return [
        f"<script src={e.attrs['src']!r}>" if "src" in e.attrs else f"<script> {e.text[:80]!r}"
        for e in scripts(page)
        if not (e.attrs.get("src", "").startswith(static_prefix) or e.attrs.get("nonce"))
    ]


def script_risks(html: str) -> list[str]:
    """Everything in the page that could run a script an attacker wrote; empty when safe."""
    page = parse(html)
    return foreign_scripts(page) + event_handlers(page) + script_urls(page)
