"""News sources in the staff site: editors keep them, a broken source is flagged, and staff may
hide a story but not write one."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from nidaa.accounts.models import AuditEntry
from nidaa.campaigns.models import Campaign
from nidaa.news.models import Item, Source
from nidaa.news.tests.helpers import make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def eman(client: Client, editor: User, sign_in: Any) -> Client:
    return sign_in(client, editor)


def test_a_broken_source_is_flagged_with_its_problem(eman: Client, demo_campaign: Campaign) -> None:
    make_source(
        demo_campaign, "https://feeds.example.org/gone", name="Gone Feed", problem="status",
        problem_detail="the server answered HTTP 404", problem_since=timezone.now(),
    )  # fmt: skip

    page = eman.get(reverse("admin:news_source_changelist")).content.decode()

    assert "⚠ the server answered with an error" in page
    assert "This source has a problem; see its status: Gone Feed." in page


def test_an_editor_adds_a_source_with_accounts_and_it_is_audited(
    eman: Client, demo_campaign: Campaign
) -> None:
    form = {
        "campaign": demo_campaign.pk, "name": "Field notes", "url": "https://feeds.example.org/notes.xml",
        "site_url": "", "language": "ar", "time_zone": "Asia/Damascus", "active": "on",
        "accounts-TOTAL_FORMS": "1", "accounts-INITIAL_FORMS": "0",
        "accounts-MIN_NUM_FORMS": "0", "accounts-MAX_NUM_FORMS": "1000",
        "accounts-0-network": "mastodon", "accounts-0-name": "@notes@social.example.org",
        "accounts-0-url": "https://social.example.org/@notes", "accounts-0-position": "0",
    }  # fmt: skip

    response = eman.post(reverse("admin:news_source_add"), form)

    assert response.status_code == 302, response.content.decode()[:3000]
    source = Source.objects.get(url="https://feeds.example.org/notes.xml")
    assert source.accounts.get().network == "mastodon"
    assert AuditEntry.objects.filter(action="create", object_id=str(source.pk)).exists()


def test_addresses_typed_without_a_scheme_are_read_as_https(
    eman: Client, demo_campaign: Campaign
) -> None:
    form = {
        "campaign": demo_campaign.pk, "name": "Bare", "url": "feeds.example.org/bare.xml",
        "site_url": "feeds.example.org", "language": "en", "time_zone": "UTC",
        "accounts-TOTAL_FORMS": "1", "accounts-INITIAL_FORMS": "0",
        "accounts-0-network": "website", "accounts-0-name": "Bare",
        "accounts-0-url": "social.example.org/@bare", "accounts-0-position": "0",
    }  # fmt: skip

    response = eman.post(reverse("admin:news_source_add"), form)

    assert response.status_code == 302, response.content.decode()[:3000]
    source = Source.objects.get(name="Bare")
    assert (source.url, source.site_url) == (
        "https://feeds.example.org/bare.xml",
        "https://feeds.example.org",
    )
    assert source.accounts.get().url == "https://social.example.org/@bare"


def test_a_source_address_must_be_http(eman: Client, demo_campaign: Campaign) -> None:
    form = {
        "campaign": demo_campaign.pk, "name": "Local", "url": "file:///etc/passwd", "language": "en",
        "time_zone": "UTC", "accounts-TOTAL_FORMS": "0", "accounts-INITIAL_FORMS": "0",
    }  # fmt: skip

    response = eman.post(reverse("admin:news_source_add"), form)

    assert response.status_code == 200 and not Source.objects.filter(name="Local").exists()


def test_fetch_now_hands_the_sources_to_the_worker(eman: Client, demo_campaign: Campaign) -> None:
    source = make_source(demo_campaign, "https://feeds.example.org/now")

    eman.post(
        reverse("admin:news_source_changelist"),
        {"action": "fetch_now", "_selected_action": [source.pk]},
    )

    task = DBTaskResult.objects.get(task_path="nidaa.news.tasks.fetch_chosen_news")
    assert task.args_kwargs["args"] == [[source.pk]]


def test_staff_may_hide_a_story_but_not_write_one(eman: Client, demo_campaign: Campaign) -> None:
    item = Item.objects.filter(campaign=demo_campaign).first()
    assert item is not None

    assert eman.get(reverse("admin:news_item_add")).status_code == 403
    page = eman.get(reverse("admin:news_item_change", args=[item.pk])).content.decode()
    assert 'name="hidden"' in page and 'name="title"' not in page
