"""The news page and story pages, as the public sees them."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from nidaa.campaigns.models import Campaign, Update
from nidaa.news.actions import key
from nidaa.news.models import FollowAccount, Item, Source
from nidaa.news.tests.helpers import make_source
from nidaa.testing import html

pytestmark = pytest.mark.django_db

NEWS = "/en/c/save-idlib/news/"


def story(source: Source, title: str, hours_ago: int, **fields: object) -> Item:
    link = f"https://feeds.example.org/{key(title)[:8]}"
    values: dict[str, object] = {
        "campaign": source.campaign,
        "title": title,
        "link": link,
        "link_key": key(link),
        "language": source.language,
        "published_at": timezone.now() - datetime.timedelta(hours=hours_ago),
        "summary": f"<p>{title} in full.</p>",
        "excerpt": f"{title} in short.",
    } | fields
    return Item.objects.create(source=source, **values)


@pytest.fixture
def sources(demo_campaign: Campaign) -> tuple[Source, Source]:
    Item.objects.all().delete()  # the demo's stories: these tests write their own
    english = make_source(demo_campaign, "https://feeds.example.org/en", name="English Desk")
    arabic = make_source(
        demo_campaign, "https://feeds.example.org/ar", name="مكتب عربي", language="ar"
    )
    story(english, "Old English story", 50)
    story(arabic, "خبر عربي جديد", 1)
    story(english, "New English story", 2)
    return english, arabic


def titles(page: str, language: str = "en") -> list[str]:
    parsed = html.parse(page)
    links = [a.attrs.get("href", "") for a in parsed.find("a")]
    found = []
    for item in Item.objects.all():
        href = f"/{language}/c/save-idlib/news/{item.pk}/"
        if href in links:
            found.append((page.index(href), item.title))
    return [title for _, title in sorted(found)]


def test_it_lists_the_stories_newest_first(client: Client, sources: object) -> None:
    page = client.get(NEWS).content.decode()

    assert titles(page) == ["خبر عربي جديد", "New English story", "Old English story"]


def test_a_story_in_another_language_is_marked_with_it(client: Client, sources: object) -> None:
    page = client.get(NEWS).content.decode()

    assert '<li lang="ar" dir="auto">' in page


def test_it_filters_by_language(client: Client, sources: object) -> None:
    page = client.get(NEWS, {"language": "ar"}).content.decode()

    assert titles(page) == ["خبر عربي جديد"]


def test_it_filters_by_source(client: Client, sources: tuple[Source, Source]) -> None:
    page = client.get(NEWS, {"source": sources[0].pk}).content.decode()

    assert titles(page) == ["New English story", "Old English story"]


def test_an_unknown_filter_value_is_an_error_in_the_readers_language(
    client: Client, sources: object
) -> None:
    page = client.get("/ar/c/save-idlib/news/", {"source": "999999"}).content.decode()

    assert 'class="errorlist"' in page
    with translation.override("ar"):
        assert gettext("Correct the filters above to see the stories.") in page
    assert "Correct the filters" not in page  # translated
    assert titles(client.get("/ar/c/save-idlib/news/").content.decode(), "ar")  # stories exist
    assert titles(page, "ar") == []


def test_a_filter_error_is_tied_to_its_field(client: Client, sources: object) -> None:
    parsed = html.parse(client.get(NEWS, {"source": "999999"}).content.decode())

    (select,) = [s for s in parsed.find("select") if s.attrs.get("name") == "source"]
    described = select.attrs.get("aria-describedby", "")
    errors = [e for e in parsed.find("ul") if e.attrs.get("class") == "errorlist"]
    assert select.attrs.get("aria-invalid") == "true"
    assert described and described in {e.attrs.get("id") for e in errors}


def test_hidden_stories_are_not_shown(client: Client, sources: object) -> None:
    Item.objects.filter(title="New English story").update(hidden=True)

    page = client.get(NEWS).content.decode()

    assert titles(page) == ["خبر عربي جديد", "Old English story"]


def test_stories_of_a_paused_source_stay(client: Client, sources: tuple[Source, Source]) -> None:
    Source.objects.filter(pk=sources[1].pk).update(active=False)

    assert "خبر عربي جديد" in titles(client.get(NEWS).content.decode())


def test_the_page_is_paginated(client: Client, sources: tuple[Source, Source]) -> None:
    for n in range(25):
        story(sources[0], f"Filler {n}", 100 + n)

    first = client.get(NEWS).content.decode()
    second = client.get(NEWS, {"page": 2}).content.decode()

    assert len(titles(first)) == 20 and 'rel="next"' in first
    assert len(titles(second)) == 8 and 'rel="prev"' in second


def test_the_story_page_links_to_the_original(client: Client, sources: object) -> None:
    item = Item.objects.get(title="New English story")

    page = client.get(f"/en/c/save-idlib/news/{item.pk}/").content.decode()

    assert "<p>New English story in full.</p>" in page
    assert f'href="{item.link}" rel="noopener noreferrer nofollow"' in page
    assert "English Desk" in page


def test_a_hidden_or_foreign_story_is_not_found(client: Client, sources: object) -> None:
    hidden = Item.objects.get(title="Old English story")
    hidden.hidden = True
    hidden.save()
    other = Campaign.objects.create(slug="other", status=Campaign.Status.LIVE)
    other.translations.create(
        language="en", title="Other", summary="s", statement="t", call_to_action="c"
    )
    foreign = story(make_source(other, "https://feeds.example.org/o"), "Elsewhere", 1)

    assert client.get(f"/en/c/save-idlib/news/{hidden.pk}/").status_code == 404
    assert client.get(f"/en/c/save-idlib/news/{foreign.pk}/").status_code == 404
    assert client.get(f"/en/c/other/news/{foreign.pk}/").status_code == 200


def test_the_sources_and_accounts_to_follow_are_plain_links(
    client: Client, sources: tuple[Source, Source]
) -> None:
    FollowAccount.objects.create(
        source=sources[0],
        network="mastodon",
        name="@desk@social.example.org",
        url="https://social.example.org/@desk",
    )

    page = client.get(NEWS).content.decode()

    assert (
        'href="https://social.example.org/@desk" rel="noopener noreferrer">Mastodon: <span dir="auto">@desk@social.example.org</span></a>'
        in page
    )
    assert not html.external_resources(html.parse(page), "testserver")  # nothing embedded


def test_it_shows_the_campaigns_latest_updates_and_their_feed(
    client: Client, sources: object
) -> None:
    page = client.get(NEWS).content.decode()

    assert "Demo update: the statement goes to the Security Council" in page
    assert 'type="application/atom+xml" href="/en/c/save-idlib/updates.atom"' in page


def test_a_draft_update_is_not_shown(
    client: Client, sources: object, demo_campaign: Campaign
) -> None:
    Update.objects.create(
        campaign=demo_campaign, language="en", title="Secret draft", body="x", published_at=None
    )

    assert "Secret draft" not in client.get(NEWS).content.decode()


def test_it_links_the_share_kit(client: Client, sources: object) -> None:
    assert 'href="/en/c/save-idlib/share/"' in client.get(NEWS).content.decode()


def test_the_campaign_page_links_the_news(client: Client, demo_campaign: Campaign) -> None:
    page = client.get("/en/c/save-idlib/").content.decode()

    assert 'href="/en/c/save-idlib/news/"' in page
    assert "Get informed and spread the word" in page


def test_the_news_of_a_draft_campaign_is_not_public(
    client: Client, sources: object, demo_campaign: Campaign
) -> None:
    Campaign.objects.filter(pk=demo_campaign.pk).update(status=Campaign.Status.DRAFT)

    assert client.get(NEWS).status_code == 404


def test_arabic_pages_write_arabic_digits_in_dates(client: Client, sources: object) -> None:
    page = client.get("/ar/c/save-idlib/news/").content.decode()

    year = str(timezone.now().year).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert year in page


def test_the_news_page_is_served_from_the_page_cache(
    client: Client, sources: object, django_assert_num_queries: object
) -> None:
    client.get(NEWS)

    with django_assert_num_queries(0):  # type: ignore[operator]
        assert client.get(NEWS).status_code == 200
