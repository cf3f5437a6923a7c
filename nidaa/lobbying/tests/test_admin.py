"""Target directories in the staff site: freshness, custom lists, read-only imports, audit."""

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from nidaa.accounts.models import AuditEntry
from nidaa.lobbying.lookup import lookup
from nidaa.lobbying.models import ContactChannel, Directory, Target
from nidaa.lobbying.tests.helpers import DATA, import_targets

pytestmark = pytest.mark.django_db


@pytest.fixture
def adel(client: Client, admin_user: User, sign_in: Any) -> Client:
    return sign_in(client, admin_user)


@pytest.fixture
def unsc() -> Directory:
    return Directory.objects.create(
        name="UN Security Council missions", slug="unsc", kind=Directory.Kind.CUSTOM,
        imported_at=timezone.now(),
    )  # fmt: skip


def test_the_list_shows_when_and_from_what_each_directory_was_imported(adel: Client) -> None:
    import_targets("congress-legislators", DATA / "legislators.yaml", "us-congress")
    page = adel.get(reverse("admin:lobbying_directory_changelist")).content.decode()
    assert "us-congress" in page and "legislators.yaml" in page and "up to date" in page


def test_a_stale_directory_is_flagged_in_the_list(adel: Client) -> None:
    import_targets("congress-legislators", DATA / "legislators.yaml", "us-congress")
    Directory.objects.update(imported_at=timezone.now() - datetime.timedelta(days=200))
    page = adel.get(reverse("admin:lobbying_directory_changelist")).content.decode()
    assert "stale since" in page
    assert "This directory is stale; import a newer file or check its targets: us-congress." in page


def test_staff_add_a_custom_target_with_sourced_channels_and_it_is_audited(
    adel: Client, unsc: Directory
) -> None:
    form = {
        "directory": unsc.pk, "source_id": "fr", "name": "Permanent Mission of France",
        "sort_name": "", "role": "Permanent Representative", "party": "", "group": "",
        "country": "fr", "area": "", "committees": "[]", "valid_from": "2024-01-01",
        "valid_until": "", "active": "on",
        "channels-TOTAL_FORMS": "1", "channels-INITIAL_FORMS": "0",
        "channels-MIN_NUM_FORMS": "0", "channels-MAX_NUM_FORMS": "1000",
        "channels-0-kind": "email", "channels-0-value": "mission@example.org",
        "channels-0-label": "", "channels-0-source": "https://mission.example.org/contact",
        "channels-0-valid_from": "", "channels-0-valid_until": "", "channels-0-position": "0",
    }  # fmt: skip
    response = adel.post(reverse("admin:lobbying_target_add"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    target = Target.objects.get(source_id="fr")
    channel = target.channels.get()
    assert channel.source == "https://mission.example.org/contact"
    assert AuditEntry.objects.filter(object_id=str(target.pk), action="create").exists()
    assert AuditEntry.objects.filter(object_id=str(channel.pk), action="create").exists()
    assert [t.name for t in lookup("gb", directory="unsc").targets] == [
        "Permanent Mission of France"
    ]


def test_an_imported_target_may_be_read_but_not_changed(adel: Client) -> None:
    import_targets("congress-legislators", DATA / "legislators.yaml", "us-congress")
    target = Target.objects.get(source_id="S000001")
    url = reverse("admin:lobbying_target_change", args=[target.pk])
    page = adel.get(url)
    assert page.status_code == 200 and "Sadia Senator" in page.content.decode()
    adel.post(url, {"name": "Edited"})
    assert Target.objects.get(pk=target.pk).name == "Sadia Senator"
    delete = reverse("admin:lobbying_target_delete", args=[target.pk])
    assert adel.post(delete, {"post": "yes"}).status_code == 403


def test_a_change_to_a_custom_list_refreshes_its_date_and_the_lookups(
    adel: Client, unsc: Directory
) -> None:
    target = Target.objects.create(
        directory=unsc, source_id="ru", name="Mission of Russia", country="ru"
    )
    assert [t.name for t in lookup("fr", directory="unsc").targets] == ["Mission of Russia"]
    Directory.objects.filter(pk=unsc.pk).update(imported_at=None)
    form = {
        "directory": unsc.pk, "source_id": "ru", "name": "Permanent Mission of Russia",
        "sort_name": "", "role": "", "party": "", "group": "", "country": "ru", "area": "",
        "committees": "[]", "valid_from": "", "valid_until": "", "active": "on",
        "channels-TOTAL_FORMS": "0", "channels-INITIAL_FORMS": "0",
        "channels-MIN_NUM_FORMS": "0", "channels-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    response = adel.post(reverse("admin:lobbying_target_change", args=[target.pk]), form)
    assert response.status_code == 302
    unsc.refresh_from_db()
    assert unsc.imported_at is not None
    assert [t.name for t in lookup("fr", directory="unsc").targets] == [
        "Permanent Mission of Russia"
    ]


def test_an_outsider_is_refused(client: Client, outsider: User, sign_in: Any) -> None:
    sign_in(client, outsider)
    response = client.get(reverse("admin:lobbying_directory_changelist"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_custom_channels_show_their_source(adel: Client, unsc: Directory) -> None:
    target = Target.objects.create(directory=unsc, source_id="cn", name="Mission of China")
    ContactChannel.objects.create(
        target=target, kind="phone", value="+1 212 000 0000", source="UN Blue Book"
    )
    page = adel.get(reverse("admin:lobbying_target_change", args=[target.pk])).content.decode()
    assert "UN Blue Book" in page


def test_a_javascript_address_is_refused_as_a_contact_form(adel: Client, unsc: Directory) -> None:
    target = Target.objects.create(directory=unsc, source_id="ru", name="Mission", country="ru")
    channel = ContactChannel(target=target, kind="contact_form", value="javascript:alert(1)")

    with pytest.raises(ValidationError) as refused:
        channel.full_clean()

    assert "https://" in refused.value.message_dict["value"][0]
    fixed = ContactChannel(target=target, kind="website", value="mission.example.org")
    fixed.full_clean()
    assert fixed.value == "https://mission.example.org"
