"""The campaign's updates: their page and their Atom feed, per language."""

import datetime
import xml.etree.ElementTree as ET

import defusedxml.ElementTree
import pytest
from django.test import Client
from django.utils import timezone

from nidaa.campaigns.models import Campaign, Update

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(client: Client, language: str = "en") -> ET.Element:
    response = client.get(f"/{language}/c/save-idlib/updates.atom")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return defusedxml.ElementTree.fromstring(response.content)


def test_the_feed_is_atom_with_the_updates_newest_first(
    client: Client, demo_campaign: Campaign
) -> None:
    root = feed(client)

    assert root.tag == f"{ATOM}feed"
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert titles == [
        "Demo update: the statement goes to the Security Council",
        "Demo update: vigils in five cities",
    ]
    entry = root.findall(f"{ATOM}entry")[0]
    assert entry.findtext(f"{ATOM}id", "").startswith(
        "http://127.0.0.1:8000/en/c/save-idlib/updates/#update-"
    )
    assert entry.find(f"{ATOM}link").attrib["href"] == entry.findtext(f"{ATOM}id")  # type: ignore[union-attr]
    assert "<p>This is a demo update" in entry.findtext(f"{ATOM}summary", "")


def test_the_feed_is_in_the_pages_language(client: Client, demo_campaign: Campaign) -> None:
    root = feed(client, "ar")

    assert root.attrib["{http://www.w3.org/XML/1998/namespace}lang"] == "ar"
    assert (
        root.findall(f"{ATOM}entry")[0].findtext(f"{ATOM}title")
        == "تحديث تجريبي: البيان إلى مجلس الأمن"
    )


def test_drafts_and_future_updates_are_not_published(
    client: Client, demo_campaign: Campaign
) -> None:
    later = timezone.now() + datetime.timedelta(days=2)
    Update.objects.create(
        campaign=demo_campaign, language="en", title="Draft", body="x", published_at=None
    )
    Update.objects.create(
        campaign=demo_campaign, language="en", title="Tomorrow's", body="x", published_at=later
    )

    titles = [e.findtext(f"{ATOM}title") for e in feed(client).findall(f"{ATOM}entry")]
    page = client.get("/en/c/save-idlib/updates/").content.decode()

    assert "Draft" not in titles and "Tomorrow's" not in titles
    assert "Tomorrow&#x27;s" not in page and ">Draft<" not in page


def test_a_language_without_updates_shows_the_default_languages(
    client: Client, demo_campaign: Campaign
) -> None:
    Update.objects.filter(language="ar").delete()

    page = client.get("/ar/c/save-idlib/updates/").content.decode()

    assert "Demo update: vigils in five cities" in page
    # English text on a right-to-left page: marked, and laid out in its own direction.
    assert page.count('lang="en" dir="auto"') == Update.objects.filter(language="en").count()


def test_the_updates_page_anchors_each_update_and_links_the_feed(
    client: Client, demo_campaign: Campaign
) -> None:
    update = Update.objects.filter(language="en").first()
    assert update is not None

    page = client.get("/en/c/save-idlib/updates/").content.decode()

    assert f'id="update-{update.pk}"' in page
    assert 'href="/en/c/save-idlib/updates.atom"' in page


def test_update_text_is_sanitised_markdown(client: Client, demo_campaign: Campaign) -> None:
    Update.objects.create(
        campaign=demo_campaign, language="en", title="Bold", body="**Go** <script>alert(1)</script>"
    )

    page = client.get("/en/c/save-idlib/updates/").content.decode()

    assert "<strong>Go</strong>" in page and "<script>alert(1)" not in page


def test_the_campaign_page_announces_the_feed(client: Client, demo_campaign: Campaign) -> None:
    page = client.get("/en/c/save-idlib/").content.decode()

    assert (
        '<link rel="alternate" type="application/atom+xml" href="/en/c/save-idlib/updates.atom"'
        in page
    )


def test_a_new_update_reaches_readers_at_once(client: Client, demo_campaign: Campaign) -> None:
    client.get("/en/c/save-idlib/updates/")  # stored by the public page cache
    client.get("/en/c/save-idlib/updates.atom")

    Update.objects.create(campaign=demo_campaign, language="en", title="Fresh news", body="x")

    assert "Fresh news" in client.get("/en/c/save-idlib/updates/").content.decode()
    titles = [e.findtext(f"{ATOM}title") for e in feed(client).findall(f"{ATOM}entry")]
    assert titles[0] == "Fresh news"
