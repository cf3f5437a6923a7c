"""manage.py check_directories: stale directories listed, status 1 while there is any."""

import datetime

import pytest
from django.core.management import CommandError
from django.utils import timezone

from nidaa.lobbying.models import Directory
from nidaa.lobbying.tests.helpers import DATA, import_targets, run

pytestmark = pytest.mark.django_db


def test_fresh_directories_pass() -> None:
    import_targets("congress-legislators", DATA / "legislators.yaml", "us-congress")
    out, _err = run("check_directories")
    assert out.strip() == "All 1 directories are up to date."


def test_stale_and_never_filled_directories_are_listed() -> None:
    import_targets("congress-legislators", DATA / "legislators.yaml", "us-congress")
    Directory.objects.update(imported_at=timezone.now() - datetime.timedelta(days=181))
    Directory.objects.create(name="Embassies", slug="embassies", kind=Directory.Kind.CUSTOM)
    with pytest.raises(CommandError, match="2 of 2 directories are stale"):
        run("check_directories")


def test_stale_after_is_per_directory() -> None:
    directory = Directory(
        imported_at=timezone.now() - datetime.timedelta(days=10), stale_after_days=7
    )
    assert directory.is_stale
    directory.stale_after_days = 30
    assert not directory.is_stale
