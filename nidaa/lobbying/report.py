"""Letters, calls and replies counted per target and per country, for staff.

Counts only, no personal data: two grouped queries (letters, calls) whatever the number of
targets. A letter counts once confirmed (queued or sent) or handed over for a contact form;
letters still waiting for their writer are shown apart.
"""

from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import Any

from django.db.models import Count, Q, QuerySet

from nidaa.campaigns.models import Campaign
from nidaa.lobbying.models import Call, Letter

LETTER_COUNTS = {
    "sent": Q(state=Letter.State.SENT),
    "queued": Q(state=Letter.State.QUEUED),
    "by_form": Q(state=Letter.State.HANDED_OVER),
    "unedited": Q(unedited=True) & ~Q(state__in=[Letter.State.UNCONFIRMED, Letter.State.FAILED]),
    "unconfirmed": Q(state=Letter.State.UNCONFIRMED),
    "failed": Q(state=Letter.State.FAILED),
    "asked": Q(reply_asked_at__isnull=False),
    "replied": Q(replied=True),
    "no_reply": Q(replied=False),
}
CALL_COUNTS = {outcome.value: Q(outcome=outcome) for outcome in Call.Outcome}


@dataclass
class Row:
    """One target's (or one country's) counts."""

    name: str
    country: str
    sent: int = 0
    queued: int = 0
    by_form: int = 0
    unedited: int = 0
    unconfirmed: int = 0
    failed: int = 0
    asked: int = 0
    replied: int = 0
    no_reply: int = 0
    talked: int = 0
    voicemail: int = 0
    no_answer: int = 0
    skipped: int = 0

    @property
    def letters(self) -> int:
        return self.sent + self.queued + self.by_form

    @property
    def calls(self) -> int:
        return self.talked + self.voicemail + self.no_answer

    def add(self, counts: dict[str, Any]) -> None:
        for name in COUNTED:
            setattr(self, name, getattr(self, name) + int(counts.get(name, 0)))


COUNTED = [f.name for f in fields(Row) if f.name not in ("name", "country")]


def _letters(campaign: Campaign | None) -> QuerySet[Letter]:
    return Letter.objects.filter(campaign=campaign) if campaign else Letter.objects.all()


def _calls(campaign: Campaign | None) -> QuerySet[Call]:
    return Call.objects.filter(campaign=campaign) if campaign else Call.objects.all()


def _grouped(campaign: Campaign | None, by: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    """Rows of `by`'s values with the counts, letters' then calls'. The counts are named
    n_… in SQL: a name like "replied" would clash with the model's field."""
    letter_counts = {f"n_{name}": Count("pk", filter=q) for name, q in LETTER_COUNTS.items()}
    call_counts = {f"n_{name}": Count("pk", filter=q) for name, q in CALL_COUNTS.items()}
    for rows in (
        _letters(campaign).order_by().values(*by).annotate(**letter_counts),
        _calls(campaign).order_by().values(*by).annotate(**call_counts),
    ):
        for row in rows:
            yield {k.removeprefix("n_") if k.startswith("n_") else k: v for k, v in row.items()}


def by_target(campaign: Campaign | None = None) -> list[Row]:
    """One row per target, most letters and calls first."""
    rows: dict[tuple[Any, ...], Row] = {}
    for counts in _grouped(campaign, ("target_id", "target_name", "target_country")):
        key = (counts["target_id"], counts["target_name"], counts["target_country"])
        rows.setdefault(key, Row(counts["target_name"], counts["target_country"])).add(counts)
    return sorted(rows.values(), key=lambda r: (-(r.letters + r.calls), r.name))


def by_country(campaign: Campaign | None = None) -> list[Row]:
    """One row per target's country, most letters and calls first."""
    rows: dict[str, Row] = {}
    for counts in _grouped(campaign, ("target_country",)):
        country = counts["target_country"]
        rows.setdefault(country, Row(country, country)).add(counts)
    return sorted(rows.values(), key=lambda r: (-(r.letters + r.calls), r.country))
