"""import_targets --format congress-legislators: seats, areas, channels; all or nothing."""

from pathlib import Path

import pytest
from django.core.management import CommandError

from nidaa.lobbying.models import ContactChannel, Directory, Target
from nidaa.lobbying.tests.helpers import DATA, import_targets, run

pytestmark = pytest.mark.django_db

LEGISLATORS = DATA / "legislators.yaml"


def import_congress(path: Path = LEGISLATORS) -> str:
    return import_targets("congress-legislators", path, "us-congress", "--country", "us")


def test_the_last_term_gives_the_seat_and_the_area_of_each_legislator() -> None:
    import_congress()
    senator = Target.objects.get(source_id="S000001")
    assert (senator.name, senator.role, senator.party) == ("Sadia Senator", "Senator", "Democrat")
    assert senator.area is not None and senator.area.ocd_id == "ocd-division/country:us/state:ny"
    assert senator.area.name == "New York"
    member = Target.objects.get(source_id="R000012")
    assert member.name == "Rami K. Representative"  # no official_full: built from the parts
    assert member.sort_name == "Representative, Rami"
    assert member.role == "Representative"
    assert member.area is not None
    assert member.area.ocd_id == "ocd-division/country:us/state:ny/cd:12"
    assert member.area.name == "New York's 12th congressional district"
    assert str(member.valid_until) == "2099-01-03"


def test_district_0_is_the_at_large_seat() -> None:
    import_congress()
    member = Target.objects.get(source_id="A000000")
    assert member.area is not None
    assert member.area.ocd_id == "ocd-division/country:us/state:ak/cd:at-large"


def test_phone_contact_form_address_and_website_become_channels_with_their_source() -> None:
    import_congress()
    channels = {c.kind: c for c in ContactChannel.objects.filter(target__source_id="S000001")}
    assert channels["phone"].value == "202-224-0001"
    assert channels["contact_form"].value == "https://senator.example.org/contact"
    assert channels["postal"].value.startswith("1 Hart Senate")
    assert channels["website"].value == "https://senator.example.org"
    assert "email" not in channels  # the file has none
    assert channels["phone"].source == "legislators.yaml (congress-legislators)"


def test_the_directory_says_when_and_from_what_it_was_imported() -> None:
    out = import_congress()
    directory = Directory.objects.get(slug="us-congress")
    assert directory.source_file == "legislators.yaml"
    assert directory.source_format == "congress-legislators"
    assert len(directory.source_sha256) == 64
    assert directory.imported_at is not None and directory.imported_count == 3
    assert "congress-legislators" in directory.source
    assert directory.country == "us"
    assert "Imported 3 targets into us-congress" in out and "3 new" in out


def test_importing_the_same_file_again_changes_nothing() -> None:
    import_congress()
    before = list(Target.objects.values_list("pk", "name", "area_id", "active").order_by("pk"))
    channels = list(ContactChannel.objects.values_list("pk", "value").order_by("pk"))
    out = import_congress()
    assert "0 new, 0 changed, 3 unchanged" in out
    assert (
        list(Target.objects.values_list("pk", "name", "area_id", "active").order_by("pk")) == before
    )
    assert list(ContactChannel.objects.values_list("pk", "value").order_by("pk")) == channels


def test_a_legislator_missing_from_a_later_file_is_marked_inactive_not_deleted(
    tmp_path: Path,
) -> None:
    import_congress()
    text = LEGISLATORS.read_text()
    shorter = tmp_path / "legislators.yaml"
    shorter.write_text(text[: text.index("- id:\n    bioguide: A000000")])
    out = import_congress(shorter)
    assert "1 no longer listed" in out
    assert not Target.objects.get(source_id="A000000").active
    assert Target.objects.filter(active=True).count() == 2
    import_congress()
    assert Target.objects.get(source_id="A000000").active  # back in the file: active again


def test_a_changed_detail_updates_the_same_target(tmp_path: Path) -> None:
    import_congress()
    pk = Target.objects.get(source_id="S000001").pk
    changed = tmp_path / "legislators.yaml"
    changed.write_text(LEGISLATORS.read_text().replace("202-224-0001", "202-224-0099"))
    out = import_congress(changed)
    assert "0 new, 1 changed, 2 unchanged" in out
    target = Target.objects.get(source_id="S000001")
    assert target.pk == pk
    assert target.channels.get(kind="phone").value == "202-224-0099"


def test_a_bad_record_fails_the_whole_file_naming_line_and_field(tmp_path: Path) -> None:
    broken = tmp_path / "legislators.yaml"
    broken.write_text(LEGISLATORS.read_text().replace("district: 0", "district: at-large"))
    with pytest.raises(CommandError) as error:
        import_congress(broken)
    message = str(error.value)
    assert message.startswith("legislators.yaml, line 40 (bioguide A000000), terms[-1].district:")
    assert "'at-large' is not a district number" in message
    assert "Nothing was imported" in message
    assert not Target.objects.exists() and not Directory.objects.exists()


def test_a_failed_reimport_leaves_the_previous_import_whole(tmp_path: Path) -> None:
    import_congress()
    broken = tmp_path / "legislators.yaml"
    broken.write_text(
        LEGISLATORS.read_text()
        .replace("state: AK", "state: XX")
        .replace("Sadia Senator", "Changed")
    )
    with pytest.raises(CommandError, match=r"terms\[-1\]\.state: 'XX' is not a US state code"):
        import_congress(broken)
    assert Target.objects.get(source_id="S000001").name == "Sadia Senator"
    assert Target.objects.filter(active=True).count() == 3


def test_a_malformed_web_address_is_left_out_and_reported(tmp_path: Path) -> None:
    typo = tmp_path / "legislators.yaml"
    typo.write_text(
        LEGISLATORS.read_text().replace(
            "https://senator.example.org/contact", "hhttps://senator.example.org/contact"
        )
    )
    out, err = run(
        "import_targets",
        "--format",
        "congress-legislators",
        str(typo),
        "--directory",
        "us-congress",
    )
    assert "Imported 3 targets" in out
    assert (
        "terms[-1].contact_form: 'hhttps://senator.example.org/contact' is not a web address" in err
    )
    assert not ContactChannel.objects.filter(kind="contact_form").exists()


def test_unsafe_addresses_never_become_links(tmp_path: Path) -> None:
    hostile = tmp_path / "legislators.yaml"
    hostile.write_text(
        LEGISLATORS.read_text().replace(
            "https://senator.example.org/contact", "javascript:alert(1)"
        )
    )
    import_targets("congress-legislators", hostile, "us-congress")
    assert not ContactChannel.objects.filter(value__icontains="javascript").exists()


def test_the_directory_name_must_be_a_short_name() -> None:
    with pytest.raises(CommandError, match="--directory must be a short name"):
        import_targets("congress-legislators", LEGISLATORS, "US Congress")


def test_a_file_that_is_not_a_list_of_legislators_is_refused(tmp_path: Path) -> None:
    wrong = tmp_path / "legislators.yaml"
    wrong.write_text("bioguide: X\n")
    with pytest.raises(CommandError, match="line 1: expected a list of legislators"):
        import_congress(wrong)
    wrong.write_text("- id: [unclosed\n")
    with pytest.raises(CommandError, match="not valid YAML"):
        import_congress(wrong)


def test_name_gives_the_directory_the_heading_supporters_see() -> None:
    import_targets("congress-legislators", DATA / "legislators.yaml", "us-congress", "--name", "US Congress")  # fmt: skip
    import_targets("congress-legislators", DATA / "legislators.yaml", "us-congress")

    assert Directory.objects.get(slug="us-congress").name == "US Congress"
