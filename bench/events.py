"""The events figures: "near me" over 10,000 events, and the pamphlet cold and warm.

Run alone as ``python -m bench.events`` (``--help`` for the knobs), or call `measure()` from
bench/run.py (``make bench``; ``BENCH_ONLY=events`` runs only these). Figures:

- ``events_near_p95_ms`` (and ``_p50_ms``): latency of ``GET /en/c/save-idlib/events/?city=…
  &radius=…`` over 10,000 public upcoming events spread over 200 cities of the world, through
  Django's test client (the whole middleware stack, no network), each request for another
  city and radius with every cache cleared first, so the figure is the city look-up, the query,
  the distances and the page, not the page cache (goal ≤ 100 ms);
- ``pamphlet_cold_ms``: ``GET /c/save-idlib/pamphlet.pdf?lang=ar+en&size=a4`` with the PDF
  cache on disk emptied first (WeasyPrint already imported), median of rounds;
- ``pamphlet_warm_ms``: the same request with the PDF on disk: the HTML rendered and hashed,
  the file read; median of rounds;
- ``pamphlet_warm_share``: warm ÷ cold (goal ≤ 0.05).

The events are deterministic: a fixed seed picks cities from GeoNames (the places table the site
uses), times within the next 60 days on each city's own clocks, and a type.
"""

import argparse
import json
import os
import random
import secrets
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import percentile

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CEILINGS = {"events_near_p95_ms": 100.0, "pamphlet_warm_share": 0.05}
PAMPHLET = "/c/save-idlib/pamphlet.pdf?lang=ar%2Ben&size=a4"


def environment(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NIDAA_", "DATABASE_"))}
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="nidaa.settings",
        DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}",
        NIDAA_MEDIA_ROOT=str(tmp / "media"),
        NIDAA_PAMPHLET_DIR=str(tmp / "pamphlets"),
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="off",
        ALLOWED_HOSTS="localhost,testserver",
        NIDAA_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def measure(events: int = 10_000, requests: int = 200, rounds: int = 5) -> dict[str, float]:
    """Prepare a fresh database in a temporary folder and measure in a fresh process."""
    tmp = Path(tempfile.mkdtemp(prefix="nidaa-bench-events-"))
    try:
        env = environment(tmp)
        for command in (["migrate", "--noinput", "-v0"], ["seed_demo"]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        worker = [sys.executable, "-m", "bench.events", "--worker", str(events), str(requests), str(rounds)]  # fmt: skip
        done = subprocess.run(worker, cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True)  # fmt: skip
        figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
        return figures
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# --- The worker (a fresh Django process on the bench database) ------------------------------


def cities(count: int, chance: random.Random) -> list[tuple[str, str, float, float, str]]:
    """(name, country, latitude, longitude, zone) of `count` large cities, from GeoNames."""
    from nidaa.events import places

    places.find_city("London")  # builds the table if this machine has none yet
    with sqlite3.connect(f"file:{places.PLACES_DB}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT name, country, latitude, longitude, time_zone FROM cities "
            "WHERE population > 300000 ORDER BY population DESC LIMIT 2000"
        ).fetchall()
    return chance.sample(rows, min(count, len(rows)))


def add_events(count: int, chance: random.Random) -> list[tuple[str, str]]:
    """Insert `count` public events; returns the (city, country) they were placed in."""
    import datetime

    from django.utils import timezone

    from nidaa.campaigns.models import Campaign
    from nidaa.events import times
    from nidaa.events.models import Event

    campaign = Campaign.objects.get(slug="save-idlib")
    towns = cities(200, chance)
    now = timezone.now()
    rows = []
    for number in range(count):
        name, country, latitude, longitude, zone = chance.choice(towns)
        day = (now + datetime.timedelta(days=chance.randrange(1, 60))).date()
        wall = datetime.datetime.combine(day, datetime.time(chance.randrange(8, 21)))
        try:
            starts = times.to_utc(wall, zone)
        except times.NoSuchTime:
            starts = times.to_utc(wall + datetime.timedelta(hours=1), zone)
        rows.append(Event(
            campaign=campaign, kind=chance.choice(Event.Kind.values), language=chance.choice(["en", "ar"]),
            title=f"Bench event {number} in {name}", description="A vigil for the civilians of Idlib.",
            starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), time_zone=zone,
            venue="Main square", city=name, country=country,
            map_latitude=latitude + chance.uniform(-0.05, 0.05), map_longitude=longitude + chance.uniform(-0.05, 0.05),
            host_name="Bench", host_email=f"bench{number}@example.org", host_email_key=f"bench{number}@example.org",
            host_language="en", key=secrets.token_hex(16), status=Event.Status.APPROVED, approved_at=now,
        ))  # fmt: skip
    Event.objects.bulk_create(rows, batch_size=1000)
    return [(name, country) for name, country, *_ in towns]


def near_latencies(towns: list[tuple[str, str]], requests: int, chance: random.Random) -> list[float]:  # fmt: skip
    from django.core.cache import caches
    from django.test import Client

    client = Client()
    latencies = []
    for number in range(requests + 10):
        name, _country = chance.choice(towns)
        query = {"city": name, "radius": str(chance.choice([25, 50, 100, 250]))}
        for cache in caches.all():
            cache.clear()
        began = time.perf_counter()
        response = client.get("/en/c/save-idlib/events/", query, HTTP_HOST="localhost")
        elapsed = (time.perf_counter() - began) * 1000
        if response.status_code != 200 or b"Bench event" not in response.content:
            raise RuntimeError(f"the events page answered {response.status_code} for {query}")
        if number >= 10:  # the first few warm the process up
            latencies.append(elapsed)
    return latencies


def pamphlet_times(rounds: int) -> tuple[float, float]:
    """Median milliseconds of a cold and of a warm pamphlet request."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    folder = Path(settings.NIDAA_PAMPHLET_DIR)

    def timed() -> float:
        began = time.perf_counter()
        response = client.get(PAMPHLET, HTTP_HOST="localhost")
        if response.status_code != 200 or not response.content.startswith(b"%PDF"):
            raise RuntimeError(f"the pamphlet answered {response.status_code}")
        return (time.perf_counter() - began) * 1000

    client.get(
        "/c/save-idlib/pamphlet.pdf?lang=en&size=letter", HTTP_HOST="localhost"
    )  # imports WeasyPrint
    cold: list[float] = []
    warm: list[float] = []
    for _ in range(rounds):
        shutil.rmtree(folder, ignore_errors=True)
        cold.append(timed())
        warm.extend(timed() for _ in range(6))
    return statistics.median(cold), statistics.median(warm)


def worker(events: int, requests: int, rounds: int) -> None:
    import django

    django.setup()
    chance = random.Random(2026)
    started = time.monotonic()
    towns = add_events(events, chance)
    print(f"bench: added {events:,} events in {time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)  # fmt: skip
    latencies = near_latencies(towns, requests, chance)
    cold, warm = pamphlet_times(rounds)
    figures = {
        "events_near_p50_ms": round(percentile(latencies, 50), 1),
        "events_near_p95_ms": round(percentile(latencies, 95), 1),
        "events_near_events": events,
        "pamphlet_cold_ms": round(cold, 1),
        "pamphlet_warm_ms": round(warm, 1),
        "pamphlet_warm_share": round(warm / cold, 4),
    }
    print(json.dumps(figures))


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=int(os.environ.get("BENCH_EVENTS", 10_000)))
    parser.add_argument("--requests", type=int, default=int(os.environ.get("BENCH_EVENTS_REQUESTS", 200)))  # fmt: skip
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_PAMPHLET_ROUNDS", 5)))  # fmt: skip
    parser.add_argument("--worker", nargs=3, type=int, metavar=("EVENTS", "REQUESTS", "ROUNDS"), help=argparse.SUPPRESS)  # fmt: skip
    args = parser.parse_args(argv)
    if args.worker:
        worker(*args.worker)
        return {}
    figures = measure(args.events, max(1, args.requests), max(1, args.rounds))
    for name, value in figures.items():
        ceiling = CEILINGS.get(name)
        print(f"{name} = {value}" + (f"  (goal ≤ {ceiling})" if ceiling is not None else ""))
    return figures


if __name__ == "__main__":
    main()
