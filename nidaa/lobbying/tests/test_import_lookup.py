"""import_lookup: the ZIP code → district table and a postcode → constituency table."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError

from nidaa.lobbying.models import Area, LookupEntry
from nidaa.lobbying.tests.helpers import DATA, import_targets, run

pytestmark = pytest.mark.django_db


def zip_table() -> set[tuple[str, str]]:
    return set(LookupEntry.objects.filter(kind="zcta-cd").values_list("key", "area__ocd_id"))


def test_a_zip_code_in_two_districts_keeps_both_and_0_is_at_large() -> None:
    out, _err = run("import_lookup", "--format", "zcta-cd", str(DATA / "zccd.csv"))
    assert "Imported 4 rows into zcta-cd from zccd.csv" in out and "rows/s" in out
    assert zip_table() == {
        ("10001", "ocd-division/country:us/state:ny/cd:10"),
        ("10001", "ocd-division/country:us/state:ny/cd:12"),
        ("10002", "ocd-division/country:us/state:ny/cd:12"),
        ("99501", "ocd-division/country:us/state:ak/cd:at-large"),
    }
    area = Area.objects.get(ocd_id="ocd-division/country:us/state:ny/cd:10")
    assert area.name == "New York's 10th congressional district"


def test_importing_again_replaces_the_table_and_meets_the_representatives_areas() -> None:
    import_targets("congress-legislators", DATA / "legislators.yaml", "us-congress")
    areas = Area.objects.count()
    run("import_lookup", "--format", "zcta-cd", str(DATA / "zccd.csv"))
    run("import_lookup", "--format", "zcta-cd", str(DATA / "zccd.csv"))
    assert LookupEntry.objects.count() == 4
    # NY-12 and AK at-large came with the legislators; only NY-10 is new.
    assert Area.objects.count() == areas + 1


def test_a_bad_row_keeps_the_old_table_and_names_line_and_column(tmp_path: Path) -> None:
    run("import_lookup", "--format", "zcta-cd", str(DATA / "zccd.csv"))
    broken = tmp_path / "zccd.csv"
    broken.write_text((DATA / "zccd.csv").read_text() + "36,NY,1000A,12\n")
    with pytest.raises(CommandError) as error:
        run("import_lookup", "--format", "zcta-cd", str(broken))
    assert str(error.value) == (
        "zccd.csv, line 6, column zcta: '1000A' is not a 5-digit ZIP code area. "
        "Nothing was imported."
    )
    assert len(zip_table()) == 4


def test_a_file_without_the_columns_is_refused(tmp_path: Path) -> None:
    wrong = tmp_path / "zips.csv"
    wrong.write_text("zip,district\n10001,12\n")
    with pytest.raises(
        CommandError,
        match=r"zips\.csv, line 1, column cd: not in the file; its columns are: zip, district",
    ):
        run("import_lookup", "--format", "zcta-cd", str(wrong))


def test_postcodes_map_to_constituencies_by_gss_code_with_a_column_mapping(tmp_path: Path) -> None:
    import_targets("csv", DATA / "mps.csv", "uk-mps", "--mapping", "uk-mps")
    mapping = tmp_path / "columns.json"
    mapping.write_text(json.dumps({"postcode": "pcds", "code": "pcon"}))
    run(
        "import_lookup",
        "--format",
        "postcode-constituency",
        str(DATA / "postcodes.csv"),
        "--mapping",
        str(mapping),
    )
    rows = set(LookupEntry.objects.values_list("key", "area__code"))
    assert rows == {("GU111AA", "E14001063"), ("GU124BB", "E14001063"), ("SY16", "W07000095")}
    assert Area.objects.filter(code="E14001063").count() == 1  # the MPs' area, not a new one


def test_postcodes_with_names_make_constituencies_that_mps_later_meet(tmp_path: Path) -> None:
    names = tmp_path / "postcodes.csv"
    names.write_text("postcode,constituency\nGU11 1AA,Aldershot\n")
    run("import_lookup", "--format", "postcode-constituency", str(names))
    area = Area.objects.get()
    assert area.ocd_id == "ocd-division/country:gb/part:eng/region:ukj/ed:aldershot"
    import_targets("csv", DATA / "mps.csv", "uk-mps", "--mapping", "uk-mps")
    area.refresh_from_db()
    assert area.code == "E14001063"
    assert area.targets.get().name == "Alex Baker"


def test_a_malformed_postcode_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "postcodes.csv"
    bad.write_text("postcode,constituency\nNOT A CODE,Aldershot\n")
    with pytest.raises(
        CommandError, match="line 2, column postcode: 'NOTACODE' is not a UK postcode"
    ):
        run("import_lookup", "--format", "postcode-constituency", str(bad))
