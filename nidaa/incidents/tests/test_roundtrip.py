"""Export, then import: the same records, field for field, in every format that goes both ways."""

import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from nidaa.incidents.models import Actor, Attribution, Incident, LocationMode, Status

pytestmark = pytest.mark.django_db

FORMATS = ["acled", "hxl", "geojson"]
FIELDS = (
    "code", "started_on", "ended_on", "time_precision", "latitude", "longitude",
    "geo_precision", "location_mode", "place_en", "place_ar",
    "admin1_pcode", "admin1_en", "admin1_ar", "admin2_pcode", "admin2_en", "admin2_ar",
    "admin3_pcode", "admin3_en", "admin3_ar", "means", "strikes", "locations",
    "killed_min", "killed_max", "injured_min", "injured_max", "grade",
)  # fmt: skip


def make_records() -> None:
    russia = Actor.objects.create(name="Military Forces of Russia (2000-)", kind="state")
    syria = Actor.objects.create(name="Military Forces of Syria (2000-)", kind="state")
    hostile = Actor.objects.create(name="@Unidentified =group", kind="militia")
    market = Incident.objects.create(
        code="NID-20240301-A1B2C3",
        texts={
            "en": {
                "title": "Air strikes on Ariha market",
                "narrative": "Two strikes, minutes apart.\nA second line.",
            },
            "ar": {"title": "غارات على سوق أريحا", "narrative": "غارتان بفارق دقائق."},
        },
        started_on=datetime.date(2024, 3, 1),
        ended_on=datetime.date(2024, 3, 2),
        time_precision=1,
        latitude=35.812834,
        longitude=36.611712,
        geo_precision=1,
        place_en="Ariha",
        place_ar="أريحا",
        admin1_pcode="SY07",
        admin1_en="Idlib",
        admin1_ar="إدلب",
        admin2_pcode="SY0703",
        admin2_en="Ariha",
        admin2_ar="أريحا",
        admin3_pcode="SY070300",
        admin3_en="Ariha",
        admin3_ar="أريحا",
        strikes=2,
        locations=1,
        means="air_strike",
        killed_min=4,
        killed_max=7,
        injured_min=10,
        injured_max=15,
        grade="confirmed",
        status=Status.PUBLISHED,
    )
    Attribution.objects.create(incident=market, actor=russia, basis="flight", status="likely")
    Attribution.objects.create(incident=market, actor=syria, basis="witness", status="contested")
    # Cells a spreadsheet would run, which the export quotes and the import unquotes.
    sheet = Incident.objects.create(
        code="=SUM(A1)",
        texts={"en": {"title": '=HYPERLINK("http://evil.example")', "narrative": "-1 +2"}},
        started_on=datetime.date(2024, 3, 5),
        latitude=-12.5,
        longitude=-0.25,
        geo_precision=2,
        location_mode=LocationMode.HIDDEN,
        place_en="+Saraqab",
        means="unknown",
        status=Status.DRAFT,
    )
    Attribution.objects.create(incident=sheet, actor=hostile)
    # No point, Arabic only, sub-district mode, nothing attributed.
    Incident.objects.create(
        code="UCDP-244001",
        texts={"ar": {"title": "قصف على كفرنبل", "narrative": ""}},
        started_on=datetime.date(2019, 5, 6),
        time_precision=3,
        geo_precision=3,
        location_mode=LocationMode.SUBDISTRICT,
        admin1_en="Idlib governorate",
        means="rocket",
        status=Status.VERIFIED,
    )


def state() -> dict[str, Any]:
    """Every record's fields, texts (without empty entries) and attributions, by code."""
    found = {}
    for incident in Incident.objects.order_by("code"):
        values = {name: getattr(incident, name) for name in FIELDS}
        values["texts"] = {
            language: {part: text for part, text in entry.items() if text}
            for language, entry in incident.texts.items()
            if any(entry.values())
        }
        values["attributions"] = list(
            incident.attributions.order_by("pk").values_list("actor__name", "status", "basis")
        )
        found[incident.code] = values
    return found


def export(kind: str, path: Path) -> None:
    call_command("export_incidents", "--format", kind, "-o", str(path), stderr=io.StringIO())


def run_import(kind: str, path: Path) -> str:
    out = io.StringIO()
    call_command("import_incidents", str(path), "--format", kind, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("kind", FORMATS)
def test_an_export_imports_into_an_empty_database_as_the_same_records(kind: str, tmp_path: Path) -> None:  # fmt: skip
    make_records()
    before = state()
    path = tmp_path / f"incidents.{kind}"
    export(kind, path)
    Incident.objects.all().delete()
    Actor.objects.all().delete()

    output = run_import(kind, path)

    assert "3 new" in output
    assert state() == before


@pytest.mark.parametrize("kind", FORMATS)
def test_an_export_imported_over_its_own_records_changes_nothing(kind: str, tmp_path: Path) -> None:  # fmt: skip
    make_records()
    before = state()
    statuses = dict(Incident.objects.values_list("code", "status"))
    path = tmp_path / f"incidents.{kind}"
    export(kind, path)

    output = run_import(kind, path)

    assert "0 new, 3 updated" in output
    assert state() == before
    assert dict(Incident.objects.values_list("code", "status")) == statuses
    assert Actor.objects.count() == 3


def test_an_acled_export_reads_as_acled_data(tmp_path: Path) -> None:
    make_records()
    path = tmp_path / "incidents.csv"
    export("acled", path)

    header, *rows = path.read_text(encoding="utf-8-sig").splitlines()

    assert header.startswith("event_id_cnty,event_date,year,time_precision,disorder_type,")
    market = next(row for row in rows if row.startswith("NID-20240301-A1B2C3"))
    assert ",Air/drone strike,Military Forces of Russia (2000-),Military Forces of Syria (2000-),1," in market  # fmt: skip
    assert ",Civilians (Syria),,7,17,,760,Middle East,Syria,Idlib,Ariha,Ariha,Ariha,35.812834,36.611712,1," in market  # fmt: skip
