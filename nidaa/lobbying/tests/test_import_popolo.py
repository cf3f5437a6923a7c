"""import_targets --format popolo: documents, embedded memberships, and the spec's examples."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError

from nidaa.lobbying.models import Target
from nidaa.lobbying.tests.helpers import DATA, import_targets, real_file

pytestmark = pytest.mark.django_db

EXAMPLES = "popolo-project__popolo-spec/examples"


def import_popolo(path: Path, *options: str) -> str:
    return import_targets("popolo", path, "parliament", *options)


def test_a_person_gets_role_area_party_committees_and_channels_from_memberships() -> None:
    import_popolo(DATA / "parliament.popolo.json", "--country", "lb")
    amal = Target.objects.get(source_id="person/amal")
    assert (amal.name, amal.sort_name, amal.role) == (
        "Amal Haddad",
        "Haddad, Amal",
        "Member of Parliament",
    )
    assert amal.party == "Party A" and amal.committees == ["Foreign Affairs"]
    assert amal.area is not None
    assert amal.area.ocd_id == "ocd-division/country:lb/district:beirut-1"
    assert amal.country == "lb"
    channels = {c.kind: c for c in amal.channels.all()}
    assert channels["email"].value == "amal@parliament.example"
    assert channels["phone"].value == "+961 1 000 001" and channels["phone"].label == "Office"
    assert len(channels) == 2  # twitter and fax are not channels the campaign uses


def test_a_post_gives_the_role_and_area_and_on_behalf_of_the_party() -> None:
    import_popolo(DATA / "parliament.popolo.json", "--country", "lb")
    bilal = Target.objects.get(source_id="person/bilal")
    assert bilal.role == "Member of Parliament" and bilal.party == "Party B"
    assert bilal.area is not None and bilal.area.name == "Beirut II"
    assert bilal.area.code == "area/beirut-2" and bilal.area.ocd_id == ""
    assert str(bilal.valid_from) == "2022-05-01"


def test_a_membership_that_ended_gives_the_target_its_end_date() -> None:
    import_popolo(DATA / "parliament.popolo.json", "--country", "lb")
    former = Target.objects.get(source_id="person/former")
    assert str(former.valid_until) == "2013-06-20"


def test_the_country_comes_from_ocd_ids_or_must_be_given(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"persons\[1\]: no country: give --country"):
        import_popolo(DATA / "parliament.popolo.json")


def test_a_bad_value_names_its_json_path(tmp_path: Path) -> None:
    data = json.loads((DATA / "parliament.popolo.json").read_text())
    data["persons"][0]["contact_details"][0] = {"type": "email", "value": "not-an-address"}
    data["persons"][2]["memberships"][0]["end_date"] = "June 2013"
    path = tmp_path / "parliament.json"
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError) as error:
        import_popolo(path, "--country", "lb")
    assert str(error.value) == (
        "parliament.json, persons[2], memberships.end_date: 'June 2013' is not a date "
        "(YYYY-MM-DD). Nothing was imported."
    )


def test_a_person_without_id_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "people.json"
    path.write_text(json.dumps({"persons": [{"id": "a", "name": "A"}, {"name": "B"}]}))
    with pytest.raises(CommandError, match=r"people.json, persons\[1\], id: is empty"):
        import_popolo(path, "--country", "lb")


def test_invalid_json_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "people.json"
    path.write_text('{"persons": [\n{"id": "a",}\n]}')
    with pytest.raises(CommandError, match=r"people\.json, line 2: not valid JSON"):
        import_popolo(path, "--country", "lb")


def test_the_specifications_person_example_imports_with_its_contact_details() -> None:
    import_popolo(real_file(f"{EXAMPLES}/person.json"), "--country", "us")
    person = Target.objects.get(source_id="john-q-public")
    assert person.name == "Mr. John Q. Public, Esq."
    channels = {c.kind: c.value for c in person.channels.all()}
    assert channels == {"email": "jqpublic@xyz.example.com", "phone": "+1-555-555-0100"}


def test_the_specifications_examples_import_as_one_document(tmp_path: Path) -> None:
    """person, organization, membership, post and area examples put together in an export."""
    parts = {
        name: json.loads(real_file(f"{EXAMPLES}/{name}.json").read_text())
        for name in ("person", "organization", "membership", "post", "area")
    }
    parts["area"]["id"] = "boston-ward-1"
    parts["post"]["area_id"] = "boston-ward-1"
    parts["membership"]["post_id"] = parts["post"]["id"]
    document = {
        "persons": [parts["person"]],
        "organizations": [parts["organization"]],
        "memberships": [parts["membership"]],
        "posts": [parts["post"]],
        "areas": [parts["area"]],
    }
    path = tmp_path / "document.json"
    path.write_text(json.dumps(document))
    import_popolo(path)
    person = Target.objects.get(source_id="john-q-public")
    assert person.role == "Kitchen assistant"
    assert str(person.valid_until) == "1971-12-31"  # the example membership ended long ago
    assert person.country == "us"  # from the example area's OCD id
    assert person.channels.filter(kind="phone", value="+1-800-555-0199").exists()


def test_the_specifications_embedded_memberships_import() -> None:
    import_popolo(real_file(f"{EXAMPLES}/embedding-person.json"), "--country", "us")
    person = Target.objects.get(source_id="john-q-public")
    assert person.role == "Chef"  # the later of the two memberships
