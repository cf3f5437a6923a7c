"""Fixtures of the events tests: PDFs are cached in a folder of the test's own."""

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _pamphlet_dir(settings: Any, tmp_path: Path) -> None:
    settings.NIDAA_PAMPHLET_DIR = tmp_path / "pamphlets"
