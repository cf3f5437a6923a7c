"""The share kit: suggested posts with the hashtags, the networks' own share pages as plain
links, the Mastodon chooser, and Open Graph tags on the campaign's public pages."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from nidaa.campaigns.models import Campaign
from nidaa.campaigns.share import mastodon_host, with_hashtags
from nidaa.testing import html

pytestmark = pytest.mark.django_db

SHARE = "/en/c/save-idlib/share/"


def links(page: str) -> list[str]:
    return [a.attrs.get("href", "") for a in html.parse(page).find("a")]


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_it_suggests_the_staff_posts_with_the_hashtags_and_the_link(
    client: Client, demo_campaign: Campaign
) -> None:
    page = client.get(SHARE).content.decode()

    assert "Stand with the civilians of Idlib. #SaveIdlib #IdlibUnderFire" in page
    assert "http://127.0.0.1:8000/en/c/save-idlib/</textarea>" in page


def test_hashtags_already_in_a_post_are_not_added_twice(demo_campaign: Campaign) -> None:
    assert (
        with_hashtags("Act now #saveidlib", demo_campaign) == "Act now #saveidlib #IdlibUnderFire"
    )


def test_without_staff_posts_it_suggests_the_title(client: Client, demo_campaign: Campaign) -> None:
    for text in demo_campaign.translations.all():
        text.suggested_posts.all().delete()

    page = client.get(SHARE).content.decode()

    assert "Save Idlib: stop the bombing of civilians. Add your name" in page


def test_the_share_links_open_the_networks_own_pages(
    client: Client, demo_campaign: Campaign
) -> None:
    found = links(client.get(SHARE).content.decode())
    url = "http://127.0.0.1:8000/en/c/save-idlib/"

    x = next(link for link in found if link.startswith("https://x.com/intent/post?"))
    assert query(x)["url"] == url and query(x)["text"].endswith("#SaveIdlib #IdlibUnderFire")
    facebook = next(
        link for link in found if link.startswith("https://www.facebook.com/sharer/sharer.php?")
    )
    assert query(facebook) == {"u": url}
    whatsapp = next(link for link in found if link.startswith("https://wa.me/?"))
    assert query(whatsapp)["text"].endswith("\n" + url)
    telegram = next(link for link in found if link.startswith("https://t.me/share/url?"))
    assert query(telegram)["url"] == url
    email = next(link for link in found if link.startswith("mailto:?"))
    assert (
        "+" not in email and query(email)["subject"] == "Save Idlib: stop the bombing of civilians"
    )


def test_the_share_page_loads_nothing_of_the_networks(
    client: Client, demo_campaign: Campaign
) -> None:
    page = html.parse(client.get(SHARE).content.decode())

    assert not html.external_resources(page, "testserver")
    assert [s.attrs["src"] for s in page.find("script")] == ["/static/campaigns/share.js"]


def test_the_copy_button_waits_for_javascript(client: Client, demo_campaign: Campaign) -> None:
    page = client.get(SHARE).content.decode()

    assert 'data-copy="post-1-text" data-copied="Copied" hidden>' in page
    assert '<textarea id="post-1-text" class="share-text" rows="4" readonly>' in page


def test_it_offers_the_pictures_in_each_language(client: Client, demo_campaign: Campaign) -> None:
    found = links(client.get("/ar/c/save-idlib/share/").content.decode())
    pictures = [link for link in found if "/share/" in link and ".jpg" in link]

    assert [urlsplit(p).path for p in pictures] == [
        "/c/save-idlib/share/ar/card.jpg",
        "/c/save-idlib/share/ar/square.jpg",
        "/c/save-idlib/share/en/card.jpg",
        "/c/save-idlib/share/en/square.jpg",
    ]
    assert all("download=1" in p for p in pictures)


def test_only_the_pictures_text_is_marked_as_its_language(
    client: Client, demo_campaign: Campaign
) -> None:
    # The labels are in the page's language; only each picture's title (its alt) is not.
    page = html.parse(client.get("/ar/c/save-idlib/share/").content.decode())
    pictures = [img for img in page.find("img") if ".jpg" in img.attrs.get("src", "")]

    assert [img.attrs.get("lang") for img in pictures] == ["ar", "ar", "en", "en"]
    assert not [e for e in page.find("li") if "lang" in e.attrs]


def test_the_arabic_kit_has_arabic_posts(client: Client, demo_campaign: Campaign) -> None:
    page = client.get("/ar/c/save-idlib/share/").content.decode()

    assert "قفوا مع المدنيين في إدلب. #SaveIdlib #IdlibUnderFire" in page


# --- Mastodon ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "host"),
    [
        ("mastodon.social", "mastodon.social"),
        ("  Mastodon.Social  ", "mastodon.social"),
        ("https://mastodon.social/", "mastodon.social"),
        ("https://mastodon.social/@someone", "mastodon.social"),
        ("@someone@mstdn.social", "mstdn.social"),
        ("someone@mas.to", "mas.to"),
        ("mastodon.social.", "mastodon.social"),
        ("bücher.example", "xn--bcher-kva.example"),
        ("", None),
        ("localhost", None),
        ("javascript:alert(1)", None),
        ("evil.example/share?x=", "evil.example"),
        ("127.0.0.1", None),
        ("a_b.example", None),
        ("-bad.example", None),
        ("x" * 64 + ".example", None),
        ("<script>.example", None),
    ],
)
def test_it_reads_a_mastodon_server_from_what_people_type(typed: str, host: str | None) -> None:
    assert mastodon_host(typed) == host


def test_without_javascript_the_chooser_shows_the_link_and_does_not_redirect(
    client: Client, demo_campaign: Campaign
) -> None:
    response = client.get(
        "/en/c/save-idlib/share/mastodon/", {"instance": "@me@mstdn.social", "post": "2"}
    )

    assert response.status_code == 200
    link = next(
        a for a in links(response.content.decode()) if a.startswith("https://mstdn.social/")
    )
    assert urlsplit(link).path == "/share"
    assert query(link)["text"].startswith("Homes, schools, hospitals and camps are not targets.")


def test_a_bad_server_name_is_explained_and_kept(client: Client, demo_campaign: Campaign) -> None:
    response = client.get("/en/c/save-idlib/share/mastodon/", {"instance": "not a server"})

    page = response.content.decode()
    assert response.status_code == 400
    assert "Give the name of your Mastodon server" in page
    assert "/static/campaigns/pages.css" in page  # the campaign's menu above it is styled
    assert 'value="not a server"' in page
    assert not any(link.startswith("https://") for link in links(page))


def test_the_share_form_builds_the_same_link_with_javascript(
    client: Client, demo_campaign: Campaign
) -> None:
    page = client.get(SHARE).content.decode()

    assert "data-mastodon" in page and 'action="/en/c/save-idlib/share/mastodon/"' in page


# --- Open Graph and Twitter cards --------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/en/c/save-idlib/",
        "/en/",
        "/en/c/save-idlib/share/",
        "/en/c/save-idlib/news/",
        "/en/c/save-idlib/updates/",
        "/en/c/save-idlib/donate/",
    ],
)
def test_campaign_pages_carry_the_share_card(
    client: Client, demo_campaign: Campaign, path: str
) -> None:
    page = html.parse(client.get(path).content.decode())
    meta = {
        m.attrs.get("property") or m.attrs.get("name"): m.attrs.get("content", "")
        for m in page.find("meta")
    }

    assert meta["og:title"] and meta["og:description"] and meta["og:site_name"] == "Nidaa"
    assert meta["og:image"].startswith("http://127.0.0.1:8000/c/save-idlib/share/en/card.jpg?v=")
    assert meta["og:locale"] == "en_GB"
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:image"] == meta["og:image"]


def test_the_arabic_page_carries_the_arabic_card(client: Client, demo_campaign: Campaign) -> None:
    page = client.get("/ar/c/save-idlib/").content.decode()

    assert (
        '<meta property="og:image" content="http://127.0.0.1:8000/c/save-idlib/share/ar/card.jpg?v='
        in page
    )
    assert '<meta property="og:locale" content="ar_AR">' in page
    assert '<meta property="og:title" content="أنقذوا إدلب: أوقفوا قصف المدنيين">' in page


def test_other_public_pages_carry_the_sites_name(client: Client, demo_campaign: Campaign) -> None:
    page = client.get("/en/privacy/").content.decode()

    assert '<meta property="og:site_name" content="Nidaa">' in page
    assert '<meta name="twitter:card" content="summary">' in page


def test_a_changed_post_reaches_the_share_kit_at_once(
    client: Client, demo_campaign: Campaign
) -> None:
    client.get(SHARE)  # stored by the public page cache
    post = demo_campaign.content("en").suggested_posts.first()  # type: ignore[union-attr]
    assert post is not None
    post.text = "A post written just now."
    post.save()

    assert "A post written just now." in client.get(SHARE).content.decode()
