"""SECURITY.md, "evidence tampering": the custody log is append-only and hash-chained, and
`manage.py verify_custody` finds a changed entry, a removed entry and a changed file byte,
naming each. Appends from many threads at once never fork the chain."""

import io
import itertools
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from nidaa.accounts.models import AppendOnlyError
from nidaa.incidents import custody, evidence
from nidaa.incidents.models import CustodyEntry, Evidence, Incident
from nidaa.incidents.tests.test_evidence_helpers import jpeg_with_location, use_private_storage
from nidaa.incidents.tests.test_record_helpers import make_record


@pytest.fixture(autouse=True)
def storage(settings: Any, tmp_path: Path) -> Path:
    return use_private_storage(settings, tmp_path)


@pytest.fixture
def guarded(db: None) -> None:
    # A test run that flushed the log (see `committed` below) may have left the triggers off.
    custody.install_guard(connection)


def photo(incident: Incident, user: User | None = None, data: bytes | None = None) -> Evidence:
    received = evidence.receive(io.BytesIO(data or jpeg_with_location()))
    try:
        return evidence.add_file(incident, received, "photo.jpg", "", user).item
    finally:
        received.discard()


def verify(*options: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("verify_custody", *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def failing_verify(*options: str) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_custody", *options, stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def raw(sql: str, params: list[Any]) -> None:
    """Tamper as someone with database access would: raw SQL, the guard taken off first."""
    custody.remove_guard(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    custody.install_guard(connection)


# --- The chain ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_entry_chains_onto_the_one_before(documenter: User, verifier: User) -> None:
    item = photo(make_record(documenter), documenter)
    custody.append(item, "viewed", verifier)
    custody.append(item, "downloaded", verifier, "for the case file")

    entries = list(CustodyEntry.objects.order_by("pk"))

    assert [e.action for e in entries] == ["received", "public_copy", "viewed", "downloaded"]
    assert entries[0].previous_hash == custody.GENESIS
    for before, after in itertools.pairwise(entries):
        assert after.previous_hash == before.entry_hash
    assert all(custody.entry_hash(e) == e.entry_hash for e in entries)
    assert entries[2].actor_username == "huda" and entries[2].sha256 == item.sha256
    assert custody.verify_chain().broken is None


@pytest.mark.django_db
def test_the_hash_covers_every_field_of_the_entry(documenter: User) -> None:
    item = photo(make_record(documenter), documenter)
    entry = CustodyEntry.objects.order_by("pk").first()
    assert entry is not None
    original = custody.entry_hash(entry)

    for field, value in [("action", "viewed"), ("actor_id", 999), ("actor_username", "x"),
                         ("sha256", "0" * 64), ("note", "changed"), ("evidence_id", item.pk + 1),
                         ("previous_hash", "1" * 64), ("at", entry.at.replace(year=2000))]:  # fmt: skip
        changed = CustodyEntry.objects.get(pk=entry.pk)
        setattr(changed, field, value)
        assert custody.entry_hash(changed) != original, field


@pytest.mark.django_db
def test_verify_custody_passes_an_intact_log_and_prints_its_last_hash(documenter: User) -> None:
    item = photo(make_record(documenter), documenter)
    last = CustodyEntry.objects.order_by("-pk").first()
    assert last is not None

    out, err = verify("--files")

    assert "2 entries" in out and last.entry_hash in out
    assert "All 1 stored originals match" in out and err == ""
    assert item.pk


@pytest.mark.django_db
def test_a_changed_entry_is_found_and_named(documenter: User, verifier: User, guarded: None) -> None:  # fmt: skip
    item = photo(make_record(documenter), documenter)
    custody.append(item, "downloaded", verifier)
    custody.append(item, "viewed", verifier)
    target = CustodyEntry.objects.get(action="downloaded")

    # Someone hides who downloaded the file.
    raw(
        "UPDATE incidents_custodyentry SET actor_username = %s WHERE id = %s",
        ["someone", target.pk],
    )

    err = failing_verify()
    assert f"entry {target.pk} (evidence {item.pk}, downloaded by someone" in err
    assert "its fields do not match its hash" in err


@pytest.mark.django_db
def test_a_changed_entry_whose_hash_was_recomputed_breaks_the_next_link(
    documenter: User, verifier: User, guarded: None
) -> None:
    item = photo(make_record(documenter), documenter)
    target = custody.append(item, "downloaded", verifier)
    after = custody.append(item, "viewed", verifier)
    target.actor_username = "someone"
    forged = custody.entry_hash(target)

    raw("UPDATE incidents_custodyentry SET actor_username = %s, entry_hash = %s WHERE id = %s", ["someone", forged, target.pk])  # fmt: skip

    err = failing_verify()
    assert f"entry {after.pk} (evidence {item.pk}, viewed by huda" in err
    assert "does not follow the entry before it" in err


@pytest.mark.django_db
def test_a_removed_entry_is_found(documenter: User, verifier: User, guarded: None) -> None:
    item = photo(make_record(documenter), documenter)
    removed = custody.append(item, "downloaded", verifier)
    after = custody.append(item, "viewed", verifier)

    raw("DELETE FROM incidents_custodyentry WHERE id = %s", [removed.pk])

    err = failing_verify()
    assert f"entry {after.pk} (evidence {item.pk}, viewed" in err
    assert "an entry before it was removed" in err


@pytest.mark.django_db
def test_one_changed_byte_in_a_stored_file_is_found_naming_the_item(
    documenter: User, storage: Path
) -> None:
    incident = make_record(documenter)
    item = photo(incident, documenter)
    path = storage / item.file_path
    path.chmod(0o600)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))

    assert verify()[1] == ""  # the chain itself is intact: only --files reads the files
    err = failing_verify("--files")
    assert f"evidence {item.pk} (photo.jpg, incident {incident.code})" in err
    assert "bytes changed" in err and item.sha256 in err


@pytest.mark.django_db
def test_a_missing_file_is_found_even_when_its_record_is_gone(
    documenter: User, storage: Path
) -> None:
    incident = make_record(documenter)
    item = photo(incident, documenter)
    (storage / item.file_path).unlink()
    incident.delete()  # the item goes with its record; its receipt stays in the chain

    err = failing_verify("--files")

    assert f"evidence {item.pk} (no longer in the record)" in err and "is missing" in err


@pytest.mark.django_db
def test_a_recorded_hash_that_differs_from_the_receipt_is_found(documenter: User) -> None:
    item = photo(make_record(documenter), documenter)
    Evidence.objects.filter(pk=item.pk).update(sha256="f" * 64)

    err = failing_verify("--files")

    assert f"evidence {item.pk}" in err and "not the hash in its custody receipt" in err


# --- Append-only --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_model_refuses_to_change_or_delete_an_entry(documenter: User) -> None:
    photo(make_record(documenter), documenter)
    entry = CustodyEntry.objects.first()
    assert entry is not None

    entry.note = "edited"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        CustodyEntry.objects.update(note="edited")
    with pytest.raises(AppendOnlyError):
        CustodyEntry.objects.all().delete()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sql",
    ["UPDATE incidents_custodyentry SET note = 'edited'", "DELETE FROM incidents_custodyentry"],
)
def test_the_database_refuses_raw_updates_and_deletes(
    sql: str, documenter: User, guarded: None
) -> None:
    photo(make_record(documenter), documenter)

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)

    assert CustodyEntry.objects.filter(note="edited").count() == 0
    assert CustodyEntry.objects.count() == 2


@pytest.mark.django_db
def test_removing_an_item_leaves_its_custody_entries(documenter: User) -> None:
    incident = make_record(documenter)
    item = photo(incident, documenter)

    incident.delete()

    assert CustodyEntry.objects.filter(evidence_id=item.pk).count() == 2
    assert custody.verify_chain().broken is None


# --- Appending at once --------------------------------------------------------------------------


@pytest.fixture
def committed(transactional_db: None) -> Iterator[None]:
    """Rows other threads can see. SQLite empties tables with DELETE after such a test, which
    the triggers refuse: empty the log with them off, then put them back."""
    custody.install_guard(connection)
    yield
    custody.remove_guard(connection)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM incidents_custodyentry")
    custody.install_guard(connection)


def test_appends_from_many_threads_at_once_never_fork_the_chain(
    committed: None, documenter: User
) -> None:
    item = Evidence.objects.create(incident=make_record(documenter), url="https://example.org/")
    threads, per_thread, failures = 8, 15, []
    start = threading.Barrier(threads)

    def work() -> None:
        try:
            start.wait()
            for _ in range(per_thread):
                custody.append(item, "viewed", documenter)
        except Exception as error:  # reported below, in the test's thread
            failures.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert failures == []
    report = custody.verify_chain()
    assert (report.entries, report.broken) == (threads * per_thread, None)
    previous = list(CustodyEntry.objects.values_list("previous_hash", flat=True))
    assert len(set(previous)) == len(previous), "two entries chained onto the same one"
