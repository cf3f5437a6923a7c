"""The record's figures: declared with issue 4's goals, chosen with --only, shown in results.md,
and the generated ACLED file is the same for the same seed."""

import csv
from pathlib import Path

from bench import incidents
from bench.harness import RunInfo, goal_failures, render_markdown
from bench.run import parse_options, selected


def test_the_issue_goals_are_declared() -> None:
    assert incidents.GOALS == {"incident_import_ratio": 0.25, "incident_import_rows_per_s": 20_000}
    assert incidents.CEILINGS == {"incident_api_p95_ms": 150}


def test_only_incidents_runs_no_http_scenario() -> None:
    assert selected(parse_options(["--only", "incidents"])) == []
    assert selected(parse_options(["--only", "export,incidents"])) == []
    assert [s.name for s in selected(parse_options(["--only", "home,incidents"]))] == ["bare", "home"]  # fmt: skip
    assert parse_options(["--incident-rows", "0"]).incident_rows == 0


def test_results_md_shows_the_figures_and_whether_each_goal_is_met() -> None:
    info = RunInfo("none", "gunicorn", 2, 4, 16, 2, 2, 1, 2, "today", "3.11")
    results = {"incident_import_ratio": 0.31, "incident_import_rows_per_s": 41_000.0}
    results |= {"incident_api_p95_ms": 151.0}

    text = render_markdown([], results, [], info, incidents.GOALS, incidents.CEILINGS)

    assert "| incident_import_rows_per_s | 41,000 |" in text
    assert "| incident_import_ratio | ≥ 0.25 | 0.31 | yes |" in text
    assert "| incident_api_p95_ms | ≤ 150 | 151 | **NO** |" in text
    assert goal_failures(results, incidents.GOALS, incidents.CEILINGS) == [
        "incident_api_p95_ms = 151.0 is above the limit of 150"
    ]


def test_the_generated_file_is_acled_and_the_same_for_the_same_seed(tmp_path: Path) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    incidents.generate_acled(first, 200)
    incidents.generate_acled(second, 200)

    assert first.read_bytes() == second.read_bytes()
    with first.open(newline="") as stream:
        header, *rows = list(csv.reader(stream))
    assert tuple(header) == incidents.HEADER and len(rows) == 200
    assert len({row[0] for row in rows}) == 200  # one event id per row
