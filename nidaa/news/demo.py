"""Demo news for the demo campaign: two example sources and a few stories, in the project's own
words.

The sources point at example.org addresses (reserved for examples: they lead nowhere) and are
paused, so that neither fetch_news nor the periodic job tries them; their stories are stored as
if fetched, titled as demos, so that the news page shows how it reads. A real campaign adds its
own sources (staff site, or `manage.py add_news_source`). `seed_demo()` is safe to run again.
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from nidaa.campaigns.models import Campaign
from nidaa.news.actions import key
from nidaa.news.cleaning import MAX_EXCERPT, clean_html, plain_text
from nidaa.news.models import FollowAccount, Item, Source

SOURCES: list[dict[str, Any]] = [
    {
        "url": "https://news.example.org/idlib/feed.xml",
        "name": "Example: Idlib Field Notes (demo source)",
        "site_url": "https://news.example.org/idlib/",
        "language": "en",
        "time_zone": "Asia/Damascus",
        "accounts": [
            (
                "mastodon",
                "@fieldnotes@social.example.org",
                "https://social.example.org/@fieldnotes",
            ),
            ("website", "news.example.org", "https://news.example.org/idlib/"),
        ],
        "items": [
            (
                3,
                "Demo: schools in Ariha move lessons into tents",
                "<p>A demo story, written to show how the news page reads.</p><p>After shelling damaged two schools, teachers in Ariha moved their classes into tents on the edge of town. Parents walk the children there and back.</p>",
            ),
            (
                20,
                "Demo: a bakery in Sarmin bakes again",
                "<p>A demo story.</p><p>The bakery reopened with flour from a relief convoy. The queue formed before dawn.</p>",
            ),
            (
                50,
                "Demo: families reach camps near the border",
                "<p>A demo story.</p><p>Families who left their villages two days earlier reached the camps near the border, where tents are short.</p>",
            ),
        ],
    },
    {
        "url": "https://akhbar.example.org/rss",
        "name": "مثال: أخبار الشمال (مصدر تجريبي)",
        "site_url": "https://akhbar.example.org/",
        "language": "ar",
        "time_zone": "Asia/Damascus",
        "accounts": [
            ("telegram", "akhbar_example", "https://akhbar.example.org/telegram"),
        ],
        "items": [
            (
                5,
                "مثال: فرق الدفاع المدني تعمل حتى الفجر",
                "<p>خبر تجريبي، كُتب ليُظهر كيف تُقرأ صفحة الأخبار.</p><p>عملت فرق الدفاع المدني حتى الفجر في ثلاث بلدات بعد ليلة من القصف.</p>",
            ),
            (
                30,
                "مثال: قافلة إغاثة تعبر إلى إدلب",
                "<p>خبر تجريبي.</p><p>عبرت قافلة من أربعين شاحنة تحمل الطحين والخيام والأدوية.</p>",
            ),
        ],
    },
]


@transaction.atomic
def seed_demo(campaign: Campaign) -> str:
    now = timezone.now()
    for spec in SOURCES:
        source, _ = Source.objects.update_or_create(
            campaign=campaign,
            url=spec["url"],
            defaults={
                "name": spec["name"],
                "site_url": spec["site_url"],
                "language": spec["language"],
                "time_zone": spec["time_zone"],
                "active": False,  # example addresses: never fetched
                "format": Source.Format.RSS,
            },
        )
        source.accounts.all().delete()
        for position, (network, name, url) in enumerate(spec["accounts"]):
            FollowAccount.objects.create(
                source=source, network=network, name=name, url=url, position=position
            )
        for hours_ago, title, text in spec["items"]:
            _write_item(source, title, text, now - datetime.timedelta(hours=hours_ago))
    return f"Refreshed {len(SOURCES)} demo news sources."


def _write_item(source: Source, title: str, text: str, published: datetime.datetime) -> None:
    slug = key(title)[:12]
    link = f"{source.site_url}demo/{slug}"
    summary = clean_html(text)
    Item.objects.update_or_create(
        source=source,
        guid_key=key(f"demo-{slug}"),
        defaults={
            "campaign": source.campaign,
            "guid": f"demo-{slug}",
            "link": link,
            "link_key": key(link),
            "title": title,
            "summary": summary,
            "excerpt": plain_text(summary, MAX_EXCERPT),
            "language": source.language,
            "published_at": published,
            "hidden": False,
        },
    )
