"""Fetching sources: from a real HTTP server on loopback, through the SSRF guard, into items."""

import io
import zoneinfo
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from nidaa.campaigns.models import Campaign
from nidaa.news.actions import fetch_source, fetch_sources
from nidaa.news.models import Item, Source
from nidaa.news.tests.helpers import feed_file, make_source, rss
from nidaa.testing.webserver import Reply, Seen, WebServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(demo_campaign: Campaign) -> Campaign:
    return demo_campaign


def items(source: Source) -> list[Item]:
    return list(source.items.order_by("-published_at"))


@pytest.mark.parametrize(
    ("fixture", "content_type", "format", "count"),
    [
        ("rss2.xml", "application/rss+xml", "rss", 3),
        ("rss1.rdf", "application/rdf+xml", "rdf", 2),
        ("atom.xml", "application/atom+xml; charset=utf-8", "atom", 3),
        ("feed.json", "application/feed+json", "json", 3),
    ],
)
def test_it_stores_the_items_of_every_format(
    web_server: WebServer,
    campaign: Campaign,
    fixture: str,
    content_type: str,
    format: str,
    count: int,
) -> None:
    url = web_server.route(
        "/feed", Reply(body=feed_file(fixture), headers={"Content-Type": content_type})
    )
    source = make_source(campaign, url)

    outcome = fetch_source(source)

    source.refresh_from_db()
    assert (outcome.new, outcome.problem) == (count, "")
    assert source.format == format and source.fetched_at and not source.problem
    assert len(items(source)) == count
    assert all(item.published_at.tzinfo is not None for item in items(source))


def test_items_keep_the_sources_language_and_the_feeds_site(
    web_server: WebServer, campaign: Campaign
) -> None:
    source = make_source(
        campaign, web_server.route("/a", Reply(body=feed_file("atom.xml"))), language="ar"
    )

    fetch_source(source)

    source.refresh_from_db()
    assert {item.language for item in items(source)} == {"ar"}
    assert source.site_url == "https://shamal.example.org/"


def test_dates_are_stored_in_utc_in_the_sources_zone(
    web_server: WebServer, campaign: Campaign
) -> None:
    source = make_source(
        campaign,
        web_server.route("/r", Reply(body=feed_file("rss2.xml"))),
        time_zone="Asia/Damascus",
    )

    fetch_source(source)

    bakery = source.items.get(title="Bakery reopens in Sarmin")  # "Fri, 31 May 2024 08:30:00"
    assert bakery.published_at.isoformat() == "2024-05-31T05:30:00+00:00"
    assert bakery.published_at.astimezone(zoneinfo.ZoneInfo("Asia/Damascus")).hour == 8


def test_a_second_fetch_adds_nothing_twice(web_server: WebServer, campaign: Campaign) -> None:
    source = make_source(campaign, web_server.route("/r", Reply(body=feed_file("rss2.xml"))))

    first = fetch_source(source)
    second = fetch_source(source)

    assert (first.new, second.new, second.updated) == (3, 0, 0)
    assert source.items.count() == 3


def test_an_item_is_the_same_item_by_its_id_even_if_its_link_changes(
    web_server: WebServer, campaign: Campaign
) -> None:
    url = web_server.route("/r", Reply(body=rss(("g1", "https://a.example.org/1", "First"))))
    source = make_source(campaign, url)
    fetch_source(source)
    web_server.route(
        "/r", Reply(body=rss(("g1", "https://a.example.org/moved", "First, corrected")))
    )

    outcome = fetch_source(source)

    assert (outcome.new, outcome.updated) == (0, 1)
    assert [i.title for i in items(source)] == ["First, corrected"]


def test_an_item_is_the_same_item_by_its_link_even_if_its_id_changes(
    web_server: WebServer, campaign: Campaign
) -> None:
    url = web_server.route("/r", Reply(body=rss(("old-id", "https://a.example.org/1", "Story"))))
    source = make_source(campaign, url)
    fetch_source(source)
    web_server.route("/r", Reply(body=rss(("new-id", "https://a.example.org/1", "Story"))))

    assert fetch_source(source).new == 0
    assert source.items.count() == 1


def test_a_story_two_sources_carry_is_stored_once(
    web_server: WebServer, campaign: Campaign
) -> None:
    story = ("x", "https://outlet.example.org/story", "Shared story")
    first = make_source(campaign, web_server.route("/one", Reply(body=rss(story))))
    second = make_source(
        campaign, web_server.route("/two", Reply(body=rss(("y", story[1], "Same story"))))
    )

    fetch_sources([first, second])

    assert Item.objects.filter(link="https://outlet.example.org/story").count() == 1


def test_the_same_entry_twice_in_one_feed_is_stored_once(
    web_server: WebServer, campaign: Campaign
) -> None:
    twice = rss(("g", "https://a.example.org/1", "Once"), ("g", "https://a.example.org/1", "Once"))
    source = make_source(campaign, web_server.route("/r", Reply(body=twice)))

    assert fetch_source(source).new == 1


def test_it_asks_again_with_the_validators_and_accepts_not_modified(
    web_server: WebServer, campaign: Campaign
) -> None:
    def conditional(seen: Seen) -> Reply:
        if seen.headers.get("if-none-match") == '"v7"' and seen.headers.get("if-modified-since"):
            return Reply(304)
        headers = {"ETag": '"v7"', "Last-Modified": "Mon, 03 Jun 2024 10:00:00 GMT"}
        return Reply(body=feed_file("rss2.xml"), headers=headers)

    source = make_source(campaign, web_server.route("/r", conditional))
    fetch_source(source)
    source.refresh_from_db()
    assert (source.etag, source.last_modified) == ('"v7"', "Mon, 03 Jun 2024 10:00:00 GMT")

    outcome = fetch_source(source)

    assert outcome.not_modified and not outcome.problem
    assert web_server.requests[-1].headers["if-modified-since"] == "Mon, 03 Jun 2024 10:00:00 GMT"


def test_a_gzipped_feed_is_read(web_server: WebServer, campaign: Campaign) -> None:
    source = make_source(
        campaign, web_server.route("/r", Reply(body=feed_file("rss2.xml"), gzip=True))
    )

    assert fetch_source(source).new == 3


def test_a_source_that_redirects_is_followed(web_server: WebServer, campaign: Campaign) -> None:
    web_server.route("/new", Reply(body=feed_file("rss1.rdf")))
    source = make_source(
        campaign, web_server.route("/old", Reply(301, headers={"Location": "/new"}))
    )

    assert fetch_source(source).new == 2


def test_a_source_keeps_only_its_newest_items(
    web_server: WebServer, campaign: Campaign, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("nidaa.news.actions.KEEP_PER_SOURCE", 2)
    source = make_source(campaign, web_server.route("/r", Reply(body=feed_file("rss2.xml"))))

    fetch_source(source)

    assert [item.title for item in items(source)] == [
        "Schools in Ariha close for a week after shelling",
        "Bakery reopens in Sarmin",
    ]


def test_new_stories_reach_the_cached_news_page_at_once(
    web_server: WebServer, campaign: Campaign, client: Client
) -> None:
    source = make_source(campaign, web_server.route("/r", Reply(body=feed_file("rss2.xml"))))
    page = f"/en/c/{campaign.slug}/news/"
    assert "Bakery reopens in Sarmin" not in client.get(page).content.decode()  # now cached

    fetch_sources([source])

    assert "Bakery reopens in Sarmin" in client.get(page).content.decode()


# --- Problems are marked on their source, and never stop the others --------------------------


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        (Reply(404, b"gone"), "status"),
        (Reply(500, b"oops"), "status"),
        (
            Reply(body=feed_file("not-a-feed.html"), headers={"Content-Type": "text/html"}),
            "not_a_feed",
        ),
        (Reply(body=b"<rss><channel><item><title>cut"), "ill_formed"),
        (Reply(body=b'<!DOCTYPE r [<!ENTITY a "aaaa">]><rss>&a;</rss>'), "entities"),
        (Reply(body=b"x" * (6 * 1024 * 1024)), "too_large"),
        (Reply(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}), "refused"),
    ],
)
def test_a_broken_source_is_marked_and_the_others_are_fetched(
    web_server: WebServer, campaign: Campaign, reply: Reply, problem: str
) -> None:
    broken = make_source(campaign, web_server.route("/broken", reply), name="Broken")
    working = make_source(
        campaign, web_server.route("/ok", Reply(body=feed_file("rss2.xml"))), name="OK"
    )

    outcomes = fetch_sources([broken, working])

    broken.refresh_from_db()
    working.refresh_from_db()
    assert [o.failed for o in outcomes] == [True, False]
    assert broken.problem == problem and broken.problem_detail and broken.problem_since
    assert broken.fetched_at is None and broken.checked_at
    assert working.items.count() == 3 and not working.problem


def test_an_internal_address_is_refused_and_never_reached(
    web_server: WebServer, campaign: Campaign
) -> None:
    web_server.route("/admin", Reply(body=feed_file("rss2.xml")))
    source = make_source(campaign, web_server.url("/admin", host="127.0.0.1"))

    outcome = fetch_source(source)

    assert outcome.problem == "refused"
    assert web_server.connections == 0
    assert source.items.count() == 0


def test_an_ill_formed_feed_is_read_in_part_and_marked(
    web_server: WebServer, campaign: Campaign
) -> None:
    source = make_source(campaign, web_server.route("/r", Reply(body=feed_file("ill-formed.xml"))))

    outcome = fetch_source(source)

    source.refresh_from_db()
    assert outcome.new == 2 and not outcome.failed
    assert source.problem == Source.Problem.ILL_FORMED and source.fetched_at


def test_a_fixed_source_loses_its_problem(web_server: WebServer, campaign: Campaign) -> None:
    source = make_source(campaign, web_server.route("/r", Reply(500)))
    fetch_source(source)
    web_server.route("/r", Reply(body=feed_file("rss2.xml")))

    fetch_source(source)

    source.refresh_from_db()
    assert (source.problem, source.problem_detail, source.problem_since) == ("", "", None)


def test_an_unexpected_error_is_recorded_and_the_next_source_fetched(
    web_server: WebServer, campaign: Campaign, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nidaa.news import actions

    first = make_source(campaign, web_server.route("/1", Reply(body=feed_file("rss2.xml"))))
    second = make_source(campaign, web_server.route("/2", Reply(body=feed_file("rss1.rdf"))))
    real = actions.store_items

    def flaky(source: Source, *args: Any) -> tuple[int, int]:
        if source.pk == first.pk:
            raise RuntimeError("disk full")
        return real(source, *args)

    monkeypatch.setattr(actions, "store_items", flaky)

    outcomes = fetch_sources([first, second])

    first.refresh_from_db()
    assert first.problem and "disk full" in first.problem_detail
    assert outcomes[1].new == 2


# --- The command --------------------------------------------------------------------------------


def test_fetch_news_fetches_the_active_sources_and_reports(
    web_server: WebServer, campaign: Campaign
) -> None:
    make_source(
        campaign, web_server.route("/r", Reply(body=feed_file("rss2.xml"))), name="Field notes"
    )
    make_source(campaign, web_server.route("/p", Reply(body=feed_file("rss1.rdf"))), active=False)
    out = io.StringIO()

    call_command("fetch_news", "--campaign", campaign.slug, stdout=out, stderr=io.StringIO())

    assert "Field notes: 3 new, 0 updated" in out.getvalue()
    assert "1 sources, 3 new items, 0 failed." in out.getvalue()
    assert [seen.path for seen in web_server.requests] == ["/r"]


def test_fetch_news_fails_when_a_source_failed_after_fetching_the_others(
    web_server: WebServer, campaign: Campaign
) -> None:
    make_source(campaign, web_server.route("/bad", Reply(404)), name="Gone")
    make_source(campaign, web_server.route("/ok", Reply(body=feed_file("rss2.xml"))), name="Kept")
    out = io.StringIO()

    with pytest.raises(CommandError, match="1 failed"):
        call_command("fetch_news", stdout=out, stderr=io.StringIO())

    assert "Gone: FAILED, status" in out.getvalue()
    assert "Kept: 3 new" in out.getvalue()


def test_fetch_news_draws_a_progress_bar_on_a_terminal(
    web_server: WebServer, campaign: Campaign, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_source(campaign, web_server.route("/r", Reply(body=feed_file("rss2.xml"))))

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    call_command("fetch_news", "--campaign", campaign.slug, stdout=io.StringIO())

    assert "Fetching news [" in terminal.getvalue() and "100%" in terminal.getvalue()


def test_fetch_news_has_help() -> None:
    from nidaa.news.management.commands.fetch_news import Command

    text = Command().create_parser("manage.py", "fetch_news").format_help()
    assert "--campaign" in text and "--source" in text and "status 1" in text
