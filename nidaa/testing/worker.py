"""The clock's mail jobs and the task worker, in threads beside the live server, as
`manage.py serve` runs them beside gunicorn (only faster, so that journeys wait less)."""

import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django_tasks_db.management.commands.db_worker import Worker


class MailWorker:
    """``with MailWorker(wake_job, …):`` runs each clock job every 0.1 s and a task worker."""

    def __init__(self, *clock_jobs: Callable[[], object]) -> None:
        self.clock_jobs = clock_jobs
        self.worker = Worker(
            queue_names=["default"], interval=0.1, batch=False, backend_name="default",
            startup_delay=False, max_tasks=None, worker_id="journey", excluded_queue_names=[],
        )  # fmt: skip
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(job,)) for job in (self._clock, self.worker.run)]  # fmt: skip

    def _clock(self) -> None:
        while not self.stopping.wait(0.1):
            for job in self.clock_jobs:
                job()

    @staticmethod
    def _run(job: Callable[[], None]) -> None:
        try:
            job()
        finally:
            connection.close()

    def __enter__(self) -> "MailWorker":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.worker.running = False
        for thread in self.threads:
            thread.join()


def mail_to(smtp: Any, *addresses: str, seconds: float = 10) -> list[Any]:
    """The mail to these addresses, once some has come (the worker sends it within seconds)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = [mail for address in addresses for mail in smtp.to(address)]
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"no mail to {', '.join(addresses)} within {seconds} s")
