"""Run the periodic jobs: each one every so many seconds, one after another, until stopped.

The jobs are listed in the NIDAA_PERIODIC_JOBS setting (dotted path, interval in seconds), so
that core runs the jobs of the parts above it without importing them. Every job is safe to run
again or late; `serve` starts this beside the web server and the task worker. With several
machines, run exactly one clock.
"""

import logging
import signal
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the periodic jobs (counts, recounts, retention) on their schedule."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run every job once and stop")

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = [(import_string(path), seconds) for path, seconds in settings.NIDAA_PERIODIC_JOBS]
        if options["once"]:
            for job, _ in jobs:
                run(job)
            return
        self.stopping = False
        signal.signal(signal.SIGINT, self.stop)
        signal.signal(signal.SIGTERM, self.stop)
        due = [0.0] * len(jobs)
        while not self.stopping:
            now = time.monotonic()
            for index, (job, seconds) in enumerate(jobs):
                if now >= due[index]:
                    run(job)
                    due[index] = time.monotonic() + seconds
            time.sleep(min(max(min(due) - time.monotonic(), 0.05), 1.0))

    def stop(self, signum: int, frame: Any) -> None:
        self.stopping = True


def run(job: Callable[[], object]) -> None:
    """Run one job; a failure is logged and the clock goes on."""
    close_old_connections()
    try:
        job()
    except Exception:
        logger.exception("Periodic job %s failed", getattr(job, "__name__", job))
    finally:
        close_old_connections()
