"""The named actions on news sources: adding one, fetching one, fetching them all.

Fetching goes through nidaa.core.fetch (no internal addresses, bounded size and time) and
nidaa.news.feeds (no entity tricks, sanitised text). Whatever goes wrong with one source is
recorded on that source, for staff to see, and never stops the others.
"""

import datetime
import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone

from nidaa.accounts.audit import Actor, record, snapshot
from nidaa.accounts.models import AuditEntry
from nidaa.campaigns.models import Campaign
from nidaa.core import fetch
from nidaa.core.middleware import purge_public_pages
from nidaa.news.feeds import Entry, Feed, FeedError, parse_feed, zone_named
from nidaa.news.models import Item, Source

logger = logging.getLogger(__name__)

FEED_MAX_BYTES = 5 * 1024 * 1024
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.1"
)
# Items kept per source: the newest; older ones are deleted after each fetch.
KEEP_PER_SOURCE = 500


def add_source(
    campaign: Campaign,
    url: str,
    language: str,
    name: str = "",
    time_zone: str = "UTC",
    actor: Actor = None,
) -> Source:
    """A new source for `campaign` (validated as in the staff site), in the audit log."""
    source = Source(
        campaign=campaign,
        url=url.strip(),
        language=language,
        name=name.strip(),
        time_zone=time_zone,
    )
    if not source.name:
        source.name = urlsplit(source.url).hostname or source.url
    source.full_clean()
    source.save()
    record(actor, AuditEntry.Action.CREATE, source, None, snapshot(source))
    return source


@dataclass(frozen=True)
class Outcome:
    source: Source
    new: int = 0
    updated: int = 0
    not_modified: bool = False
    problem: str = ""  # one of Source.Problem's values; "" when all went well
    detail: str = ""
    read_in_part: bool = False  # an ill-formed feed whose readable items were stored

    @property
    def failed(self) -> bool:
        """Nothing could be read."""
        return bool(self.problem) and not self.read_in_part


def fetch_source(source: Source, now: datetime.datetime | None = None) -> Outcome:
    """Fetch one source, store its new and changed items, and note on it how it went."""
    now = now or timezone.now()
    try:
        response = fetch.fetch(source.url, headers=_conditional(source), max_bytes=FEED_MAX_BYTES)
        if response.not_modified:
            return _settle(source, now, Outcome(source, not_modified=True))
        feed = parse_feed(
            response.body,
            response.url,
            response.headers.get("content-type", ""),
            zone_named(source.time_zone),
            now,
        )
    except fetch.FetchError as error:
        return _settle(
            source, now, Outcome(source, problem=_fetch_problem(error), detail=str(error))
        )
    except FeedError as error:
        return _settle(source, now, Outcome(source, problem=error.code, detail=error.detail))
    new, updated = store_items(source, feed, now)
    _remember_validators(source, response.headers)
    problem = Source.Problem.ILL_FORMED if feed.ill_formed else ""
    outcome = Outcome(
        source, new, updated, problem=problem, detail=feed.ill_formed, read_in_part=bool(problem)
    )
    return _settle(source, now, outcome, feed)


def fetch_sources(
    sources: Iterable[Source], on_done: Callable[[Outcome], None] | None = None
) -> list[Outcome]:
    """Fetch each source in turn; an unexpected error is recorded on its source, and the
    next source is fetched all the same."""
    outcomes = []
    for source in sources:
        try:
            outcome = fetch_source(source)
        except Exception as error:
            logger.exception("News: fetching %s failed unexpectedly", source.url)
            outcome = _settle(
                source, timezone.now(), Outcome(source, problem="unreachable", detail=repr(error))
            )
        outcomes.append(outcome)
        if on_done:
            on_done(outcome)
    if any(o.new or o.updated for o in outcomes):
        purge_public_pages()
    return outcomes


def _conditional(source: Source) -> dict[str, str]:
    headers = {"Accept": ACCEPT}
    if source.etag:
        headers["If-None-Match"] = source.etag
    if source.last_modified:
        headers["If-Modified-Since"] = source.last_modified
    return headers


def _remember_validators(source: Source, headers: dict[str, str]) -> None:
    source.etag = headers.get("etag", "")[:500]
    source.last_modified = headers.get("last-modified", "")[:100]


def _fetch_problem(error: fetch.FetchError) -> str:
    if isinstance(error, fetch.Refused):
        return Source.Problem.REFUSED
    if isinstance(error, fetch.TooLarge):
        return Source.Problem.TOO_LARGE
    if isinstance(error, fetch.BadStatus):
        return Source.Problem.STATUS
    return Source.Problem.UNREACHABLE


def _settle(
    source: Source, now: datetime.datetime, outcome: Outcome, feed: Feed | None = None
) -> Outcome:
    """Record on the source when it was tried, and its problem (or that it has none)."""
    source.checked_at = now
    if not outcome.failed:
        source.fetched_at = now
    if outcome.problem and outcome.problem != source.problem:
        source.problem_since = now
    elif not outcome.problem:
        source.problem_since = None
    source.problem = outcome.problem
    source.problem_detail = outcome.detail[:2000]
    fields = ["checked_at", "fetched_at", "problem", "problem_detail", "problem_since"]
    if feed is not None:
        source.format = feed.format
        fields += ["format", "etag", "last_modified"]
        if not source.site_url and feed.site_url:
            source.site_url = feed.site_url[:1000]
            fields.append("site_url")
    source.save(update_fields=fields)
    if outcome.failed:
        logger.warning("News: %s: %s (%s)", source.url, outcome.problem, outcome.detail)
    return outcome


# --- Storing items ---------------------------------------------------------------------------


def key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest() if text else ""


def store_items(source: Source, feed: Feed, now: datetime.datetime) -> tuple[int, int]:
    """Add the feed's new items and update changed ones: (new, updated).

    An entry is an item already stored when it has the same id in this source, or the same
    link anywhere in the campaign. An entry with neither gets an id made of its title and text.
    """
    entries = _distinct(feed.entries)
    with transaction.atomic():
        by_guid, by_link = _existing(source, entries)
        new: list[Item] = []
        changed: list[Item] = []
        for entry in entries:
            guid_key, link_key = _keys(entry)
            found = by_guid.get(guid_key) or by_link.get(link_key)
            if found is None:
                new.append(_item(source, entry, guid_key, link_key, now))
            elif _refresh(found, source, entry):
                changed.append(found)
        # A concurrent fetch of the same source may have stored some already: skip those.
        Item.objects.bulk_create(new, ignore_conflicts=True)
        Item.objects.bulk_update(changed, ["title", "summary", "excerpt", "author"])
        _forget_oldest(source)
    return len(new), len(changed)


def _keys(entry: Entry) -> tuple[str, str]:
    guid = entry.guid or ("" if entry.link else f"{entry.title}\n{entry.summary}")
    return key(guid), key(entry.link)


def _distinct(entries: list[Entry]) -> list[Entry]:
    """The feed's entries with repeats (the same id or link twice) left out."""
    seen: set[str] = set()
    distinct = []
    for entry in entries:
        keys = {k for k in _keys(entry) if k}
        if keys & seen:
            continue
        seen |= keys
        distinct.append(entry)
    return distinct


def _existing(source: Source, entries: list[Entry]) -> tuple[dict[str, Item], dict[str, Item]]:
    guids = [g for g, _ in map(_keys, entries) if g]
    links = [link for _, link in map(_keys, entries) if link]
    same_id = Item.objects.filter(source=source, guid_key__in=guids)
    same_link = Item.objects.filter(campaign_id=source.campaign_id, link_key__in=links)
    return (
        {item.guid_key: item for item in same_id},
        {item.link_key: item for item in same_link},
    )


def _item(
    source: Source, entry: Entry, guid_key: str, link_key: str, now: datetime.datetime
) -> Item:
    return Item(
        source=source,
        campaign_id=source.campaign_id,
        guid=entry.guid,
        link=entry.link,
        guid_key=guid_key,
        link_key=link_key,
        title=entry.title or entry.link or "—",
        summary=entry.summary,
        excerpt=entry.excerpt,
        author=entry.author,
        language=source.language,
        published_at=entry.published or now,
    )


def _refresh(item: Item, source: Source, entry: Entry) -> bool:
    """Take the feed's corrected text; True if anything changed. A story that another source
    of the campaign brought first keeps that source's text (it would flip at every fetch)."""
    title = entry.title or item.title
    if item.source_id != source.pk or (item.title, item.summary, item.author) == (
        title,
        entry.summary,
        entry.author,
    ):
        return False
    item.title, item.summary, item.excerpt, item.author = (
        title,
        entry.summary,
        entry.excerpt,
        entry.author,
    )
    return True


def _forget_oldest(source: Source) -> None:
    newest_first = source.items.order_by("-published_at", "-id")
    beyond = list(newest_first.values_list("pk", flat=True)[KEEP_PER_SOURCE:])
    if beyond:
        Item.objects.filter(pk__in=beyond).delete()
