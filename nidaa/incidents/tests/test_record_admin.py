"""Records on the staff site follow the recording pages' rules."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from nidaa.accounts.models import AuditEntry
from nidaa.incidents.models import Incident, Status
from nidaa.incidents.tests.test_record_helpers import empty_rows, make_record, second_documenter

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:incidents_incident_changelist")


def change_url(incident: Incident) -> str:
    return reverse("admin:incidents_incident_change", args=[incident.pk])


def admin_data(**overrides: str) -> dict[str, str]:
    data = {
        "started_on": "2019-12-22", "time_precision": "1", "geo_precision": "1",
        "location_mode": "exact", "place_en": "Saraqib", "place_ar": "", "strikes": "4",
        "locations": "2", "means": "barrel_bomb", "killed_min": "0", "killed_max": "0",
        "injured_min": "1", "injured_max": "2", "latitude": "", "longitude": "", "ended_on": "",
        **empty_rows("attributions"), **empty_rows("objects_hit"), **empty_rows("sources"),
    }  # fmt: skip
    data.update(overrides)
    return data


def test_a_documenter_lists_only_her_own_records(
    client: Client, documenter: User, sign_in: Any
) -> None:
    mine = make_record(documenter)
    theirs = make_record(second_documenter())
    sign_in(client, documenter)

    page = client.get(CHANGELIST).content.decode()

    assert mine.code in page and theirs.code not in page
    assert client.get(change_url(theirs)).status_code == 302  # "does not exist", to the index


def test_a_documenter_changes_her_draft_and_the_change_is_audited(
    client: Client, documenter: User, sign_in: Any
) -> None:
    incident = make_record(documenter)
    sign_in(client, documenter)

    response = client.post(change_url(incident), admin_data(status="published", grade="confirmed"))

    assert response.status_code == 302, response.content.decode()[-3000:]
    incident.refresh_from_db()
    assert incident.strikes == 4 and incident.means == "barrel_bomb"
    assert incident.status == Status.DRAFT and incident.grade == ""
    entry = AuditEntry.objects.get(content_type__model="incident")
    assert entry.before and entry.after
    assert entry.before["strikes"] == 1 and entry.after["strikes"] == 4


def test_a_submitted_record_is_read_only_for_its_author(
    client: Client, documenter: User, sign_in: Any
) -> None:
    incident = make_record(documenter, Status.SUBMITTED)
    sign_in(client, documenter)

    assert client.get(change_url(incident)).status_code == 200
    assert client.post(change_url(incident), admin_data()).status_code == 403


def test_records_are_made_on_the_recording_page_not_here(
    client: Client, admin_user: User, sign_in: Any
) -> None:
    sign_in(client, admin_user)

    assert client.get(reverse("admin:incidents_incident_add")).status_code == 403


def test_a_verifier_grades_a_record_she_is_checking_but_never_moves_its_status(
    client: Client, documenter: User, verifier: User, sign_in: Any
) -> None:
    incident = make_record(documenter, Status.IN_VERIFICATION)
    sign_in(client, verifier)

    page = client.get(change_url(incident)).content.decode()
    response = client.post(change_url(incident), admin_data(grade="weak", status="published"))

    assert 'name="grade"' in page and 'name="status"' not in page
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.grade == "weak" and incident.status == Status.IN_VERIFICATION


def test_each_record_links_to_its_recording_page(
    client: Client, documenter: User, sign_in: Any
) -> None:
    incident = make_record(documenter)
    sign_in(client, documenter)

    page = client.get(change_url(incident)).content.decode()

    record_page = reverse("record:detail", kwargs={"code": incident.code})
    assert f'href="{record_page}" class="viewsitelink"' in page


def test_actors_are_kept_on_the_staff_site(client: Client, verifier: User, sign_in: Any) -> None:
    sign_in(client, verifier)

    response = client.post(
        reverse("admin:incidents_actor_add"),
        {"name": "Syrian Arab Air Force", "name_ar": "", "kind": "state", "country": "SY"},
    )

    assert response.status_code == 302
    assert AuditEntry.objects.filter(content_type__model="actor", action="create").exists()
