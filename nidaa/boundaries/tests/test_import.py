"""manage.py import_boundaries: what it makes, that it can be repeated, and that a bad file
changes nothing."""

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from nidaa.boundaries.lookup import locate, locate_many
from nidaa.boundaries.management.commands.import_boundaries import Command
from nidaa.boundaries.models import AdminArea
from nidaa.boundaries.tests.small_layer import (
    A_SHAPE,
    IN_A,
    POINTS,
    area,
    features,
    square,
    write_layer,
)

pytestmark = pytest.mark.django_db


def run(*args: Any) -> None:
    call_command("import_boundaries", *(str(arg) for arg in args))


def test_it_makes_governorates_districts_and_sub_districts(tmp_path: Path) -> None:
    run(write_layer(tmp_path / "layer.geojson"))

    levels = {level: set(AdminArea.objects.filter(level=level).values_list("pcode", flat=True)) for level in (1, 2, 3)}  # fmt: skip
    assert levels == {
        1: {"SY91", "SY92"},
        2: {"SY9101", "SY9201"},
        3: {"SY910100", "SY910101", "SY910102", "SY920100"},
    }
    a = AdminArea.objects.select_related("parent__parent").get(pcode="SY910100")
    assert (a.name_en, a.name_ar) == ("Area SY910100", "منطقة SY910100")
    assert (a.parent and a.parent.pcode, a.parent and a.parent.parent and a.parent.parent.name_en) == ("SY9101", "North")  # fmt: skip
    assert a.geometry == A_SHAPE
    assert (a.min_lon, a.min_lat, a.max_lon, a.max_lat) == (10, 10, 12, 12)
    assert a.source == "layer.geojson"
    assert (AdminArea.objects.get(pcode="SY910102").geometry or {})["type"] == "MultiPolygon"
    assert AdminArea.objects.get(pcode="SY91").geometry is None


def test_it_names_the_source_it_is_given(tmp_path: Path) -> None:
    run(write_layer(tmp_path / "layer.geojson"), "--source", "OCHA COD-AB 2016")

    assert set(AdminArea.objects.values_list("source", flat=True)) == {"OCHA COD-AB 2016"}


def test_importing_the_same_file_again_updates_and_never_duplicates(tmp_path: Path) -> None:
    path = write_layer(tmp_path / "layer.geojson")
    run(path)
    first = dict(AdminArea.objects.values_list("pcode", "pk"))

    write_layer(path, features(en="Renamed"))
    run(path)

    assert dict(AdminArea.objects.values_list("pcode", "pk")) == first
    assert AdminArea.objects.get(pcode="SY910100").name_en == "Renamed"


def test_a_re_import_is_seen_by_the_next_look_up(tmp_path: Path) -> None:
    path = write_layer(tmp_path / "layer.geojson")
    run(path)
    assert (place := locate(*IN_A)) and place.admin3_en == "Area SY910100"

    write_layer(path, features(en="Renamed"))
    run(path)

    assert (place := locate(*IN_A)) and place.admin3_en == "Renamed"


def test_it_reports_what_it_imported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(write_layer(tmp_path / "layer.geojson"))

    assert "2 governorates, 2 districts, 4 sub-districts (8 new, 0 updated)" in capsys.readouterr().out  # fmt: skip


def failure(tmp_path: Path, bad: dict[str, Any] | str, *args: Any) -> str:
    """The error of importing the small layer with `bad` as its third feature."""
    if isinstance(bad, str):
        path = tmp_path / "bad.geojson"
        path.write_text(bad, encoding="utf-8")
    else:
        layer = features()
        path = write_layer(tmp_path / "bad.geojson", [*layer[:2], bad, *layer[2:]])
    with pytest.raises(CommandError) as raised:
        run(path, *args)
    return str(raised.value)


def test_a_point_fails_the_whole_import_naming_the_file_and_the_feature(tmp_path: Path) -> None:
    point = area("SY910103", {"type": "Point", "coordinates": [11, 11]})

    message = failure(tmp_path, point)

    assert message == (
        f"{tmp_path / 'bad.geojson'}: feature 2: has a Point geometry; only Polygon and "
        "MultiPolygon are accepted. Nothing was imported."
    )
    assert not AdminArea.objects.exists()


@pytest.mark.parametrize(
    ("coordinates", "reason"),
    [
        (
            [[[11, 95], [12, 10], [12, 11], [11, 95]]],
            "ring 0: position 0: the latitude 95 is outside -90…90",
        ),
        (
            [[[11, 10], [12, 10], [12, "11"], [11, 10]]],
            "ring 0: position 2: the latitude '11' is not a number",
        ),
        ([[[11, 10], [12, 10], [12, 11], [11, 11]]], "ring 0: the ring is not closed"),
        ([[[11, 10], [12, 10], [11, 10]]], "ring 0: a ring needs at least 4 positions"),
        (
            [[[11, 10], [12, 10], [12, 11], [11, 10]], [[11.2, 10.2], [11.5]]],
            "ring 1: a ring needs at least 4 positions",
        ),
    ],
)
def test_invalid_coordinates_fail_the_import_with_the_reason(
    tmp_path: Path, coordinates: Any, reason: str
) -> None:
    message = failure(tmp_path, area("SY910103", {"type": "Polygon", "coordinates": coordinates}))

    assert "feature 2: polygon 0: " + reason in message
    assert not AdminArea.objects.exists()


def test_a_feature_without_a_pcode_fails_the_import(tmp_path: Path) -> None:
    unnamed = area("SY910103", {"type": "Polygon", "coordinates": [square(0, 0, 1, 1)]})
    unnamed["properties"]["PCODE"] = " "

    assert "feature 2: has no PCODE." in failure(tmp_path, unnamed)


def test_a_pcode_used_twice_fails_the_import(tmp_path: Path) -> None:
    twice = area("SY910100", {"type": "Polygon", "coordinates": [square(0, 0, 1, 1)]})

    assert "feature 2: its P-code SY910100 is also used by feature 0." in failure(tmp_path, twice)


def test_a_district_in_two_governorates_fails_the_import(tmp_path: Path) -> None:
    moved = area("SY910103", {"type": "Polygon", "coordinates": [square(0, 0, 1, 1)]})
    moved["properties"]["ADM1_PCODE"] = "SY92"

    assert "feature 2: area SY9101 is in SY92 here but in SY91 in feature 0." in failure(tmp_path, moved)  # fmt: skip


def test_a_file_that_is_not_geojson_fails_clearly(tmp_path: Path) -> None:
    assert "bad.geojson: is not valid GeoJSON (Expecting value: line 1 column 1" in failure(tmp_path, "nope")  # fmt: skip
    assert "bad.geojson: is not a GeoJSON FeatureCollection." in failure(tmp_path, "[]")
    assert "missing.geojson: cannot be read" in failure_of_missing(tmp_path)


def failure_of_missing(tmp_path: Path) -> str:
    with pytest.raises(CommandError) as raised:
        run(tmp_path / "missing.geojson")
    return str(raised.value)


def test_a_failing_re_import_keeps_what_was_imported_before(tmp_path: Path) -> None:
    path = write_layer(tmp_path / "layer.geojson")
    run(path)
    before = list(AdminArea.objects.values_list("pcode", "name_en", "imported_at"))
    broken = [*features(en="Renamed"), area("SY910103", {"type": "LineString", "coordinates": []})]

    with pytest.raises(CommandError, match="feature 4: has a LineString geometry"):
        run(write_layer(path, broken))

    assert list(AdminArea.objects.values_list("pcode", "name_en", "imported_at")) == before


def test_a_failure_while_writing_rolls_back_what_was_written(tmp_path: Path) -> None:
    run(write_layer(tmp_path / "layer.geojson"))
    before = list(AdminArea.objects.values_list("pcode", "imported_at"))
    # The second district's governorate is unknown, which is found after the first is written.
    layer = [
        {
            "type": "Feature",
            "properties": {"code": "SY9102", "name": "West", "parent": "SY91"},
            "geometry": {"type": "Polygon", "coordinates": [square(0, 0, 1, 1)]},
        },
        {
            "type": "Feature",
            "properties": {"code": "SY9601", "name": "Lost", "parent": "SY96"},
            "geometry": {"type": "Polygon", "coordinates": [square(1, 0, 2, 1)]},
        },
    ]
    path = write_layer(tmp_path / "districts.geojson", layer)

    with pytest.raises(CommandError, match="feature 1: its parent area SY96 is not imported"):
        run(path, "--level", 2, "--pcode-field", "code", "--name-field", "name", "--name-ar-field", "", "--parent-pcode-field", "parent")  # fmt: skip

    assert list(AdminArea.objects.values_list("pcode", "imported_at")) == before


def test_another_layer_is_read_through_the_properties_it_names(tmp_path: Path) -> None:
    layer = [
        {
            "type": "Feature",
            "properties": {"code": "XY01", "name": "Upland"},
            "geometry": {"type": "Polygon", "coordinates": [square(0, 0, 1, 1)]},
        },
        {
            "type": "Feature",
            "properties": {"code": "XY02", "name": "Lowland"},
            "geometry": {"type": "Polygon", "coordinates": [square(1, 0, 2, 1)]},
        },
    ]
    run(write_layer(tmp_path / "regions.geojson", layer), "--level", 1, "--pcode-field", "code", "--name-field", "name", "--name-ar-field", "")  # fmt: skip

    place = locate(0.5, 1.5)

    assert place and (place.admin1_pcode, place.admin1_en, place.admin3_pcode) == ("XY02", "Lowland", "")  # fmt: skip
    assert AdminArea.objects.get(pcode="XY01").level == AdminArea.Level.GOVERNORATE


def test_a_district_layer_hangs_under_imported_governorates(tmp_path: Path) -> None:
    run(write_layer(tmp_path / "layer.geojson"))
    district = {"type": "Feature", "properties": {"code": "SY9102", "name": "West", "parent": "SY91"}, "geometry": {"type": "Polygon", "coordinates": [square(0, 0, 1, 1)]}}  # fmt: skip

    run(write_layer(tmp_path / "d.geojson", [district]), "--level", 2, "--pcode-field", "code", "--name-field", "name", "--parent-pcode-field", "parent")  # fmt: skip

    west = AdminArea.objects.get(pcode="SY9102")
    assert west.parent and west.parent.pcode == "SY91"
    assert west.name_ar == ""


def test_names_written_the_wrong_way_round_are_swapped_back(tmp_path: Path) -> None:
    swapped = area("SY910103", {"type": "Polygon", "coordinates": [square(0, 0, 1, 1)]}, en="سراقب", ar="Saraqab")  # fmt: skip

    run(write_layer(tmp_path / "layer.geojson", [swapped]))

    saraqab = AdminArea.objects.get(pcode="SY910103")
    assert (saraqab.name_en, saraqab.name_ar) == ("Saraqab", "سراقب")


def test_a_hole_and_a_multipolygon_are_kept_as_they_are(tmp_path: Path) -> None:
    run(write_layer(tmp_path / "layer.geojson"))

    found = [place.admin3_pcode if place else None for place in locate_many(POINTS)]

    assert found == ["SY910100", "SY910101", "SY910102", "SY910102", None, "SY920100", None]


def test_its_help_explains_the_layer_and_the_options() -> None:
    text = Command().create_parser("manage.py", "import_boundaries").format_help()

    for expected in ("FILE", "--source", "--level", "--pcode-field", "--name-field", "--parent-pcode-field", "MultiPolygon"):  # fmt: skip
        assert expected in text
