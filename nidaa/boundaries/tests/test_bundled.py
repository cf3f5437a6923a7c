"""The simplified Syria layer that ships with the code, for the demo and fresh installations."""

from pathlib import Path

import pytest
from django.core.management import call_command

from nidaa.boundaries.actions import BUNDLED, load_bundled_boundaries
from nidaa.boundaries.lookup import locate
from nidaa.boundaries.models import AdminArea
from nidaa.boundaries.tests.ocha import OCHA_LAYER, SARAQAB, needs_ocha_layer


def test_the_bundled_layer_is_small_and_credits_ocha() -> None:
    readme = (BUNDLED.parent / "README.md").read_text(encoding="utf-8")

    assert BUNDLED.stat().st_size < 400_000
    assert "OCHA" in readme and "CC BY-IGO" in readme and "2016-09-05" in readme


@pytest.mark.django_db
def test_it_loads_and_puts_saraqab_in_idlib() -> None:
    result = load_bundled_boundaries()

    assert result and result.by_level == {1: 14, 2: 62, 3: 272}
    place = locate(*SARAQAB)
    assert place and (place.admin1_pcode, place.admin3_pcode, place.admin3_en) == ("SY07", "SY070003", "Saraqab")  # fmt: skip


@pytest.mark.django_db
def test_it_does_nothing_when_boundaries_are_imported() -> None:
    AdminArea.objects.create(pcode="XY01", level=1, name_en="Elsewhere")

    assert load_bundled_boundaries() is None
    assert AdminArea.objects.count() == 1


@needs_ocha_layer
def test_the_bundled_layer_is_made_again_by_its_command(tmp_path: Path) -> None:
    call_command("simplify_boundaries", str(OCHA_LAYER), str(tmp_path / "again.geojson"))

    assert (tmp_path / "again.geojson").read_bytes() == BUNDLED.read_bytes()
