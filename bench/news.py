"""The news figure: how fast a fetched feed becomes items ready to store.

``feed_parse_items_per_s``: items per second of `nidaa.news.feeds.parse_feed` over a large
generated RSS 2.0 feed (2,000 items, about 3 MB: under the 5 MB a fetch accepts), the whole
path a fetched feed takes: the entity check (a regex and defusedxml), feedparser, sanitising
every text with nh3, excerpts and dates. The cap of 200 entries per fetch is lifted for the
measurement, so that every item is read. Median of rounds, in this process (no database, no
network: those are the fetch's, not the parse's).

The feed is deterministic: titles and texts in English and Arabic, paragraphs with links and
emphasis, an image and a script in some (to be removed), dates with and without a zone.

Run alone: ``python -m bench.news [--items N] [--rounds N]``; bench/run.py calls `measure()`.
"""

import argparse
import datetime
import json
import random
import statistics
import sys
import time
from unittest import mock

from nidaa.news import feeds

ITEMS = 2_000
ROUNDS = 5
URL = "https://feeds.example.org/bench.xml"
SENTENCE_EN = "air strikes hit the market in the morning families fled north to the camps near the border where tents are short and winter is coming"  # fmt: skip
SENTENCE_AR = "أصابت غارات جوية السوق في الصباح ونزحت العائلات شمالاً إلى المخيمات قرب الحدود حيث الخيام قليلة والشتاء قادم"  # fmt: skip
WORDS_EN = SENTENCE_EN.split(" ")
WORDS_AR = SENTENCE_AR.split(" ")


def generate_feed(items: int = ITEMS, seed: int = 7) -> bytes:
    """A large RSS 2.0 feed, the same bytes for the same arguments."""
    rng = random.Random(seed)
    start = datetime.datetime(2024, 6, 1, tzinfo=datetime.UTC)
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        "<title>Bench feed</title><link>https://feeds.example.org/</link>"
        "<description>Generated for the benchmark</description>"
    ]
    for number in range(items):
        words = WORDS_AR if number % 3 == 0 else WORDS_EN
        title = " ".join(rng.choice(words) for _ in range(rng.randint(6, 14)))
        paragraphs = "".join(
            f"<p>{' '.join(rng.choice(words) for _ in range(rng.randint(30, 70)))} "
            f'<a href="/story/{number}/{p}">more</a> <em>{rng.choice(words)}</em></p>'
            for p in range(rng.randint(2, 5))
        )
        if number % 10 == 0:
            paragraphs += '<img src="https://tracker.example/p.gif"><script>alert(1)</script>'
        when = start - datetime.timedelta(minutes=37 * number)
        date = when.strftime("%a, %d %b %Y %H:%M:%S") + (" +0300" if number % 2 else "")
        parts.append(
            f"<item><title>{title}</title><link>https://feeds.example.org/story/{number}</link>"
            f'<guid isPermaLink="false">bench-{number}</guid><pubDate>{date}</pubDate>'
            f"<dc:creator>Desk {number % 7}</dc:creator><description>{title}</description>"
            f"<content:encoded><![CDATA[{paragraphs}]]></content:encoded></item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode()


def parse_seconds(body: bytes, items: int) -> float:
    with mock.patch.object(feeds, "MAX_ENTRIES", items):
        started = time.perf_counter()
        feed = feeds.parse_feed(body, URL, "application/rss+xml")
        seconds = time.perf_counter() - started
    if len(feed.entries) != items:
        raise RuntimeError(f"parsed {len(feed.entries)} items of {items}")
    return seconds


def measure(items: int = ITEMS, rounds: int = ROUNDS) -> dict[str, float]:
    """feed_parse_items_per_s (median of rounds), with the feed's size and items."""
    body = generate_feed(items)
    parse_seconds(body, items)  # warm up: imports, regexes, the sanitiser
    seconds = [parse_seconds(body, items) for _ in range(rounds)]
    return {
        "feed_parse_items_per_s": round(items / statistics.median(seconds)),
        "feed_parse_items": items,
        "feed_parse_mb": round(len(body) / 1e6, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=ITEMS)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args(argv)
    print(json.dumps(measure(max(1, args.items), max(1, args.rounds)), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
