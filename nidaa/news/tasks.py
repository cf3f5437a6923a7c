"""Fetching news on a schedule: the clock wakes the task worker, which does the network I/O.

The clock runs its jobs one after another, so it must not wait on slow feed servers itself:
every minute `wake_news_fetcher` enqueues one `fetch_due_news` task when a source is due
(not tried for NIDAA_NEWS_FETCH_MINUTES) and no such task is waiting. The task claims the due
sources first (marks them tried), so that two workers never fetch the same source at once.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from nidaa.news.actions import fetch_sources
from nidaa.news.models import Source


def due_sources(now: datetime.datetime) -> QuerySet[Source]:
    since = now - datetime.timedelta(minutes=settings.NIDAA_NEWS_FETCH_MINUTES)
    return Source.objects.filter(active=True).filter(
        Q(checked_at__isnull=True) | Q(checked_at__lte=since)
    )


def wake_news_fetcher() -> bool:
    """Clock job: enqueue one fetch_due_news task if a source is due and none is waiting."""
    if not due_sources(timezone.now()).exists():
        return False
    if DBTaskResult.objects.ready().filter(task_path=fetch_due_news.module_path).exists():
        return False
    fetch_due_news.enqueue()
    return True


@task()
def fetch_due_news() -> str:
    """Fetch every due source; the task's result says how it went."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            due_sources(now).select_for_update(skip_locked=True).values_list("pk", flat=True)
        )
        Source.objects.filter(pk__in=ids).update(checked_at=now)
    outcomes = fetch_sources(Source.objects.filter(pk__in=ids).select_related("campaign"))
    failed = sum(1 for outcome in outcomes if outcome.failed)
    new = sum(outcome.new for outcome in outcomes)
    return f"{len(outcomes)} sources fetched, {new} new items, {failed} failed"


@task()
def fetch_chosen_news(source_ids: list[int]) -> str:
    """Fetch the sources staff chose ("Fetch now" in the staff site)."""
    outcomes = fetch_sources(Source.objects.filter(pk__in=source_ids).select_related("campaign"))
    return f"{len(outcomes)} sources fetched, {sum(o.failed for o in outcomes)} failed"
