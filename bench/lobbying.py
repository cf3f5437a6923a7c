"""The lobbying figures: importing US Congress, and the representatives look-up under load.

- ``import_congress_s``: ``manage.py import_targets --format congress-legislators`` on the
  real legislators-current.yaml (537 people), timed in a subprocess as an operator runs it;
  ``import_zccd_s`` and ``import_zccd_rows_per_s`` the same for ``import_lookup --format
  zcta-cd`` on zccd.csv (42,033 rows), which the look-up needs.
- ``lookup_rps`` and ``lookup_ratio``: ``GET /api/v1/targets/lookup?country=us&postcode=10001``
  against ``bare`` in the same rounds (goal: ratio ≥ 0.6). The same URL again and again, as a
  popular ZIP code is asked for: mostly answered by the public page cache.
- ``lookup_uncached_ms``: the look-up itself with every cache emptied first (median over 40
  ZIP codes, in process): what a query nobody asked for recently costs.

`make bench` (bench/run.py) calls ``prepare(env)`` after making its database (the import
figures) and measures ``lookup`` (bench/scenarios.py) in its rounds with the other scenarios,
which gives lookup_rps and lookup_ratio. ``measure_lookup(base_url)`` measures against a
running server. Alone: ``python -m bench.lobbying [--rounds N --duration S ...]`` makes its
own database and server and prints the figures as JSON.
"""

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench import run
from bench.harness import BARE_PATH, Measurement, Scenario, figures
from bench.scenarios import GOALS as ALL_GOALS
from bench.scenarios import LOOKUP

ROOT = Path(__file__).resolve().parent.parent
REPRESENTATIVES = ROOT.parent / "shared" / "data" / "representatives"
CONGRESS = REPRESENTATIVES / "unitedstates__congress-legislators" / "legislators-current.yaml"
ZCCD = REPRESENTATIVES / "OpenSourceActivismTech__us-zipcodes-congress" / "zccd.csv"
BARE = Scenario("bare", BARE_PATH, expect_text="ok", baseline=None)
GOALS = {"lookup_ratio": ALL_GOALS["lookup_ratio"]}

UNCACHED = """
import statistics, time
import django
django.setup()
from django.core.cache import cache
from nidaa.lobbying.lookup import lookup
from nidaa.lobbying.models import LookupEntry
zips = list(LookupEntry.objects.filter(kind="zcta-cd").order_by("key").values_list("key", flat=True).distinct()[::800][:40])
times = []
for zip_code in zips:
    cache.clear()
    started = time.perf_counter()
    lookup("us", postcode=zip_code)
    times.append((time.perf_counter() - started) * 1000)
print(statistics.median(times))
"""


class Missing(Exception):
    """The real data files are not beside the repository."""


def manage(env: dict[str, str], *args: str) -> float:
    """Run a management command; its wall time in seconds."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise run.BenchError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return time.monotonic() - started


def prepare(env: dict[str, str]) -> dict[str, float]:
    """Import US Congress and the ZIP code table into the bench database; their figures."""
    for path in (CONGRESS, ZCCD):
        if not path.is_file():
            raise Missing(f"{path.name} not found beside the repository (shared/data)")
    congress_s = manage(
        env,
        "import_targets",
        "--format",
        "congress-legislators",
        str(CONGRESS),
        "--directory",
        "us-congress",
        "--country",
        "us",
    )
    zccd_s = manage(env, "import_lookup", "--format", "zcta-cd", str(ZCCD))
    rows = sum(1 for _ in ZCCD.open()) - 1
    return {
        "import_congress_s": round(congress_s, 2),
        "import_zccd_s": round(zccd_s, 2),
        "import_zccd_rows_per_s": round(rows / zccd_s),
    }


def uncached_ms(env: dict[str, str]) -> float:
    done = subprocess.run(
        [sys.executable, "-c", UNCACHED],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        raise run.BenchError(f"timing the uncached look-up failed:\n{done.stderr[-2000:]}")
    return round(float(done.stdout.strip().splitlines()[-1]), 2)


def measure_lookup(
    base_url: str,
    rounds: int = 6,
    duration: float = 2,
    connections: int = 16,
    warmup: float = 1,
) -> dict[str, float]:
    """lookup_rps, lookup_ratio (to bare, same rounds), latencies and errors, against a
    running bench server (bench.bare_wsgi) at `base_url`, e.g. http://127.0.0.1:8123."""
    address = urlsplit(base_url)
    if address.hostname != run.HOST or address.port is None:
        raise run.BenchError(f"the bench server must be at http://{run.HOST}:PORT, not {base_url}")
    port = address.port
    with tempfile.TemporaryDirectory(prefix="nidaa-bench-lobbying-") as tmp:
        generate = run.wrk_generator(Path(tmp)) if shutil.which("wrk") else run.python_generator()
        scenarios = [BARE, LOOKUP]
        for scenario in scenarios:
            run.check(port, scenario)
            if warmup > 0:
                generate(port, scenario, warmup, connections, -1)
        measurements: list[Measurement] = []
        for number in range(rounds):
            for scenario in run.round_order(scenarios, number):
                run.check(port, scenario)
                measurements.append(generate(port, scenario, duration, connections, number))
    found = figures(scenarios, measurements)
    return {k: v for k, v in found.items() if k.startswith("lookup_")}


def fresh_figures(options: run.Options) -> dict[str, float]:
    """Every figure, on a fresh database and a gunicorn server of their own."""
    with tempfile.TemporaryDirectory(prefix="nidaa-bench-") as folder:
        tmp = Path(folder)
        env = run.server_env(tmp)
        manage(env, "migrate", "--noinput", "-v", "0")
        results = prepare(env)
        results["lookup_uncached_ms"] = uncached_ms(env)
        server = run.Server(options, env, tmp / "gunicorn.log")
        try:
            server.start()
            server.wait_ready()
            base_url = f"http://{run.HOST}:{server.port}"
            results |= measure_lookup(
                base_url, options.rounds, options.duration, options.connections, options.warmup
            )
        finally:
            server.stop()
        return results


def figures_for(base_url: str | None = None, **options: Any) -> dict[str, float]:
    """The figures as a dict: the look-up figures against a running bench server whose
    database holds the imports (see prepare), or all of them on their own fresh database and
    server when `base_url` is None."""
    if base_url is not None:
        return measure_lookup(base_url, **options)
    return fresh_figures(run.parse_options([]))


def main(argv: list[str] | None = None) -> int:
    try:
        results = fresh_figures(run.parse_options(argv))
    except Missing as missing:
        print(f"bench.lobbying: skipped: {missing}", file=sys.stderr)
        return 0
    except run.BenchError as error:
        print(f"bench.lobbying: FAILED: {error}", file=sys.stderr)
        return 1
    print(json.dumps(results, indent=2))
    for name, goal in GOALS.items():
        if name in results and results[name] < goal:
            print(f"bench.lobbying: goal missed: {name} {results[name]} < {goal}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
