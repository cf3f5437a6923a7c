"""manage.py import_incidents --format hxl and --format geojson: other people's files."""

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from nidaa.incidents.models import Incident, LocationMode

DATA = Path(__file__).parent / "data"

pytestmark = pytest.mark.django_db


def run_import(path: Path, kind: str) -> str:
    out = io.StringIO()
    call_command("import_incidents", str(path), "--format", kind, stdout=out)
    return out.getvalue()


def failure(path: Path, kind: str) -> str:
    with pytest.raises(CommandError) as raised:
        run_import(path, kind)
    assert Incident.objects.count() == 0
    return str(raised.value)


# --- HXL ------------------------------------------------------------------------------------


def test_hxl_columns_are_found_by_hashtag_under_any_header_rows() -> None:
    run_import(DATA / "hxl_idlib.csv", "hxl")

    city = Incident.objects.get(code="HXL-1")
    assert (str(city.started_on), str(city.ended_on)) == ("2024-04-01", "2024-04-02")
    assert (city.latitude, city.longitude) == (35.93, 36.63)  # "#geo +lon": spaces are allowed
    # "#affected+min+killed": attributes in any order.
    assert (city.killed_min, city.killed_max) == (2, 5)
    assert city.admin1_pcode == "SY07" and city.place_en == "Idlib city"
    assert city.means == "air_strike" and city.title() == "Air strike in Idlib city"
    assert list(city.attributions.values_list("actor__name", flat=True)) == [
        "Military Forces of Russia (2000-)"
    ]


def test_an_hxl_error_names_the_hashtag(tmp_path: Path) -> None:
    path = tmp_path / "partner.csv"
    path.write_text((DATA / "hxl_idlib.csv").read_text().replace("SY07,0,0,artillery", "SY07,0,0,mortar"))  # fmt: skip

    error = failure(path, "hxl")

    assert error.endswith('partner.csv:5:#event+means: "mortar" is not one of: ' + error.split("one of: ")[1])  # fmt: skip
    assert "artillery" in error


def test_a_csv_without_hashtags_is_not_hxl() -> None:
    assert "no row of HXL hashtags" in failure(DATA / "acled_idlib.csv", "hxl")


def test_hxl_without_an_event_id_is_refused_on_the_hashtag_row(tmp_path: Path) -> None:
    path = tmp_path / "partner.csv"
    path.write_text((DATA / "hxl_idlib.csv").read_text().replace("#event+id", "#meta+id"))

    assert failure(path, "hxl").endswith("partner.csv:3:#event+id: the column is missing")


# --- GeoJSON --------------------------------------------------------------------------------


def test_geojson_features_import_with_the_api_s_property_names() -> None:
    run_import(DATA / "features_idlib.geojson", "geojson")

    bakery = Incident.objects.get(code="GJ-1")
    assert (bakery.latitude, bakery.longitude) == (35.9306, 36.6339)
    assert bakery.title() == "Air strike on a bakery in Idlib"
    assert bakery.location_mode == LocationMode.ROUNDED and bakery.grade == "fair"
    assert (bakery.killed_min, bakery.killed_max, bakery.injured_min, bakery.injured_max) == (3, 6, 10, 14)  # fmt: skip
    assert (bakery.strikes, bakery.admin1_pcode, bakery.admin1_en) == (2, "SY07", "Idlib")
    assert list(bakery.attributions.values_list("actor__name", "status", "basis")) == [
        ("Military Forces of Russia (2000-)", "likely", "media")
    ]
    car = Incident.objects.get(code="GJ-2")
    assert car.latitude is None and car.means == "drone"
    assert car.title("ar") == "غارة بطائرة مسيرة على سيارة"
    assert car.narrative("en") == "A drone hit a car."
    assert list(car.attributions.values_list("status", "basis")) == [("declared", "official")]


def features_file(tmp_path: Path, features: list[dict[str, Any]]) -> Path:
    path = tmp_path / "features.geojson"
    lines = ",\n".join(json.dumps(feature) for feature in features)
    path.write_text('{"type": "FeatureCollection", "features": [\n' + lines + "\n]}\n")
    return path


def feature(**properties: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [36.6, 35.9]},
        "properties": {"code": "F", "start": "2024-05-01", **properties},
    }


def test_a_geojson_error_names_the_feature_s_line_and_property(tmp_path: Path) -> None:
    path = features_file(tmp_path, [feature(code="A"), feature(code="B", killed={"min": 5, "max": 2})])  # fmt: skip

    assert failure(path, "geojson").endswith("features.geojson:3:properties.killed.max: is below properties.killed.min")  # fmt: skip


def test_only_point_features_can_be_imported(tmp_path: Path) -> None:
    polygon = feature(code="A")
    polygon["geometry"] = {"type": "Polygon", "coordinates": [[[36, 35], [37, 35], [36, 36], [36, 35]]]}  # fmt: skip

    assert failure(features_file(tmp_path, [polygon]), "geojson").endswith(
        "features.geojson:2:geometry: is a Polygon; only Point features can be imported"
    )


def test_a_property_of_the_wrong_type_is_refused(tmp_path: Path) -> None:
    path = features_file(tmp_path, [feature(code={"id": 1})])

    assert failure(path, "geojson").endswith("features.geojson:2:properties.code: is not a text or a number")  # fmt: skip


def test_broken_json_is_refused_with_its_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.geojson"
    path.write_text('{"type": "FeatureCollection",\n "features": [\n  {"type": "Feature",}\n]}')

    assert "broken.geojson:3:" in failure(path, "geojson")
    assert "not valid JSON" in failure(path, "geojson")


def test_something_else_than_a_feature_collection_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "point.geojson"
    path.write_text('{"type": "Point", "coordinates": [36, 35]}')

    assert failure(path, "geojson").endswith("point.geojson:1:type: is not a GeoJSON FeatureCollection")  # fmt: skip


def test_an_empty_collection_imports_nothing(tmp_path: Path) -> None:
    path = features_file(tmp_path, [])

    assert "Imported 0 incidents" in run_import(path, "geojson")
