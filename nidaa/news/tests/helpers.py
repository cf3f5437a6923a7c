"""Sources for tests, and feeds made on the spot."""

from pathlib import Path

from nidaa.campaigns.models import Campaign
from nidaa.news.models import Source

FEEDS = Path(__file__).parent / "feeds"


def feed_file(name: str) -> bytes:
    return (FEEDS / name).read_bytes()


def make_source(campaign: Campaign, url: str, **fields: object) -> Source:
    values: dict[str, object] = {"name": url.rsplit("/", 1)[-1], "language": "en"} | fields
    return Source.objects.create(campaign=campaign, url=url, **values)


def rss(*items: tuple[str, str, str], title: str = "Test feed") -> bytes:
    """An RSS 2.0 feed of (guid, link, title) items."""
    body = "".join(
        f"<item><guid>{guid}</guid><link>{link}</link><title>{text}</title>"
        f"<pubDate>Mon, 03 Jun 2024 0{n}:00:00 +0000</pubDate></item>"
        for n, (guid, link, text) in enumerate(items)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://feeds.example.org/</link>{body}</channel></rss>"
    ).encode()
