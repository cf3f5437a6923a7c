"""manage.py import_incidents --format ucdp: the UCDP GED codebook onto the record."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from nidaa.incidents.models import Actor, Incident, Means

UCDP = Path(__file__).parent / "data" / "ucdp_ged_idlib.csv"

pytestmark = pytest.mark.django_db


def run_import(path: Path) -> str:
    out = io.StringIO()
    call_command("import_incidents", str(path), "--format", "ucdp", stdout=out)
    return out.getvalue()


def test_it_keys_records_by_the_ucdp_id_and_keeps_the_day_of_its_dates() -> None:
    run_import(UCDP)

    event = Incident.objects.get(code="UCDP-244001")
    assert str(event.started_on) == "2019-05-06" and str(event.ended_on) == "2019-05-06"
    assert (event.latitude, event.longitude) == (35.6139, 36.5606)
    assert event.place_en == "Kafr Nabl town"
    assert (event.admin1_en, event.admin2_en) == ("Idlib governorate", "Maarrat an Nu'man district")
    assert event.narrative() == "Air strikes kill 10 civilians in Idlib"
    assert event.means == Means.UNKNOWN  # UCDP does not record the weapon


def test_civilian_deaths_are_widened_by_the_low_and_high_estimates() -> None:
    run_import(UCDP)

    one_sided = Incident.objects.get(code="UCDP-244001")
    # 10 civilians; best 10, low 8, high 14: at least 10 - 2, at most 10 + 0 + 4.
    assert (one_sided.killed_min, one_sided.killed_max) == (8, 14)
    fight = Incident.objects.get(code="UCDP-244002")
    # 2 civilians, 3 unknown; best 37, low 30, high 45: at least 0, at most 2 + 3 + 8.
    assert (fight.killed_min, fight.killed_max) == (0, 13)


def test_precision_codes_map_onto_acled_s_three_levels() -> None:
    run_import(UCDP)

    fight = Incident.objects.get(code="UCDP-244002")
    assert fight.time_precision == 3  # date_prec 4: a month
    assert fight.geo_precision == 2  # where_prec 2: within 25 km


def test_one_sided_violence_is_attributed_to_side_a_and_a_fight_to_both_sides_contested() -> None:
    run_import(UCDP)

    one_sided = Incident.objects.get(code="UCDP-244001")
    assert list(one_sided.attributions.values_list("actor__name", "status")) == [
        ("Government of Syria", "single_source")
    ]
    fight = Incident.objects.get(code="UCDP-244002")
    assert sorted(fight.attributions.values_list("actor__name", "status")) == [
        ("Government of Syria", "contested"),
        ("HTS", "contested"),
    ]
    assert Actor.objects.get(name="Government of Syria").kind == Actor.Kind.STATE


def test_a_second_import_updates_the_same_records() -> None:
    run_import(UCDP)

    output = run_import(UCDP)

    assert "0 new, 2 updated" in output
    assert Incident.objects.count() == 2


def test_a_bad_ucdp_value_is_named_by_its_ucdp_column(tmp_path: Path) -> None:
    path = tmp_path / "ged.csv"
    path.write_text(UCDP.read_text().replace(",12,20,2,3,37,45,30", ",12,20,two,3,37,45,30"))

    with pytest.raises(CommandError) as raised:
        run_import(path)

    assert str(raised.value).endswith('ged.csv:3:deaths_civilians: "two" is not a whole number of at least 0')  # fmt: skip
    assert Incident.objects.count() == 0


def test_a_bad_date_is_named_by_its_ucdp_column(tmp_path: Path) -> None:
    path = tmp_path / "ged.csv"
    path.write_text(UCDP.read_text().replace("2019-05-20 00:00:00.000", "2019-02-30 00:00:00.000"))

    with pytest.raises(CommandError) as raised:
        run_import(path)

    assert str(raised.value).endswith('ged.csv:3:date_start: "2019-02-30" is not a date (YYYY-MM-DD)')  # fmt: skip


def test_a_file_without_ids_is_refused_on_its_header(tmp_path: Path) -> None:
    path = tmp_path / "ged.csv"
    path.write_text(UCDP.read_text().replace("id,relid", "event,relid", 1))

    with pytest.raises(CommandError) as raised:
        run_import(path)

    assert str(raised.value).endswith("ged.csv:1:id: the column is missing")
