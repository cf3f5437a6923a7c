"""import_incidents and export_incidents show their progress on a terminal, and nothing else
anywhere else (a log file, a cron mail, or `-o -` where standard output is the data)."""

import io
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from nidaa.incidents.models import Incident

DATA = Path(__file__).parent / "data"

pytestmark = pytest.mark.django_db


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def import_acled(monkeypatch: pytest.MonkeyPatch, stderr: io.StringIO) -> None:
    monkeypatch.setattr(sys, "stderr", stderr)
    call_command("import_incidents", str(DATA / "acled_idlib.csv"), "--format", "acled", stdout=io.StringIO())  # fmt: skip


def test_an_import_on_a_terminal_shows_each_step_to_its_end(monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    terminal = Terminal()

    import_acled(monkeypatch, terminal)

    shown = terminal.getvalue()
    # The file's rows as they are read (the header too), then each step's bar, to the end.
    assert "acled_idlib.csv: 6 in" in shown
    assert "Placing in admin areas [" + "#" * 30 + "] 100% 5/5 in" in shown
    assert "Saving incidents [" + "#" * 30 + "] 100% 5/5 in" in shown
    assert "Saving attributions [" + "#" * 30 + "] 100% 8/8 in" in shown
    assert Incident.objects.count() == 5


def test_an_import_elsewhere_shows_no_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    log = io.StringIO()

    import_acled(monkeypatch, log)

    assert log.getvalue() == ""
    assert Incident.objects.count() == 5


def test_an_export_on_a_terminal_shows_its_bar(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import_acled(monkeypatch, io.StringIO())
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)

    call_command("export_incidents", "--format", "hxl", "-o", str(tmp_path / "out.csv"), stderr=io.StringIO())  # fmt: skip

    assert "Exporting incidents [" + "#" * 30 + "] 100% 5/5 in" in terminal.getvalue()
