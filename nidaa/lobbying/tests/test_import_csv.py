"""import_targets --format csv: the column mapping, the shipped mappings, and clear errors."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError

from nidaa.lobbying.models import Area, Target
from nidaa.lobbying.tests.helpers import DATA, import_targets

pytestmark = pytest.mark.django_db


def import_meps(path: Path = DATA / "meps.csv", mapping: Path = DATA / "meps-mapping.json") -> str:
    return import_targets("csv", path, "meps", "--mapping", str(mapping))


def test_the_uk_mapping_gives_each_mp_a_constituency_with_gss_code_and_ocd_id() -> None:
    import_targets("csv", DATA / "mps.csv", "uk-mps", "--mapping", "uk-mps")
    mp = Target.objects.get(source_id="5173")
    assert (mp.name, mp.role, mp.party, mp.country) == (
        "Alex Baker",
        "Member of Parliament",
        "Labour",
        "gb",
    )
    assert mp.channels.get(kind="email").value == "alex.baker.mp@parliament.uk"
    assert mp.area is not None
    assert mp.area.code == "E14001063"
    assert mp.area.ocd_id == "ocd-division/country:gb/part:eng/region:ukj/ed:aldershot"
    # Matched by name although the file writes ŵ and the OCD table w.
    welsh = Area.objects.get(code="W07000095")
    assert welsh.ocd_id == "ocd-division/country:gb/part:wls/ed:montgomeryshire_and_glyndwr"
    # A constituency the table does not know keeps its GSS code alone.
    assert Area.objects.get(code="E14009999").ocd_id == ""


def test_a_placeholder_instead_of_an_email_is_left_out_and_the_mp_kept() -> None:
    import_targets("csv", DATA / "mps.csv", "uk-mps", "--mapping", "uk-mps")
    mp = Target.objects.get(source_id="4000")
    assert not mp.channels.filter(kind="email").exists()


def test_meps_get_their_group_party_country_and_committees() -> None:
    out = import_meps()
    assert "3 new" in out
    claire = Target.objects.get(source_id="1001")
    assert claire.name == "Claire DUPONT" and claire.sort_name == "DUPONT, Claire"
    assert (claire.group, claire.party, claire.country) == ("Renew", "Renaissance", "fr")
    assert claire.committees == ["AFET"]  # INTA as a substitute only: not counted
    assert str(claire.valid_from) == "2024-07-16"
    assert claire.area is None
    assert set(claire.channels.values_list("kind", flat=True)) == {"email", "phone"}


def test_the_shipped_mappings_name_only_columns_of_their_files() -> None:
    from nidaa.lobbying.mapped_csv import load_mapping

    mappings = Path(__file__).resolve().parents[1] / "mappings"
    uk = load_mapping(mappings / "uk-mps.json")
    assert uk.columns() == {
        "member_id",
        "display_as",
        "party_text",
        "pcon_code",
        "pcon_name",
        "member_email",
    }
    meps = load_mapping(mappings / "meps.json")
    assert {"epid", "first_name", "last_name", "AFET", "DROI"} <= meps.columns()


def test_a_missing_column_is_named_with_the_columns_the_file_has(tmp_path: Path) -> None:
    mapping = json.loads((DATA / "meps-mapping.json").read_text())
    mapping["fields"]["phone"] = "telephone"
    path = tmp_path / "mapping.json"
    path.write_text(json.dumps(mapping))
    with pytest.raises(CommandError) as error:
        import_meps(mapping=path)
    assert str(error.value).startswith(
        "meps.csv, line 1, column telephone: not in the file; its columns are: epid, country,"
    )


def test_a_bad_cell_names_file_line_column_and_reason_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    broken = tmp_path / "meps.csv"
    broken.write_text((DATA / "meps.csv").read_text().replace("2024-07-16,,M,", "16/07/2024,,M,"))
    with pytest.raises(CommandError) as error:
        import_meps(broken)
    assert str(error.value) == (
        "meps.csv, line 3, column since: '16/07/2024' is not a date (YYYY-MM-DD). "
        "Nothing was imported."
    )
    assert not Target.objects.exists()


def test_a_required_detail_that_is_malformed_fails_the_row(tmp_path: Path) -> None:
    mapping = json.loads((DATA / "meps-mapping.json").read_text())
    mapping["fields"]["email"] = {"column": "email", "required": True}
    path = tmp_path / "mapping.json"
    path.write_text(json.dumps(mapping))
    broken = tmp_path / "meps.csv"
    broken.write_text(
        (DATA / "meps.csv")
        .read_text()
        .replace("anna.schmidt@europarl.europa.eu", "anna at europarl")
    )
    with pytest.raises(
        CommandError, match="line 4, column email: 'anna at europarl' is not an email address"
    ):
        import_meps(broken, path)


def test_the_same_id_twice_in_one_file_is_refused(tmp_path: Path) -> None:
    twice = tmp_path / "meps.csv"
    twice.write_text((DATA / "meps.csv").read_text().replace("1003,de", "1001,de"))
    with pytest.raises(CommandError, match="line 4, source_id: '1001' is also on line 2"):
        import_meps(twice)


def test_a_row_with_more_cells_than_the_header_is_refused(tmp_path: Path) -> None:
    wide = tmp_path / "meps.csv"
    wide.write_text(
        (DATA / "meps.csv").read_text() + "1004,fr,A,B,a@b.eu,EPP,X,,2024-07-16,,,,extra\n"
    )
    with pytest.raises(CommandError, match="line 5: more cells than the header's 12"):
        import_meps(wide)


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"fields": {"name": "n"}}, "mapping.json, fields: missing source_id"),
        ({"fields": {"source_id": "a", "name": "b", "colour": "c"}}, "unknown fields ['colour']"),
        (
            {"fields": {"source_id": "a", "name": {"join": "-"}}},
            "fields.name: give column, columns or value",
        ),
        (
            {"fields": {"source_id": "a", "name": "b"}, "ocd_ids_by_name": "mars"},
            "unknown table 'mars'",
        ),
    ],
)
def test_a_malformed_mapping_is_explained(tmp_path: Path, mapping: dict, message: str) -> None:
    path = tmp_path / "mapping.json"
    path.write_text(json.dumps(mapping))
    with pytest.raises(CommandError, match=message.replace("[", r"\[").replace("]", r"\]")):
        import_meps(mapping=path)


def test_csv_needs_a_mapping_and_other_formats_refuse_one() -> None:
    with pytest.raises(CommandError, match="needs --mapping"):
        import_targets("csv", DATA / "meps.csv", "meps")
    with pytest.raises(CommandError, match="only for --format csv"):
        import_targets("popolo", DATA / "parliament.popolo.json", "p", "--mapping", "meps")
