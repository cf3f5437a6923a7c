"""The benchmark harness's pure pieces: wrk scripts and output, figures, results.md."""

import json

import pytest

from bench.harness import (
    WRK_MARKER,
    Measurement,
    RunInfo,
    Scenario,
    figures,
    goal_failures,
    lua_string,
    parse_wrk,
    percentile,
    render_markdown,
    round_order,
    wrk_script,
)
from bench.scenarios import GOALS, SCENARIOS

BARE = Scenario("bare", "/bench/bare", baseline=None)
PAGE = Scenario("page", "/en/c/x/")


def run(scenario: str, round_number: int, rps: float, errors: int = 0) -> Measurement:
    return Measurement(
        scenario=scenario,
        round=round_number,
        requests=int(rps * 10),
        seconds=10.0,
        p50_ms=1.0 + round_number,
        p90_ms=2.0,
        p99_ms=5.0 + round_number,
        bad_status=errors,
    )


def test_wrk_output_is_read_from_the_done_hook_line() -> None:
    output = (
        "Running 10s test @ http://127.0.0.1:1/\n  1 threads and 16 connections\n"
        + WRK_MARKER
        + json.dumps(
            {
                "requests": 25000,
                "duration_us": 10_000_000,
                "bad_status": 3,
                "connect_errors": 0,
                "read_errors": 1,
                "write_errors": 0,
                "timeouts": 2,
                "p50_us": 1500,
                "p90_us": 4000,
                "p99_us": 12345,
            }
        )
        + "\n"
    )
    m = parse_wrk(output, "page", 2)
    assert (m.scenario, m.round, m.requests) == ("page", 2, 25000)
    assert m.rps == 2500
    assert (m.p50_ms, m.p90_ms, m.p99_ms) == (1.5, 4.0, 12.345)
    assert (m.bad_status, m.socket_errors, m.errors) == (3, 3, 6)


def test_wrk_output_without_the_line_is_an_error() -> None:
    with pytest.raises(ValueError, match="NIDAA_BENCH"):
        parse_wrk("wrk: connection refused\n", "page", 0)


def test_wrk_script_sends_method_body_and_headers_and_prints_json() -> None:
    post = Scenario(
        "sign", "/en/c/x/sign", method="POST", body=b'a=1&b="2"\n', headers=(("X-A", "b"),)
    )
    script = wrk_script(post)
    assert 'wrk.method = "POST"' in script
    assert 'wrk.body = "a\\0611\\038b\\061\\0342\\034\\010"' in script
    assert 'wrk.headers["X\\045A"] = "b"' in script
    assert "done = function(summary, latency, requests)" in script
    assert f'"{WRK_MARKER}{{' in script
    assert "wrk.body" not in wrk_script(BARE)


def test_lua_string_escapes_everything_but_letters_digits_and_spaces() -> None:
    assert lua_string("إدلب a".encode()) == '"\\216\\165\\216\\175\\217\\132\\216\\168 a"'


def test_ratios_pair_each_round_with_the_baseline_of_the_same_round() -> None:
    measurements = [
        run("bare", 0, 1000),
        run("page", 0, 900),  # 0.9
        run("bare", 1, 500),  # a noisy round: both halves slow
        run("page", 1, 400),  # 0.8
        run("bare", 2, 1000),
        run("page", 2, 1000, errors=2),  # 1.0
    ]
    result = figures([BARE, PAGE], measurements)
    assert result["bare_rps"] == 1000
    assert result["page_rps"] == 900
    assert result["page_ratio"] == 0.9
    assert "bare_ratio" not in result
    assert result["page_p50_ms"] == 2.0
    assert result["page_p99_ms"] == 6.0
    assert result["page_errors"] == 2
    assert result["bare_errors"] == 0


def test_cpu_per_request_and_its_ratio_to_the_baseline() -> None:
    measurements = [
        Measurement("bare", 0, 1000, 1.0, 1, 1, 1, server_cpu_s=0.4),  # 400 µs a request
        Measurement("page", 0, 800, 1.0, 1, 1, 1, server_cpu_s=0.4),  # 500 µs a request
    ]
    result = figures([BARE, PAGE], measurements)
    assert result["bare_cpu_us"] == 400
    assert result["page_cpu_us"] == 500
    assert result["page_cpu_ratio"] == 0.8
    without_cpu = figures([BARE, PAGE], [run("bare", 0, 10), run("page", 0, 10)])
    assert "page_cpu_ratio" not in without_cpu
    assert "bare_cpu_us" not in without_cpu


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50
    assert percentile(values, 99) == 99
    assert percentile(values, 100) == 100
    assert percentile([], 50) == 0


def test_percentile_sorts_latencies_given_in_the_order_they_were_measured() -> None:
    measured = [30.0, 5.0, 90.0, 10.0, 60.0, 20.0, 80.0, 40.0, 70.0, 50.0]
    assert percentile(measured, 50) == 40
    assert percentile(measured, 95) == 90
    assert percentile(measured, 10) == 5


def test_rounds_alternate_direction() -> None:
    third = Scenario("third", "/3")
    assert [s.name for s in round_order([BARE, PAGE, third], 0)] == ["bare", "page", "third"]
    assert [s.name for s in round_order([BARE, PAGE, third], 1)] == ["third", "page", "bare"]


def test_goals_report_missing_and_low_figures() -> None:
    goals = {"page_ratio": 0.8, "other_ratio": 1.0}
    assert goal_failures({"page_ratio": 0.85, "other_ratio": 1.0}, goals) == []
    missed = goal_failures({"page_ratio": 0.5}, goals)
    assert len(missed) == 2
    assert missed[0].startswith("page_ratio = 0.5")


def test_results_markdown_has_the_table_goals_and_how() -> None:
    measurements = [run("bare", 0, 2000), run("page", 0, 1700)]
    result = figures([BARE, PAGE], measurements)
    info = RunInfo(
        generator="wrk 4.1.0",
        server="gunicorn",
        workers=2,
        threads=4,
        connections=16,
        duration_s=5,
        warmup_s=1,
        rounds=1,
        cpu_count=2,
        date="2026-01-01 00:00 UTC",
        python="3.11",
        notes=["a note"],
    )
    text = render_markdown([BARE, PAGE], result, measurements, info, {"page_ratio": 0.8})
    assert "| bare | `GET /bench/bare` | 2,000 |  | 1.00 | 5.00 | 0 |" in text
    assert "| page | `GET /en/c/x/` | 1,700 | 0.850 |" in text
    assert "| page_ratio | ≥ 0.8 | 0.85 | yes |" in text
    assert "load generator: wrk 4.1.0" in text
    assert "2 workers × 4 threads" in text
    assert "- a note" in text


def test_every_scenario_is_named_once_and_has_a_known_baseline() -> None:
    names = [s.name for s in SCENARIOS]
    assert len(names) == len(set(names))
    assert names[0] == "bare"
    assert all(s.baseline in (None, *names) for s in SCENARIOS)
    # A page must show its text; a redirect (sign's "check your email") has none to show.
    assert all(s.expect_text for s in SCENARIOS if s.expect_status == 200)
    assert set(GOALS) <= {f"{s.name}_ratio" for s in SCENARIOS if s.baseline}
