"""Text from feeds made safe to show: a small subset of HTML, and plain-text excerpts.

Anyone who runs a feed (or takes one over) writes into our pages, so its HTML goes through nh3
(the Rust ammonia sanitiser) with an allow-list: paragraphs, emphasis, lists, quotes, headings,
code and links. No scripts, styles, forms, frames or event handlers survive. Images are
dropped: a remote image would make every reader's browser ask the feed's host for it (a
tracking pixel, and a third-party request the site promises never to make). Links keep only
http, https and mailto addresses, relative ones resolved against the feed, and open without
telling the other site where the reader came from.

Every field is bounded before and after cleaning, so that a hostile feed cannot make us store
or render megabytes.
"""

import html
import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "em", "strong", "b", "i", "a", "ul", "ol", "li", "blockquote", "h2", "h3",
    "h4", "code", "pre", "hr",
}  # fmt: skip
# Dropped with everything inside them, not merely unwrapped.
DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "svg",
    "math",
}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener noreferrer ugc"

# Read at most this much of a field: the sanitiser's time grows with its input.
MAX_INPUT = 200_000
MAX_HTML = 10_000
MAX_TITLE = 500
MAX_EXCERPT = 300
_SPACE = re.compile(r"\s+")


def clean_html(text: str, base_url: str = "") -> str:
    """Safe HTML of at most MAX_HTML characters."""
    cleaned = _clean(text[:MAX_INPUT], base_url)
    if len(cleaned) > MAX_HTML:
        # Cutting may split a tag or an entity; cleaning again closes what was left open.
        cleaned = _clean(cleaned[:MAX_HTML], base_url)[:MAX_HTML]
    return cleaned


def _clean(text: str, base_url: str) -> str:
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes={"a": {"href"}},
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        url_relative=("rewrite_with_base", base_url) if base_url else "deny",
        strip_comments=True,
    )


def plain_text(text: str, limit: int) -> str:
    """The words of `text` (HTML or not), on one line, cut at a word to at most `limit`."""
    # A space before every tag, so that "<p>one</p><p>two</p>" reads "one two".
    spaced = text[:MAX_INPUT].replace("<", " <")
    bare = nh3.clean(spaced, tags=set(), clean_content_tags=DROPPED_WITH_CONTENT)
    words = _SPACE.sub(" ", html.unescape(bare)).strip()
    if len(words) <= limit:
        return words
    cut = words[: limit - 1].rsplit(" ", 1)[0] if " " in words[: limit - 1] else words[: limit - 1]
    return cut.rstrip(" ,.;:") + "…"


def text_to_html(text: str) -> str:
    """Plain text from a feed as paragraphs (escaped, so nothing in it is markup)."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text[:MAX_INPUT]) if p.strip()]
    return "".join("<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs)[
        : MAX_HTML * 2
    ]
