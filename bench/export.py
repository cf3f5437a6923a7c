"""The export figures: a million signatures exported by `manage.py export_signatures`.

The rows are made inside the bench's SQLite database by one INSERT … SELECT in one
transaction (seconds; the ORM would take minutes), then the command runs in a
subprocess, timed, and its peak memory (resident set) is read from os.wait4's resource usage
of exactly that process.
"""

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

COLUMNS = (
    "kind", "name", "email", "email_key", "country", "city", "show_publicly", "keep_informed",
    "organisation_name", "organisation_type", "website", "language", "created", "verified_at",
    "approved_at", "voided_at", "void_reason", "flagged", "flag_reason", "ip_hash", "token_hash",
    "token_sent_at", "withdraw_hash", "mail_due_at", "mail_attempts", "campaign_id",
)  # fmt: skip


def _moment(offset: str) -> str:
    """SQL for 1 Nov 2026 plus `offset` seconds, as Django stores an aware datetime in SQLite."""
    return f"strftime('%Y-%m-%d %H:%M:%S.000000', '2026-11-01', '+' || ({offset}) || ' seconds')"


# Varied signatures made inside SQLite (Python would take longer than the insert): numbers n
# from :first to :last; every 7th an Arabic name, every 50th an organisation, every 10th
# unverified, every 113th voided, every 997th a name a spreadsheet would run as a formula.
# Keys that indexes hold grow with n (zero-padded addresses), so inserting appends to them.
VALUES = (
    "CASE WHEN n % 50 = 0 THEN 'organisation' ELSE 'individual' END",
    "CASE WHEN n % 997 = 0 THEN '=HYPERLINK(\"http://evil.example/' || n || '\",\"x\")' "
    "WHEN n % 7 = 0 THEN 'سميرة حداد ' || n ELSE 'Bench Signer ' || n END",
    "printf('signer%09d@example.org', n)",
    "printf('signer%09d@example.org', n)",
    "substr('SYTRDEGBFRUSLBJOSENL', (n % 10) * 2 + 1, 2)",
    "CASE WHEN n % 3 = 0 THEN 'Idlib' ELSE '' END",
    "n % 2 = 0",
    "n % 4 = 0",
    "CASE WHEN n % 50 = 0 THEN 'Relief Collective ' || n ELSE '' END",
    "CASE WHEN n % 50 = 0 THEN 'ngo' ELSE '' END",
    "''",
    "CASE WHEN n % 7 = 0 THEN 'ar' ELSE 'en' END",
    _moment("n"),
    f"CASE WHEN n % 10 != 0 THEN {_moment('n + 180')} END",
    f"CASE WHEN n % 10 != 0 AND n % 50 = 0 THEN {_moment('n + 600')} END",
    f"CASE WHEN n % 113 = 0 THEN {_moment('n + 86400')} END",
    "CASE WHEN n % 113 = 0 THEN 'bench: flood' ELSE '' END",
    "n % 113 = 0",
    "''",
    "printf('%032x', n / 100)",
    "''",
    "NULL",
    "''",
    "NULL",  # their mail went out long ago
    "0",
    ":campaign",
)
INSERT = (
    "WITH RECURSIVE numbers(n) AS (SELECT :first UNION ALL SELECT n + 1 FROM numbers "  # noqa: S608 - SQL from the constants above
    f"WHERE n < :last) INSERT INTO signatures_signature ({', '.join(COLUMNS)}) "
    f"SELECT {', '.join(VALUES)} FROM numbers"
)


def insert_signatures(database: Path, count: int, slug: str = "save-idlib") -> float:
    """Add `count` signatures to the campaign; returns the seconds it took."""
    started = time.monotonic()
    connection = sqlite3.connect(database, isolation_level=None)
    try:
        connection.execute("PRAGMA synchronous=OFF")
        (campaign_id,) = connection.execute(
            "SELECT id FROM campaigns_campaign WHERE slug = ?", (slug,)
        ).fetchone()
        (existing,) = connection.execute("SELECT COALESCE(MAX(id), 0) FROM signatures_signature").fetchone()  # fmt: skip
        first = existing + 1
        connection.execute("BEGIN")
        connection.execute(
            INSERT, {"first": first, "last": first + count - 1, "campaign": campaign_id}
        )
        connection.execute("COMMIT")
    finally:
        connection.close()
    return time.monotonic() - started


def count_rows(database: Path, table: str, where: str = "") -> int:
    """Rows in `table`, only those matching the SQL condition `where` if there is one."""
    query = f'SELECT COUNT(*) FROM "{table}"' + (f" WHERE {where}" if where else "")  # noqa: S608 - from bench/scenarios.py
    connection = sqlite3.connect(database)
    try:
        (count,) = connection.execute(query).fetchone()
    finally:
        connection.close()
    return int(count)


def run_export(
    root: Path, env: dict[str, str], out: Path, log: Path, slug: str = "save-idlib"
) -> tuple[float, float, int]:
    """Run the command; returns its seconds, its peak resident memory in MB, and its exit code."""
    command = [sys.executable, "manage.py", "export_signatures", "--campaign", slug, "-o", str(out)]
    started = time.monotonic()
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=stderr
        )
        # wait4 gives the resource usage of exactly this child: ru_maxrss is its peak RSS (KiB).
        _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, process.returncode


def data_rows(path: Path) -> int:
    """Rows in an exported file (no generated cell holds a line break), header excluded."""
    lines = 0
    with path.open("rb") as data:
        while block := data.read(1 << 20):
            lines += block.count(b"\n")  # not b"\r\n", which a block boundary may split
    return lines - 1
