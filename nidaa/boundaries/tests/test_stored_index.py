"""The look-up index is made at import and stored, so that a new process loads it instead of
building it; a loaded index answers exactly as a built one, and a stale or damaged one is never
used."""

import random
from pathlib import Path
from typing import Any

import pytest

from nidaa.boundaries import index, lookup
from nidaa.boundaries.actions import import_boundaries
from nidaa.boundaries.models import AdminArea, StoredIndex
from nidaa.boundaries.tests.ocha import OCHA_LAYER, needs_ocha_layer
from nidaa.boundaries.tests.small_layer import IN_C_NORTH, POINTS, write_layer
from nidaa.boundaries.version import current_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_layer(tmp_path: Path) -> None:
    import_boundaries(write_layer(tmp_path / "layer.geojson"), progress=False)
    lookup.forget()  # as a new process starts


@pytest.fixture
def no_building(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every build of an index in this process."""
    builds: list[str] = []
    real = lookup.build

    def build(version: str, rows: Any) -> index.Index:
        builds.append(version)
        return real(version, rows)

    monkeypatch.setattr(lookup, "build", build)
    return builds


def codes(places: list[Any]) -> list[str | None]:
    return [place.admin3_pcode if place else None for place in places]


def same_index(loaded: index.Index, built: index.Index) -> None:
    assert loaded.version == built.version and loaded.grid == built.grid
    assert loaded.places == built.places and loaded.centres == built.centres
    assert loaded.cells == built.cells and loaded.bands == built.bands


def test_an_import_stores_the_index_of_the_areas_it_made(small_layer: None) -> None:
    [stored] = StoredIndex.objects.all()

    assert stored.version == current_version()


def test_a_new_process_loads_the_stored_index_instead_of_building_it(
    small_layer: None, no_building: list[str]
) -> None:
    built = index.build(current_version(), lookup.area_rows())

    found = lookup.locate_many(POINTS)

    assert no_building == []
    assert codes(found) == codes(built.find_many(POINTS))
    assert lookup.centroid("SY91") == built.centres["SY91"]
    same_index(lookup.current_index(), built)


def test_a_stored_index_of_other_areas_is_not_used(
    small_layer: None, no_building: list[str]
) -> None:
    StoredIndex.objects.update(version="0:0:")

    assert (place := lookup.locate(*IN_C_NORTH)) and place.admin3_pcode == "SY910102"
    assert no_building == [current_version()]


@pytest.mark.parametrize(
    "damage",
    [
        lambda body: body[: len(body) // 2],  # cut short
        lambda body: body.replace(index.FORMAT.encode(), b"nidaa-boundaries-index/0/1"),
        lambda body: b"\x00" * 16,
        lambda body: b"",
    ],
    ids=["cut short", "another format", "zeros", "empty"],
)
def test_a_damaged_stored_index_is_built_again(
    small_layer: None, no_building: list[str], damage: Any
) -> None:
    stored = StoredIndex.objects.get()
    StoredIndex.objects.filter(pk=stored.pk).update(body=damage(bytes(stored.body)))

    assert (place := lookup.locate(*IN_C_NORTH)) and place.admin3_pcode == "SY910102"
    assert no_building == [current_version()]


def test_an_area_changed_by_hand_drops_the_stored_index(small_layer: None) -> None:
    area = AdminArea.objects.get(pcode="SY920100")
    area.name_en = "Renamed"
    area.save()

    assert not StoredIndex.objects.exists()
    assert (place := lookup.locate(11.0, 13.5)) and place.admin3_en == "Renamed"


def test_a_re_import_replaces_the_stored_index(small_layer: None, tmp_path: Path) -> None:
    first = StoredIndex.objects.get().version

    import_boundaries(write_layer(tmp_path / "again.geojson"), progress=False)

    assert list(StoredIndex.objects.values_list("version", flat=True)) == [current_version()]
    assert current_version() != first


@needs_ocha_layer
def test_ochas_layer_comes_back_bit_for_bit() -> None:
    import_boundaries(OCHA_LAYER, progress=False)
    built = index.build(current_version(), lookup.area_rows())
    loaded = index.from_bytes(bytes(StoredIndex.objects.get().body))

    assert loaded is not None
    same_index(loaded, built)
    rng = random.Random(8)
    points = [(rng.uniform(32.3, 37.33), rng.uniform(35.6, 42.4)) for _ in range(5000)]
    assert codes(loaded.find_many(points)) == codes(built.find_many(points))


def test_nothing_is_stored_without_areas() -> None:
    assert lookup.locate(*IN_C_NORTH) is None
    assert not StoredIndex.objects.exists()
    assert index.from_bytes(index.to_bytes(index.build("0:0:", []))) is not None
