"""What the lobbying tests share: the fixture files, the real files, running the commands."""

import datetime
import io
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from nidaa.lobbying import tasks
from nidaa.lobbying.models import Target
from nidaa.testing import html
from nidaa.testing.base import Supporter

DATA = Path(__file__).resolve().parent / "data"
REPRESENTATIVES = settings.BASE_DIR.parent / "shared" / "data" / "representatives"


def real_file(relative: str) -> Path:
    """A file of the shared sample data, or a skip that says why (a failure under CI=true,
    where the data is present and these tests must run)."""
    path = REPRESENTATIVES / relative
    if not path.is_file():
        message = f"the shared sample data is absent ({relative} not found beside the repository)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
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


# --- the supporter's journey --------------------------------------------------------------------

INDEX = "/{language}/c/save-idlib/lobby/"
LINK = re.compile(r"https?://[^\s\"<>]+/lobby/(confirm|reply)/\d+/[\w-]+/")


def target(name: str) -> Target:
    return Target.objects.get(name=name)


def write_url(who: Target, language: str = "en") -> str:
    return f"/{language}/c/save-idlib/lobby/write/{who.pk}/"


def call_url(who: Target, language: str = "en") -> str:
    return f"/{language}/c/save-idlib/lobby/call/{who.pk}/"


def about(**overrides: str) -> dict[str, str]:
    """What Samira types in the first step of a letter."""
    supporter = Supporter()
    data = {"step": "about", "name": supporter.name, "email": supporter.email, "town": "Leeds"}
    return {**data, **overrides}


def filled_letter(
    client: Client, who: Target, language: str = "en", **overrides: str
) -> dict[str, str]:
    """The second step's form as the site fills it in for Samira, ready to post."""
    content = client.post(write_url(who, language), about(**overrides)).content.decode()
    inputs = html.parse(content).find("input")
    data = {i.attrs["name"]: i.attrs.get("value", "") for i in inputs if i.attrs.get("name")}
    body = re.search(r'<textarea name="body"[^>]*>\n?(.*?)</textarea>', content, re.DOTALL)
    assert body is not None, "no letter to edit on the page"
    data["body"] = unescape(body[1])
    return data


def send_due_mail() -> str:
    return tasks.send_due_mail.call()


def links(text: str) -> dict[str, str]:
    return {match[1]: match[0] for match in LINK.finditer(text)}
