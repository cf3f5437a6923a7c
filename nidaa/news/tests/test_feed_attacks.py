"""XML attacks in feeds (SECURITY.md): entity expansion, the quadratic blow-up, external
entities and DTDs, and declarations hidden behind an encoding. Each is refused or bounded: no
field over 10,000 characters, under a second, under 50 MB of extra memory, and no request to
anything the feed names."""

import datetime
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from nidaa.news.cleaning import MAX_HTML, MAX_TITLE
from nidaa.news.feeds import FeedError, parse_feed
from nidaa.testing.webserver import Reply, WebServer

URL = "https://feeds.example.org/feed.xml"
NOW = datetime.datetime(2024, 7, 1, tzinfo=datetime.UTC)

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs</title>
<item><title>&lol9;</title><guid>1</guid><description>&lol9;</description></item>
</channel></rss>"""


def quadratic_blowup() -> bytes:
    """SECURITY.md's case: a 35 KB feed whose one 20,000-character entity is referenced 5,000
    times (feedparser alone made a 100-million-character title of it)."""
    entity = "A" * 20_000
    references = "&a;" * 5_000
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "{entity}">]>'
        f'<rss version="2.0"><channel><title>Q</title><item><title>{references}</title>'
        f"<guid>1</guid></item></channel></rss>"
    ).encode()


def refused(body: bytes) -> FeedError:
    with pytest.raises(FeedError) as raised:
        parse_feed(body, URL, now=NOW)
    assert raised.value.code == "entities"
    return raised.value


def bounded(body: bytes) -> None:
    """Parsing `body` is refused, or fast and small, and leaves no field too long."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        feed = parse_feed(body, URL, now=NOW)
    except FeedError:
        feed = None
    seconds = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert seconds < 1, f"took {seconds:.2f} s"
    assert peak < 50 * 1024 * 1024, f"used {peak / 1e6:.0f} MB"
    for entry in feed.entries if feed else []:
        assert len(entry.title) <= MAX_TITLE and len(entry.summary) <= MAX_HTML


def test_billion_laughs_is_refused_and_bounded() -> None:
    refused(BILLION_LAUGHS.encode())
    bounded(BILLION_LAUGHS.encode())


def test_the_quadratic_blowup_is_refused_and_bounded() -> None:
    body = quadratic_blowup()
    assert 30_000 < len(body) < 40_000

    refused(body)
    bounded(body)


def test_a_huge_field_without_entities_is_cut_to_size() -> None:
    title = "Long " * 200_000
    text = "<p>" + "word " * 400_000 + "</p>"
    body = (
        f'<rss version="2.0"><channel><title>Big</title><item><title>{title}</title>'
        f"<guid>1</guid><description><![CDATA[{text}]]></description></item></channel></rss>"
    ).encode()

    entry = parse_feed(body, URL, now=NOW).entries[0]

    assert len(entry.title) <= MAX_TITLE
    assert len(entry.summary) <= MAX_HTML


def test_an_external_entity_naming_a_file_is_refused() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<rss version="2.0"><channel><title>X</title><item><title>&xxe;</title><guid>1</guid>'
        b"</item></channel></rss>"
    )

    error = refused(body)
    assert "root:" not in error.detail


def test_an_external_entity_naming_a_url_is_refused_without_a_request(
    web_server: WebServer,
) -> None:
    web_server.route("/xxe", Reply(body=b"secret"))
    address = web_server.url("/xxe", host="127.0.0.1")
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "{address}">]>'
        f'<rss version="2.0"><channel><item><title>&xxe;</title></item></channel></rss>'
    ).encode()

    refused(body)
    assert web_server.connections == 0


def test_a_parameter_entity_is_refused_without_a_request(web_server: WebServer) -> None:
    address = web_server.url("/evil.dtd", host="127.0.0.1")
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % remote SYSTEM "{address}"> %remote;]>'
        f'<rss version="2.0"><channel><item><title>t</title></item></channel></rss>'
    ).encode()

    refused(body)
    assert web_server.connections == 0


def test_an_external_dtd_is_never_fetched(web_server: WebServer) -> None:
    web_server.route("/evil.dtd", Reply(body=b'<!ENTITY title "from the DTD">'))
    address = web_server.url("/evil.dtd", host="127.0.0.1")
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "{address}">'
        f'<rss version="2.0"><channel><title>T</title><item><title>Plain</title><guid>1</guid>'
        f"</item></channel></rss>"
    ).encode()

    feed = parse_feed(body, URL, now=NOW)

    assert feed.entries[0].title == "Plain"
    assert web_server.connections == 0


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.replace('"1.0"?>', '"1.0" encoding="utf-16"?>', 1).encode("utf-16"),
        lambda text: text.replace('"1.0"?>', '"1.0" encoding="utf-16be"?>', 1).encode("utf-16-be"),
        lambda text: text.replace('"1.0"?>', '"1.0" encoding="utf-32"?>', 1).encode("utf-32"),
        lambda text: text.replace('"1.0"?>', '"1.0" encoding="cp037"?>', 1).encode("cp037"),
        # UTF-7 may write "<" as "+ADw-": a byte search for "<!ENTITY" would not see it.
        lambda text: (
            text.replace('"1.0"?>', '"1.0" encoding="utf-7"?>', 1)
            .encode("utf-7")
            .replace(b"<!ENTITY", b"+ADwAIQ-ENTITY")
        ),
    ],
    ids=["utf-16", "utf-16be", "utf-32", "ebcdic", "utf-7"],
)
def test_declarations_hidden_by_an_encoding_are_refused(encode: Callable[[str], bytes]) -> None:
    refused(encode(BILLION_LAUGHS))


def test_a_body_that_names_a_local_file_is_not_read(tmp_path: Path) -> None:
    # feedparser opens a string as a file name if it can: we hand it a stream, never a name.
    secret = tmp_path / "secret.xml"
    secret.write_text(
        '<rss version="2.0"><channel><item><title>LOCAL FILE</title></item></channel></rss>'
    )

    try:
        feed = parse_feed(str(secret).encode(), URL, now=NOW)
    except FeedError:
        return
    assert all("LOCAL FILE" not in entry.title for entry in feed.entries)


def test_an_ordinary_doctype_is_still_read() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        b'"http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel>'
        b"<title>Old</title><item><title>Still here</title><link>https://old.example.org/1</link>"
        b"</item></channel></rss>"
    )

    assert parse_feed(body, URL, now=NOW).entries[0].title == "Still here"
