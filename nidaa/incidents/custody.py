"""The chain of custody: an append-only, hash-chained log of everything done to evidence.

Every receipt, staff view, download, export and transfer of an evidence item appends one
CustodyEntry. Each entry's hash covers the previous entry's hash and the entry's own fields in a
canonical form (see `entry_hash`), so changing, removing or reordering any entry breaks the
chain from there on; `manage.py verify_custody` walks it and names the first broken entry.

There is one chain for the whole site, not one per item: removing an item's entries (or the
item) cannot go unnoticed, since later entries of other items still point at them.

Appends are serialised so that two at once cannot both chain onto the same entry (a fork):
SQLite's transactions here start IMMEDIATE, which takes the write lock before the last entry
is read; PostgreSQL takes a transaction-scoped advisory lock. The model refuses changes and
deletions, and database triggers (installed by migration 0003) refuse UPDATE and DELETE even in
raw SQL. Like the audit log's, they guard against mistakes and casual tampering; someone with
the database owner's rights can drop them, which the hash chain then still exposes.
"""

import datetime
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from nidaa.incidents.models import CustodyEntry, Evidence

Action = CustodyEntry.Action
# The previous hash of the very first entry.
GENESIS = "0" * 64
# Any fixed number: the key of the PostgreSQL advisory lock that serialises appends.
ADVISORY_LOCK_KEY = 0x4E494441  # "NIDA"


def canonical(
    previous_hash: str,
    evidence_id: int,
    action: str,
    actor_id: int | None,
    actor_username: str,
    at_iso: str,
    sha256: str,
    note: str,
) -> bytes:
    """The bytes an entry's hash is computed over: a JSON array in a fixed order, UTF-8."""
    fields = [previous_hash, evidence_id, action, actor_id, actor_username, at_iso, sha256, note]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(entry: CustodyEntry) -> str:
    """What the entry's hash must be, from its stored fields."""
    data = canonical(
        entry.previous_hash,
        entry.evidence_id,
        entry.action,
        entry.actor_id,
        entry.actor_username,
        entry.at.astimezone(datetime.UTC).isoformat(),
        entry.sha256,
        entry.note,
    )
    return hashlib.sha256(data).hexdigest()


def append(
    evidence: Evidence,
    action: str,
    actor: AbstractBaseUser | AnonymousUser | None = None,
    note: str = "",
    sha256: str | None = None,
) -> CustodyEntry:
    """Add one entry to the end of the chain. `sha256` defaults to the item's recorded hash."""
    user = actor if isinstance(actor, AbstractBaseUser) else None
    entry = CustodyEntry(
        evidence_id=evidence.pk,
        action=action,
        actor_id=user.pk if user else None,
        actor_username=user.get_username() if user else "",
        # In UTC, to the microsecond: the stored value reads back exactly on every database.
        at=timezone.now().astimezone(datetime.UTC),
        sha256=evidence.sha256 if sha256 is None else sha256,
        note=note[:500],
    )
    with transaction.atomic():
        _lock_the_chain()
        last = CustodyEntry.objects.order_by("-pk").values_list("entry_hash", flat=True).first()
        entry.previous_hash = last or GENESIS
        entry.entry_hash = entry_hash(entry)
        entry.save()
    return entry


def _lock_the_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
    # SQLite: the enclosing transaction began IMMEDIATE (settings), so it already holds the
    # database's write lock. Under an outer transaction that began earlier the same is true.


# --- Verifying ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Break:
    """The first place where the chain does not hold."""

    entry: CustodyEntry
    reason: str

    def __str__(self) -> str:
        e = self.entry
        who = e.actor_username or "the system"
        return (
            f"entry {e.pk} (evidence {e.evidence_id}, {e.action} by {who} at "
            f"{e.at.isoformat()}): {self.reason}"
        )


@dataclass(frozen=True)
class ChainReport:
    entries: int
    head: str  # the last entry's hash: write it down elsewhere to detect a cut-off tail
    broken: Break | None


def verify_chain(entries: Iterable[CustodyEntry] | None = None) -> ChainReport:
    """Recompute every hash in order; stop at the first entry that does not fit."""
    if entries is None:
        entries = CustodyEntry.objects.order_by("pk").iterator(chunk_size=2000)
    previous, count = GENESIS, 0
    for entry in entries:
        count += 1
        if entry.previous_hash != previous:
            reason = (
                "it does not follow the entry before it (the previous hash differs): an entry "
                "before it was removed, or changed together with its hash"
            )
            return ChainReport(count, previous, Break(entry, reason))
        if entry_hash(entry) != entry.entry_hash:
            reason = "its fields do not match its hash: the entry was changed"
            return ChainReport(count, previous, Break(entry, reason))
        previous = entry.entry_hash
    return ChainReport(count, previous, None)


def each_intact(entries: list[CustodyEntry]) -> Iterator[tuple[CustodyEntry, bool]]:
    """Each entry with whether its own hash still matches its fields (for pages that list some)."""
    for entry in entries:
        yield entry, entry_hash(entry) == entry.entry_hash


# --- The database half of append-only ---------------------------------------------------------

TABLE = CustodyEntry._meta.db_table
MESSAGE = "the custody log is append-only"


def _guard_statements(vendor: str, install: bool) -> list[str]:
    if vendor == "sqlite":
        if not install:
            return [f"DROP TRIGGER IF EXISTS {TABLE}_no_{op}" for op in ("update", "delete")]
        return [
            f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_{op} BEFORE {op.upper()} ON {TABLE} "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            for op in ("update", "delete")
        ]
    if vendor == "postgresql":
        drop = [
            f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
            f"DROP FUNCTION IF EXISTS {TABLE}_refuse()",
        ]
        if not install:
            return drop
        return [
            *drop,
            f"CREATE FUNCTION {TABLE}_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege'; END $$",
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
            f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse()",
        ]
    return []  # another database keeps the model's guard and the hash chain


def install_guard(db: BaseDatabaseWrapper | Any = connection) -> None:
    """Triggers that refuse UPDATE and DELETE on the custody log (safe to run twice)."""
    with db.cursor() as cursor:
        for statement in _guard_statements(db.vendor, install=True):
            cursor.execute(statement)


def remove_guard(db: BaseDatabaseWrapper | Any = connection) -> None:
    """For tests that must tamper with the log, or flush it (SQLite flushes with DELETE)."""
    with db.cursor() as cursor:
        for statement in _guard_statements(db.vendor, install=False):
            cursor.execute(statement)
