"""Serve the site and run the task worker and the clock beside it; one Ctrl-C stops all three.

The embedded default runs one web process with threads, so that the local-memory cache is
one cache; with REDIS_URL set, --workers can be raised (see README, "Scaling out").
"""

import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve the site with gunicorn; run the task worker and the clock beside it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1, help="web processes")
        parser.add_argument("--threads", type=int, default=8, help="threads per web process")
        parser.add_argument(
            "--no-worker", action="store_true", help="run neither the task worker nor the clock"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        commands = [self.web_command(options)]
        if not options["no_worker"]:
            commands.append([sys.executable, "manage.py", "db_worker"])
            commands.append([sys.executable, "manage.py", "clock"])
        processes = [subprocess.Popen(command) for command in commands]
        self.stdout.write(f"Serving on http://{options['host']}:{options['port']}/ (Ctrl-C stops)")
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        # If any process dies, stop the others: a site without its worker silently loses mail,
        # and one without its clock shows counts that no longer move.
        while not stopping and all(p.poll() is None for p in processes):
            time.sleep(0.5)
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        failed = [p.returncode for p in processes if p.returncode not in (0, -signal.SIGTERM)]
        if failed and not stopping:
            raise SystemExit(1)

    @staticmethod
    def web_command(options: dict[str, Any]) -> list[str]:
        return [
            sys.executable, "-m", "gunicorn", "nidaa.wsgi:application",
            "--bind", f"{options['host']}:{options['port']}",
            "--workers", str(options["workers"]),
            "--threads", str(options["threads"]),
            "--access-logfile", "-",
            # The access log format leaves out the client address: no raw IPs, even in logs.
            "--access-logformat", '%(t)s "%(r)s" %(s)s %(b)s %(M)sms',
        ]  # fmt: skip
