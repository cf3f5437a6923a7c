"""The importers and the look-up on the real files (skipped where the sample data is absent)."""

import csv
import datetime
from typing import Any

import pytest
import yaml
from django.test import Client

from nidaa.campaigns.models import Campaign
from nidaa.lobbying.lookup import lookup
from nidaa.lobbying.models import Target
from nidaa.lobbying.tests.helpers import import_targets, on_day, real_file, run

pytestmark = pytest.mark.django_db

CONGRESS = "unitedstates__congress-legislators/legislators-current.yaml"
ZCCD = "OpenSourceActivismTech__us-zipcodes-congress/zccd.csv"
MPS = "dfe-analytical-services__mp-lookup/mp_lookup.csv"
MEPS = "TechToThePeople__mep/data/meps.csv"
# Within the 119th Congress, whose terms the file holds (they end on 3 January 2027).
DAY = datetime.date(2026, 11, 1)


def current_terms() -> list[tuple[str, dict[str, Any]]]:
    people = yaml.load(real_file(CONGRESS).read_text(), Loader=yaml.CSafeLoader)
    return [(p["name"].get("official_full") or p["name"]["last"], p["terms"][-1]) for p in people]


def test_zip_10001_gives_new_yorks_two_senators_and_the_members_for_its_districts(
    client: Client,
) -> None:
    out = import_targets(
        "congress-legislators", real_file(CONGRESS), "us-congress", "--country", "us"
    )
    assert "Imported 537 targets" in out
    run("import_lookup", "--format", "zcta-cd", str(real_file(ZCCD)))
    with real_file(ZCCD).open() as file:
        districts = {int(r["cd"]) for r in csv.DictReader(file) if r["zcta"] == "10001"}
    terms = current_terms()
    senators = {name for name, t in terms if t["type"] == "sen" and t["state"] == "NY"}
    members = {
        name
        for name, t in terms
        if t["type"] == "rep" and t["state"] == "NY" and t["district"] in districts
    }
    assert len(senators) == 2 and len(members) == len(districts) >= 1
    with on_day(DAY):
        result = lookup("us", postcode="10001")
        data = client.get("/api/v1/targets/lookup?country=us&postcode=10001").json()
    assert [t.name for t in result.targets[:2]] == sorted(senators, key=lambda n: n.split()[-1])
    assert {t.name for t in result.targets[2:]} == members
    assert {t.role for t in result.targets} == {"Senator", "Representative"}
    assert [a.id for a in result.areas] == [
        f"ocd-division/country:us/state:ny/cd:{d}" for d in sorted(districts)
    ]
    assert [t["name"] for t in data["targets"]] == [t.name for t in result.targets]
    assert all(t["channels"]["phone"] for t in data["targets"])


def test_an_at_large_zip_code_finds_the_states_single_member() -> None:
    import_targets("congress-legislators", real_file(CONGRESS), "us-congress")
    run("import_lookup", "--format", "zcta-cd", str(real_file(ZCCD)))
    with on_day(DAY):
        result = lookup("us", postcode="99501")  # Anchorage, Alaska
    assert [t.role for t in result.targets] == ["Senator", "Senator", "Representative"]
    assert result.areas[0].id == "ocd-division/country:us/state:ak/cd:at-large"


def test_a_uk_constituency_returns_its_mp_with_an_email_address() -> None:
    import_targets("csv", real_file(MPS), "uk-mps", "--mapping", "uk-mps")
    with real_file(MPS).open(encoding="utf-8-sig") as file:
        row = next(r for r in csv.DictReader(file) if r["pcon_name"] == "Aldershot")
    result = lookup("gb", constituency="Aldershot")
    (mp,) = result.targets
    assert mp.name == row["display_as"] and mp.email is True
    target = Target.objects.get(pk=mp.id)
    assert target.channels.get(kind="email").value == row["member_email"]
    assert result.areas[0].code == row["pcon_code"]
    assert result.areas[0].id == "ocd-division/country:gb/part:eng/region:ukj/ed:aldershot"
    assert Target.objects.count() == 650
    # Every constituency got its OCD id by name.
    assert not Target.objects.filter(area__ocd_id="").exists()


def test_france_returns_its_meps_and_the_committee_filter_works() -> None:
    out = import_targets("csv", real_file(MEPS), "meps", "--mapping", "meps")
    with real_file(MEPS).open(encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file))
    assert f"Imported {len(rows)} targets" in out
    french = [r for r in rows if r["country"] == "fr"]
    on_afet = [r for r in french if r["AFET"] == "M"]
    result = lookup("fr", directory="meps")
    assert len(result.targets) == len(french) > 70
    assert all(t.email for t in result.targets)
    afet = lookup("fr", directory="meps", committee="AFET")
    assert sorted(t.name for t in afet.targets) == sorted(
        f"{r['first_name']} {r['last_name']}" for r in on_afet
    )
    assert 0 < len(afet.targets) < len(french)


def test_the_finding_page_for_zip_10001_offers_its_districts_and_their_members(
    client: Client, demo_campaign: Campaign
) -> None:
    import_targets("congress-legislators", real_file(CONGRESS), "us-congress", "--country", "us")
    run("import_lookup", "--format", "zcta-cd", str(real_file(ZCCD)))
    with real_file(ZCCD).open() as file:
        districts = sorted({int(r["cd"]) for r in csv.DictReader(file) if r["zcta"] == "10001"})
    terms = current_terms()
    senators = [n for n, t in terms if t["type"] == "sen" and t["state"] == "NY"]
    members = {t["district"]: n for n, t in terms if t["type"] == "rep" and t["state"] == "NY"}
    url = "/en/c/save-idlib/lobby/?country=us&postcode=10001"

    with on_day(DAY):
        found = client.get(url).content.decode()
        chosen = {
            district: client.get(
                f"{url}&district=ocd-division/country:us/state:ny/cd:{district}"
            ).content.decode()
            for district in districts
        }

    assert all(f"<bdi>{name}</bdi>" in found for name in senators)
    assert ("more than one district" in found) == (len(districts) > 1)
    for district, page in chosen.items():
        assert f"<bdi>{members[district]}</bdi>" in page
        others = [members[d] for d in districts if d != district]
        assert not any(f"<bdi>{name}</bdi>" in page for name in others)
