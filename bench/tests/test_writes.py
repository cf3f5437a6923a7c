"""Scenarios that write (sign): unique bodies, counting accepted requests, lost rows, ceilings."""

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from bench import export
from bench.harness import (
    UNIQUE,
    WRK_MARKER,
    Measurement,
    RunInfo,
    Scenario,
    goal_failures,
    parse_wrk,
    render_markdown,
    write_figures,
    wrk_script,
)
from bench.scenarios import CEILINGS, GOALS, SCENARIOS

SIGN = Scenario(
    "sign",
    "/en/c/x/sign/",
    method="POST",
    body=b"email=a-" + UNIQUE + b"%40example.org&name=A",
    expect_status=302,
    stored_in="signatures_signature",
)


def test_a_body_with_the_marker_varies_and_others_do_not() -> None:
    assert SIGN.varies
    assert not Scenario("page", "/").varies
    assert SIGN.body_for("t-1-2") == b"email=a-t-1-2%40example.org&name=A"


def test_the_wrk_script_makes_each_body_unique_and_counts_accepted_responses() -> None:
    script = wrk_script(SIGN, "r3xabc")

    assert "wrk.body" not in script  # built per request instead
    assert 'before .. tag .. "-" .. id .. "-" .. counter .. after' in script
    assert "if status == 302 then accepted = accepted + 1 end" in script
    assert "114 51 120 97 98 99" not in script  # the tag is a Lua string literal:
    assert '"r3xabc"' in script
    assert "accepted_total()" in script


def test_a_script_for_a_fixed_body_reports_no_accepted_count() -> None:
    script = wrk_script(Scenario("p", "/", method="POST", body=b"a=1"))

    assert "wrk.body" in script and "function response" not in script


def test_the_accepted_count_is_read_from_wrk() -> None:
    data = {
        "requests": 100, "duration_us": 1e6, "bad_status": 0, "connect_errors": 0,
        "read_errors": 0, "write_errors": 0, "timeouts": 0, "p50_us": 1, "p90_us": 2,
        "p99_us": 3, "accepted": 97,
    }  # fmt: skip

    assert parse_wrk(WRK_MARKER + json.dumps(data), "sign", 0).accepted == 97


def test_lost_counts_accepted_requests_without_a_stored_row() -> None:
    assert write_figures("sign", 100, 100)["sign_lost"] == 0
    assert write_figures("sign", 100, 98)["sign_lost"] == 2
    # Requests in flight when the generator stopped: stored, never answered; not lost.
    figures = write_figures("sign", 100, 103)
    assert figures["sign_lost"] == 0 and figures["sign_unanswered"] == 3


def test_a_stored_row_must_match_the_scenarios_condition(tmp_path: Path) -> None:
    database = tmp_path / "bench.sqlite3"
    with closing(sqlite3.connect(database)) as connection, connection:
        connection.execute(
            "CREATE TABLE signatures_signature (id INTEGER, email TEXT, mail_due_at TEXT)"
        )
        connection.execute(
            "INSERT INTO signatures_signature VALUES (1, 'bench-1@example.org', '2026-11-25'),"
            " (2, 'bench-2@example.org', NULL), (3, 'floor-3@example.org', '2026-11-25')"
        )
    sign, floor = (next(s for s in SCENARIOS if s.name == n) for n in ("sign", "insert_floor"))

    assert export.count_rows(database, sign.stored_in) == 3
    assert export.count_rows(database, sign.stored_in, sign.stored_where) == 1  # mail owed
    assert export.count_rows(database, floor.stored_in, floor.stored_where) == 1  # its own rows


def test_a_ceiling_is_missed_when_the_figure_is_above_it() -> None:
    ceilings = {"sign_lost": 0, "export_1m_peak_mb": 100}

    assert goal_failures({"sign_lost": 0, "export_1m_peak_mb": 80}, {}, ceilings) == []
    missed = goal_failures({"sign_lost": 1, "export_1m_peak_mb": 120}, {}, ceilings)
    assert len(missed) == 2 and "above the limit" in missed[0]
    assert goal_failures({}, {}, ceilings)  # a missing figure misses its ceiling


def test_the_issue_goals_are_declared() -> None:
    assert GOALS["sign_ratio"] == 0.3 and GOALS["count_json_ratio"] == 0.9
    assert CEILINGS == {
        "sign_lost": 0,
        "export_1m_peak_mb": 100,
        "events_near_p95_ms": 100,
        "pamphlet_warm_share": 0.05,
    }
    sign = next(s for s in SCENARIOS if s.name == "sign")
    assert sign.varies and sign.expect_status == 302 and sign.stored_in


def test_results_md_lists_other_figures_and_ceilings() -> None:
    info = RunInfo("wrk", "gunicorn", 2, 4, 16, 2, 2, 1, 2, "today", "3.11")
    measurement = Measurement("sign", 0, 100, 1.0, 1, 2, 3, accepted=100)
    results = {"sign_rps": 100.0, "sign_p50_ms": 1, "sign_p99_ms": 3, "sign_errors": 0}
    results |= write_figures("sign", 100, 100) | {"export_1m_peak_mb": 70.5}

    text = render_markdown([SIGN], results, [measurement], info, {}, CEILINGS)

    assert "| sign_lost | 0 |" in text
    assert "| export_1m_peak_mb | ≤ 100 | 70.5 | yes |" in text
