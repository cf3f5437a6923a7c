"""Moderators approve or reject events, and the changes hosts make after approval; every step
is audited and tells the people concerned. Roles hold only what they need."""

import datetime
from typing import Any

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import User
from django.test import Client

from nidaa.accounts.models import AuditEntry
from nidaa.campaigns.models import Campaign
from nidaa.events import actions, links
from nidaa.events.forms import EVENT_FIELDS
from nidaa.events.models import RSVP, Event, Mail
from nidaa.events.tests.helpers import deliver, make_event

pytestmark = pytest.mark.django_db
CHANGELIST = "/en/staff/events/event/"


def fields_of(event: Event, **changes: Any) -> dict[str, Any]:
    return {name: getattr(event, name) for name in EVENT_FIELDS} | changes


def bulk(client: Client, action: str, event: Event, **extra: str) -> Any:
    data = {"action": action, ACTION_CHECKBOX_NAME: [str(event.pk)], **extra}
    return client.post(CHANGELIST, data)


def test_a_moderator_approves_an_event_and_the_host_is_told(
    client: Client, demo_campaign: Campaign, moderator: User, sign_in: Any, smtp: Any
) -> None:
    event = make_event(demo_campaign, status=Event.Status.PENDING)
    sign_in(client, moderator)

    assert client.get(CHANGELIST + "?waiting=yes").status_code == 200
    bulk(client, "approve_selected", event)

    event.refresh_from_db()
    assert event.status == Event.Status.APPROVED and event.approved_at is not None
    entry = AuditEntry.objects.filter(object_id=str(event.pk), actor=moderator).get()
    assert (entry.before or {})["status"] == "pending" and (entry.after or {})[
        "status"
    ] == "approved"
    deliver()
    [mail] = smtp.to("rania@example.org")
    assert mail.subject == "Your event is public: Vigil for Idlib"
    assert client.get(f"/en/c/save-idlib/events/{event.pk}/").status_code == 200


def test_a_rejection_asks_for_a_note_which_the_host_receives(
    client: Client, demo_campaign: Campaign, moderator: User, sign_in: Any, smtp: Any
) -> None:
    event = make_event(demo_campaign, status=Event.Status.PENDING)
    sign_in(client, moderator)

    asked = bulk(client, "reject_selected", event)
    assert asked.status_code == 200 and b"Note to the host" in asked.content
    page = asked.content.decode()
    assert f'name="_selected_action" value="{event.pk}"' in page  # the selection goes on
    assert "The host receives your note." in page and 'value="Reject"' in page
    bulk(client, "reject_selected", event, apply="1", note="Please give the venue.")

    event.refresh_from_db()
    assert event.status == Event.Status.REJECTED
    deliver()
    [mail] = smtp.to("rania@example.org")
    assert "Please give the venue." in mail.text()
    assert client.get(f"/en/c/save-idlib/events/{event.pk}/").status_code == 404


def test_a_pending_event_is_not_public_anywhere(client: Client, demo_campaign: Campaign) -> None:
    event = make_event(demo_campaign, status=Event.Status.PENDING, title="Secret plan")

    assert client.get(f"/en/c/save-idlib/events/{event.pk}/").status_code == 404
    assert client.get(f"/c/save-idlib/events/{event.pk}.ics").status_code == 404
    for url in ("/en/c/save-idlib/events/", "/c/save-idlib/events.ics", "/c/save-idlib/events.geojson"):  # fmt: skip
        assert b"Secret plan" not in client.get(url).content


def test_changes_after_approval_wait_for_a_moderator_while_the_public_sees_the_old_version(
    client: Client, demo_campaign: Campaign, moderator: User, sign_in: Any, smtp: Any
) -> None:
    event = make_event(demo_campaign)
    going = RSVP.objects.create(event=event, name="Samira", email="samira@example.org", email_key="samira@example.org", language="ar", key="k", status=RSVP.Status.GOING)  # fmt: skip
    later = event.starts_at + datetime.timedelta(hours=1)

    waiting = actions.change_event(event, fields_of(event, starts_at=later, ends_at=later + datetime.timedelta(hours=2), title="Vigil, one hour later"))  # fmt: skip

    assert waiting
    event.refresh_from_db()
    assert event.title == "Vigil for Idlib"
    assert (event.proposed or {})["title"] == "Vigil, one hour later"
    assert b"Vigil for Idlib" in client.get(f"/en/c/save-idlib/events/{event.pk}/").content
    host_page = client.get(links.host_path(event)).content.decode()
    assert "your changes wait for the moderators" in host_page

    sign_in(client, moderator)
    change_page = client.get(f"/en/staff/events/event/{event.pk}/change/").content.decode()
    assert "Vigil, one hour later" in change_page
    bulk(client, "approve_selected", event)

    event.refresh_from_db()
    assert event.title == "Vigil, one hour later" and event.starts_at == later
    assert event.proposed is None
    deliver()
    [update] = smtp.to(going.email)
    assert update.subject.strip() == "وقت أو مكان جديد: Vigil, one hour later"  # her language
    assert "rania@example.org" not in update.text()


def test_rejected_changes_leave_the_event_as_it_was(
    demo_campaign: Campaign, moderator: User
) -> None:
    event = make_event(demo_campaign)
    actions.change_event(event, fields_of(event, title="Something else"))

    actions.reject_event(event, moderator, "Keep the original title.")

    event.refresh_from_db()
    assert event.title == "Vigil for Idlib" and event.proposed is None
    assert event.status == Event.Status.APPROVED
    assert Mail.objects.filter(kind=Mail.Kind.HOST_REVIEW, payload__outcome="changes_rejected").exists()  # fmt: skip


def test_an_edit_before_approval_changes_the_waiting_event(demo_campaign: Campaign) -> None:
    event = make_event(demo_campaign, status=Event.Status.PENDING)

    assert not actions.change_event(event, fields_of(event, title="Better title"))

    event.refresh_from_db()
    assert event.title == "Better title" and event.status == Event.Status.PENDING


@pytest.mark.parametrize("who", ["editor", "outsider", "documenter"])
def test_only_moderators_and_admins_may_moderate(
    client: Client, demo_campaign: Campaign, sign_in: Any, who: str, request: Any
) -> None:
    event = make_event(demo_campaign, status=Event.Status.PENDING)
    sign_in(client, request.getfixturevalue(who))

    response = bulk(client, "approve_selected", event)

    assert response.status_code in (302, 403)
    event.refresh_from_db()
    assert event.status == Event.Status.PENDING


def test_moderators_see_no_attendee_addresses(
    client: Client, demo_campaign: Campaign, moderator: User, admin_user: User, sign_in: Any
) -> None:
    assert not moderator.has_perm("events.view_rsvp")
    sign_in(client, moderator)
    assert client.get("/en/staff/events/rsvp/").status_code == 403
    sign_in(client, admin_user)
    event = make_event(demo_campaign)
    RSVP.objects.create(event=event, name="Samira", email="samira@example.org", email_key="samira@example.org", language="en", key="k")  # fmt: skip
    listing = client.get("/en/staff/events/rsvp/").content.decode()
    assert "s•••@example.org" in listing and "samira@example.org" not in listing


def test_a_moderator_cannot_edit_what_the_host_wrote(
    client: Client, demo_campaign: Campaign, moderator: User, sign_in: Any
) -> None:
    event = make_event(demo_campaign, status=Event.Status.PENDING)
    sign_in(client, moderator)

    client.post(f"/en/staff/events/event/{event.pk}/change/", {"title": "Changed by staff"})

    event.refresh_from_db()
    assert event.title == "Vigil for Idlib"
