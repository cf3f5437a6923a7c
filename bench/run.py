"""`make bench`: serve Nidaa under gunicorn on a fresh database and measure it with wrk.

Run from the repository root as ``python -m bench.run`` (``--help`` lists the knobs; each
also reads a BENCH_* environment variable). Writes bench/results.json and bench/results.md.
"""

import argparse
import concurrent.futures
import gzip
import http.client
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

import gunicorn

from bench import events, export, incidents, news
from bench.harness import (
    BARE_PATH,
    Measurement,
    RunInfo,
    Scenario,
    figures,
    goal_failures,
    parse_wrk,
    percentile,
    render_markdown,
    round_order,
    write_figures,
    wrk_script,
)
from bench.scenarios import CEILINGS, GOALS, LOBBYING, SCENARIOS

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
HOST = "127.0.0.1"


class BenchError(Exception):
    """The benchmark cannot give trustworthy figures; the message says why."""


@dataclass
class Options:
    duration: float
    warmup: float
    rounds: int
    connections: int
    workers: int
    threads: int
    generator: str
    only: list[str]
    strict: bool
    export_rows: int
    incident_rows: int


def parse_options(argv: list[str] | None) -> Options:
    env = os.environ
    cpus = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=float, default=float(env.get("BENCH_DURATION", 2)))
    parser.add_argument("--warmup", type=float, default=float(env.get("BENCH_WARMUP", 2)))
    parser.add_argument("--rounds", type=int, default=int(env.get("BENCH_ROUNDS", 14)))
    parser.add_argument("--connections", type=int, default=int(env.get("BENCH_CONNECTIONS", 16)))
    parser.add_argument("--workers", type=int, default=int(env.get("BENCH_WORKERS", max(2, cpus))))
    parser.add_argument("--threads", type=int, default=int(env.get("BENCH_THREADS", 4)))
    parser.add_argument(
        "--generator",
        choices=["auto", "wrk", "python"],
        default=env.get("BENCH_GENERATOR", "auto"),
        help="auto: wrk if installed, else the built-in Python load generator",
    )
    parser.add_argument(
        "--only",
        default=env.get("BENCH_ONLY", ""),
        help="comma-separated scenario names (bare is always measured); 'export' for the "
        "export figures, 'incidents' for the record's import and API figures, 'events' for the "
        "events and pamphlet figures, 'feed_parse' for the news feed figure",
    )
    parser.add_argument(
        "--export-rows",
        type=int,
        default=int(env.get("BENCH_EXPORT_ROWS", 1_000_000)),
        help="signatures added for the export figures (0: no export figures)",
    )
    parser.add_argument(
        "--incident-rows",
        type=int,
        default=int(env.get("BENCH_INCIDENT_ROWS", 100_000)),
        help="rows of the generated ACLED file for the incident figures (0: none)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        default=env.get("BENCH_STRICT", "") in ("1", "on", "true"),
        help="exit 1 when a goal is missed",
    )
    args = parser.parse_args(argv)
    return Options(
        duration=args.duration,
        warmup=args.warmup,
        rounds=max(1, args.rounds),
        connections=max(1, args.connections),
        workers=max(1, args.workers),
        threads=max(1, args.threads),
        generator=args.generator,
        only=[name.strip() for name in args.only.split(",") if name.strip()],
        strict=args.strict,
        export_rows=max(0, args.export_rows),
        incident_rows=max(0, args.incident_rows),
    )


# --- the server ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def server_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NIDAA_", "DATABASE_"))}
    env.pop("REDIS_URL", None)  # the embedded default: local-memory cache, one per worker
    env.update(
        DJANGO_SETTINGS_MODULE="nidaa.settings",
        DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}",
        NIDAA_MEDIA_ROOT=str(tmp / "media"),
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="off",
        ALLOWED_HOSTS=f"{HOST},localhost",
        NIDAA_BOT_CHALLENGE="off",
        # All load comes from one address: the per-address signing limit would refuse it.
        NIDAA_SIGN_RATE="1000000000/1",
        NIDAA_SIGN_EMAIL_RATE="1000000000/1",
        NIDAA_LOOKUP_RATE="1000000000/1",
        NIDAA_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def prepare_database(env: dict[str, str]) -> None:
    for command in (["migrate", "--noinput", "-v", "0"], ["seed_demo"]):
        done = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if done.returncode != 0:
            raise BenchError(f"manage.py {' '.join(command)} failed:\n{done.stderr}")


class Server:
    """gunicorn serving bench.bare_wsgi: one gunicorn per worker process, all listening on the
    same port with SO_REUSEPORT, each in its own process group so that it is stopped whole.

    Not one gunicorn with several workers: those share one listening socket, and whichever
    worker wakes first may accept every connection wrk opens at the start of a round, leaving
    the other idle. Rounds then ran at one core or at two by chance (bare at 2,500 or 8,000
    requests a second), and every ratio with them. With a socket per process the kernel
    spreads new connections over the processes by a hash of their addresses.
    """

    def __init__(self, options: Options, env: dict[str, str], log_path: Path) -> None:
        self.port = free_port()
        self.command = [
            sys.executable, "-m", "gunicorn", "bench.bare_wsgi:application",
            "--bind", f"{HOST}:{self.port}",
            "--reuse-port",
            "--worker-class", "gthread",
            "--workers", "1",
            "--threads", str(options.threads),
            "--graceful-timeout", "5",
            "--log-level", "warning",
        ]  # fmt: skip
        self.workers = options.workers
        self.env = env
        self.log_path = log_path
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self) -> None:
        with self.log_path.open("wb") as log:
            for _ in range(self.workers):
                self.processes.append(
                    subprocess.Popen(
                        self.command,
                        cwd=ROOT,
                        env=self.env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )

    def log_tail(self) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-30:])
        except OSError:
            return ""

    def wait_ready(self, timeout: float = 60) -> None:
        """Until every gunicorn has its worker answering (a request reaches any one of them,
        so each must first have told the log it booted its worker)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.processes or not self.alive():
                raise BenchError(f"gunicorn exited at start-up:\n{self.log_tail()}")
            try:
                status, _ = fetch(self.port, "GET", BARE_PATH)
                if status == 200 and self._workers_running() == self.workers:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise BenchError(f"gunicorn did not answer within {timeout:g} s:\n{self.log_tail()}")

    def _process_stats(self) -> list[tuple[int, int, int]]:
        """(pid, parent pid, CPU ticks) of every process on the machine (Linux /proc)."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # a process that ended meanwhile
            found.append((int(stat.parent.name), int(fields[1]), int(fields[11]) + int(fields[12])))
        return found

    def _workers_running(self) -> int:
        masters = {p.pid for p in self.processes}
        return sum(1 for _, ppid, _ in self._process_stats() if ppid in masters)

    def cpu_seconds(self) -> float:
        """CPU time used so far by the gunicorns and their workers (Linux /proc; 0 elsewhere)."""
        masters = {p.pid for p in self.processes}
        ticks = sum(t for pid, ppid, t in self._process_stats() if masters & {pid, ppid})
        return ticks / os.sysconf("SC_CLK_TCK")

    def alive(self) -> bool:
        return bool(self.processes) and all(p.poll() is None for p in self.processes)

    def stop(self) -> None:
        for process in self.processes:
            _stop_group(process)


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)  # the group this script started for that gunicorn
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


# --- requests and load generators ------------------------------------------------------------


def fetch(
    port: int,
    method: str,
    path: str,
    body: bytes = b"",
    headers: tuple[tuple[str, str], ...] = (),
    timeout: float = 5,
) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body or None, headers=dict(headers))
        response = connection.getresponse()
        body = response.read()
        if response.getheader("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return response.status, body
    finally:
        connection.close()


def check(port: int, scenario: Scenario) -> bool:
    """The scenario's response is the real thing, not a fast error page (True: it was)."""
    payload = scenario.body_for(f"check{secrets.token_hex(6)}")
    status, body = fetch(port, scenario.method, scenario.path, payload, scenario.headers)
    if status != scenario.expect_status:
        raise BenchError(
            f"{scenario.name}: {scenario.method} {scenario.path} answered {status}, "
            f"expected {scenario.expect_status}:\n{body[:500]!r}"
        )
    if scenario.expect_text and scenario.expect_text not in body.decode("utf-8", "replace"):
        raise BenchError(
            f"{scenario.name}: {scenario.path} does not contain {scenario.expect_text!r}"
        )
    return True


Generator = Callable[[int, Scenario, float, int, int], Measurement]


def wrk_generator(tmp: Path) -> Generator:
    def run(
        port: int, scenario: Scenario, duration: float, connections: int, round_number: int
    ) -> Measurement:
        script = tmp / f"{scenario.name}.lua"
        # A new tag for every run of wrk: tokens in varying bodies never repeat.
        script.write_text(wrk_script(scenario, f"r{round_number + 1}x{secrets.token_hex(4)}"))
        seconds = max(1, round(duration))
        command = [
            "wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s",
            "-s", str(script), f"http://{HOST}:{port}{scenario.path}",
        ]  # fmt: skip
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=seconds + 30, check=False
        )
        if done.returncode != 0:
            raise BenchError(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return parse_wrk(done.stdout, scenario.name, round_number)

    return run


def _python_load(
    port: int, scenario: Scenario, duration: float, connections: int
) -> tuple[list[float], int, int, int]:
    """One process of the Python load generator: threads, each with a keep-alive connection.
    Returns latencies in ms of 2xx and 3xx responses, the count of other responses, socket
    errors, and responses with the expected status."""
    latencies: list[float] = []
    counts = {"bad": 0, "socket": 0, "accepted": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + duration
    tag = secrets.token_hex(4)

    def client() -> None:
        mine: list[float] = []
        bad = errors = accepted = sent = 0
        connection: http.client.HTTPConnection | None = None
        while time.monotonic() < deadline:
            if connection is None:
                connection = http.client.HTTPConnection(HOST, port, timeout=5)
            started = time.perf_counter()
            sent += 1
            body = scenario.body_for(f"p{tag}-{threading.get_ident()}-{sent}")
            try:
                connection.request(
                    scenario.method,
                    scenario.path,
                    body=body or None,
                    headers=dict(scenario.headers),
                )
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                errors += 1
                connection.close()
                connection = None
                continue
            accepted += response.status == scenario.expect_status
            if 200 <= response.status < 400:
                mine.append((time.perf_counter() - started) * 1000)
            else:
                bad += 1
            if response.will_close:
                connection.close()
                connection = None
        if connection is not None:
            connection.close()
        with lock:
            latencies.extend(mine)
            counts["bad"] += bad
            counts["socket"] += errors
            counts["accepted"] += accepted

    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, counts["bad"], counts["socket"], counts["accepted"]


def python_generator() -> Generator:
    processes = max(1, min(4, (os.cpu_count() or 1)))

    def run(
        port: int, scenario: Scenario, duration: float, connections: int, round_number: int
    ) -> Measurement:
        shares = [
            connections // processes + (i < connections % processes) for i in range(processes)
        ]
        shares = [share for share in shares if share]
        started = time.monotonic()
        with concurrent.futures.ProcessPoolExecutor(len(shares)) as pool:
            futures = [
                pool.submit(_python_load, port, scenario, duration, share) for share in shares
            ]
            parts = [future.result() for future in futures]
        seconds = time.monotonic() - started
        latencies = sorted(ms for part in parts for ms in part[0])
        return Measurement(
            scenario=scenario.name,
            round=round_number,
            requests=len(latencies) + sum(part[1] for part in parts),
            seconds=max(duration, min(seconds, duration + 1)),
            p50_ms=percentile(latencies, 50),
            p90_ms=percentile(latencies, 90),
            p99_ms=percentile(latencies, 99),
            bad_status=sum(part[1] for part in parts),
            socket_errors=sum(part[2] for part in parts),
            accepted=sum(part[3] for part in parts) if scenario.varies else 0,
        )

    return run


def choose_generator(options: Options, tmp: Path) -> tuple[Generator, str]:
    wrk = shutil.which("wrk")
    if options.generator == "wrk" and not wrk:
        raise BenchError("--generator wrk, but wrk is not installed (bench/ensure-wrk.sh)")
    if wrk and options.generator != "python":
        version = subprocess.run(
            [wrk, "-v"], capture_output=True, text=True, check=False
        ).stdout.split("\n")[0]
        name = " ".join(version.split()[:2]) or "wrk"
        return wrk_generator(tmp), f"{name}, 1 thread (keep-alive)"
    why = "chosen with --generator python" if wrk else "wrk was not available"
    return (
        python_generator(),
        "built-in Python generator (http.client, processes × threads, keep-alive); "
        f"{why}, so absolute rps are lower than with wrk",
    )


# --- the run -----------------------------------------------------------------------------------


# Figures that are not HTTP scenarios, chosen by name with --only.
NOT_HTTP = {"export", "incidents", "events", "feed_parse"}


def selected(options: Options) -> list[Scenario]:
    unknown = set(options.only) - {s.name for s in SCENARIOS} - NOT_HTTP
    if unknown:
        raise BenchError(f"unknown scenarios: {', '.join(sorted(unknown))}")
    if options.only and set(options.only) <= NOT_HTTP:
        return []
    chosen = [s for s in SCENARIOS if not options.only or s.name in options.only]
    needed = {s.baseline for s in chosen if s.baseline}
    return [s for s in SCENARIOS if s in chosen or s.name in needed]


def database_path(env: dict[str, str]) -> Path:
    return Path(env["DATABASE_URL"].removeprefix("sqlite:///"))


def measure_http(
    options: Options, scenarios: list[Scenario], env: dict[str, str], tmp: Path
) -> tuple[list[Measurement], dict[str, float], str]:
    """The scenarios' rounds; also, for scenarios that write, accepted versus stored rows."""
    generate, generator_name = choose_generator(options, tmp)
    writers = [s for s in scenarios if s.stored_in]
    rows_before = {
        s.name: export.count_rows(database_path(env), s.stored_in, s.stored_where) for s in writers
    }
    accepted = dict.fromkeys(rows_before, 0)
    server = Server(options, env, tmp / "gunicorn.log")
    measurements: list[Measurement] = []

    def checked(scenario: Scenario) -> None:
        check(server.port, scenario)
        if scenario.stored_in:
            accepted[scenario.name] += 1

    try:
        server.start()
        server.wait_ready()
        print(f"bench: gunicorn on {HOST}:{server.port}; generator: {generator_name}", flush=True)
        for scenario in scenarios:
            checked(scenario)
        for scenario in scenarios:
            if options.warmup > 0:  # fills each worker's page cache and connection pool
                warm = generate(server.port, scenario, options.warmup, options.connections, -1)
                if scenario.stored_in:
                    accepted[scenario.name] += warm.accepted
        for round_number in range(options.rounds):
            for scenario in round_order(scenarios, round_number):
                checked(scenario)  # also the copy in the cache is the real page
                cpu_before = server.cpu_seconds()
                result = generate(
                    server.port, scenario, options.duration, options.connections, round_number
                )
                result = replace(result, server_cpu_s=server.cpu_seconds() - cpu_before)
                if not server.alive():
                    raise BenchError(f"gunicorn died during {scenario.name}:\n{server.log_tail()}")
                if scenario.stored_in:
                    accepted[scenario.name] += result.accepted
                measurements.append(result)
                print(
                    f"bench: round {round_number + 1}/{options.rounds} {scenario.name:<18} "
                    f"{result.rps:9,.0f} rps  p50 {result.p50_ms:6.2f} ms  "
                    f"p99 {result.p99_ms:6.2f} ms  cpu {result.cpu_us:5.0f} µs/req  "
                    f"errors {result.errors}",
                    flush=True,
                )
    finally:
        server.stop()
    extra: dict[str, float] = {}
    for scenario in writers:
        stored = export.count_rows(database_path(env), scenario.stored_in, scenario.stored_where)
        stored -= rows_before[scenario.name]
        extra |= write_figures(scenario.name, accepted[scenario.name], stored)
    return measurements, extra, generator_name


def measure_export(options: Options, env: dict[str, str], tmp: Path) -> dict[str, float]:
    """export_1m_s and export_1m_peak_mb: export_signatures over a million more signatures."""
    database = database_path(env)
    print(f"bench: adding {options.export_rows:,} signatures for the export...", flush=True)
    insert_s = export.insert_signatures(database, options.export_rows)
    expected = export.count_rows(database, "signatures_signature")
    out = tmp / "export.csv"
    seconds, peak_mb, code = export.run_export(ROOT, env, out, tmp / "export.log")
    if code != 0:
        log = (tmp / "export.log").read_text(errors="replace")[-2000:]
        raise BenchError(f"export_signatures failed ({code}):\n{log}")
    written = export.data_rows(out)
    if written != expected:
        raise BenchError(f"export_signatures wrote {written:,} rows, the database has {expected:,}")
    print(
        f"bench: inserted in {insert_s:.1f} s; exported {written:,} rows in {seconds:.1f} s, "
        f"peak memory {peak_mb:.0f} MB",
        flush=True,
    )
    return {
        "export_1m_s": round(seconds, 2),
        "export_1m_peak_mb": round(peak_mb, 1),
        "export_1m_rows": written,
        "export_1m_mb": round(out.stat().st_size / 1e6, 1),
    }


def measure(
    options: Options, tmp: Path
) -> tuple[list[Scenario], list[Measurement], dict[str, float], RunInfo]:
    scenarios = selected(options)
    env = server_env(tmp)
    exporting = bool(options.export_rows) and (not options.only or "export" in options.only)
    if scenarios or exporting:
        print("bench: fresh database, migrate and seed_demo...", flush=True)
        prepare_database(env)
    measurements: list[Measurement] = []
    extra: dict[str, float] = {}
    notes: list[str] = []
    if LOBBYING & {s.name for s in scenarios}:
        scenarios, extra, notes = prepare_lobbying(env, scenarios)
    generator_name = "none (no HTTP scenario selected)"
    if scenarios:
        measurements, written, generator_name = measure_http(options, scenarios, env, tmp)
        extra |= written
    if exporting:
        extra |= measure_export(options, env, tmp)
    if options.incident_rows and (not options.only or "incidents" in options.only):
        print(f"bench: the record of incidents ({options.incident_rows:,} rows)...", flush=True)
        extra |= incidents.measure(options.incident_rows)
    if not options.only or "events" in options.only:
        print("bench: events near a city over 10,000 events, and the pamphlet...", flush=True)
        extra |= events.measure()
    if not options.only or "feed_parse" in options.only:
        print("bench: parsing a generated feed of 2,000 items...", flush=True)
        extra |= news.measure()
    info = RunInfo(
        generator=generator_name,
        server=(
            f"gunicorn {gunicorn.__version__} (gthread), bench.bare_wsgi:application, one "
            "gunicorn per worker on a shared SO_REUSEPORT port"
        ),
        workers=options.workers,
        threads=options.threads,
        connections=options.connections,
        duration_s=options.duration,
        warmup_s=options.warmup,
        rounds=options.rounds,
        cpu_count=os.cpu_count() or 1,
        date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        python=platform.python_version(),
        notes=[
            "the page cache is local memory, so each worker process warms its own copy; "
            "with REDIS_URL all workers would share one",
            "sign: every request a new email address, challenge off, per-address rate limits "
            "raised (all load comes from one address); a signature counts as stored only with "
            "its verification mail owed on it (the outbox), and no worker sends mail during "
            "the run",
            f"export: {options.export_rows:,} signatures added with one executemany, then "
            "`manage.py export_signatures` timed in a subprocess; peak memory is its maximum "
            "resident set (os.wait4)",
            f"incidents: `import_incidents --format acled --status published` of a generated "
            f"{options.incident_rows:,}-row file on a fresh SQLite database with the boundaries "
            "loaded, against a plain sqlite3 executemany of the rows it writes, in the same "
            "round (median of 3); the API over HTTP from gunicorn, one request at a time, each "
            "for a month not asked for before (see bench/incidents.py)",
            "feed_parse: nidaa.news.feeds.parse_feed in the bench process over a generated RSS "
            "feed of 2,000 items (entity check, feedparser, nh3, dates), median of 5 rounds",
            f"host: {platform.platform()}",
            *notes,
        ],
    )
    return scenarios, measurements, extra, info


def prepare_lobbying(
    env: dict[str, str], scenarios: list[Scenario]
) -> tuple[list[Scenario], dict[str, float], list[str]]:
    """Import US Congress and the ZIP table for the look-up scenarios (import_congress_s and
    the other import figures); without the shared data, those scenarios are left out."""
    from bench import lobbying  # it uses this module's server and generators

    print("bench: importing US Congress and the ZIP code table...", flush=True)
    try:
        figures = lobbying.prepare(env)
    except lobbying.Missing as missing:
        print(f"bench: lookup and lobby_page left out: {missing}", flush=True)
        kept = [s for s in scenarios if s.name not in LOBBYING]
        return kept, {}, [f"lookup and lobby_page left out: {missing}"]
    note = (
        "lookup: US Congress (legislators-current.yaml) and zccd.csv imported with the "
        "management commands first, timed as import_congress_s and import_zccd_s"
    )
    return scenarios, figures, [note]


def stop_on_signal(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _measured(figure: str, scenarios: list[Scenario], extra: dict[str, float]) -> bool:
    """Whether this run was meant to produce `figure` (BENCH_ONLY may leave some out)."""
    return figure in extra or any(figure.startswith(s.name + "_") for s in scenarios)


def main(argv: list[str] | None = None) -> int:
    options = parse_options(argv)
    # Also SIGINT: a shell starts background jobs with it ignored, and Ctrl-C must still stop
    # the server (which runs in its own session, so it only stops when told to).
    signal.signal(signal.SIGTERM, stop_on_signal)
    signal.signal(signal.SIGINT, stop_on_signal)
    try:
        with tempfile.TemporaryDirectory(prefix="nidaa-bench-") as tmp:
            scenarios, measurements, extra, info = measure(options, Path(tmp))
    except BenchError as error:
        print(f"bench: FAILED: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bench: interrupted; server stopped, no results written", file=sys.stderr)
        return 130
    results = figures(scenarios, measurements) | extra
    all_goals, all_ceilings = GOALS | incidents.GOALS, CEILINGS | incidents.CEILINGS
    goals = {k: v for k, v in all_goals.items() if _measured(k, scenarios, extra)}
    ceilings = {k: v for k, v in all_ceilings.items() if _measured(k, scenarios, extra)}
    markdown = render_markdown(scenarios, results, measurements, info, goals, ceilings)
    (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (HERE / "results.md").write_text(markdown)
    print()
    print(markdown)
    print("bench: wrote bench/results.json and bench/results.md")
    errors = {s.name: results.get(f"{s.name}_errors", 0) for s in scenarios}
    if any(errors.values()):
        print(f"bench: FAILED: error responses during measurement: {errors}", file=sys.stderr)
        return 1
    missed = goal_failures(results, goals, ceilings)
    for sentence in missed:
        print(f"bench: goal missed: {sentence}", file=sys.stderr)
    return 1 if missed and options.strict else 0


if __name__ == "__main__":
    sys.exit(main())
