"""Stored XSS from feeds (SECURITY.md: 200+ payloads): whatever a feed carries in its titles,
texts, links and authors, no page shows a foreign <script>, an on*= handler or a javascript:
address. The payloads go the whole way: served by a real HTTP server, fetched, parsed,
sanitised, stored and rendered on the news page and every story page."""

import itertools
from xml.sax.saxutils import escape

import pytest
from django.test import Client

from nidaa.campaigns.models import Campaign
from nidaa.core.tests.test_markdown_xss import PAYLOADS as MARKDOWN_PAYLOADS
from nidaa.news.actions import fetch_source
from nidaa.news.models import Item, Source
from nidaa.news.tests.helpers import make_source
from nidaa.testing.html import script_risks
from nidaa.testing.webserver import Reply, WebServer

pytestmark = pytest.mark.django_db

TAGS = ["img", "svg", "body", "iframe", "video", "audio", "details", "input", "a", "div", "marquee", "object", "embed", "math", "form"]  # fmt: skip
HANDLERS = ["onerror", "onload", "onclick", "onmouseover", "onfocus", "ontoggle", "onbegin", "onpointerenter", "onanimationstart", "onfocusin"]  # fmt: skip
ATTRIBUTES = ["href", "src", "action", "formaction", "xlink:href", "data", "background", "poster"]
SCHEMES = ["javascript:", "JaVaScRiPt:", " javascript:", "java\tscript:", "&#106;avascript:", "vbscript:", "data:text/html,"]  # fmt: skip

PAYLOADS = sorted(
    set(MARKDOWN_PAYLOADS)
    | {f"<{tag} {handler}=alert(1)>x</{tag}>" for tag, handler in itertools.product(TAGS, HANDLERS)}
    | {
        f'<a {attr}="{scheme}alert(1)">x</a>'
        for attr, scheme in itertools.product(ATTRIBUTES, SCHEMES)
    }
)
LINKS = [f"{scheme}alert(1)" for scheme in SCHEMES] + ["//evil.example/x{n}", "file:///etc/passwd"]


def hostile_feed(payloads: list[str]) -> bytes:
    """Every payload in a title, in escaped HTML, in CDATA and as an author; bad links too."""
    items = []
    for number, payload in enumerate(payloads):
        link = LINKS[number % len(LINKS)].format(n=number)
        items.append(
            f"<item><guid>p{number}</guid><title>{escape(payload)}</title>"
            f"<link>{escape(link)}</link><author>{escape(payload)}</author>"
            f"<description>{escape(payload)}</description>"
            f"<content:encoded><![CDATA[<p>{payload.replace(']]>', '')}</p>]]></content:encoded></item>"
        )
    return (
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{escape(payloads[0])}</title><link>javascript:alert(1)</link>{''.join(items)}"
        "</channel></rss>"
    ).encode()


def test_there_are_more_than_200_payloads() -> None:
    assert len(PAYLOADS) > 200


def test_no_payload_survives_to_any_page(
    client: Client, demo_campaign: Campaign, web_server: WebServer
) -> None:
    sources: list[Source] = []
    for number, start in enumerate(range(0, len(PAYLOADS), 150)):
        url = web_server.route(
            f"/hostile-{number}.xml", Reply(body=hostile_feed(PAYLOADS[start : start + 150]))
        )
        sources.append(make_source(demo_campaign, url, name=f"Hostile {number}"))
    for source in sources:
        fetch_source(source)
    stored = Item.objects.filter(source__in=sources)
    # A payload that is nothing but script leaves nothing to show once cleaned: not stored.
    assert stored.count() > 200

    problems: dict[str, list[str]] = {}
    pages = [f"/en/c/save-idlib/news/?page={n}" for n in range(1, stored.count() // 20 + 3)]
    pages += [f"/en/c/save-idlib/news/{item.pk}/" for item in stored]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        if risks := script_risks(response.content.decode()):
            problems[path] = risks
    assert not problems
    assert not any(
        source.site_url for source in Source.objects.filter(pk__in=[s.pk for s in sources])
    )
    assert not stored.exclude(link="").exclude(link__startswith="http").exists()


def test_the_auditor_would_see_a_payload() -> None:
    # The check above passes vacuously if the auditor is blind: unsanitised, it finds them all.
    found = sum(1 for payload in PAYLOADS if script_risks(f"<div>{payload}</div>"))
    assert found >= 200
