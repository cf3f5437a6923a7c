"""lookup(): ZIP codes, constituencies, postcodes, MEPs and committees, custom lists."""

import datetime
from pathlib import Path
from typing import Any

import pytest

from nidaa.lobbying.lookup import LookupFailed, lookup, normalise
from nidaa.lobbying.models import ContactChannel, Directory, Target
from nidaa.lobbying.tests.helpers import DATA, import_targets, load_fixtures, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded() -> None:
    load_fixtures()


def names(result: object) -> list[str]:
    return [t.name for t in result.targets]  # type: ignore[attr-defined]


def failure(**query: str) -> LookupFailed:
    with pytest.raises(LookupFailed) as error:
        lookup(**query)
    return error.value


def test_a_zip_code_gives_both_senators_first_then_the_member_of_each_district(
    loaded: None,
) -> None:
    result = lookup("us", postcode="10001")
    assert names(result) == ["Sadia Senator", "Rami K. Representative"]
    senator, member = result.targets
    assert senator.area is not None and senator.area.id == "ocd-division/country:us/state:ny"
    assert member.area is not None and member.area.id == "ocd-division/country:us/state:ny/cd:12"
    # The ZIP code lies in two districts: both are listed for the supporter to choose.
    assert [a.id for a in result.areas] == [
        "ocd-division/country:us/state:ny/cd:10",
        "ocd-division/country:us/state:ny/cd:12",
    ]
    assert (senator.email, senator.phone) == (False, "202-224-0001")
    assert senator.contact_form == "https://senator.example.org/contact"


@pytest.mark.parametrize("given", ["10001-1234", "100011234", " 10001 ", "10001 1234"])
def test_zip_plus_4_and_spaces_are_the_same_zip_code(loaded: None, given: str) -> None:
    assert names(lookup("US", postcode=given)) == names(lookup("us", postcode="10001"))


def test_an_at_large_seat_is_found_by_zip_code(loaded: None) -> None:
    assert names(lookup("us", postcode="99501")) == ["Alia Atlarge"]


@pytest.mark.parametrize(
    "given",
    [
        "Aldershot",
        "aldershot ",
        "E14001063",
        "e14001063",
        "ocd-division/country:gb/part:eng/region:ukj/ed:aldershot",
    ],
)
def test_a_uk_constituency_by_name_code_or_ocd_id_gives_its_mp(loaded: None, given: str) -> None:
    result = lookup("gb", constituency=given)
    assert names(result) == ["Alex Baker"]
    assert result.targets[0].email is True
    assert result.areas[0].code == "E14001063"


def test_uk_is_gb_and_names_match_without_accents(loaded: None) -> None:
    assert names(lookup("uk", constituency="Montgomeryshire & Glyndwr")) == ["Gwen Jones"]


def test_uk_postcodes_work_once_a_postcode_table_is_loaded(
    loaded: None, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    assert failure(country="gb", postcode="GU11 1AA").status == 404
    table = tmp_path / "postcodes.csv"
    table.write_text(
        (DATA / "postcodes.csv").read_text().replace("pcds,pcon", "postcode,constituency")
    )
    with django_capture_on_commit_callbacks(execute=True):
        run("import_lookup", "--format", "postcode-constituency", str(table))
    assert names(lookup("gb", postcode="gu111aa")) == ["Alex Baker"]
    # A table of postcode districts answers for every postcode in the district.
    assert names(lookup("gb", postcode="SY16 1AB")) == ["Gwen Jones"]


def test_a_country_gives_its_meps_and_a_committee_narrows_them(loaded: None) -> None:
    assert names(lookup("fr", directory="meps")) == ["Claire DUPONT", "Marc LEROY"]
    assert names(lookup("FR")) == ["Claire DUPONT", "Marc LEROY"]
    assert names(lookup("fr", directory="meps", committee="afet")) == ["Claire DUPONT"]
    assert names(lookup("de", directory="meps", committee="AFET")) == ["Anna SCHMIDT"]
    assert lookup("fr", directory="meps").targets[0].committees == ("AFET",)


def test_a_custom_list_gives_its_fixed_targets_to_every_country(loaded: None) -> None:
    unsc = Directory.objects.create(
        name="UN Security Council", slug="unsc", kind=Directory.Kind.CUSTOM
    )
    mission = Target.objects.create(
        directory=unsc,
        source_id="ru",
        name="Permanent Mission of Russia",
        role="Permanent Representative",
        country="ru",
    )
    ContactChannel.objects.create(
        target=mission, kind="email", value="mission@example.org", source="the mission's website"
    )
    Target.objects.create(
        directory=unsc,
        source_id="old",
        name="Former mission",
        valid_until=datetime.date(2020, 1, 1),
    )
    for country in ("us", "gb", "fr"):
        result = lookup(country, directory="unsc")
        assert names(result) == ["Permanent Mission of Russia"]
        assert result.targets[0].email is True


def test_inactive_targets_and_expired_channels_are_left_out(loaded: None) -> None:
    Target.objects.filter(source_id="1002").update(active=False)
    ContactChannel.objects.filter(target__source_id="1001", kind="phone").update(
        valid_until=datetime.date(2020, 1, 1)
    )
    result = lookup("fr", directory="meps")
    assert names(result) == ["Claire DUPONT"]
    assert result.targets[0].phone is None


@pytest.mark.parametrize(
    ("query", "field", "status"),
    [
        ({"country": "usa"}, "country", 400),
        ({"country": "zz"}, "country", 400),
        ({"country": "us", "postcode": "1000"}, "postcode", 400),
        ({"country": "us", "postcode": "ABCDE"}, "postcode", 400),
        ({"country": "gb", "postcode": "12345"}, "postcode", 400),
        ({"country": "fr", "postcode": "75001"}, "postcode", 400),
        ({"country": "us"}, "postcode", 400),  # US representatives need a ZIP code
        ({"country": "gb"}, "constituency", 400),
        ({"country": "us", "postcode": "20001"}, "postcode", 404),
        ({"country": "gb", "constituency": "Atlantis"}, "constituency", 404),
        ({"country": "fr", "directory": "nobody"}, "directory", 400),
        ({"country": "fr", "directory": "meps", "committee": "NONE"}, "committee", 404),
        ({"country": "fr", "committee": "<script>"}, "committee", 400),
    ],
)
def test_bad_or_empty_queries_say_which_parameter_and_why(
    loaded: None, query: dict, field: str, status: int
) -> None:
    error = failure(**query)
    assert (error.field, error.status) == (field, status)
    assert str(error.message)


def test_answers_are_cached_until_the_next_import(
    loaded: None,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
    django_assert_num_queries: Any,
) -> None:
    first = lookup("us", postcode="10001")
    with django_assert_num_queries(0):
        assert lookup("us", postcode="10001-9999") == first
    Target.objects.filter(source_id="S000001").update(name="Changed behind the cache")
    assert names(lookup("us", postcode="10001"))[0] == "Sadia Senator"
    renamed = tmp_path / "legislators.yaml"
    renamed.write_text(
        (DATA / "legislators.yaml").read_text().replace("Sadia Senator", "Sadia Renamed")
    )
    with django_capture_on_commit_callbacks(execute=True):
        import_targets("congress-legislators", renamed, "us-congress")
    assert names(lookup("us", postcode="10001"))[0] == "Sadia Renamed"


def test_normalise_folds_case_spaces_and_zip_plus_4() -> None:
    query = normalise(" US ", postcode="10001-1234", committee=" afet ")
    assert (query.country, query.postcode, query.committee) == ("us", "10001", "AFET")
    assert normalise("uk", postcode="sw1a 1aa").postcode == "SW1A1AA"
