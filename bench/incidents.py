"""The incident figures: importing a 100,000-row ACLED file, and the public API over it.

Run alone as ``python -m bench.incidents`` (``--help`` for the knobs), or call `measure()`
from bench/run.py. Figures:

- ``incident_import_rows_per_s``: rows / seconds of `manage.py import_incidents --format acled`
  (the command itself, run by call_command in a fresh process on a fresh SQLite database with
  the boundaries loaded, so that every point is placed in its admin areas), median of rounds;
- ``incident_import_ratio``: in the same round, the seconds of a plain ``sqlite3``
  ``executemany`` inserting the same parsed rows (the values the import writes) into a plain
  table with the same columns, divided by the import's seconds (goal ≥ 0.25);
- ``incident_api_p95_ms``: p95 latency of ``GET /api/v1/incidents?start=…&end=…`` for
  one-month windows over the 100,000 incidents, all published, as a client sees it: over HTTP
  from the site served by gunicorn as ``make bench`` serves it (bench/run.py's Server, DEBUG
  off), one request at a time, accepting gzip. Every request asks for a month no request
  asked for before, so no answer comes from the cache: the figure is the query and the
  GeoJSON (goal ≤ 150 ms).

The generated file is deterministic: 500 places with fixed coordinates as in ACLED's gazetteer
(30 real towns of Idlib governorate, which see most events, and villages spread over it), a few
dozen actors weighted as in the record of 2019–2024, ACLED's sub-event types, fatalities
skewed towards few, and one in five events with an associated actor.
"""

import argparse
import csv
import datetime
import io
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.harness import percentile

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BOUNDARIES = ROOT.parent / "shared" / "data" / "boundaries" / "syr_admin3_subdistricts_ocha.geojson"

# Issue 4's goals; `make bench` reports against them beside bench/scenarios.py's.
GOALS: dict[str, float] = {"incident_import_ratio": 0.25, "incident_import_rows_per_s": 20_000}
CEILINGS: dict[str, float] = {"incident_api_p95_ms": 150}
# Rounds of the import (median), and one-month API requests measured.
ROUNDS = int(os.environ.get("BENCH_INCIDENT_ROUNDS", 3))
REQUESTS = int(os.environ.get("BENCH_INCIDENT_REQUESTS", 300))
# Requests before the measured ones, so that every gunicorn worker has started its Django.
API_WARMUP = 20

PLACES = (
    ("Idlib", 35.9306, 36.6339), ("Saraqab", 35.8617, 36.8044), ("Ariha", 35.8128, 36.6117),
    ("Maarat al-Numan", 35.6433, 36.6706), ("Khan Shaykhun", 35.4417, 36.6500),
    ("Jisr al-Shughur", 35.8111, 36.3194), ("Kafr Nubl", 35.6139, 36.5606),
    ("Sarmada", 36.1833, 36.7222), ("Dana", 36.2167, 36.7667), ("Binnish", 35.9569, 36.7128),
    ("Taftanaz", 35.9986, 36.7836), ("Sarmin", 35.9047, 36.7253),
    ("Maarat Misrin", 36.0114, 36.6753), ("Harem", 36.2078, 36.5186),
    ("Salqin", 36.1381, 36.4517), ("Armanaz", 36.0861, 36.5025),
    ("Kafr Takharim", 36.1153, 36.5097), ("Atmeh", 36.3069, 36.6750), ("Qah", 36.2833, 36.6500),
    ("Hass", 35.5564, 36.6103), ("Al-Bara", 35.6819, 36.5419), ("Kansafra", 35.6583, 36.5000),
    ("Ehsem", 35.7000, 36.5833), ("Mhambel", 35.8206, 36.4869), ("Badama", 35.9500, 36.3167),
    ("Darkush", 35.9942, 36.3903), ("Tal Mardikh", 35.8350, 36.8000),
    ("Abu al-Duhur", 35.7397, 37.0497), ("Al-Tamanah", 35.4700, 36.7000),
    ("Maar Shurin", 35.6300, 36.7200),
)  # fmt: skip
NAMED_ACTORS = (
    ("Military Forces of Russia (2000-)", "State forces", 30),
    ("Military Forces of Syria (2000-)", "State forces", 40),
    ("Military Forces of Syria (2000-) Air Force", "State forces", 12),
    ("Military Forces of Turkey (2016-)", "State forces", 2),
    ("Military Forces of Iran (1989-)", "State forces", 1),
    ("NDF: National Defence Forces", "Political militia", 2),
    ("Hezbollah", "Identity militia", 1),
    ("Hayat Tahrir al Sham", "Rebel group", 3),
    ("Islamic State (Syria)", "Rebel group", 1),
    ("Unidentified Armed Group (Syria)", "Political militia", 4),
)
ACTORS = NAMED_ACTORS + tuple(
    (f"Brigade {number} (Syria)", "Political militia", 0.2) for number in range(1, 27)
)
SUB_EVENTS = (
    ("Explosions/Remote violence", "Air/drone strike", 45),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 45),
    ("Explosions/Remote violence", "Chemical weapon", 0.5),
    ("Violence against civilians", "Attack", 5),
    ("Battles", "Armed clash", 4.5),
)
WEAPONS = ("warplanes", "drones", "helicopters dropping barrel bombs", "rockets", "artillery",
           "missiles", "cluster munitions")  # fmt: skip
VILLAGES = 470
FIRST_DAY = datetime.date(2019, 1, 1)
DAYS = (datetime.date(2024, 12, 31) - FIRST_DAY).days + 1
HEADER = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip


# --- The file ---------------------------------------------------------------------------------


def generate_acled(path: Path, rows: int, seed: int = 2024) -> None:
    """Write `rows` ACLED events in Idlib governorate, the same for the same seed."""
    chance = random.Random(seed)
    locations = gazetteer(chance)
    weights = Weights(
        locations=[weight for *_location, weight in locations],
        actors=[weight for _name, _inter, weight in ACTORS],
        events=[weight for _kind, _sub, weight in SUB_EVENTS],
    )
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for number in range(1, rows + 1):
            writer.writerow(event(chance, number, locations, weights))


def gazetteer(chance: random.Random) -> list[tuple[str, float, float, float]]:
    """Named places with fixed coordinates, as ACLED's are: the towns, and smaller villages.

    ACLED gives an event the coordinates of the named place it happened in, so the same
    points recur; towns see far more events than villages.
    """
    towns = [(name, latitude, longitude, 40.0) for name, latitude, longitude in PLACES]
    villages = [
        (f"Village {number}", round(chance.uniform(35.45, 36.3), 4), round(chance.uniform(36.25, 37.05), 4), 1.0)
        for number in range(1, VILLAGES + 1)
    ]  # fmt: skip
    return towns + villages


@dataclass
class Weights:
    locations: list[float]
    actors: list[float]
    events: list[float]


def event(
    chance: random.Random,
    number: int,
    locations: list[tuple[str, float, float, float]],
    weights: Weights,
) -> list[Any]:
    day = FIRST_DAY + datetime.timedelta(days=chance.randrange(DAYS))
    place, latitude, longitude, _weight = chance.choices(locations, weights.locations)[0]
    actor, inter, _weight = chance.choices(ACTORS, weights.actors)[0]
    assoc = chance.choices(ACTORS, weights.actors)[0][0] if chance.random() < 0.2 else ""
    event_type, sub_event, _weight = chance.choices(SUB_EVENTS, weights.events)[0]
    fatalities = min(int(chance.expovariate(0.6)), 60)
    targeted = chance.random() < 0.4
    weapon = chance.choice(WEAPONS)
    notes = (
        f"On {day:%d %B %Y}, {weapon} of {actor} hit {place} (Idlib). "
        f"{fatalities} people were reported killed."
    )
    return [
        f"SYR{number:06d}", day.isoformat(), day.year, chance.choice((1, 1, 1, 2)),
        "Political violence", event_type, sub_event, actor, assoc, inter,
        "Civilians (Syria)" if targeted else "Hayat Tahrir al Sham", "",
        "Civilians" if targeted else "Rebel group", "", "Civilian targeting" if targeted else "",
        760, "Middle East", "Syria", "Idlib", "", "", place, latitude, longitude,
        chance.choice((1, 1, 2)),
        "Syrian Observatory for Human Rights", "National", notes, fatalities, "",
        1_700_000_000 + number,
    ]  # fmt: skip


# --- The measuring process --------------------------------------------------------------------


def measure(
    rows: int = 100_000, rounds: int = ROUNDS, requests: int = REQUESTS
) -> dict[str, float]:
    """Generate the file, prepare a database, and run the worker process; returns the figures."""
    tmp = Path(tempfile.mkdtemp(prefix="nidaa-bench-incidents-"))
    try:
        data = tmp / "acled.csv"
        started = time.monotonic()
        generate_acled(data, rows)
        print(f"bench: generated {rows:,} ACLED rows in {time.monotonic() - started:.1f} s", flush=True)  # fmt: skip
        template = tmp / "template.sqlite3"
        env = environment(template)
        manage(env, "migrate", "--noinput", "-v0")
        boundaries = BOUNDARIES.is_file()
        if boundaries:
            manage(env, "import_boundaries", str(BOUNDARIES))
        else:
            print("bench: no boundaries layer found; admin areas stay as in the file", flush=True)  # fmt: skip
        database = tmp / "bench.sqlite3"
        command = [sys.executable, "-m", "bench.incidents", "--worker", str(template),
                   str(database), str(data), str(rounds)]  # fmt: skip
        result = subprocess.run(
            command, cwd=ROOT, env=environment(database), check=True,
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
        figures["incident_import_boundaries"] = int(boundaries)
        return figures | api_figures(database, requests, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def environment(database: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{database}",
        DEBUG="off",
        SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_SETTINGS_MODULE="nidaa.settings",
        NIDAA_LOG_LEVEL="WARNING",
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip


# --- The worker (a fresh Django process) --------------------------------------------------------


def worker(template: Path, database: Path, data: Path, rounds: int) -> None:
    import django

    django.setup()
    walls, ratios, cpu_ratios = [], [], []
    for number in range(rounds):
        fresh_database(template, database)
        plain_wall, plain_cpu = baseline_seconds(data, database.with_suffix(".plain.sqlite3"))
        wall, cpu = import_seconds_once(data)
        walls.append(wall)
        ratios.append(plain_wall / wall)
        cpu_ratios.append(plain_cpu / cpu)
        print(f"bench: round {number + 1}: import {wall:.2f} s ({cpu:.2f} s CPU), plain executemany {plain_wall:.2f} s ({plain_cpu:.2f} s CPU)", file=sys.stderr, flush=True)  # fmt: skip
    rows = count_rows()
    figures = {
        "incident_import_rows_per_s": round(rows / statistics.median(walls)),
        "incident_import_ratio": round(statistics.median(ratios), 3),
        "incident_import_cpu_ratio": round(statistics.median(cpu_ratios), 3),
        "incident_import_s": round(statistics.median(walls), 2),
    }
    print(json.dumps(figures))


def fresh_database(template: Path, database: Path) -> None:
    from django.db import connection

    connection.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, database)


def import_seconds_once(data: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of the command, as a fresh process would run it."""
    from django.core.management import call_command

    from nidaa.boundaries import lookup

    lookup.forget()  # the boundaries' index is built again: part of the work of a fresh process
    out = io.StringIO()
    wall, cpu = time.perf_counter(), time.process_time()
    call_command("import_incidents", str(data), format="acled", status="published", stdout=out)
    return time.perf_counter() - wall, time.process_time() - cpu


def baseline_seconds(data: Path, plain: Path) -> tuple[float, float]:
    """A plain executemany of the rows the import writes, into a plain table of their columns.

    The rows are the import's own: read and checked by the importer, then the values it sends
    to the database (store.parameters). Returns (wall, CPU) seconds of the insert and commit.
    """
    from django.db import connection
    from django.utils import timezone

    from nidaa.incidents.interchange import acled, store

    with data.open(encoding="utf-8-sig", newline="") as stream:
        batch = acled.read(stream, data.name)
    names, values = store.parameters(batch, "published", timezone.now())
    rows = list(values)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, type FROM pragma_table_info('incidents_incident')")
        declared = dict(cursor.fetchall())
    for suffix in ("", "-wal", "-shm"):
        Path(f"{plain}{suffix}").unlink(missing_ok=True)
    plain_db = sqlite3.connect(plain, isolation_level=None)
    try:
        plain_db.execute("PRAGMA journal_mode=WAL")
        plain_db.execute("PRAGMA synchronous=NORMAL")
        columns = ", ".join(f'"{name}" {declared[name]}' for name in names)
        plain_db.execute(f"CREATE TABLE plain (id INTEGER PRIMARY KEY, {columns})")
        quoted = ", ".join(f'"{name}"' for name in names)
        insert = f"INSERT INTO plain ({quoted}) VALUES ({', '.join('?' * len(names))})"  # noqa: S608 - names from the schema
        wall, cpu = time.perf_counter(), time.process_time()
        plain_db.execute("BEGIN")
        plain_db.executemany(insert, rows)
        plain_db.execute("COMMIT")
        return time.perf_counter() - wall, time.process_time() - cpu
    finally:
        plain_db.close()


def count_rows() -> int:
    from nidaa.incidents.models import Incident

    return Incident.objects.count()


def api_figures(database: Path, requests: int, tmp: Path) -> dict[str, float]:
    """incident_api_p95_ms and its companions, over HTTP from gunicorn serving `database`."""
    # Here, not at the top: bench.run imports this module.
    from bench.run import BenchError, Server, parse_options, server_env

    env = server_env(tmp) | {"DATABASE_URL": f"sqlite:///{database}"}
    server = Server(parse_options([]), env, tmp / "gunicorn-incidents.log")
    try:
        server.start()
        server.wait_ready()
        latencies, found = api_latencies(server.port, requests)
    except BenchError as error:
        raise RuntimeError(str(error)) from None
    finally:
        server.stop()
    return {
        "incident_api_p95_ms": round(percentile(latencies, 95), 1),
        "incident_api_p50_ms": round(percentile(latencies, 50), 1),
        "incident_api_requests": len(latencies),
        "incident_api_month_incidents": round(statistics.median(found)),
    }


def api_latencies(port: int, requests: int) -> tuple[list[float], list[int]]:
    """Milliseconds of each one-month query, each for a month not asked for before, and how
    many incidents each month held."""
    from bench.run import fetch

    starts = random.Random(7).sample(range(DAYS - 31), API_WARMUP + requests)
    latencies, found = [], []
    for number, offset in enumerate(starts):
        start = FIRST_DAY + datetime.timedelta(days=offset)
        end = start + datetime.timedelta(days=30)
        path = f"/api/v1/incidents?start={start.isoformat()}&end={end.isoformat()}"
        began = time.perf_counter()
        status, body = fetch(port, "GET", path, headers=(("Accept-Encoding", "gzip"),))
        elapsed = (time.perf_counter() - began) * 1000
        answer = json.loads(body) if status == 200 else {}
        if not answer.get("features"):
            raise RuntimeError(f"the API answered {status}: {body[:300]!r}")
        if number >= API_WARMUP:
            latencies.append(elapsed)
            found.append(answer["total"])
    return latencies, found


# --- Command line -----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=int(os.environ.get("BENCH_INCIDENT_ROWS", 100_000)))  # fmt: skip
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--requests", type=int, default=REQUESTS)
    parser.add_argument("--worker", nargs=4, metavar=("TEMPLATE", "DB", "CSV", "ROUNDS"), help=argparse.SUPPRESS)  # fmt: skip
    args = parser.parse_args(argv)
    if args.worker:
        template, database, data, rounds = args.worker
        worker(Path(template), Path(database), Path(data), int(rounds))
        return {}
    figures = measure(args.rows, max(1, args.rounds), max(1, args.requests))
    for name, value in figures.items():
        goal = GOALS.get(name)
        ceiling = CEILINGS.get(name)
        note = f"  (goal ≥ {goal})" if goal else f"  (goal ≤ {ceiling})" if ceiling else ""
        print(f"{name} = {value}{note}")
    return figures


if __name__ == "__main__":
    main()
