"""OCHA's Syria sub-district layer, from the shared data folder beside the repository."""

from pathlib import Path

import pytest
from django.conf import settings

OCHA_LAYER = Path(settings.BASE_DIR).parent / "shared/data/boundaries/syr_admin3_subdistricts_ocha.geojson"  # fmt: skip

# Saraqab, Idlib governorate.
SARAQAB = (35.86, 36.80)

needs_ocha_layer = pytest.mark.skipif(
    not OCHA_LAYER.is_file(),
    reason="OCHA's Syria layer is not in ../shared/data/boundaries: tests on the real layer skipped",
)
