"""The periodic job: the clock wakes the worker when a source is due, and the worker fetches."""

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from nidaa.campaigns.models import Campaign
from nidaa.news.models import Source
from nidaa.news.tasks import fetch_due_news, wake_news_fetcher
from nidaa.news.tests.helpers import feed_file, make_source
from nidaa.testing.webserver import Reply, WebServer

pytestmark = pytest.mark.django_db


def waiting() -> int:
    return DBTaskResult.objects.ready().filter(task_path=fetch_due_news.module_path).count()


def test_the_job_is_on_the_clock() -> None:
    assert ("nidaa.news.tasks.wake_news_fetcher", 60) in settings.NIDAA_PERIODIC_JOBS


def test_it_enqueues_one_task_when_a_source_is_due(demo_campaign: Campaign) -> None:
    make_source(demo_campaign, "https://feeds.example.org/due")

    assert wake_news_fetcher() is True
    assert wake_news_fetcher() is False  # one waiting task is enough
    assert waiting() == 1


def test_it_does_nothing_while_no_source_is_due(demo_campaign: Campaign) -> None:
    make_source(demo_campaign, "https://feeds.example.org/fresh", checked_at=timezone.now())
    make_source(demo_campaign, "https://feeds.example.org/paused", active=False)

    assert wake_news_fetcher() is False
    assert waiting() == 0


def test_a_source_is_due_again_after_the_interval(demo_campaign: Campaign, settings: Any) -> None:
    settings.NIDAA_NEWS_FETCH_MINUTES = 30
    recently = timezone.now() - datetime.timedelta(minutes=29)
    source = make_source(demo_campaign, "https://feeds.example.org/old", checked_at=recently)
    assert wake_news_fetcher() is False

    Source.objects.filter(pk=source.pk).update(checked_at=recently - datetime.timedelta(minutes=2))

    assert wake_news_fetcher() is True


def test_the_task_fetches_the_due_sources_only(
    web_server: WebServer, demo_campaign: Campaign
) -> None:
    due = make_source(demo_campaign, web_server.route("/due", Reply(body=feed_file("rss2.xml"))))
    make_source(
        demo_campaign,
        web_server.route("/fresh", Reply(body=feed_file("rss1.rdf"))),
        checked_at=timezone.now(),
    )

    result = fetch_due_news.call()

    assert result == "1 sources fetched, 3 new items, 0 failed"
    assert due.items.count() == 3
    assert [seen.path for seen in web_server.requests] == ["/due"]
    assert Source.objects.get(pk=due.pk).checked_at is not None
