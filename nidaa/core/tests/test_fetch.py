"""Server-side fetching: it gets what it should, bounded, and never reaches the inside (SSRF).

The SSRF bar (SECURITY.md): more than 40 forms of internal addresses, redirects to them and
names that resolve to them, with 0 connections to the refused addresses. Loopback forms are
aimed at a real server on 127.0.0.1 that counts the connections it accepts; other internal
addresses are checked by recording every connection the fetcher tries to open.
"""

import gzip
import re
import socket
import time
import zlib
from collections.abc import Iterator
from typing import Any

import pytest

from nidaa.core import fetch
from nidaa.core.fetch import BadStatus, FetchError, Refused, TooLarge, Unreachable
from nidaa.testing.webserver import Reply, Seen, WebServer

# --- Fetching what it should -----------------------------------------------------------------


def test_it_fetches_a_body_from_an_allowed_host(web_server: WebServer) -> None:
    url = web_server.route("/feed.xml", Reply(body=b"<rss/>"))

    response = fetch.fetch(url)

    assert (response.status, response.body, response.url) == (200, b"<rss/>", url)
    assert web_server.requests[0].headers["user-agent"].startswith("Nidaa/")


def test_it_decompresses_a_gzipped_body(web_server: WebServer) -> None:
    url = web_server.route("/feed.xml", Reply(body=b"<rss>" + b"x" * 5000 + b"</rss>", gzip=True))

    response = fetch.fetch(url)

    assert response.body == b"<rss>" + b"x" * 5000 + b"</rss>"
    assert "gzip" in web_server.requests[0].headers["accept-encoding"]


def test_it_decompresses_a_deflated_body(web_server: WebServer) -> None:
    body = zlib.compress(b"<feed/>" * 100)
    url = web_server.route("/f", Reply(body=body, headers={"Content-Encoding": "deflate"}))

    assert fetch.fetch(url).body == b"<feed/>" * 100


def test_it_sends_the_conditional_headers_and_reports_not_modified(web_server: WebServer) -> None:
    def conditional(seen: Seen) -> Reply:
        if seen.headers.get("if-none-match") == '"v1"':
            return Reply(304)
        return Reply(body=b"new", headers={"ETag": '"v1"'})

    url = web_server.route("/feed.xml", conditional)

    first = fetch.fetch(url)
    second = fetch.fetch(url, headers={"If-None-Match": first.headers["etag"]})

    assert (first.status, first.not_modified) == (200, False)
    assert (second.status, second.not_modified, second.body) == (304, True, b"")


def test_it_follows_a_relative_redirect(web_server: WebServer) -> None:
    web_server.route("/new.xml", Reply(body=b"moved here"))
    url = web_server.route("/old.xml", Reply(301, headers={"Location": "/new.xml"}))

    response = fetch.fetch(url)

    assert response.body == b"moved here"
    assert response.url == web_server.url("/new.xml")


def test_it_stops_after_too_many_redirects(web_server: WebServer) -> None:
    for hop in range(10):
        web_server.route(f"/{hop}", Reply(302, headers={"Location": f"/{hop + 1}"}))

    with pytest.raises(FetchError, match="redirects"):
        fetch.fetch(web_server.url("/0"), max_redirects=3)
    assert len(web_server.requests) == 4


def test_an_error_status_is_an_error(web_server: WebServer) -> None:
    url = web_server.route("/gone", Reply(410))

    with pytest.raises(BadStatus) as raised:
        fetch.fetch(url)
    assert raised.value.status == 410


def test_a_missing_page_is_an_error(web_server: WebServer) -> None:
    with pytest.raises(BadStatus, match="404"):
        fetch.fetch(web_server.url("/nothing-here"))


# --- Bounds ----------------------------------------------------------------------------------


def test_it_refuses_a_body_declared_larger_than_the_cap(web_server: WebServer) -> None:
    url = web_server.route("/big", Reply(body=b"x" * 2000))

    with pytest.raises(TooLarge):
        fetch.fetch(url, max_bytes=1000)


def test_it_stops_reading_a_body_of_unknown_length_at_the_cap(web_server: WebServer) -> None:
    url = web_server.route("/big", Reply(body=b"x" * 300_000, length=False))

    with pytest.raises(TooLarge):
        fetch.fetch(url, max_bytes=100_000)


def test_it_stops_a_compression_bomb_quickly(web_server: WebServer) -> None:
    bomb = gzip.compress(b"\0" * 100_000_000, compresslevel=9)  # ~100 KB that inflate to 100 MB
    url = web_server.route(
        "/bomb", Reply(body=bomb, gzip=False, headers={"Content-Encoding": "gzip"})
    )

    started = time.monotonic()
    with pytest.raises(TooLarge, match="decompressed"):
        fetch.fetch(url, max_bytes=1_000_000)
    assert time.monotonic() - started < 2


def test_it_gives_up_on_a_server_that_does_not_answer(web_server: WebServer) -> None:
    def slow(seen: Seen) -> Reply:
        time.sleep(1.5)
        return Reply(body=b"late")

    url = web_server.route("/slow", slow)

    started = time.monotonic()
    with pytest.raises(Unreachable):
        fetch.fetch(url, timeout=0.3)
    assert time.monotonic() - started < 1.4


def test_a_damaged_compressed_body_is_an_error(web_server: WebServer) -> None:
    url = web_server.route(
        "/bad", Reply(body=b"not gzip at all", headers={"Content-Encoding": "gzip"})
    )

    with pytest.raises(FetchError, match="damaged"):
        fetch.fetch(url)


def test_an_unknown_content_encoding_is_an_error(web_server: WebServer) -> None:
    url = web_server.route("/br", Reply(body=b"??", headers={"Content-Encoding": "br"}))

    with pytest.raises(FetchError, match="encoding"):
        fetch.fetch(url)


# --- SSRF: loopback forms aimed at a real server, which must see 0 connections ----------------

LOOPBACK_FORMS = [
    "http://127.0.0.1:{port}/",
    "http://127.1:{port}/",
    "http://127.0.1:{port}/",
    "http://127.0.0.2:{port}/",
    "http://0x7f000001:{port}/",
    "http://0x7f.0x0.0x0.0x1:{port}/",
    "http://2130706433:{port}/",
    "http://017700000001:{port}/",
    "http://0177.0.0.1:{port}/",
    "http://127.000.000.001:{port}/",
    "http://0.0.0.0:{port}/",
    "http://0:{port}/",
    "http://[::1]:{port}/",
    "http://[0:0:0:0:0:0:0:1]:{port}/",
    "http://[::ffff:127.0.0.1]:{port}/",
    "http://[::ffff:7f00:1]:{port}/",
    "http://[0:0:0:0:0:ffff:127.0.0.1]:{port}/",
    "http://[::127.0.0.1]:{port}/",
    "http://[::]:{port}/",
    "http://localhost:{port}/",
    "http://LOCALHOST:{port}/",
    "http://localhost.:{port}/",
    "https://127.0.0.1:{port}/",
    "http://127.0.0.1:{port}/feed.xml?x=1#frag",
    "http://user:pass@127.0.0.1:{port}/",
    "http://feeds.example@127.0.0.1:{port}/",
    "http://127.0.0.1:{port}\\@feeds.example/",
    "  http://127.0.0.1:{port}/  ",
    "HTTP://127.0.0.1:{port}/",
    "file:///etc/passwd",
    "file://localhost/etc/passwd",
    "ftp://127.0.0.1:{port}/",
    "gopher://127.0.0.1:{port}/_GET%20/",
    "dict://127.0.0.1:{port}/info",
    "//127.0.0.1:{port}/",
    "http:///etc/passwd",
    "javascript:alert(1)",
    "data:text/plain,hello",
]


@pytest.fixture
def loopback(web_server: WebServer, settings: Any) -> Iterator[WebServer]:
    """The loopback server with no host allowed: production's configuration."""
    settings.NIDAA_FETCH_ALLOW_HOSTS = []
    web_server.route("/", Reply(body=b"internal admin panel"))
    yield web_server
    assert web_server.connections == 0, "a refused URL reached the server"


@pytest.mark.parametrize("form", LOOPBACK_FORMS)
def test_it_never_connects_to_loopback(loopback: WebServer, form: str) -> None:
    with pytest.raises(FetchError):
        fetch.fetch(form.format(port=loopback.port))


def test_the_loopback_forms_are_refused_not_merely_unreachable(loopback: WebServer) -> None:
    # A form that fails to resolve would also see 0 connections: the refusal must be the reason.
    not_refused = []
    for form in LOOPBACK_FORMS:
        try:
            fetch.fetch(form.format(port=loopback.port))
        except Refused:
            continue
        except FetchError:
            not_refused.append(form)
    assert not_refused == []


# --- SSRF: other internal addresses; no connection is even attempted ---------------------------

INTERNAL_URLS = [
    "http://10.0.0.1/",
    "http://10.255.255.254:8080/",
    "http://0x0a000001/",
    "http://172.16.0.1/",
    "http://172.31.255.255/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://169.254.169.254./latest/meta-data/",
    "http://0xa9fea9fe/",
    "http://2852039166/",
    "http://[::ffff:169.254.169.254]/",
    "http://[::ffff:a9fe:a9fe]/",
    "http://[64:ff9b::a9fe:a9fe]/",
    "http://[64:ff9b::a00:1]/",
    "http://[2002:a9fe:a9fe::1]/",
    "http://[2002:7f00:1::1]/",
    "http://[fd00:ec2::254]/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://100.64.0.1/",
    "http://192.0.2.1/",
    "http://198.18.0.1/",
    "http://224.0.0.1/",
    "http://255.255.255.255/",
    "http://240.0.0.1/",
]


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch, settings: Any) -> list[tuple[str, int]]:
    """Every connection the fetcher opens is recorded and fails, so nothing leaves the host."""
    settings.NIDAA_FETCH_ALLOW_HOSTS = []
    opened: list[tuple[str, int]] = []

    def record(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        opened.append(address)
        raise OSError("no network in tests")

    monkeypatch.setattr(fetch.socket, "create_connection", record)
    return opened


@pytest.mark.parametrize("url", INTERNAL_URLS)
def test_it_refuses_internal_addresses_without_connecting(
    connections: list[tuple[str, int]], url: str
) -> None:
    with pytest.raises(Refused):
        fetch.fetch(url)
    assert connections == []


def fake_dns(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[str]]) -> list[str]:
    """Make host names resolve as `answers` says; returns the names looked up, in order."""
    asked: list[str] = []

    def getaddrinfo(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        asked.append(host)
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in answers[host]
        ]

    monkeypatch.setattr(fetch.socket, "getaddrinfo", getaddrinfo)
    return asked


def test_a_name_that_resolves_to_loopback_is_refused(
    connections: list[tuple[str, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_dns(monkeypatch, {"intranet.example": ["127.0.0.1"], "six.example": ["::1"]})

    for url in ("http://intranet.example/", "https://six.example/"):
        with pytest.raises(Refused, match="not a public"):
            fetch.fetch(url)
    assert connections == []


def test_a_name_with_one_internal_address_among_public_ones_is_refused(
    connections: list[tuple[str, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_dns(monkeypatch, {"mixed.example": ["93.184.215.14", "10.0.0.7"]})

    with pytest.raises(Refused, match=re.escape("10.0.0.7")):
        fetch.fetch("http://mixed.example/feed")
    assert connections == []


def test_it_connects_to_the_address_it_checked_and_asks_the_resolver_once(
    connections: list[tuple[str, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A rebinding resolver would answer differently the second time; there is no second time.
    asked = fake_dns(monkeypatch, {"feeds.example": ["93.184.215.14"]})

    with pytest.raises(Unreachable):
        fetch.fetch("http://feeds.example/rss")
    assert asked == ["feeds.example"]
    assert connections == [("93.184.215.14", 80)]


def test_an_unknown_name_is_unreachable(
    connections: list[tuple[str, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_dns(monkeypatch, {})

    with pytest.raises(Unreachable, match="could not be found"):
        fetch.fetch("https://no-such-host.example/feed")
    assert connections == []


# --- SSRF: redirects are checked like the first URL ---------------------------------------------


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.1:{port}/",
        "http://[::1]:{port}/",
        "http://0x7f000001:{port}/",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/",
        "file:///etc/passwd",
        "gopher://127.0.0.1:{port}/_",
    ],
)
def test_a_redirect_to_an_internal_address_is_refused(web_server: WebServer, location: str) -> None:
    # The server is allowed as "localhost" only; the redirect names it another way.
    web_server.route("/secret", Reply(body=b"internal"))
    url = web_server.route(
        "/feed", Reply(302, headers={"Location": location.format(port=web_server.port)})
    )

    with pytest.raises(Refused):
        fetch.fetch(url)
    assert [seen.path for seen in web_server.requests] == ["/feed"]
    assert web_server.connections == 1  # the allowed first request, nothing after it


def test_allowing_a_host_name_does_not_allow_its_address(web_server: WebServer) -> None:
    web_server.route("/", Reply(body=b"ok"))

    assert fetch.fetch(web_server.url("/")).body == b"ok"
    with pytest.raises(Refused):
        fetch.fetch(web_server.url("/", host="127.0.0.1"))


def test_loopback_is_refused_while_no_host_is_allowed(web_server: WebServer, settings: Any) -> None:
    settings.NIDAA_FETCH_ALLOW_HOSTS = []
    url = web_server.route("/", Reply(body=b"ok"))

    with pytest.raises(Refused):
        fetch.fetch(url)
    assert web_server.connections == 0


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", True),
        ("::ffff:93.184.215.14", True),
        ("127.0.0.1", False),
        ("::ffff:10.1.2.3", False),
        ("64:ff9b::7f00:1", False),
        ("2002:c0a8:101::", False),
        ("::10.0.0.1", False),
        ("2001:0:4136:e378:8000:63bf:80ff:fffe", False),  # Teredo for 127.0.0.1
        ("239.255.255.250", False),
    ],
)
def test_is_public(address: str, public: bool) -> None:
    import ipaddress

    assert fetch.is_public(ipaddress.ip_address(address)) is public
