"""The staff list of records, a record's page with its next steps and history, and the steps."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from nidaa.incidents import workflow
from nidaa.incidents.models import Actor, Attribution, Incident, Status
from nidaa.incidents.tests.test_record_helpers import make_record, second_documenter

pytestmark = pytest.mark.django_db

INDEX = reverse("record:index")


def detail_url(incident: Incident) -> str:
    return reverse("record:detail", kwargs={"code": incident.code})


def move(
    client: Client, incident: Incident, action: str, follow: bool = False, **fields: str
) -> Any:
    url = reverse("record:transition", kwargs={"code": incident.code})
    return client.post(url, {"action": action, **fields}, follow=follow)


def test_a_documenter_lists_only_her_own_records(
    client: Client, documenter: User, sign_in: Any
) -> None:
    mine = make_record(documenter, place_en="Saraqib")
    theirs = make_record(second_documenter(), place_en="Kafranbel")
    sign_in(client, documenter)

    page = client.get(INDEX).content.decode()

    assert mine.code in page and theirs.code not in page
    assert "Waiting for verification" not in page


def test_a_verifier_sees_the_queue_without_her_own_records(
    client: Client, documenter: User, verifier: User, sign_in: Any
) -> None:
    waiting = make_record(documenter, Status.SUBMITTED)
    own = make_record(verifier, Status.SUBMITTED)
    draft = make_record(documenter, Status.DRAFT)
    sign_in(client, verifier)

    response = client.get(INDEX)

    queue = response.context["queue"]
    assert queue == [waiting]
    assert {own, draft, waiting} <= set(response.context["page"].object_list)


def test_the_list_filters_by_status(client: Client, verifier: User, sign_in: Any) -> None:
    published = make_record(None, Status.PUBLISHED)
    draft = make_record(None, Status.DRAFT)
    sign_in(client, verifier)

    listed = client.get(INDEX, {"status": "published"}).context["page"].object_list

    assert list(listed) == [published] and draft not in listed


def test_a_record_page_shows_the_record_its_rows_and_the_authors_next_step(
    client: Client, documenter: User, sign_in: Any
) -> None:
    incident = make_record(documenter, killed_min=3, killed_max=5)
    actor = Actor.objects.create(name="Russian Air Force")
    Attribution.objects.create(incident=incident, actor=actor, status="likely")
    incident.objects_hit.create(kind="bakery", name="Central bakery")
    incident.sources.create(kind="media", publisher="Enab Baladi")
    sign_in(client, documenter)

    page = client.get(detail_url(incident)).content.decode()

    for text in ("Strike on Maarrat al-Numan market", "3–5", "Russian Air Force",
                 "Central bakery", "Enab Baladi", "Submit for verification", "Edit the record"):  # fmt: skip
        assert text in page, text
    assert "Publish" not in page


def test_a_record_page_links_to_its_evidence_and_to_adding_more(
    client: Client, documenter: User, sign_in: Any
) -> None:
    incident = make_record(documenter)
    item = incident.evidence.create(description="Photo of the crater", url="https://example.org/p")
    sign_in(client, documenter)

    page = client.get(detail_url(incident)).content.decode()

    detail = reverse("evidence:detail", kwargs={"pk": item.pk})
    assert f'<a href="{detail}">Photo of the crater</a>' in page
    assert f'href="{reverse("evidence:add", kwargs={"code": incident.code})}"' in page


def test_a_record_goes_from_draft_to_published_through_the_pages(
    client: Client, documenter: User, verifier: User, sign_in: Any
) -> None:
    incident = make_record(documenter)
    sign_in(client, documenter)
    assert move(client, incident, "submit").status_code == 302

    sign_in(client, verifier)
    assert move(client, incident, "start_verification").status_code == 302
    no_grade = move(client, incident, "verify")
    assert no_grade.status_code == 400
    assert "Choose the civilian-harm grade before verifying." in no_grade.content.decode()
    assert move(client, incident, "verify", grade="confirmed").status_code == 302
    response = move(client, incident, "publish")

    assert response.status_code == 302 and response["Location"] == detail_url(incident)
    incident.refresh_from_db()
    assert incident.status == Status.PUBLISHED and incident.verified_by == verifier
    assert "Published." in client.get(detail_url(incident)).content.decode()


def test_a_step_that_needs_a_note_keeps_the_page_and_says_so(
    client: Client, documenter: User, verifier: User, sign_in: Any
) -> None:
    incident = make_record(documenter, Status.SUBMITTED)
    sign_in(client, verifier)

    response = move(client, incident, "reject", note="")

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    incident.refresh_from_db()
    assert incident.status == Status.SUBMITTED


def test_a_step_someone_else_took_first_is_explained(
    client: Client, documenter: User, verifier: User, admin_user: User, sign_in: Any
) -> None:
    incident = make_record(documenter, Status.VERIFIED)
    workflow.publish(admin_user, incident)
    sign_in(client, verifier)

    response = move(client, incident, "publish", follow=True)

    assert "the page you acted on was out of date" in response.content.decode()


def test_the_author_cannot_take_a_verifiers_step(
    client: Client, documenter: User, sign_in: Any
) -> None:
    incident = make_record(documenter, Status.VERIFIED)
    sign_in(client, documenter)

    assert move(client, incident, "publish").status_code == 403
    assert move(client, incident, "no_such_step").status_code == 400


def test_a_record_page_shows_the_history_newest_first_with_notes_and_changes(
    client: Client, documenter: User, verifier: User, sign_in: Any
) -> None:
    incident = make_record(documenter)
    workflow.submit(documenter, incident)
    workflow.return_to_draft(verifier, incident, note="Which market? Please name it.")
    sign_in(client, documenter)

    response = client.get(detail_url(incident))

    history = response.context["history"]
    assert [item.entry.actor_username for item in history] == ["huda", "dana"]
    assert history[0].note == "Which market? Please name it."
    assert [(c.label, c.before, c.after) for c in history[0].changes] == [
        ("status", "submitted", "draft")
    ]
    assert response.context["latest_note"] == history[0]
    assert response.content.decode().count("Which market? Please name it.") == 2


def test_the_history_keeps_a_removed_row(documenter: User, verifier: User) -> None:
    from nidaa.accounts.audit import record, snapshot

    incident = make_record(documenter)
    source = incident.sources.create(publisher="SNHR")
    before = snapshot(source)
    source.delete()
    record(documenter, "delete", source, before, None)

    [item] = workflow.history(verifier, incident)
    assert item.subject == "source: SNHR" and item.entry.action == "delete"


def test_protected_site_hits_stay_out_of_a_documenters_history(
    documenter: User, verifier: User
) -> None:
    from nidaa.accounts.audit import record, snapshot
    from nidaa.incidents.models import ProtectedSite

    incident = make_record(documenter)
    site = ProtectedSite.objects.create(
        name="Secret field hospital", kind="hospital", latitude=35.9, longitude=36.6,
        notified_on="2019-01-01",
    )  # fmt: skip
    hit = incident.protected_hits.create(site=site, distance_m=120)
    record(verifier, "create", hit, None, snapshot(hit))

    assert workflow.history(documenter, incident) == []
    assert len(workflow.history(verifier, incident)) == 1


def test_a_draft_of_someone_else_is_not_found_and_its_steps_are_refused(
    client: Client, documenter: User, sign_in: Any
) -> None:
    incident = make_record(documenter)
    sign_in(client, second_documenter())

    assert client.get(detail_url(incident)).status_code == 404
    assert move(client, incident, "submit").status_code == 404
    assert client.get(reverse("record:detail", kwargs={"code": "NID-NONE"})).status_code == 404


def test_the_pages_work_in_arabic(client: Client, documenter: User, sign_in: Any) -> None:
    incident = make_record(documenter, killed_min=12, killed_max=12)
    sign_in(client, documenter)

    page = client.get(f"/ar/record/{incident.code}/").content.decode()

    assert 'dir="rtl"' in page and "قصف سوق معرة النعمان" in page
    assert client.get("/ar/record/").status_code == 200
