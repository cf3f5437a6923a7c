"""manage.py export_incidents: spreadsheet-safe cells, public locations, streaming, formats."""

import csv
import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from nidaa.accounts.models import AuditEntry
from nidaa.core.spreadsheet import TRIGGERS
from nidaa.incidents.interchange import records
from nidaa.incidents.interchange.columns import COLUMNS, HEADER
from nidaa.incidents.models import Actor, Attribution, Incident, LocationMode, Source, Status

pytestmark = pytest.mark.django_db

HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+SUM(A1:A9)", "-2+3", "@SUM(1)",
           "\t=1", "\r=1", " =1", "＝1", "\u200b=1"]  # fmt: skip


def export(kind: str, path: Path, *args: str) -> None:
    call_command("export_incidents", "--format", kind, "-o", str(path), *args, stderr=io.StringIO())


def incident(code: str, **fields: Any) -> Incident:
    values: dict[str, Any] = {
        "started_on": datetime.date(2024, 3, 1),
        "latitude": 35.86174,
        "longitude": 36.80443,
        "place_en": "Saraqab",
        "place_ar": "سراقب",
        "admin1_pcode": "SY07", "admin1_en": "Idlib",
        "admin2_pcode": "SY0700", "admin2_en": "Idlib",
        "admin3_pcode": "SY070003", "admin3_en": "Saraqab",
        "status": Status.PUBLISHED,
        "texts": {"en": {"title": f"Strike {code}", "narrative": ""}},
    }  # fmt: skip
    values.update(fields)
    return Incident.objects.create(code=code, **values)


def rows_of(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as data:
        return list(csv.reader(data))


@pytest.mark.parametrize("kind", ["acled", "hxl"])
def test_no_exported_cell_starts_a_spreadsheet_formula(kind: str, tmp_path: Path) -> None:
    actor = Actor.objects.create(name="=cmd|' /C calc'!A0")
    for number, hostile in enumerate(HOSTILE):
        record = incident(
            f"H{number}",
            texts={"en": {"title": hostile, "narrative": hostile}, "ar": {"title": hostile}},
            place_en=hostile,
            admin1_en=hostile,
        )
        Attribution.objects.create(incident=record, actor=actor)
    path = tmp_path / "incidents.csv"

    export(kind, path)

    rows = rows_of(path)
    data = rows[2:] if kind == "hxl" else rows[1:]
    assert len(data) == len(HOSTILE)
    text_cells = [cell for row in data for cell in row if not is_number(cell)]
    assert not [cell for cell in text_cells if cell.lstrip(" \u200b").startswith(TRIGGERS)]
    assert any(cell.startswith("'=HYPERLINK") for cell in text_cells)


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_a_public_export_shows_points_as_their_location_mode_allows(tmp_path: Path) -> None:
    incident("EXACT")
    incident("ROUNDED", location_mode=LocationMode.ROUNDED)
    incident("HIDDEN", location_mode=LocationMode.HIDDEN)
    incident("CENTRE", location_mode=LocationMode.SUBDISTRICT)
    incident("DRAFT", status=Status.DRAFT)
    path = tmp_path / "public.csv"

    export("acled", path, "--status", "published")

    header, *rows = rows_of(path)
    by_code = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert set(by_code) == {"EXACT", "ROUNDED", "HIDDEN", "CENTRE"}
    exact, rounded, hidden = by_code["EXACT"], by_code["ROUNDED"], by_code["HIDDEN"]
    assert (exact["latitude"], exact["longitude"], exact["location"]) == ("35.86174", "36.80443", "Saraqab")  # fmt: skip
    assert (rounded["latitude"], rounded["longitude"]) == ("35.9", "36.8")
    assert rounded["location"] == rounded["nidaa_location_ar"] == ""  # a village would undo it
    assert rounded["geo_precision"] == "2"
    assert (hidden["latitude"], hidden["longitude"], hidden["location"]) == ("", "", "")
    assert hidden["admin1"] == "Idlib" and hidden["admin3"] == hidden["nidaa_admin3_pcode"] == ""
    centre = by_code["CENTRE"]  # no boundaries imported: rounded instead of the centre
    assert (centre["latitude"], centre["longitude"]) == ("35.9", "36.8")


def test_a_public_export_names_only_the_sources_the_public_pages_show(tmp_path: Path) -> None:
    record = incident("ONE")
    Source.objects.create(incident=record, kind=Source.Kind.MEDIA, publisher="SANA")
    Source.objects.create(incident=record, kind=Source.Kind.WITNESS, publisher="Abu Khaled")
    public, staff = tmp_path / "public.csv", tmp_path / "staff.csv"

    export("acled", public, "--status", "published")
    export("acled", staff)

    assert rows_of(public)[1][HEADER.index("source")] == "SANA"
    assert rows_of(staff)[1][HEADER.index("source")] == "SANA; Abu Khaled"


def test_a_staff_export_of_every_status_keeps_exact_points(tmp_path: Path) -> None:
    incident("HIDDEN", location_mode=LocationMode.HIDDEN)
    incident("DRAFT", status=Status.DRAFT, location_mode=LocationMode.ROUNDED)
    path = tmp_path / "staff.csv"

    export("acled", path)

    header, *rows = rows_of(path)
    assert {row[0] for row in rows} == {"HIDDEN", "DRAFT"}
    for row in rows:
        values = dict(zip(header, row, strict=True))
        assert (values["latitude"], values["location"]) == ("35.86174", "Saraqab")


def test_the_geojson_export_is_a_feature_collection_with_public_points(tmp_path: Path) -> None:
    record = incident("EXACT", grade="fair", killed_min=1, killed_max=3)
    Attribution.objects.create(
        incident=record, actor=Actor.objects.create(name="Russia"), status="likely", basis="flight"
    )
    incident("HIDDEN", location_mode=LocationMode.HIDDEN)
    path = tmp_path / "incidents.geojson"

    export("geojson", path, "--status", "published")

    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    features = {feature["properties"]["code"]: feature for feature in collection["features"]}
    exact = features["EXACT"]
    assert exact["geometry"] == {"type": "Point", "coordinates": [36.80443, 35.86174]}
    properties = exact["properties"]
    assert properties["killed"] == {"min": 1, "max": 3} and properties["grade"] == "fair"
    assert properties["admin1"] == {"pcode": "SY07", "name": "Idlib", "name_ar": ""}
    assert properties["actors"] == [{"name": "Russia", "status": "likely", "basis": "flight"}]
    assert properties["place_ar"] == "سراقب"  # written as UTF-8, not escaped
    assert features["HIDDEN"]["geometry"] is None
    assert "سراقب" in path.read_text(encoding="utf-8")


def test_the_hxl_export_has_a_hashtag_row_under_the_header(tmp_path: Path) -> None:
    incident("ONE")
    path = tmp_path / "incidents.csv"

    export("hxl", path)

    header, tags, row = rows_of(path)
    assert header == list(HEADER)
    assert tags == [tag for _name, tag in COLUMNS]
    assert tags[:2] == ["#event+id", "#date+start"] and row[0] == "ONE"


def test_the_export_reads_the_records_a_slice_at_a_time() -> None:
    actor = Actor.objects.create(name="Russia")
    made = Incident.objects.bulk_create(
        Incident(code=f"C{number:05d}", started_on=datetime.date(2024, 1, 1))
        for number in range(records.SLICE + 5)
    )
    Attribution.objects.create(incident=made[-1], actor=actor)

    exported = records.export_records(None, public=False)

    assert not isinstance(exported, list | tuple)
    rows = list(exported)
    assert [row["code"] for row in rows] == [f"C{number:05d}" for number in range(records.SLICE + 5)]  # fmt: skip
    assert rows[-1]["actors"] == [("Russia", "single_source", "media", "unknown")]


def test_an_export_can_go_to_standard_output(capfdbinary: Any) -> None:
    incident("ONE")

    export("geojson", Path("-"))

    out = capfdbinary.readouterr().out
    assert json.loads(out)["features"][0]["properties"]["code"] == "ONE"


def test_an_export_is_written_in_the_audit_log(tmp_path: Path) -> None:
    incident("ONE")

    export("acled", tmp_path / "public.csv", "--status", "published")

    entry = AuditEntry.objects.get(action="export")
    assert entry.after == {
        "file": "public.csv",
        "format": "acled",
        "status": "published",
        "rows": 1,
        "public": True,
    }


def test_a_failed_export_leaves_no_file(tmp_path: Path) -> None:
    Incident.objects.create(code="BAD", started_on=datetime.date(2024, 1, 1), texts=["not", "a", "dict"])  # fmt: skip
    path = tmp_path / "incidents.csv"

    with pytest.raises(AttributeError):
        export("acled", path)

    assert list(tmp_path.iterdir()) == []
