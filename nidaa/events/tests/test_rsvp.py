"""RSVPs: a confirmed email, a waiting list when full, reminders, updates, cancellations, and
the host's view of who is coming, which never shows an address."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from nidaa.campaigns.models import Campaign
from nidaa.events import actions, links
from nidaa.events.models import RSVP, Event, Mail
from nidaa.events.tests.helpers import deliver, links_in, make_event, path

pytestmark = pytest.mark.django_db


def answer(client: Client, event: Event, email: str, language: str = "en", **extra: Any) -> Any:
    """Samira (or whoever `email` names) says she is coming; REMOTE_ADDR= in `extra` is where
    from, the rest is form data."""
    meta = {key: extra.pop(key) for key in list(extra) if key.isupper()}
    data = {"name": email.split("@")[0].title(), "email": email, "website_url": "", **extra}
    return client.post(f"/{language}/c/save-idlib/events/{event.pk}/", data, **meta)


def confirm(client: Client, smtp: Any, email: str) -> Any:
    deliver()
    mail = smtp.to(email)[-1]
    [link] = [link for link in links_in(mail.text()) if "/events/attending/" in link]
    return client.get(path(link))


def test_an_rsvp_counts_once_its_email_is_confirmed(
    client: Client, demo_campaign: Campaign, smtp: Any
) -> None:
    event = make_event(demo_campaign, address_visibility=Event.AddressVisibility.ATTENDEES)

    response = answer(client, event, "samira@example.org", share_name="on")

    assert response["Location"] == f"/en/c/save-idlib/events/{event.pk}/check-email/"
    assert actions.going_count(event) == 0
    page = confirm(client, smtp, "samira@example.org")
    assert page.status_code == 200 and b"You are going" in page.content
    assert b"13 Kensington Palace Gardens" in page.content  # the private address, for her
    assert actions.going_count(event) == 1
    deliver()
    [_, going] = smtp.to("samira@example.org")
    assert going.subject == "You are going: Vigil for Idlib"
    assert "13 Kensington Palace Gardens" in going.text()
    public = client.get(f"/en/c/save-idlib/events/{event.pk}/").content.decode()
    assert "13 Kensington Palace Gardens" not in public and "1 person going" in public


def test_answering_twice_sends_mail_again_and_makes_one_rsvp(
    client: Client, demo_campaign: Campaign, smtp: Any
) -> None:
    event = make_event(demo_campaign)
    first = answer(client, event, "samira@example.org")
    second = answer(client, event, " SAMIRA@example.org ")

    assert first["Location"] == second["Location"]
    assert RSVP.objects.count() == 1
    deliver()
    assert [mail.subject for mail in smtp.to("samira@example.org")] == [
        "Confirm your place: Vigil for Idlib"
    ] * 2


def test_a_full_event_puts_people_on_the_waiting_list_and_a_cancellation_lets_one_in(
    client: Client, demo_campaign: Campaign, smtp: Any
) -> None:
    event = make_event(demo_campaign, capacity=1)
    answer(client, event, "first@example.org")
    confirm(client, smtp, "first@example.org")
    answer(client, event, "second@example.org")
    page = confirm(client, smtp, "second@example.org")
    assert b"waiting list" in page.content
    assert b"Join the waiting list" in client.get(f"/en/c/save-idlib/events/{event.pk}/").content

    first = RSVP.objects.get(email="first@example.org")
    client.post(links.attendee_path(first))

    second = RSVP.objects.get(email="second@example.org")
    assert second.status == RSVP.Status.GOING
    deliver()
    assert smtp.to("second@example.org")[-1].subject == "You are going: Vigil for Idlib"
    assert "a place came free" in smtp.to("second@example.org")[-1].text()


def test_the_reminder_goes_once_the_day_before_in_the_attendees_language(
    demo_campaign: Campaign, smtp: Any
) -> None:
    event = make_event(demo_campaign)
    going = RSVP.objects.create(event=event, name="Samira", email="samira@example.org", email_key="samira@example.org", language="en", key="k", status=RSVP.Status.GOING)  # fmt: skip
    RSVP.objects.create(event=event, name="Omar", email="omar@example.org", email_key="omar@example.org", language="en", key="k", status=RSVP.Status.UNCONFIRMED)  # fmt: skip

    assert actions.queue_reminders() == 0  # three days ahead: too early
    day_before = event.starts_at - datetime.timedelta(hours=20)
    assert actions.queue_reminders(now=day_before) == 1
    assert actions.queue_reminders(now=day_before) == 0
    deliver()

    [reminder] = smtp.to(going.email)
    assert reminder.subject == "Tomorrow: Vigil for Idlib"
    assert not smtp.to("omar@example.org")


def test_an_attendee_who_cancelled_meanwhile_gets_no_reminder_or_message(
    client: Client, demo_campaign: Campaign, smtp: Any
) -> None:
    event = make_event(demo_campaign)
    going = RSVP.objects.create(event=event, name="Samira", email="samira@example.org", email_key="samira@example.org", language="en", key="k", status=RSVP.Status.GOING)  # fmt: skip
    RSVP.objects.create(event=event, name="Omar", email="omar@example.org", email_key="omar@example.org", language="en", key="k", status=RSVP.Status.GOING)  # fmt: skip
    actions.queue_reminders(now=event.starts_at - datetime.timedelta(hours=20))
    actions.message_attendees(event, "Bring candles", "We meet at six.", include_waitlist=False)

    actions.cancel_rsvp(going)  # before the worker got to the outbox
    deliver()

    assert not smtp.to("samira@example.org")
    assert sorted(m.subject for m in smtp.to("omar@example.org")) == [
        "Bring candles (Vigil for Idlib)",
        "Tomorrow: Vigil for Idlib",
    ]


def test_a_reminder_of_an_event_called_off_meanwhile_is_not_sent(
    demo_campaign: Campaign, smtp: Any
) -> None:
    event = make_event(demo_campaign)
    RSVP.objects.create(event=event, name="Samira", email="samira@example.org", email_key="samira@example.org", language="en", key="k", status=RSVP.Status.GOING)  # fmt: skip
    actions.queue_reminders(now=event.starts_at - datetime.timedelta(hours=20))

    actions.cancel_event(event)
    deliver()

    assert [m.subject for m in smtp.to("samira@example.org")] == ["Cancelled: Vigil for Idlib"]


def test_a_cancelled_event_tells_everyone_coming(
    client: Client, demo_campaign: Campaign, smtp: Any
) -> None:
    event = make_event(demo_campaign)
    answer(client, event, "samira@example.org")
    confirm(client, smtp, "samira@example.org")

    client.post(links.host_path(event) + "cancel/")

    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    deliver()
    assert smtp.to("samira@example.org")[-1].subject == "Cancelled: Vigil for Idlib"
    page = client.get(f"/en/c/save-idlib/events/{event.pk}/").content.decode()
    assert "This event has been cancelled." in page and "Count me in" not in page
    assert b"Vigil for Idlib" not in client.get("/en/c/save-idlib/events/").content


def test_the_host_sees_the_count_and_shared_names_but_no_address(
    client: Client, demo_campaign: Campaign
) -> None:
    event = make_event(demo_campaign)
    for name, share in (("Samira", True), ("Hidden Person", False)):
        RSVP.objects.create(event=event, name=name, email=f"{name[:3].lower()}@example.org", email_key=f"{name[:3].lower()}@example.org", language="en", key="k", share_name=share, status=RSVP.Status.GOING)  # fmt: skip

    page = client.get(links.host_path(event)).content.decode()

    assert "Samira" in page and "Hidden Person" not in page
    assert "@example.org" not in page
    assert "<dt>Going</dt><dd>2</dd>" in page


def test_the_host_writes_to_attendees_through_the_platform(
    client: Client, demo_campaign: Campaign, smtp: Any
) -> None:
    event = make_event(demo_campaign)
    RSVP.objects.create(event=event, name="Samira", email="samira@example.org", email_key="samira@example.org", language="ar", key="k", status=RSVP.Status.GOING)  # fmt: skip
    RSVP.objects.create(event=event, name="Wait", email="wait@example.org", email_key="wait@example.org", language="en", key="k", status=RSVP.Status.WAITLISTED)  # fmt: skip

    response = client.post(links.host_path(event) + "message/", {"subject": "Bring candles", "body": "We meet at six."})  # fmt: skip

    assert response.status_code == 302 and response["Location"].endswith("?done=sent-1")
    deliver()
    [message] = smtp.to("samira@example.org")
    assert "Bring candles" in message.subject and "We meet at six." in message.text()
    assert message.message["Reply-To"] is None
    assert "rania@example.org" not in message.text() + message.html()
    assert not smtp.to("wait@example.org")


def test_host_messages_are_rate_limited(
    client: Client, demo_campaign: Campaign, settings: Any
) -> None:
    settings.NIDAA_HOST_MESSAGE_RATE = "1/86400"
    event = make_event(demo_campaign)
    RSVP.objects.create(event=event, name="Samira", email="s@example.org", email_key="s@example.org", language="en", key="k", status=RSVP.Status.GOING)  # fmt: skip
    url = links.host_path(event) + "message/"
    client.post(url, {"subject": "One", "body": "First."})

    response = client.post(url, {"subject": "Two", "body": "Second."})

    assert response.status_code == 429 and "Second." in response.content.decode()


def test_rsvps_are_rate_limited_per_address_and_per_mailbox(
    client: Client, demo_campaign: Campaign, settings: Any
) -> None:
    settings.NIDAA_RSVP_RATE = "1/3600"
    event = make_event(demo_campaign)
    assert answer(client, event, "samira@example.org", REMOTE_ADDR="192.0.2.1").status_code == 302

    same_address = answer(client, event, "omar@example.org", REMOTE_ADDR="192.0.2.1")
    same_mailbox = answer(client, event, "samira@example.org", REMOTE_ADDR="192.0.2.2")

    assert same_address.status_code == 429 and same_mailbox.status_code == 429
    assert 'value="omar@example.org"' in same_address.content.decode()  # nothing typed is lost
    assert answer(client, event, "karim@example.org", REMOTE_ADDR="192.0.2.3").status_code == 302
    assert RSVP.objects.count() == 2


def test_no_rsvp_after_the_event_ended(client: Client, demo_campaign: Campaign) -> None:
    past = timezone.now() - datetime.timedelta(days=2)
    event = make_event(demo_campaign, starts_at=past)

    assert answer(client, event, "late@example.org").status_code == 409
    assert not RSVP.objects.exists()


def test_personal_data_is_deleted_after_the_event(demo_campaign: Campaign, settings: Any) -> None:
    settings.NIDAA_EVENT_RETENTION_DAYS = 30
    old = make_event(demo_campaign, starts_at=timezone.now() - datetime.timedelta(days=40))
    RSVP.objects.create(event=old, name="Samira", email="s@example.org", email_key="s@example.org", language="en", key="k")  # fmt: skip
    actions.owe(Mail.Kind.REMINDER, old)
    Mail.objects.update(mail_due_at=None)

    actions.delete_expired()

    assert not RSVP.objects.exists() and not Mail.objects.exists()
    assert Event.objects.filter(pk=old.pk).exists()


def test_the_host_is_forgotten_after_the_event_and_the_event_kept(
    client: Client, demo_campaign: Campaign, settings: Any
) -> None:
    settings.NIDAA_EVENT_RETENTION_DAYS = 30
    long_ago = timezone.now() - datetime.timedelta(days=40)
    private = make_event(demo_campaign, starts_at=long_ago, address="12 Quiet Street",
                         address_visibility=Event.AddressVisibility.ATTENDEES)  # fmt: skip
    Event.objects.filter(pk=private.pk).update(latitude=52.5, longitude=13.4, ip_hash="h")
    public = make_event(demo_campaign, starts_at=long_ago, address="Embassy Square")
    recent = make_event(demo_campaign, starts_at=timezone.now() - datetime.timedelta(days=3))
    old_key = private.key

    assert actions.delete_expired() == 2

    private.refresh_from_db()
    host = (private.host_name, private.host_email, private.host_email_key, private.ip_hash)
    assert host == ("", "", "", "")
    assert (private.address, private.latitude, private.longitude) == ("", None, None)
    assert private.key != old_key  # the host's link no longer works
    public.refresh_from_db()
    assert public.host_email == "" and public.address == "Embassy Square"
    recent.refresh_from_db()
    assert recent.host_email != "" and recent.host_name != ""
    page = client.get(f"/en/c/save-idlib/events/{private.pk}/")
    assert page.status_code == 200 and ">Host<" not in page.content.decode()
    assert actions.delete_expired() == 0  # erased once
