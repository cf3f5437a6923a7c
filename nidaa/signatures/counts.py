"""Honest counts at viral scale.

The signing request never touches a counter row. A background job (`update_counts`, every
NIDAA_COUNT_INTERVAL_SECONDS) adds what became countable since its last run; an exact recount
(`recount`, every NIDAA_RECOUNT_INTERVAL_SECONDS and after every moderation) corrects any drift.
The result is written to the cache, where count.json reads it without touching the database.

Both jobs count up to the same watermark (`counted_until`): a recount counts exactly what
became countable up to it, the incremental job what became countable after it. Counting past
the watermark in one and again in the other would count a signature twice.

The cache entry (see `Published`) also says whether the campaign is live and which generation
of the public page cache it belongs to, so that count.json can be answered from the cache alone
and stops at once when staff save the campaign (a new goal, a campaign taken down): saving it
purges the public pages, which makes every entry stale.
"""

import json
import time
from collections import Counter
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from nidaa.campaigns.models import Campaign
from nidaa.core.middleware import GENERATION_KEY, current_entry
from nidaa.signatures.models import COUNTED, Signature, SignatureCount

# Verifications still committing when the job runs are picked up by the next run: the
# watermark stays this far behind the clock. One that commits later still (a stalled
# transaction, clocks of two machines apart) is drift, which the next recount corrects.
COMMIT_LAG = timedelta(seconds=2)


class Published(NamedTuple):
    """What the cache holds for one campaign (a tuple: the cheapest thing to unpickle)."""

    generation: int
    live: bool
    document: dict[str, Any]
    body: bytes  # the document as count.json sends it


def cache_key(slug: str) -> str:
    return f"count:{slug}"


def payload(row: SignatureCount, campaign: Campaign) -> dict[str, Any]:
    """The count.json document: exactly these four keys."""
    return {
        "signatures": row.signatures,
        "organisations": row.organisations,
        "goal": campaign.goal,
        "updated": row.updated.isoformat(),
    }


def lookup(slug: str) -> tuple[Published | None, int]:
    """The current entry for `slug` (None if missing or stale), and the current generation.

    One cache round trip, no database: count.json's fast path is this call.
    """
    entry, generation = current_entry(cache_key(slug))
    return (None if entry is None else Published(*entry)), generation


def json_body(document: dict[str, Any]) -> bytes:
    return json.dumps(document, separators=(",", ":")).encode()


# count.json's own short memory, per process: slug → (until, entry). See `recent`.
RECENT_SECONDS = 1.0
_recent: dict[str, tuple[float, Published]] = {}


def recent(slug: str) -> Published | None:
    """`lookup` through a one-second memory of this process, for count.json's fast path.

    At thousands of requests a second, the cache round trip would be most of a request's cost;
    this makes it one a second per campaign. The price: counts and a purge reach count.json up
    to a second later (counts change every few seconds anyway). Counts this process publishes
    itself replace the memory at once. Only entries that exist are kept, so requests for
    made-up slugs cannot grow it.
    """
    now = time.monotonic()
    kept = _recent.get(slug)
    if kept is not None and kept[0] > now:
        return kept[1]
    entry, _ = lookup(slug)
    if entry is None:
        _recent.pop(slug, None)
    else:
        _recent[slug] = (now + RECENT_SECONDS, entry)
    return entry


def forget_recent() -> None:
    """Empty count.json's memory (tests: the caches are cleared between them)."""
    _recent.clear()


def _store(campaign: Campaign, document: dict[str, Any], generation: int, seconds: int) -> None:
    body = json_body(document)
    live = campaign.status == Campaign.Status.LIVE
    cache.set(cache_key(campaign.slug), tuple(Published(generation, live, document, body)), seconds)
    _recent.pop(campaign.slug, None)


def publish(row: SignatureCount, campaign: Campaign) -> dict[str, Any]:
    """Put fresh counts in the cache for every web process that shares it (Redis).

    The entry expires: with the local-memory cache a web process never sees the clock's
    entries, and one it wrote itself (after moderating) must not outlive the next update.
    """
    generation = cache.get(GENERATION_KEY, 0)
    document = payload(row, campaign)
    _store(campaign, document, generation, 2 * settings.NIDAA_COUNT_INTERVAL_SECONDS)
    return document


def current(campaign: Campaign) -> dict[str, Any]:
    """The published counts.

    With Redis, the clock's `publish` reaches every web process. With the local-memory cache
    it does not, so a web process reads the stored row and keeps it for one count interval.
    """
    # The generation is read before the campaign's goal is used, so a purge in between
    # makes this entry stale rather than keeping an old goal under the new generation.
    entry, generation = lookup(campaign.slug)
    if entry is not None:
        return entry.document
    row = SignatureCount.objects.filter(campaign=campaign).first() or recount(campaign)
    document = payload(row, campaign)
    _store(campaign, document, generation, settings.NIDAA_COUNT_INTERVAL_SECONDS)
    return document


def by_country(campaign: Campaign) -> list[tuple[str, int]]:
    """Counted signatures per country code, most first (as of the last count)."""
    row = SignatureCount.objects.filter(campaign=campaign).first()
    counted = row.by_country if row else {}
    return sorted(counted.items(), key=lambda item: (-item[1], item[0]))


def _tally(signatures: QuerySet[Signature]) -> tuple[int, int, Counter[str]]:
    rows = signatures.values("country", "kind").annotate(n=Count("id")).order_by()
    total, organisations, by_country = 0, 0, Counter[str]()
    for row in rows:
        total += row["n"]
        by_country[row["country"]] += row["n"]
        if row["kind"] == Signature.Kind.ORGANISATION:
            organisations += row["n"]
    return total, organisations, by_country


def countable_by(until: datetime) -> Q:
    """Signatures that had become countable at `until`.

    An individual counts from verification; an organisation from the later of verification
    and approval (a moderator may approve one before its contact has followed the link).
    """
    return Q(verified_at__lte=until) & (
        Q(kind=Signature.Kind.INDIVIDUAL) | Q(approved_at__lte=until)
    )


def recount(campaign: Campaign, now: datetime | None = None) -> SignatureCount:
    """Count every signature that counts, from scratch, up to the watermark."""
    until = (now or timezone.now()) - COMMIT_LAG
    counted = Signature.objects.filter(COUNTED, countable_by(until), campaign=campaign)
    total, organisations, by_country = _tally(counted)
    with transaction.atomic():
        row, _ = SignatureCount.objects.select_for_update().get_or_create(campaign=campaign)
        row.signatures, row.organisations = total, organisations
        row.by_country = dict(by_country)
        # Signatures verified after `until` are left to the next update, which starts here.
        row.counted_until = row.recounted_at = until
        row.save()
    publish(row, campaign)
    return row


def update(campaign: Campaign, now: datetime | None = None) -> SignatureCount:
    """Add the signatures that became countable since the last run."""
    if not SignatureCount.objects.filter(campaign=campaign, counted_until__isnull=False).exists():
        return recount(campaign, now)
    until = (now or timezone.now()) - COMMIT_LAG
    with transaction.atomic():
        row = SignatureCount.objects.select_for_update().get(campaign=campaign)
        since = row.counted_until
        assert since is not None  # checked above; only recount writes the first watermark
        # Countable by `until` and not yet by `since`: the later of the two moments is new.
        became = countable_by(until) & (
            Q(verified_at__gt=since) | Q(kind=Signature.Kind.ORGANISATION, approved_at__gt=since)
        )
        total, organisations, by_country = _tally(
            Signature.objects.filter(COUNTED, became, campaign=campaign)
        )
        row.signatures += total
        row.organisations += organisations
        row.by_country = dict(Counter(row.by_country) + by_country)
        row.counted_until = until
        row.save()
    publish(row, campaign)
    return row


def live_campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.filter(status=Campaign.Status.LIVE)


def update_counts() -> None:
    """The frequent job: bring every live campaign's counts up to date."""
    for campaign in live_campaigns():
        update(campaign)


def recount_all() -> None:
    """The periodic exact recount, which corrects any drift."""
    for campaign in live_campaigns():
        recount(campaign)
