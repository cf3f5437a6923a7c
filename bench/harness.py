"""The benchmark's pure pieces: scenarios, wrk scripts and output, figures, results.md.

Nothing here starts a process or opens a socket, so all of it is tested in
bench/tests/test_harness.py.
"""

import json
import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

# The line wrk's done() hook prints; everything after it is one JSON object.
WRK_MARKER = "NIDAA_BENCH "
# Where bench/bare_wsgi.py serves its trivial view.
BARE_PATH = "/bench/bare"
# Where it stores one signature row with no checks, no middleware and no view logic.
INSERT_PATH = "/bench/insert"
# In a scenario's body, replaced in every request by a token no other request of the run has
# (e.g. a unique email address for each signature).
UNIQUE = b"{unique}"


@dataclass(frozen=True)
class Scenario:
    """One thing to measure: a request sent over and over by the load generator.

    ``baseline`` names the scenario this one's ``<name>_ratio`` is measured against (in the
    same round); ``None`` for the baseline itself. ``expect_status`` and ``expect_text`` are
    checked before measuring, so that a fast error page never passes for a fast page.
    """

    name: str
    path: str
    method: str = "GET"
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    expect_status: int = 200
    expect_text: str = ""
    baseline: str | None = "bare"
    # For a scenario that writes: the table that must gain one row per accepted request
    # (a response with expect_status). Gives <name>_accepted, _stored and _lost.
    stored_in: str = ""
    # SQL that each such row must match to count as stored, e.g. that it carries its pending
    # work, so that a request doing less than the real thing counts as lost.
    stored_where: str = ""

    @property
    def varies(self) -> bool:
        """Whether each request's body is made unique (it holds UNIQUE)."""
        return UNIQUE in self.body

    def body_for(self, token: str) -> bytes:
        return self.body.replace(UNIQUE, token.encode())


@dataclass(frozen=True)
class Measurement:
    """One timed run of one scenario."""

    scenario: str
    round: int
    requests: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    # Responses outside 2xx (wrk: status >= 400; see README), and failed or timed-out sockets.
    bad_status: int = 0
    socket_errors: int = 0
    # CPU seconds the server's processes used during the run (0 where it cannot be read).
    server_cpu_s: float = 0.0
    # Responses with the scenario's expect_status (counted for scenarios that write).
    accepted: int = 0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0

    @property
    def errors(self) -> int:
        return self.bad_status + self.socket_errors

    @property
    def cpu_us(self) -> float:
        """Server CPU time per request: unlike rps, barely moved by other load on the machine."""
        return self.server_cpu_s * 1e6 / self.requests if self.requests else 0.0


@dataclass
class RunInfo:
    """What results.md says about how the figures were made."""

    generator: str
    server: str
    workers: int
    threads: int
    connections: int
    duration_s: float
    warmup_s: float
    rounds: int
    cpu_count: int
    date: str
    python: str
    notes: list[str] = field(default_factory=list)


def lua_string(data: bytes) -> str:
    """A Lua string literal for any bytes (decimal escapes for everything but [A-Za-z0-9 ])."""
    safe = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 "
    return '"' + "".join(chr(b) if b in safe else f"\\{b:03d}" for b in data) + '"'


def _varying_body(scenario: Scenario, tag: str) -> list[str]:
    """Lua that builds each request's body with a unique token (tag-thread-counter) and counts
    the responses with the expected status in ``accepted``, summed over threads in done()."""
    before, _, after = scenario.body.partition(UNIQUE)
    return [
        f"local before, after, tag = {lua_string(before)}, {lua_string(after)}, {lua_string(tag.encode())}",
        "local threads = {}",
        "function setup(thread)",
        "  table.insert(threads, thread)",
        '  thread:set("id", #threads)',
        "end",
        "function init(args)",
        "  counter, accepted = 0, 0",
        "end",
        "function request()",
        "  counter = counter + 1",
        '  return wrk.format(nil, nil, nil, before .. tag .. "-" .. id .. "-" .. counter .. after)',
        "end",
        "function response(status, headers, body)",
        f"  if status == {scenario.expect_status} then accepted = accepted + 1 end",
        "end",
        "local function accepted_total()",
        "  local total = 0",
        '  for _, thread in ipairs(threads) do total = total + thread:get("accepted") end',
        "  return total",
        "end",
    ]


def wrk_script(scenario: Scenario, tag: str = "run") -> str:
    """The Lua script that makes wrk send the scenario's request and print its summary as JSON.

    For a scenario whose body varies, `tag` makes its tokens unique to this run of wrk."""
    lines = [f"wrk.method = {lua_string(scenario.method.encode())}"]
    if scenario.varies:
        lines += _varying_body(scenario, tag)
    elif scenario.body:
        lines.append(f"wrk.body = {lua_string(scenario.body)}")
    for name, value in scenario.headers:
        lines.append(f"wrk.headers[{lua_string(name.encode())}] = {lua_string(value.encode())}")
    fields = {
        "requests": "summary.requests",
        "duration_us": "summary.duration",
        "bad_status": "summary.errors.status",
        "connect_errors": "summary.errors.connect",
        "read_errors": "summary.errors.read",
        "write_errors": "summary.errors.write",
        "timeouts": "summary.errors.timeout",
        "p50_us": "latency:percentile(50)",
        "p90_us": "latency:percentile(90)",
        "p99_us": "latency:percentile(99)",
        "accepted": "accepted_total()" if scenario.varies else "0",
    }
    template = ", ".join(f'\\"{key}\\": %.0f' for key in fields)
    lines += [
        "done = function(summary, latency, requests)",
        f'  io.write(string.format("{WRK_MARKER}{{{template}}}\\n",',
        "    " + ", ".join(fields.values()) + "))",
        "end",
    ]
    return "\n".join(lines) + "\n"


def parse_wrk(output: str, scenario: str, round_number: int) -> Measurement:
    """Read the JSON line that wrk_script's done() hook printed."""
    for line in output.splitlines():
        if line.startswith(WRK_MARKER):
            data = json.loads(line[len(WRK_MARKER) :])
            break
    else:
        raise ValueError(f"no {WRK_MARKER.strip()} line in wrk's output:\n{output}")
    socket_errors = sum(
        int(data[key]) for key in ("connect_errors", "read_errors", "write_errors", "timeouts")
    )
    return Measurement(
        scenario=scenario,
        round=round_number,
        requests=int(data["requests"]),
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p90_ms=data["p90_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        bad_status=int(data["bad_status"]),
        socket_errors=socket_errors,
        accepted=int(data.get("accepted", 0)),
    )


def percentile(values: Sequence[float], pct: float) -> float:
    """The nearest-rank percentile of `values`, in any order (0 for none)."""
    if not values:
        return 0.0
    ordered = sorted(values)  # callers pass latencies in the order they were measured
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def round_order(scenarios: Sequence[Scenario], round_number: int) -> list[Scenario]:
    """Scenarios interleaved round by round, every other round reversed, so drift evens out."""
    ordered = list(scenarios)
    return ordered if round_number % 2 == 0 else ordered[::-1]


def figures(scenarios: Sequence[Scenario], measurements: Iterable[Measurement]) -> dict[str, float]:
    """The flat results: per scenario its median rps, p50/p99 latency, error count and server
    CPU per request, and for each scenario with a baseline the median over rounds of
    rps / baseline rps (``_ratio``) and of baseline CPU / CPU per request (``_cpu_ratio``)."""
    by_name: dict[str, dict[int, Measurement]] = {}
    for m in measurements:
        by_name.setdefault(m.scenario, {})[m.round] = m
    result: dict[str, float] = {}
    for scenario in scenarios:
        runs = by_name.get(scenario.name, {})
        if not runs:
            continue
        values = list(runs.values())
        name = scenario.name
        result[f"{name}_rps"] = round(statistics.median(m.rps for m in values), 1)
        if scenario.baseline is not None:
            base = by_name.get(scenario.baseline, {})
            ratios = [m.rps / base[r].rps for r, m in runs.items() if r in base and base[r].rps]
            if ratios:
                result[f"{name}_ratio"] = round(statistics.median(ratios), 3)
        result[f"{name}_p50_ms"] = round(statistics.median(m.p50_ms for m in values), 2)
        result[f"{name}_p99_ms"] = round(statistics.median(m.p99_ms for m in values), 2)
        result[f"{name}_errors"] = sum(m.errors for m in values)
        if all(m.cpu_us for m in values):
            result[f"{name}_cpu_us"] = round(statistics.median(m.cpu_us for m in values), 1)
            if scenario.baseline is not None:
                base = by_name.get(scenario.baseline, {})
                cpu_ratios = [
                    base[r].cpu_us / m.cpu_us
                    for r, m in runs.items()
                    if r in base and base[r].cpu_us
                ]
                if cpu_ratios:
                    result[f"{name}_cpu_ratio"] = round(statistics.median(cpu_ratios), 3)
    return result


def write_figures(name: str, accepted: int, stored: int) -> dict[str, float]:
    """For a scenario that writes: requests the server accepted, rows it stored, and how many
    accepted ones are missing (``_lost``, must be 0). Stored rows may exceed accepted ones by
    the requests still in flight when the generator stopped (``_unanswered``)."""
    return {
        f"{name}_accepted": accepted,
        f"{name}_stored": stored,
        f"{name}_lost": max(0, accepted - stored),
        f"{name}_unanswered": max(0, stored - accepted),
    }


def goal_failures(
    results: Mapping[str, float],
    goals: Mapping[str, float],
    ceilings: Mapping[str, float] | None = None,
) -> list[str]:
    """Goals (figure → minimum) and ceilings (figure → maximum) that the results miss."""
    missed = [
        f"{name} = {results.get(name)} is below the goal of {minimum}"
        for name, minimum in goals.items()
        if results.get(name, -math.inf) < minimum
    ]
    return missed + [
        f"{name} = {results.get(name)} is above the limit of {maximum}"
        for name, maximum in (ceilings or {}).items()
        if results.get(name, math.inf) > maximum
    ]


# Figures that are not rates, listed in their own table in results.md.
OTHER_PREFIXES = ("export_", "incident_")
WRITE_SUFFIXES = ("_accepted", "_stored", "_lost", "_unanswered")


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:g}"


def render_markdown(
    scenarios: Sequence[Scenario],
    results: Mapping[str, float],
    measurements: Sequence[Measurement],
    info: RunInfo,
    goals: Mapping[str, float],
    ceilings: Mapping[str, float] | None = None,
) -> str:
    """results.md: the figures as a table, the goals, each round, and how they were made."""
    out = [
        "# Nidaa benchmark results",
        "",
        f"Run {info.date} on {info.cpu_count} CPUs. Ratios are against `bare` measured in the "
        "same round (median over rounds); rps and latencies are medians over rounds. "
        "`ratio` is rps / bare rps; `CPU ratio` is bare's server CPU per request / this "
        "scenario's, which other load on the machine disturbs far less.",
        "",
        "| scenario | path | rps | ratio | p50 ms | p99 ms | errors | server CPU µs/req "
        "| CPU ratio |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]

    def shown(name: str, spec: str) -> str:
        value = results.get(name)
        return "" if value is None else format(value, spec)

    for s in scenarios:
        if f"{s.name}_rps" not in results:
            continue
        out.append(
            f"| {s.name} | `{s.method} {s.path}` | {_number(results[f'{s.name}_rps'])} "
            f"| {shown(f'{s.name}_ratio', '.3f')} "
            f"| {results[f'{s.name}_p50_ms']:.2f} | {results[f'{s.name}_p99_ms']:.2f} "
            f"| {results[f'{s.name}_errors']:g} | {shown(f'{s.name}_cpu_us', '.0f')} "
            f"| {shown(f'{s.name}_cpu_ratio', '.3f')} |"
        )
    others = [n for n in results if n.startswith(OTHER_PREFIXES) or n.endswith(WRITE_SUFFIXES)]
    if others:
        out += ["", "## Other figures", "", "| figure | value |", "| --- | ---: |"]
        out += [f"| {name} | {_number(results[name])} |" for name in others]
    targets = [(name, "≥", value) for name, value in goals.items()]
    targets += [(name, "≤", value) for name, value in (ceilings or {}).items()]
    if targets:
        out += [
            "",
            "## Goals",
            "",
            "| figure | goal | result | met |",
            "| --- | ---: | ---: | --- |",
        ]
        for name, sign, limit in targets:
            value = results.get(name)
            met = value is not None and (value >= limit if sign == "≥" else value <= limit)
            got = "missing" if value is None else f"{value:g}"
            out.append(f"| {name} | {sign} {limit:g} | {got} | {'yes' if met else '**NO**'} |")
    out += [
        "",
        "## Rounds",
        "",
        "| round | scenario | rps | p50 ms | p90 ms | p99 ms | errors | server CPU µs/req |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for m in sorted(measurements, key=lambda m: (m.round, m.scenario)):
        out.append(
            f"| {m.round + 1} | {m.scenario} | {m.rps:,.0f} | {m.p50_ms:.2f} | {m.p90_ms:.2f} "
            f"| {m.p99_ms:.2f} | {m.errors} | {m.cpu_us:.0f} |"
        )
    out += [
        "",
        "## How",
        "",
        f"- load generator: {info.generator}",
        f"- server: {info.server}, {info.workers} workers × {info.threads} threads, DEBUG off, "
        "fresh SQLite database seeded with the demo campaign",
        f"- {info.connections} connections; each scenario warmed up for {info.warmup_s:g} s, "
        f"then {info.rounds} rounds of {info.duration_s:g} s per scenario, interleaved "
        "(every other round in reverse order)",
        f"- CPUs: {info.cpu_count}; Python {info.python}",
        *[f"- {note}" for note in info.notes],
        "",
    ]
    return "\n".join(out)
