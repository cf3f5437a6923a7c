"""`manage.py clock`: runs the periodic jobs named in NIDAA_PERIODIC_JOBS; one failing job does
not stop the others."""

import io
import logging
from typing import Any

import pytest
from django.core.management import call_command

ran: list[str] = []


def first_job() -> None:
    ran.append("first")


def failing_job() -> None:
    ran.append("failing")
    raise RuntimeError("the database is away")


def last_job() -> None:
    ran.append("last")


# Outside a test transaction: the clock closes stale connections between jobs, as it must.
@pytest.fixture
def jobs(transactional_db: None, settings: Any) -> list[str]:
    ran.clear()
    settings.NIDAA_PERIODIC_JOBS = [
        (f"{__name__}.first_job", 5),
        (f"{__name__}.failing_job", 60),
        (f"{__name__}.last_job", 3600),
    ]
    return ran


def test_once_runs_every_job_once_in_order(jobs: list[str]) -> None:
    call_command("clock", "--once", stdout=io.StringIO())

    assert jobs == ["first", "failing", "last"]


def test_a_failing_job_is_logged_and_the_others_still_run(
    jobs: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        call_command("clock", "--once", stdout=io.StringIO())

    assert jobs[-1] == "last"
    assert "failing_job failed" in caplog.text
    assert "the database is away" in caplog.text


def test_the_default_jobs_are_the_counts_the_recount_and_retention(settings: Any) -> None:
    names = [path for path, _ in settings.NIDAA_PERIODIC_JOBS]

    assert "nidaa.signatures.counts.update_counts" in names
    assert "nidaa.signatures.counts.recount_all" in names
    assert "nidaa.signatures.actions.delete_unverified" in names
