"""Recording an incident on the staff form: what is saved, what is refused, and that nothing
typed is lost, not even to a form sent twice."""

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from nidaa.accounts.models import AuditEntry
from nidaa.incidents.models import Actor, Incident, Status
from nidaa.incidents.tests.test_public_helpers import make_area
from nidaa.incidents.tests.test_record_helpers import empty_rows, form_data, make_record
from nidaa.testing import html

pytestmark = pytest.mark.django_db

NEW = reverse("record:new")


@pytest.fixture
def dana(client: Client, documenter: User, sign_in: Any) -> Client:
    return sign_in(client, documenter)


def test_a_documenter_records_an_incident_with_its_rows(dana: Client, documenter: User) -> None:
    response = dana.post(NEW, form_data())

    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("record:detail", kwargs={"code": incident.code})
    assert incident.status == Status.DRAFT and incident.created_by == documenter
    assert incident.title("en") == "Air strike on Ariha market"
    assert incident.texts["ar"] == {"title": "غارة على سوق أريحا", "narrative": ""}
    assert (incident.killed_min, incident.killed_max, incident.strikes) == (3, 5, 2)
    assert incident.location_mode == "rounded" and incident.latitude == 35.81234
    [attribution] = incident.attributions.select_related("actor")
    assert attribution.actor.name == "Russian Air Force"
    assert (attribution.actor.kind, attribution.actor.country) == ("state", "RU")
    assert attribution.basis == "flight" and attribution.status == "likely"
    assert [o.kind for o in incident.objects_hit.all()] == ["market"]
    assert [s.publisher for s in incident.sources.all()] == ["Idlib response team"]


def test_the_new_record_and_each_row_are_in_the_audit_log(dana: Client) -> None:
    dana.post(NEW, form_data())

    created = AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, actor_username="dana")
    kinds = sorted(str(entry.content_type and entry.content_type.model) for entry in created)
    assert kinds == ["actor", "attribution", "civilianobject", "incident", "source"]
    assert all(entry.after and entry.before is None for entry in created)


def test_an_actor_on_the_list_is_reused_whatever_the_case_of_the_name(dana: Client) -> None:
    known = Actor.objects.create(name="Russian Air Force", kind="state", country="RU")

    dana.post(NEW, form_data(**{"attributions-0-new_actor_name": "russian air force"}))

    assert Actor.objects.count() == 1
    assert Incident.objects.get().attributions.get().actor == known


def test_an_invalid_form_is_shown_again_with_everything_typed(dana: Client) -> None:
    data = form_data(killed_min="9", killed_max="4", longitude="")

    response = dana.post(NEW, data)

    assert response.status_code == 400
    assert not Incident.objects.exists()
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "The highest figure is below the lowest." in page
    assert "Give both latitude and longitude, or neither." in page
    for name in ("title_en", "title_ar", "place_ar", "killed_min", "attributions-0-new_actor_name"):
        assert f'value="{data[name]}"' in page, name
    assert "Two strikes hit the vegetable market at noon." in page
    assert f'value="{data["client_token"]}"' in page


def test_a_record_needs_a_title_in_some_language_and_a_date(dana: Client) -> None:
    response = dana.post(NEW, form_data(title_en="", title_ar="", started_on=""))

    assert response.status_code == 400
    assert "Give the record a title in at least one language." in response.content.decode()
    assert "This field is required." in response.content.decode()


def test_an_attribution_needs_an_actor_but_an_empty_row_is_skipped(dana: Client) -> None:
    half = form_data(**{"attributions-0-new_actor_name": "", "attributions-0-basis": "witness"})
    empty = form_data(**{"attributions-0-new_actor_name": "", "attributions-0-basis": "media",
                         "attributions-0-status": "single_source", "attributions-0-new_actor_kind": "unknown",
                         "attributions-0-new_actor_country": ""})  # fmt: skip

    assert dana.post(NEW, half).status_code == 400
    assert dana.post(NEW, empty).status_code == 302
    assert not Incident.objects.get().attributions.exists()


def test_the_same_form_sent_twice_makes_one_record(dana: Client) -> None:
    first = dana.post(NEW, form_data())
    again = dana.post(NEW, form_data())

    assert Incident.objects.count() == 1
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert AuditEntry.objects.filter(content_type__model="incident").count() == 1


def test_a_new_form_gets_a_new_token_each_time(dana: Client) -> None:
    tokens = {
        re.search(r'name="client_token" value="([^"]+)"', dana.get(NEW).content.decode())[1]  # type: ignore[index]
        for _ in range(3)
    }

    assert len(tokens) == 3


def test_another_persons_token_is_refused(
    dana: Client, verifier: User, sign_in: Any, client: Client
) -> None:
    dana.post(NEW, form_data())
    huda = sign_in(Client(), verifier)

    response = huda.post(NEW, form_data())

    assert response.status_code == 403
    assert Incident.objects.count() == 1


def test_asking_for_another_row_without_javascript_keeps_everything_and_saves_nothing(
    dana: Client,
) -> None:
    response = dana.post(NEW, form_data(title_en="", add_row="sources"))

    assert response.status_code == 200
    assert not Incident.objects.exists()
    page = response.content.decode()
    assert 'name="sources-TOTAL_FORMS" value="2"' in page
    assert 'name="sources-1-publisher"' in page
    assert 'value="Idlib response team"' in page
    assert "errorlist" not in page


def test_the_success_page_tells_the_browser_to_forget_its_copy(
    dana: Client, documenter: User
) -> None:
    response = dana.post(NEW, form_data(), follow=True)

    assert f'data-draft-clear="{documenter.pk}:new"' in response.content.decode()
    again = dana.get(response.wsgi_request.path).content.decode()
    assert "data-draft-clear" not in again


def test_the_form_keeps_a_copy_per_person_and_record(dana: Client, documenter: User) -> None:
    incident = make_record(documenter)

    new_page = dana.get(NEW).content.decode()
    edit_page = dana.get(reverse("record:edit", kwargs={"code": incident.code})).content.decode()

    assert f'data-draft-key="{documenter.pk}:new"' in new_page
    assert f'data-draft-key="{documenter.pk}:{incident.code}"' in edit_page


def test_the_form_is_one_page_of_the_sites_own_script_and_no_inline_script(dana: Client) -> None:
    page = html.parse(dana.get(NEW).content.decode())

    assert [s.attrs["src"] for s in page.find("script")] == ["/static/incidents/record/record.js"]
    assert html.script_risks(dana.get(NEW).content.decode()) == []
    assert html.external_resources(page, "testserver") == []


def test_every_field_has_a_label(dana: Client) -> None:
    page = html.parse(dana.get(NEW).content.decode())
    ids = {e.attrs["for"] for e in page.find("label")}

    inputs = [e for e in page.elements if e.tag in ("input", "select", "textarea")]
    unlabelled = [
        e.attrs.get("name")
        for e in inputs
        if e.attrs.get("type") != "hidden" and e.attrs.get("id") not in ids
    ]
    assert unlabelled == []


def test_a_documenter_does_not_grade_and_a_verifier_does_while_checking(
    client: Client, documenter: User, verifier: User, sign_in: Any
) -> None:
    incident = make_record(documenter, Status.IN_VERIFICATION)
    sign_in(client, documenter)
    assert 'name="grade"' not in client.get(NEW).content.decode()

    sign_in(client, verifier)
    url = reverse("record:edit", kwargs={"code": incident.code})
    assert 'name="grade"' in client.get(url).content.decode()
    data = form_data(grade="weak", client_token=None, **empty_rows("attributions"))
    assert client.post(url, data).status_code == 302

    incident.refresh_from_db()
    assert incident.grade == "weak" and incident.status == Status.IN_VERIFICATION


def test_a_graded_field_posted_by_a_documenter_is_ignored(dana: Client) -> None:
    dana.post(NEW, form_data(grade="confirmed"))

    assert Incident.objects.get().grade == ""


def test_editing_a_draft_writes_the_change_and_its_history(dana: Client, documenter: User) -> None:
    dana.post(NEW, form_data())
    incident = Incident.objects.get()
    attribution = incident.attributions.get()
    url = reverse("record:edit", kwargs={"code": incident.code})
    data = form_data(killed_max="7", title_en="Air strikes on Ariha market", client_token=None)
    data.update({
        "attributions-INITIAL_FORMS": "1", "attributions-0-id": str(attribution.pk),
        "attributions-0-actor": str(attribution.actor_id), "attributions-0-new_actor_name": "",
        "attributions-0-DELETE": "on",
        "objects_hit-TOTAL_FORMS": "0", "sources-TOTAL_FORMS": "0",
    })  # fmt: skip

    response = dana.post(url, data)

    assert response.status_code == 302, response.content.decode()[-2000:]
    incident.refresh_from_db()
    assert incident.killed_max == 7 and not incident.attributions.exists()
    change = AuditEntry.objects.get(action="change", content_type__model="incident")
    assert change.before and change.after
    assert change.before["killed_max"] == 5 and change.after["killed_max"] == 7
    assert AuditEntry.objects.filter(action="delete", content_type__model="attribution").exists()


def test_an_edit_never_undoes_a_move_made_while_the_form_was_open(
    dana: Client, documenter: User, verifier: User
) -> None:
    from nidaa.incidents import workflow

    incident = make_record(documenter)
    url = reverse("record:edit", kwargs={"code": incident.code})
    dana.get(url)
    workflow.submit(documenter, incident)

    response = dana.post(url, form_data(client_token=None))

    assert response.status_code == 403
    incident.refresh_from_db()
    assert incident.status == Status.SUBMITTED and incident.killed_max == 0


def test_admin_areas_are_filled_from_the_point_and_shown_read_only(dana: Client) -> None:
    make_area()

    response = dana.post(NEW, form_data(), follow=True)

    incident = Incident.objects.get()
    assert incident.admin1_pcode == "SY07" and incident.admin2_en == "Ariha"
    edit = dana.get(reverse("record:edit", kwargs={"code": incident.code})).content.decode()
    assert "Idleb" in edit and 'name="admin1_en"' not in edit
    assert "Idleb" in response.content.decode()


def test_the_form_works_in_arabic(dana: Client) -> None:
    page = dana.get("/ar/record/new/").content.decode()

    assert 'lang="ar" dir="rtl"' in page
    response = dana.post("/ar/record/new/", form_data())
    assert response.status_code == 302 and response["Location"].startswith("/ar/record/")


def test_the_history_says_what_an_edit_changed_in_words(dana: Client, documenter: User) -> None:
    from nidaa.incidents import workflow

    dana.post(NEW, form_data())
    incident = Incident.objects.get()
    url = reverse("record:edit", kwargs={"code": incident.code})
    data = form_data(killed_max="7", title_en="Air strikes on Ariha market", means="barrel_bomb",
                     client_token=None, **empty_rows("attributions"))  # fmt: skip
    data.update({"objects_hit-TOTAL_FORMS": "0", "sources-TOTAL_FORMS": "0"})
    dana.post(url, data)

    [edit, *_] = workflow.history(documenter, incident)
    assert [(c.label, c.before, c.after) for c in edit.changes] == [
        ("title (en)", "Air strike on Ariha market", "Air strikes on Ariha market"),
        ("means", "air strike", "helicopter / barrel bomb"),
        ("civilians killed (at most)", "5", "7"),
    ]
