"""Point look-up: locate, locate_many, centroid and governorates, on the small made-up layer
and on OCHA's Syria layer."""

import math
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from nidaa.boundaries import geometry
from nidaa.boundaries.actions import import_boundaries
from nidaa.boundaries.lookup import centroid, governorates, locate, locate_many
from nidaa.boundaries.models import AdminArea
from nidaa.boundaries.tests.ocha import OCHA_LAYER, SARAQAB, needs_ocha_layer
from nidaa.boundaries.tests.small_layer import IN_C_NORTH, POINTS, write_layer

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_layer(tmp_path: Path) -> None:
    import_boundaries(write_layer(tmp_path / "layer.geojson"), progress=False)


def pcodes(places: list[Any]) -> list[str | None]:
    return [place.admin3_pcode if place else None for place in places]


def brute_force(points: list[tuple[float, float]]) -> list[str | None]:
    """For each point, the first sub-district in P-code order whose polygon holds it, testing
    every polygon (skipping only those whose bounding box misses the point)."""
    areas = list(AdminArea.objects.filter(level=3).order_by("pcode"))
    return [
        next(
            (
                area.pcode
                for area in areas
                if area.min_lon <= lon <= area.max_lon  # type: ignore[operator]
                and area.min_lat <= lat <= area.max_lat  # type: ignore[operator]
                and geometry.contains(area.geometry, lon, lat)
            ),
            None,
        )
        for lat, lon in points
    ]


def test_a_point_gets_its_sub_district_district_and_governorate(small_layer: None) -> None:
    place = locate(*IN_C_NORTH)

    assert place is not None
    assert (place.admin1_pcode, place.admin1_en, place.admin1_ar) == ("SY91", "North", "الشمال")
    assert (place.admin2_pcode, place.admin2_en) == ("SY9101", "District SY9101")
    assert (place.admin3_pcode, place.admin3_en, place.admin3_ar) == ("SY910102", "Area SY910102", "منطقة SY910102")  # fmt: skip


def test_holes_multipolygons_and_gaps_are_answered_like_the_polygons_say(small_layer: None) -> None:
    assert pcodes([locate(*point) for point in POINTS]) == [
        "SY910100",  # A
        "SY910101",  # B, in A's hole
        "SY910102",  # C's southern part
        "SY910102",  # C's northern part
        None,  # between C's parts
        "SY920100",  # D
        None,  # far away
    ]


def test_locate_many_answers_in_order_and_repeats(small_layer: None) -> None:
    points = POINTS * 3

    assert pcodes(locate_many(points)) == pcodes([locate(*point) for point in points])


def test_locate_many_agrees_with_testing_every_polygon(small_layer: None) -> None:
    rng = random.Random(4)
    points = [(rng.uniform(9.5, 14.5), rng.uniform(9.5, 14.5)) for _ in range(3000)]
    # Points on the borders and corners too, where a careless index would err.
    points += [
        (lat, lon) for lat in (10, 10.5, 11, 11.5, 12) for lon in (10, 10.5, 11.5, 12, 13, 14)
    ]

    assert pcodes(locate_many(points)) == brute_force(points)


def test_a_point_without_a_usable_coordinate_is_in_no_area(small_layer: None) -> None:
    points = [(None, 10.2), (10.2, None), (math.nan, 10.2), (10.2, math.inf), (-math.inf, 10.2)]

    assert locate_many(points) == [None] * len(points)


def test_locate_many_reads_the_database_once(small_layer: None) -> None:
    locate(*IN_C_NORTH)  # builds the index

    with CaptureQueriesContext(connection) as queries:
        locate_many(POINTS * 100)

    assert len(queries) == 1  # the version check


def test_without_boundaries_nothing_is_located() -> None:
    assert locate(*IN_C_NORTH) is None
    assert locate_many([IN_C_NORTH]) == [None]
    assert centroid("SY910102") is None
    assert governorates() == []


def test_the_centre_of_a_sub_district_is_its_centroid_when_inside(small_layer: None) -> None:
    assert centroid("SY920100") == (11.0, 13.5)
    assert centroid("SY910101") == (11.0, 11.0)


def test_the_centre_of_a_ring_shaped_area_lies_inside_it(small_layer: None) -> None:
    # A's centroid is the middle of its hole, which is B: the centre must be in A itself.
    lat, lon = centroid("SY910100") or (0, 0)

    assert (place := locate(lat, lon)) and place.admin3_pcode == "SY910100"


def test_a_governorate_has_a_centre_inside_it(small_layer: None) -> None:
    lat, lon = centroid("SY91") or (0, 0)

    assert (place := locate(lat, lon)) and place.admin1_pcode == "SY91"
    assert centroid("SY92") == (11.0, 13.5)
    assert centroid("SY9999") is None


def test_the_place_carries_its_sub_district_centre(small_layer: None) -> None:
    place = locate(11.0, 13.9)

    assert place and (place.centroid_lat, place.centroid_lon) == (11.0, 13.5)


def test_governorates_are_listed_in_pcode_order(small_layer: None) -> None:
    assert [(area.pcode, area.name_en) for area in governorates()] == [("SY91", "North"), ("SY92", "South")]  # fmt: skip


def test_areas_made_without_the_importer_are_found_too() -> None:
    # Other parts' tests make areas by hand; the index must notice them.
    square = [[36.52, 35.7], [36.72, 35.7], [36.72, 35.9], [36.52, 35.9], [36.52, 35.7]]
    governorate = AdminArea.objects.create(pcode="SY07", level=1, name_en="Idleb")
    AdminArea.objects.create(pcode="SY070500", level=3, name_en="Ariha", parent=governorate, geometry={"type": "Polygon", "coordinates": [square]})  # fmt: skip

    assert (place := locate(35.8, 36.6)) and (place.admin1_pcode, place.admin3_en) == ("SY07", "Ariha")  # fmt: skip
    assert centroid("SY070500") == pytest.approx((35.8, 36.62))


def test_an_area_changed_by_hand_is_seen_at_once(small_layer: None) -> None:
    assert (place := locate(*IN_C_NORTH)) and place.admin3_pcode == "SY910102"
    moved = AdminArea.objects.get(pcode="SY920100")
    moved.geometry = {"type": "Polygon", "coordinates": [[[12, 11.5], [14, 11.5], [14, 12], [12, 12], [12, 11.5]]]}  # fmt: skip
    moved.min_lon = 12
    moved.save()

    # D now overlaps C's northern part; C still comes first in P-code order.
    assert (place := locate(11.8, 13.5)) and place.admin3_pcode == "SY920100"
    assert (place := locate(11.0, 13.5)) is None


# --- OCHA's Syria layer ---------------------------------------------------------------------
# Last in the module: the layer is imported once and stays until the module's tests end.


@pytest.fixture(scope="module")
def ocha(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The layer imported once for the module, and rolled back after it."""
    if not OCHA_LAYER.is_file():
        pytest.skip("OCHA's Syria layer is not in ../shared/data/boundaries")
    with django_db_blocker.unblock(), transaction.atomic():
        import_boundaries(OCHA_LAYER, progress=False)
        yield
        transaction.set_rollback(True)


def syria_points(count: int, seed: int) -> list[tuple[float, float]]:
    """Random (lat, lon) in the layer's bounding box: Syria and its neighbours' borderlands."""
    rng = random.Random(seed)
    return [(rng.uniform(32.3, 37.33), rng.uniform(35.6, 42.4)) for _ in range(count)]


@needs_ocha_layer
def test_saraqab_is_in_idlib_governorate(ocha: None) -> None:
    place = locate(*SARAQAB)

    assert place is not None
    assert (place.admin1_pcode, place.admin1_en, place.admin1_ar) == ("SY07", "Idleb", "إدلب")
    assert (place.admin2_pcode, place.admin2_en) == ("SY0700", "Idleb")
    assert (place.admin3_pcode, place.admin3_en, place.admin3_ar) == ("SY070003", "Saraqab", "سراقب")  # fmt: skip


@needs_ocha_layer
def test_the_layer_has_every_governorate(ocha: None) -> None:
    assert len(governorates()) == 14
    assert AdminArea.objects.filter(level=3, pcode__startswith="SY07").count() == 26


@needs_ocha_layer
def test_locate_many_agrees_with_locate_and_with_every_polygon_on_the_real_layer(
    ocha: None,
) -> None:
    points = syria_points(3000, seed=5)

    many = pcodes(locate_many(points))

    assert many == pcodes([locate(*point) for point in points])
    assert many[:1000] == brute_force(points[:1000])
    assert 1000 < sum(1 for pcode in many if pcode) < 2000  # about half the box is Syria


@needs_ocha_layer
def test_locate_many_places_well_over_20000_points_a_second(ocha: None) -> None:
    locate(*SARAQAB)  # the index is built once per process, not per import of incidents
    points = syria_points(100_000, seed=6)

    started = time.perf_counter()
    locate_many(points)
    rate = len(points) / (time.perf_counter() - started)

    print(f"locate_many: {rate:,.0f} points/s")
    assert rate > 60_000


@needs_ocha_layer
def test_every_sub_district_centre_lies_in_it(ocha: None) -> None:
    for area in AdminArea.objects.filter(level=3):
        lat, lon = centroid(area.pcode) or (0, 0)
        assert geometry.contains(area.geometry, lon, lat), area.pcode
