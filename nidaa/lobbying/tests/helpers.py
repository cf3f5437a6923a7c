"""What the lobbying tests share: the fixture files, the real files, running the commands."""

import datetime
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

DATA = Path(__file__).resolve().parent / "data"
REPRESENTATIVES = settings.BASE_DIR.parent / "shared" / "data" / "representatives"


def real_file(relative: str) -> Path:
    """A file of the shared sample data, or a skip that says why."""
    path = REPRESENTATIVES / relative
    if not path.is_file():
        pytest.skip(
            f"the shared sample data is absent ({relative} not found beside the repository)"
        )
    return path


def run(command: str, *args: str) -> tuple[str, str]:
    """Run a management command; its (stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def import_targets(format: str, path: Path, directory: str, *options: str) -> str:
    return run("import_targets", "--format", format, str(path), "--directory", directory, *options)[
        0
    ]


def load_fixtures() -> None:
    """Congress (3 people), its ZIP table, UK MPs and MEPs from the small fixture files."""
    import_targets(
        "congress-legislators", DATA / "legislators.yaml", "us-congress", "--country", "us"
    )
    run("import_lookup", "--format", "zcta-cd", str(DATA / "zccd.csv"))
    import_targets("csv", DATA / "mps.csv", "uk-mps", "--mapping", "uk-mps")
    import_targets("csv", DATA / "meps.csv", "meps", "--mapping", str(DATA / "meps-mapping.json"))


@contextmanager
def on_day(day: datetime.date) -> Iterator[None]:
    """Today is `day` (noon UTC) for everything that asks Django for the time."""
    moment = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        assert timezone.localdate() == day
        yield
