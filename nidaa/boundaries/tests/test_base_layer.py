"""GET /api/v1/boundaries: the map's base layer, small, valid and cached."""

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from nidaa.boundaries import geometry
from nidaa.boundaries.actions import import_boundaries
from nidaa.boundaries.models import AdminArea, BaseLayer
from nidaa.boundaries.tests.ocha import OCHA_LAYER, SARAQAB, needs_ocha_layer
from nidaa.boundaries.tests.small_layer import IN_A, IN_B, IN_C_NORTH, IN_D, features, write_layer

pytestmark = pytest.mark.django_db

URL = "/api/v1/boundaries"


@pytest.fixture
def small_layer(tmp_path: Path) -> Path:
    return write_layer(tmp_path / "layer.geojson")


def imported(path: Path) -> None:
    import_boundaries(path, progress=False)


def collection(client: Client, query: str = "") -> dict[str, Any]:
    response = client.get(URL + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    document: dict[str, Any] = json.loads(response.content)
    assert_valid(document)
    return document


def assert_valid(document: dict[str, Any]) -> None:
    """A FeatureCollection of Polygons and MultiPolygons with closed rings of [lon, lat]."""
    assert document["type"] == "FeatureCollection"
    for feature in document["features"]:
        assert feature["type"] == "Feature"
        assert set(feature["properties"]) == {"pcode", "name_en", "name_ar", "admin1_pcode"}
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        for ring in geometry.rings(feature["geometry"]):
            assert len(ring) >= 4 and ring[0] == ring[-1]
            assert all(len(point) == 2 and -180 <= point[0] <= 180 and -90 <= point[1] <= 90 for point in ring)  # fmt: skip


def holder(document: dict[str, Any], point: tuple[float, float]) -> str | None:
    lat, lon = point
    found = [f["properties"]["pcode"] for f in document["features"] if geometry.contains(f["geometry"], lon, lat)]  # fmt: skip
    assert len(found) <= 1
    return found[0] if found else None


def test_it_serves_the_sub_districts_as_geojson(client: Client, small_layer: Path) -> None:
    imported(small_layer)

    document = collection(client)

    properties = [feature["properties"] for feature in document["features"]]
    assert properties[0] == {"pcode": "SY910100", "name_en": "Area SY910100", "name_ar": "منطقة SY910100", "admin1_pcode": "SY91"}  # fmt: skip
    assert [p["admin1_pcode"] for p in properties] == ["SY91", "SY91", "SY91", "SY92"]
    assert [holder(document, point) for point in (IN_A, IN_B, IN_C_NORTH, IN_D)] == ["SY910100", "SY910101", "SY910102", "SY920100"]  # fmt: skip


def test_governorates_are_merged_from_their_sub_districts(
    client: Client, small_layer: Path
) -> None:
    imported(small_layer)

    document = collection(client, "?level=1")

    assert [f["properties"]["pcode"] for f in document["features"]] == ["SY91", "SY92"]
    north = document["features"][0]
    assert north["properties"] == {"pcode": "SY91", "name_en": "North", "name_ar": "الشمال", "admin1_pcode": "SY91"}  # fmt: skip
    # A's hole is filled by B, in the same governorate: no hole is left, and C's two parts stay.
    assert north["geometry"]["type"] == "MultiPolygon"
    assert [len(polygon) for polygon in north["geometry"]["coordinates"]] == [1, 1]
    assert [holder(document, point) for point in (IN_A, IN_B, IN_C_NORTH, IN_D)] == ["SY91", "SY91", "SY91", "SY92"]  # fmt: skip


def test_districts_can_be_asked_for_too(client: Client, small_layer: Path) -> None:
    imported(small_layer)

    assert [f["properties"]["pcode"] for f in collection(client, "?level=2")["features"]] == ["SY9101", "SY9201"]  # fmt: skip


def test_an_unknown_level_is_refused(client: Client) -> None:
    response = client.get(URL + "?level=4")

    assert response.status_code == 400
    assert response.json() == {"error": "level must be 1, 2 or 3"}


def test_without_boundaries_the_collection_is_empty(client: Client) -> None:
    assert collection(client) == {"type": "FeatureCollection", "features": []}


def test_it_is_cached_by_browsers_and_revalidated_by_its_etag(
    client: Client, small_layer: Path
) -> None:
    imported(small_layer)

    first = client.get(URL)
    again = client.get(URL, headers={"if-none-match": first["ETag"]})

    assert first["Cache-Control"] == "public, max-age=86400"
    assert first["ETag"].startswith('"') and first["ETag"].endswith('"')
    assert "Accept-Encoding" in first["Vary"]
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_it_is_served_gzipped_to_browsers_that_accept_it(client: Client, small_layer: Path) -> None:
    imported(small_layer)

    plain = client.get(URL)
    packed = client.get(URL, headers={"accept-encoding": "gzip, deflate"})

    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert "Content-Encoding" not in plain


def test_the_document_is_made_at_import_and_served_from_storage(
    client: Client, small_layer: Path
) -> None:
    imported(small_layer)
    assert BaseLayer.objects.count() == 3
    client.get(URL)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)

    assert response.status_code == 200
    assert len(queries) == 1  # the version check; no areas read, no JSON made


def test_a_re_import_changes_the_document_and_its_etag(client: Client, small_layer: Path) -> None:
    imported(small_layer)
    first = client.get(URL)

    imported(write_layer(small_layer, features(en="Renamed")))
    second = client.get(URL, headers={"if-none-match": first["ETag"]})

    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert json.loads(second.content)["features"][0]["properties"]["name_en"] == "Renamed"


def test_areas_made_without_the_importer_are_served_too(client: Client) -> None:
    square = [[36.52, 35.7], [36.72, 35.7], [36.72, 35.9], [36.52, 35.9], [36.52, 35.7]]
    AdminArea.objects.create(pcode="SY070500", level=3, name_en="Ariha", geometry={"type": "Polygon", "coordinates": [square]})  # fmt: skip

    document = collection(client)

    assert [f["properties"]["pcode"] for f in document["features"]] == ["SY070500"]


def test_an_area_changed_by_hand_changes_the_document(client: Client, small_layer: Path) -> None:
    imported(small_layer)
    first = client.get(URL)
    area = AdminArea.objects.get(pcode="SY91")
    area.name_en = "Renamed by hand"
    area.save()

    second = client.get(URL + "?level=1")

    assert second["ETag"] != first["ETag"]
    assert json.loads(second.content)["features"][0]["properties"]["name_en"] == "Renamed by hand"


# --- OCHA's Syria layer ---------------------------------------------------------------------
# Last in the module: the layer is imported once and stays until the module's tests end.


@pytest.fixture(scope="module")
def ocha(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    if not OCHA_LAYER.is_file():
        pytest.skip("OCHA's Syria layer is not in ../shared/data/boundaries")
    with django_db_blocker.unblock(), transaction.atomic():
        import_boundaries(OCHA_LAYER, progress=False)
        yield
        transaction.set_rollback(True)


@needs_ocha_layer
def test_the_syria_layer_is_small_enough_for_a_phone(client: Client, ocha: None) -> None:
    plain = client.get(URL)
    packed = client.get(URL, headers={"accept-encoding": "gzip"})
    document = json.loads(plain.content)

    assert_valid(document)
    assert len(document["features"]) == 272
    assert len(plain.content) < 260_000
    assert len(packed.content) < 70_000
    # Coordinates are rounded to four decimals.
    assert all(round(x, 4) == x for f in document["features"] for ring in geometry.rings(f["geometry"]) for x, _ in ring)  # fmt: skip
    assert holder(document, SARAQAB) == "SY070003"


@needs_ocha_layer
def test_the_syria_governorates_are_merged_with_damascus_as_a_hole(
    client: Client, ocha: None
) -> None:
    document = collection(client, "?level=1")

    by_pcode = {f["properties"]["pcode"]: f for f in document["features"]}
    assert len(by_pcode) == 14
    assert holder(document, SARAQAB) == "SY07"
    # Damascus city lies inside Rural Damascus: a point in the city is in SY01 only.
    assert holder(document, (33.513, 36.292)) == "SY01"
    assert len(json.dumps(document)) < 80_000
