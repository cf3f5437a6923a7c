"""manage.py import_incidents --format acled: mapping, idempotency, dry runs, status, errors."""

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from nidaa.accounts.models import AuditEntry
from nidaa.boundaries.models import AdminArea
from nidaa.core.middleware import GENERATION_KEY
from nidaa.incidents.interchange import store
from nidaa.incidents.interchange.rows import RowReader
from nidaa.incidents.models import (
    Actor,
    Attribution,
    Incident,
    Means,
    ProtectedSite,
    ProtectedSiteHit,
    Status,
)
from nidaa.incidents.workflow import history

DATA = Path(__file__).parent / "data"
ACLED = DATA / "acled_idlib.csv"

pytestmark = pytest.mark.django_db


def run_import(path: Path, *args: str, kind: str = "acled") -> str:
    out = io.StringIO()
    call_command("import_incidents", str(path), "--format", kind, *args, stdout=out)
    return out.getvalue()


def failure(path: Path, *args: str, kind: str = "acled") -> str:
    with pytest.raises(CommandError) as raised:
        run_import(path, *args, kind=kind)
    return str(raised.value)


def edited(tmp_path: Path, replace: dict[str, str], name: str = "events.csv") -> Path:
    """The fixture with some text replaced, as a new file."""
    text = ACLED.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def square(west: float, south: float, size: float) -> dict[str, Any]:
    ring = [[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]]  # fmt: skip
    return {"type": "Polygon", "coordinates": [ring]}


def test_it_maps_acled_columns_onto_the_record() -> None:
    output = run_import(ACLED)

    assert "5 new" in output
    ariha = Incident.objects.get(code="SYR9001")
    assert str(ariha.started_on) == "2024-03-01"
    assert (ariha.latitude, ariha.longitude) == (35.8128, 36.6117)
    assert ariha.place_en == "Ariha" and ariha.admin1_en == "Idlib" and ariha.admin2_en == "Ariha"
    assert ariha.title() == "Air/drone strike in Ariha"
    assert ariha.narrative().startswith("On 1 March 2024, Russian warplanes")
    assert ariha.means == Means.AIR_STRIKE
    # Civilians were targeted: the fatalities are civilians.
    assert (ariha.killed_min, ariha.killed_max) == (4, 4)
    actors = [(a.actor.name, a.status, a.basis) for a in ariha.attributions.order_by("pk")]
    assert actors == [
        ("Military Forces of Russia (2000-)", "single_source", "media"),
        ("Military Forces of Syria (2000-)", "single_source", "media"),
    ]
    assert Actor.objects.get(name="Military Forces of Russia (2000-)").kind == Actor.Kind.STATE


def test_it_reads_acled_conventions() -> None:
    run_import(ACLED)

    saraqab = Incident.objects.get(code="SYR9002")
    # Not civilian targeting: between none and all of the fatalities were civilians.
    assert (saraqab.killed_min, saraqab.killed_max) == (0, 3)
    assert saraqab.means == Means.ROCKET  # "rockets" in the notes refine the shelling
    assert saraqab.geo_precision == 2
    sarmada = Incident.objects.get(code="SYR9003")
    assert str(sarmada.started_on) == "2024-03-05"  # "05 March 2024"
    assert sarmada.means == Means.BARREL_BOMB
    assert "\n" in sarmada.narrative()  # a quoted cell over two lines
    city = Incident.objects.get(code="SYR9004")
    assert city.latitude is None and city.time_precision == 3
    assert city.means == Means.GROUND_ATTACK
    assert Actor.objects.get(name="Unidentified Armed Group (Syria)").kind == Actor.Kind.MILITIA
    chemical = Incident.objects.get(code="SYR9005")
    assert chemical.means == Means.CHEMICAL
    assert chemical.attributions.count() == 3


def test_imported_records_wait_for_a_verifier_by_default() -> None:
    run_import(ACLED)

    assert set(Incident.objects.values_list("status", flat=True)) == {Status.SUBMITTED}
    assert not Incident.objects.filter(published_at__isnull=False).exists()


def test_a_trusted_dataset_can_be_published_and_the_public_pages_go_stale(
    django_capture_on_commit_callbacks: Any,
) -> None:
    cache.set(GENERATION_KEY, 1, None)
    with django_capture_on_commit_callbacks(execute=True):
        run_import(ACLED, "--status", "published")

    assert Incident.objects.published().count() == 5
    assert not Incident.objects.filter(published_at__isnull=True).exists()
    assert cache.get(GENERATION_KEY) != 1


def test_importing_the_same_file_twice_updates_and_never_duplicates(tmp_path: Path) -> None:
    run_import(ACLED)
    first = {i.code: i.pk for i in Incident.objects.all()}
    changed = edited(tmp_path, {'killing 4 civilians.",4,': 'killing 6 civilians.",6,'})

    output = run_import(changed)

    assert "0 new, 5 updated" in output
    assert {i.code: i.pk for i in Incident.objects.all()} == first
    ariha = Incident.objects.get(code="SYR9001")
    assert (ariha.killed_min, ariha.killed_max) == (6, 6)
    assert "killing 6 civilians" in ariha.narrative()
    assert Attribution.objects.count() == 8
    assert Actor.objects.count() == 4


def test_a_re_import_keeps_the_status_translations_and_grade_made_here() -> None:
    run_import(ACLED, "--status", "published")
    ariha = Incident.objects.get(code="SYR9001")
    ariha.texts["ar"] = {"title": "غارة على سوق أريحا", "narrative": ""}
    ariha.grade = "confirmed"
    ariha.save()

    run_import(ACLED)

    ariha.refresh_from_db()
    assert ariha.status == Status.PUBLISHED
    assert ariha.grade == "confirmed"
    assert ariha.title("ar") == "غارة على سوق أريحا"
    assert ariha.title("en") == "Air/drone strike in Ariha"


def test_a_given_status_applies_to_existing_records_too() -> None:
    run_import(ACLED)

    run_import(ACLED, "--status", "published")

    assert Incident.objects.published().count() == 5


def test_the_file_replaces_the_attributions_of_its_records(tmp_path: Path) -> None:
    run_import(ACLED)
    changed = edited(tmp_path, {"Military Forces of Russia (2000-); Hezbollah": "Hezbollah"})

    run_import(changed)

    chemical = Incident.objects.get(code="SYR9005")
    assert sorted(chemical.attributions.values_list("actor__name", flat=True)) == [
        "Hezbollah",
        "Military Forces of Syria (2000-)",
    ]


def test_a_dry_run_checks_and_counts_but_writes_nothing() -> None:
    output = run_import(ACLED, "--dry-run")

    assert "5 incidents" in output and "5 would be new" in output
    assert Incident.objects.count() == 0 and Actor.objects.count() == 0


def test_a_dry_run_counts_the_records_that_would_be_updated() -> None:
    run_import(ACLED)

    output = run_import(ACLED, "--dry-run", "--status", "published")

    assert "0 would be new, 5 would be updated" in output
    assert Incident.objects.published().count() == 0


def test_admin_areas_come_from_the_boundaries_where_the_point_falls() -> None:
    governorate = AdminArea.objects.create(pcode="SY07", level=1, name_en="Idlib", name_ar="إدلب")
    district = AdminArea.objects.create(
        pcode="SY0700", level=2, name_en="Idlib", name_ar="إدلب", parent=governorate
    )
    AdminArea.objects.create(
        pcode="SY070003", level=3, name_en="Saraqab", name_ar="سراقب", parent=district,
        geometry=square(36.7, 35.8, 0.2),
        min_lon=36.7, min_lat=35.8, max_lon=36.9, max_lat=36.0,
    )  # fmt: skip

    run_import(ACLED)

    saraqab = Incident.objects.get(code="SYR9002")
    assert (saraqab.admin1_pcode, saraqab.admin1_ar) == ("SY07", "إدلب")
    assert (saraqab.admin3_pcode, saraqab.admin3_en) == ("SY070003", "Saraqab")
    # Outside every boundary: the file's names stay.
    ariha = Incident.objects.get(code="SYR9001")
    assert (ariha.admin1_pcode, ariha.admin2_en) == ("", "Ariha")


def test_when_every_point_has_an_area_each_record_gets_its_own(tmp_path: Path) -> None:
    governorate = AdminArea.objects.create(pcode="SY07", level=1, name_en="Idlib", name_ar="إدلب")
    district = AdminArea.objects.create(
        pcode="SY0700", level=2, name_en="Idlib", name_ar="إدلب", parent=governorate
    )
    # Two strips side by side, from 35°N to 37°N, split at 36.7°E.
    for pcode, name, west, east in (("SY070001", "West", 36.0, 36.7), ("SY070003", "East", 36.7, 37.4)):  # fmt: skip
        ring = [[west, 35.0], [east, 35.0], [east, 37.0], [west, 37.0], [west, 35.0]]
        AdminArea.objects.create(
            pcode=pcode, level=3, name_en=name, name_ar=name, parent=district,
            geometry={"type": "Polygon", "coordinates": [ring]},
            min_lon=west, min_lat=35.0, max_lon=east, max_lat=37.0,
        )  # fmt: skip
    # The record without a point goes, so that every point left lies in an area.
    with ACLED.open(encoding="utf-8", newline="") as stream:
        header, *rows = list(csv.reader(stream))
    path = tmp_path / "placed.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([header, *(row for row in rows if row[0] != "SYR9004")])

    run_import(path)

    areas = dict(Incident.objects.values_list("code", "admin3_en"))
    assert areas == {"SYR9001": "West", "SYR9002": "East", "SYR9003": "East", "SYR9005": "West"}
    assert set(Incident.objects.values_list("admin1_pcode", "admin2_ar")) == {("SY07", "إدلب")}


def test_imported_points_are_checked_against_protected_sites() -> None:
    ProtectedSite.objects.create(
        name="Ariha hospital", kind="hospital", latitude=35.8130, longitude=36.6120,
        notified_on="2024-01-01",
    )  # fmt: skip

    run_import(ACLED)

    hit = ProtectedSiteHit.objects.get()
    assert hit.incident.code == "SYR9001"
    assert Incident.objects.get(code="SYR9001").near_protected_site


def test_an_import_is_written_in_the_audit_log() -> None:
    run_import(ACLED)

    entry = AuditEntry.objects.get(action="import")
    assert entry.after is not None
    assert entry.after["file"] == "acled_idlib.csv" and entry.after["created"] == 5


def test_each_record_s_history_shows_the_imports_that_wrote_it(
    tmp_path: Path, verifier: Any, client: Any, sign_in: Any
) -> None:
    run_import(ACLED)
    # Codes that differ in case only, or contain another code, are other records.
    other = edited(tmp_path, {"SYR9001,": "syr9001,", "SYR9002,": "SYR90012,"}, "other.csv")
    run_import(other)
    run_import(ACLED, "--status", "published")
    ariha = Incident.objects.get(code="SYR9001")

    items = history(verifier, ariha)

    assert [(item.action, item.subject) for item in items] == [
        ("imported from a file", "acled_idlib.csv (acled)"),
        ("imported from a file", "acled_idlib.csv (acled)"),
    ]
    assert [item.subject for item in history(verifier, Incident.objects.get(code="syr9001"))] == ["other.csv (acled)"]  # fmt: skip
    sign_in(client, verifier)
    page = client.get(f"/en/record/{ariha.code}/").content.decode()
    assert page.count("imported from a file · acled_idlib.csv (acled)") == 2


def test_a_spreadsheet_s_byte_order_mark_and_empty_rows_are_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    text = ACLED.read_text(encoding="utf-8")
    path.write_text("\ufeff" + text + ",,,,,,\n\n", encoding="utf-8")

    run_import(path)

    assert Incident.objects.count() == 5


# --- Errors: file, line, column and reason, and nothing written ------------------------------


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        (
            {"SYR9002,2024-03-02": "SYR9002,2024-13-01"},
            'events.csv:3:event_date: "2024-13-01" is not a date (YYYY-MM-DD)',
        ),
        ({"SYR9004,2024-03-07": "SYR9004,"}, "events.csv:6:event_date: is empty"),
        (
            {"35.4417,36.65": "95.4417,36.65"},
            'events.csv:7:latitude: "95.4417" is not a number between -90 and 90',
        ),
        ({"35.4417,36.65": "35.4417,east"}, 'events.csv:7:longitude: "east" is not a number'),
        ({"35.4417,36.65": "35.4417,"}, "events.csv:7:longitude: is empty; give both"),
        (
            {"35.8617,36.8044,2": "35.8617,36.8044,4"},
            'events.csv:3:geo_precision: "4" is not 1, 2 or 3',
        ),
        (
            {"Saraqab; 3 people were killed.,3,": "Saraqab; 3 people were killed.,-3,"},
            'events.csv:3:fatalities: "-3" is not a whole number',
        ),
        (
            {"SYR9003,05 March": "SYR9001,05 March"},
            'events.csv:4:event_id_cnty: "SYR9001" appears again (first on line 2)',
        ),
        ({"SYR9005,": ","}, "events.csv:7:event_id_cnty: is empty"),
        (
            {"Idlib,Ariha,Ariha,Ariha,": "Idlib,Ariha,Ariha," + "x" * 201 + ","},
            "events.csv:2:location: is longer than 200 characters",
        ),
        (
            {",1709942400": ",1709942400,extra"},
            "events.csv:7:32: the row has 32 cells, the header 31",
        ),
    ],
)
def test_a_bad_cell_fails_the_whole_import_naming_where_and_why(
    tmp_path: Path, replace: dict[str, str], message: str
) -> None:
    path = edited(tmp_path, replace)

    error = failure(path)

    assert error.startswith(str(tmp_path / message.split(":")[0]) + ":")
    assert message.split(":", 1)[1] in error
    assert Incident.objects.count() == 0 and Actor.objects.count() == 0


def test_a_missing_column_is_named_on_the_header_line(tmp_path: Path) -> None:
    path = edited(tmp_path, {"event_id_cnty,event_date": "event_id,event_date"})

    assert failure(path).endswith("events.csv:1:event_id_cnty: the column is missing")


def test_a_bad_row_late_in_the_file_leaves_earlier_rows_unwritten(tmp_path: Path) -> None:
    run_import(ACLED)
    path = edited(
        tmp_path,
        {'killing 4 civilians.",4,': 'killing 6 civilians.",6,', "36.65,1,OPCW": "36.65,9,OPCW"},
    )

    error = failure(path)

    assert "events.csv:7:geo_precision" in error
    assert Incident.objects.get(code="SYR9001").killed_max == 4


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(ACLED.read_text(encoding="utf-8").replace("Ariha", "Aríha").encode("latin-1"))

    assert "not UTF-8 text" in failure(path)
    assert Incident.objects.count() == 0


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")

    assert failure(path).endswith("empty.csv:1:event_id_cnty: the file is empty")


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    assert "No file" in failure(tmp_path / "nowhere.csv")


def index_names(*models: type[Any]) -> set[str]:
    with connection.cursor() as cursor:
        return {
            name
            for model in models
            for name in connection.introspection.get_constraints(cursor, model._meta.db_table)
        }


def test_an_import_leaves_every_index_in_place() -> None:
    before = index_names(Incident, Attribution)

    run_import(ACLED)

    assert index_names(Incident, Attribution) == before


def test_a_failure_while_writing_leaves_the_records_and_indexes_as_they_were(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = index_names(Incident, Attribution)

    def broken(*args: Any) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(store, "insert_attributions", broken)
    with pytest.raises(RuntimeError):
        run_import(ACLED)

    assert Incident.objects.count() == 0
    assert index_names(Incident, Attribution) == before


def test_a_file_of_many_statements_and_batches_is_written_row_for_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows go in many to a statement and statements a batch at a time (SQLite): every row of
    every statement, full or not, must land once, with its own values and attributions."""
    with ACLED.open(encoding="utf-8", newline="") as stream:
        header, *originals = list(csv.reader(stream))
    copies = 60  # 300 records: several statements of each size, several batches
    path = tmp_path / "many.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for copy in range(copies):
            writer.writerows([[f"{row[0]}-{copy}", *row[1:]] for row in originals])
    monkeypatch.setattr(store, "BATCH_ROWS", 100)
    run_import(ACLED)

    assert f"{5 * copies:,} new" in run_import(path)
    assert f"0 new, {5 * copies:,} updated" in run_import(path)

    assert Incident.objects.count() == 5 + 5 * copies
    for original in Incident.objects.filter(code__in=[row[0] for row in originals]):
        expected = (record_values(original), actor_names(original))
        for made in Incident.objects.filter(code__startswith=f"{original.code}-"):
            assert (record_values(made), actor_names(made)) == expected, made.code


def record_values(incident: Incident) -> dict[str, Any]:
    skipped = {"id", "code", "created_at", "updated_at", "published_at"}
    values = Incident.objects.filter(pk=incident.pk).values().get()
    return {name: value for name, value in values.items() if name not in skipped}


def actor_names(incident: Incident) -> list[tuple[str, str, str]]:
    rows = incident.attributions.order_by("pk").values_list("actor__name", "status", "basis")
    return list(rows)


def test_cells_quoted_for_spreadsheets_are_unquoted_in_any_row() -> None:
    reader = RowReader(["event_id_cnty", "event_date", "location"], "sheet.csv")
    reader.take(
        [
            ["'=A1", "2024-01-01", "'+Idlib"],
            ["B2", "2024-01-02", "Ariha"],
            ["'-C3", "2024-01-03", "'@Sarmin"],
            ["'D4", "2024-01-04", "Kafr Nubl's"],
        ],
        [2, 3, 4, 5],
    )

    batch = reader.finish()

    assert batch.codes == ["=A1", "B2", "-C3", "'D4"]  # a quote before a harmless cell stays
    assert batch.columns["place_en"] == ["+Idlib", "Ariha", "@Sarmin", "Kafr Nubl's"]
