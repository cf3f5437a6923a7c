"""Reading feeds in every format the news part accepts, from fixtures written for these tests."""

import datetime
import zoneinfo
from pathlib import Path

import pytest

from nidaa.news.feeds import Feed, FeedError, parse_date, parse_feed

FEEDS = Path(__file__).parent / "feeds"
UTC = datetime.UTC
DAMASCUS = zoneinfo.ZoneInfo("Asia/Damascus")
NOW = datetime.datetime(2024, 7, 1, tzinfo=UTC)


def read(
    name: str, url: str = "https://feeds.example.org/feed", zone: datetime.tzinfo = UTC
) -> Feed:
    return parse_feed((FEEDS / name).read_bytes(), url, zone=zone, now=NOW)


def test_it_reads_rss_2() -> None:
    feed = read("rss2.xml")

    assert (feed.format, feed.title, feed.site_url) == (
        "rss",
        "Idlib Field Notes",
        "https://fieldnotes.example.org/",
    )
    first = feed.entries[0]
    assert first.guid == "fieldnotes-1001"
    assert first.link == "https://fieldnotes.example.org/2024/06/ariha-schools"
    assert first.title == "Schools in Ariha close for a week after shelling"
    assert first.author == "Field team"
    assert "<strong>Ariha</strong>" in first.summary  # content:encoded, the fullest text


def test_it_reads_rss_1_rdf() -> None:
    feed = read("rss1.rdf")

    assert feed.format == "rdf"
    assert [e.title for e in feed.entries] == [
        "Rescue teams answer 12 calls in one night",
        "Ambulance damaged on the road to Idlib",
    ]
    assert feed.entries[0].author == "Monitor desk"


def test_it_reads_atom_in_arabic() -> None:
    feed = read("atom.xml")

    assert feed.format == "atom"
    assert feed.title == "أخبار الشمال السوري"
    assert feed.entries[0].title == "فرق الدفاع المدني تنتشل ناجين في سرمين"
    assert feed.entries[0].author == "مراسل الشمال"
    assert feed.entries[2].title == "عنوان بتنسيق"  # an XHTML title, as plain text


def test_it_reads_a_json_feed() -> None:
    feed = read("feed.json")

    assert (feed.format, feed.title) == ("json", "Relief Logistics Diary")
    assert [e.guid for e in feed.entries] == ["2024-06-04-convoy", "1717000000", "no-date"]
    assert feed.entries[0].author == "Logistics desk"
    assert feed.entries[1].summary == "<p>Enough flour for two weeks.</p><p>Tents are short.</p>"
    assert feed.entries[2].link == "https://elsewhere.example.net/story"  # external_url


def test_an_item_without_a_title_is_named_by_its_text() -> None:
    assert read("feed.json").entries[2].title == "A story without a date or a title of its own."


def test_plain_text_content_is_escaped_not_taken_for_markup() -> None:
    entry = read("atom.xml").entries[1]

    assert "&lt;b&gt;ليس وسماً&lt;/b&gt;" in entry.summary
    assert "<b>" not in entry.summary


def test_relative_links_are_resolved_against_the_feed() -> None:
    feed = read("atom.xml", url="https://shamal.example.org/atom.xml")

    assert feed.entries[2].link == "https://shamal.example.org/news/298"
    assert 'href="https://shamal.example.org/news/297"' in feed.entries[2].summary


def test_links_in_text_open_without_a_referrer() -> None:
    summary = read("rss2.xml").entries[0].summary

    assert 'rel="nofollow noopener noreferrer ugc"' in summary


def test_remote_images_are_not_kept() -> None:
    entry = read("feed.json").entries[0]

    assert "<img" not in entry.summary and "tracker.example" not in entry.summary
    assert entry.summary == "<p>Flour, tents and <b>medicine</b>.</p>"


def test_excerpts_are_plain_text_with_words_apart() -> None:
    assert read("feed.json").entries[1].excerpt == "Enough flour for two weeks. Tents are short."


# --- Dates -------------------------------------------------------------------------------------


def test_dates_with_a_zone_are_converted_to_utc() -> None:
    rss = read("rss2.xml").entries
    assert rss[0].published == datetime.datetime(2024, 6, 1, 7, 0, tzinfo=UTC)  # +0300
    assert rss[2].published == datetime.datetime(2024, 5, 30, 18, 0, tzinfo=UTC)  # GMT
    rdf = read("rss1.rdf").entries
    assert rdf[0].published == datetime.datetime(2024, 6, 2, 20, 15, tzinfo=UTC)  # +03:00
    assert rdf[1].published == datetime.datetime(2024, 6, 1, 7, 0, tzinfo=UTC)  # Z


def test_dates_without_a_zone_are_read_in_the_sources_zone() -> None:
    # Syria keeps UTC+3 all year since 2022.
    assert read("rss2.xml", zone=DAMASCUS).entries[1].published == datetime.datetime(
        2024, 5, 31, 5, 30, tzinfo=UTC
    )
    assert read("rss2.xml", zone=UTC).entries[1].published == datetime.datetime(
        2024, 5, 31, 8, 30, tzinfo=UTC
    )
    assert read("atom.xml", zone=DAMASCUS).entries[1].published == datetime.datetime(
        2024, 6, 2, 9, 0, tzinfo=UTC
    )
    assert read("feed.json", zone=DAMASCUS).entries[1].published == datetime.datetime(
        2024, 6, 3, 9, 0, tzinfo=UTC
    )


def test_a_zone_with_summer_time_is_respected() -> None:
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")

    summer = parse_date("Mon, 03 Jun 2024 12:00:00", None, berlin, NOW)
    winter = parse_date("2024-01-15T12:00:00", None, berlin, NOW)

    assert summer == datetime.datetime(2024, 6, 3, 10, 0, tzinfo=UTC)
    assert winter == datetime.datetime(2024, 1, 15, 11, 0, tzinfo=UTC)


def test_minus_zero_zone_means_unknown_and_uses_the_sources_zone() -> None:
    found = parse_date("Mon, 03 Jun 2024 12:00:00 -0000", None, DAMASCUS, NOW)

    assert found == datetime.datetime(2024, 6, 3, 9, 0, tzinfo=UTC)


def test_a_date_in_the_future_counts_as_now() -> None:
    assert parse_date("2099-01-01T00:00:00Z", None, UTC, NOW) == NOW


def test_no_date_is_none_and_nonsense_is_none() -> None:
    assert read("feed.json").entries[2].published is None
    assert parse_date("next Tuesday", None, UTC, NOW) is None


# --- Broken and ill-formed feeds ---------------------------------------------------------------


def test_an_ill_formed_feed_is_read_in_part_and_says_so() -> None:
    feed = read("ill-formed.xml")

    assert feed.ill_formed.startswith("not well-formed XML")
    assert [e.title for e in feed.entries] == ["Prices rise & bread is short", "Second story"]


def test_a_feed_cut_off_after_an_item_keeps_the_item() -> None:
    body = (FEEDS / "rss2.xml").read_bytes()
    cut = body[: body.index(b"<item>", body.index(b"</item>"))]

    feed = parse_feed(cut, "https://feeds.example.org/feed", now=NOW)

    assert feed.ill_formed
    assert [e.guid for e in feed.entries] == ["fieldnotes-1001"]


def test_a_web_page_is_not_a_feed() -> None:
    with pytest.raises(FeedError) as raised:
        read("not-a-feed.html")
    assert raised.value.code == "not_a_feed"


def test_a_feed_with_no_items_is_a_feed() -> None:
    feed = read("empty-channel.xml")

    assert feed.format == "rss" and feed.entries == []


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"", "not_a_feed"),
        (b"\x00\x01\x02 binary junk \xff\xfe", "ill_formed"),
        (b"<rss><channel><item><title>cut off", "ill_formed"),
        (b"   \n", "not_a_feed"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": "nope"}', "ill_formed"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "ill_formed"),
        (b'{"hello": "world"}', "not_a_feed"),
        (b"[1, 2, 3]", "not_a_feed"),
    ],
)
def test_broken_documents_say_why(body: bytes, code: str) -> None:
    with pytest.raises(FeedError) as raised:
        parse_feed(body, "https://feeds.example.org/feed", now=NOW)
    assert raised.value.code == code


def test_a_feed_in_a_declared_legacy_arabic_encoding_is_decoded() -> None:
    body = (
        '<?xml version="1.0" encoding="windows-1256"?><rss version="2.0"><channel>'
        "<title>أخبار</title><item><title>قافلة إغاثة تصل إلى إدلب</title><guid>1</guid>"
        "</item></channel></rss>"
    ).encode("cp1256")

    feed = parse_feed(body, "https://feeds.example.org/feed", now=NOW)

    assert feed.entries[0].title == "قافلة إغاثة تصل إلى إدلب"


def test_it_reads_at_most_200_entries() -> None:
    items = "".join(f"<item><title>Story {n}</title><guid>g{n}</guid></item>" for n in range(500))
    body = f'<rss version="2.0"><channel><title>Busy</title>{items}</channel></rss>'.encode()

    assert len(parse_feed(body, "https://feeds.example.org/feed", now=NOW).entries) == 200
