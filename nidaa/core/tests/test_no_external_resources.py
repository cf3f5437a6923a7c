"""No public page makes a visitor's browser contact any other host.

Crawls every public page reachable from the home page in every language with the test client,
and audits each page's HTML and the stylesheets it links to.
"""

from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from nidaa.testing import html

HOST = "testserver"
MAX_PAGES = 200
# Not public pages: the staff side has its own tests.
PRIVATE_PREFIXES = ("/staff/", "/accounts/", "/webauthn/", "/record/")


def is_page(path: str) -> bool:
    """A public page, not a staff page, a static file or an upload."""
    if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
        return False
    unprefixed = "/" + path.split("/", 2)[-1] if path.count("/") > 1 else path
    return not unprefixed.startswith(PRIVATE_PREFIXES)


def page_links(page: html.Page) -> list[str]:
    """Links to other pages: anchors, and the canonical and alternate-language links."""
    anchors = [a.attrs.get("href", "") for a in page.find("a")]
    related = [
        link.attrs.get("href", "")
        for link in page.find("link")
        if {"canonical", "alternate"} & set(link.attrs.get("rel", "").split())
    ]
    return anchors + related


def crawl(client: Client) -> dict[str, str]:
    """{path: html} for every public page linked from the home page in every language."""
    queue = deque(f"/{code}/" for code, _ in settings.LANGUAGES)
    seen: set[str] = set(queue)
    pages: dict[str, str] = {}
    while queue and len(pages) < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        pages[path] = response.content.decode()
        for href in page_links(html.parse(pages[path])):
            target = urlsplit(urljoin(path, href))
            if target.netloc in ("", HOST) and target.path not in seen and is_page(target.path):
                seen.add(target.path)
                queue.append(target.path)
    return pages


@pytest.fixture
def pages(client: Client, demo_record: object) -> dict[str, str]:
    found = crawl(client)
    for code, _ in settings.LANGUAGES:
        assert f"/{code}/c/save-idlib/" in found, "the crawl did not reach the campaign page"
        assert f"/{code}/privacy/" in found, "the crawl did not reach the footer's links"
        assert f"/{code}/c/save-idlib/events/" in found, "the crawl did not reach the events"
        assert any(p.startswith(f"/{code}/c/save-idlib/events/") and p[-2].isdigit() for p in found)
        assert f"/{code}/c/save-idlib/lobby/" in found, "the crawl did not reach lobbying"
        assert any(f"/{code}/c/save-idlib/lobby/call/" in path for path in found)
        assert any(f"/{code}/c/save-idlib/lobby/write/" in path for path in found)
        for page in ("news/", "share/", "donate/", "updates/"):
            assert f"/{code}/c/save-idlib/{page}" in found, f"the crawl did not reach {page}"
        stories = [
            path
            for path in found
            if path.startswith(f"/{code}/c/save-idlib/news/") and path[-2].isdigit()
        ]
        assert stories, "the crawl did not reach a news story"
    return found


def stylesheets(pages: dict[str, str]) -> set[str]:
    return {
        link.attrs["href"]
        for page in pages.values()
        for link in html.parse(page).find("link")
        if "stylesheet" in link.attrs.get("rel", "").split()
    }


def test_no_page_loads_anything_from_another_host(pages: dict[str, str]) -> None:
    problems = {
        path: found
        for path, page in pages.items()
        if (found := html.external_resources(html.parse(page), HOST))
    }
    assert not problems, f"pages load from other hosts: {problems}"


def test_no_stylesheet_loads_anything_from_another_host(pages: dict[str, str]) -> None:
    checked = 0
    for href in stylesheets(pages):
        assert href.startswith(settings.STATIC_URL), f"stylesheet not served by the site: {href}"
        path = finders.find(href.removeprefix(settings.STATIC_URL))
        assert path, f"stylesheet {href} not found"
        with open(str(path), encoding="utf-8") as css:
            for url in html.css_urls(css.read()):
                assert html.is_same_origin(urljoin(href, url), HOST), f"{href} loads {url}"
                checked += 1
    assert checked, "no url() found in any stylesheet: is the font face still declared?"


def test_no_page_has_an_inline_script_without_a_nonce(pages: dict[str, str]) -> None:
    problems = {
        p: s for p, page in pages.items() if (s := html.scripts_without_nonce(html.parse(page)))
    }
    assert not problems


def test_no_page_has_an_event_handler_attribute(pages: dict[str, str]) -> None:
    problems = {p: e for p, page in pages.items() if (e := html.event_handlers(html.parse(page)))}
    assert not problems


def test_no_page_has_a_javascript_url(pages: dict[str, str]) -> None:
    problems = {p: u for p, page in pages.items() if (u := html.script_urls(html.parse(page)))}
    assert not problems


def test_the_auditor_sees_what_it_must(pages: dict[str, str]) -> None:
    # The checks above pass vacuously if the auditor is blind: show it a hostile page.
    hostile = html.parse(
        '<link rel="stylesheet" href="https://cdn.example/x.css"><img srcset="/a.png 1x, '
        '//evil.example/b.png 2x"><div style="background: url(\'http://t.example/p\')"></div>'
        '<script>alert(1)</script><a href=" java&#x09;script:alert(1)" onclick="x()">a</a>'
        '<iframe src="https://embed.example/"></iframe><video poster="https://v.example/p.jpg">'
        '<script type="application/ld+json">{"name": "data, never run"}</script>'
    )
    assert len(html.external_resources(hostile, HOST)) == 5
    assert html.scripts_without_nonce(hostile) == ["alert(1)"]  # JSON-LD is data, not script
    assert html.scripts_without_nonce(html.parse('<script type="module">x()</script>')) == ["x()"]
    assert html.event_handlers(hostile) == ["<a onclick>"]
    assert len(html.script_urls(hostile)) == 1
