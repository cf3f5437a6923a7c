"""A host submits an event, confirms their email from the link, and it waits for moderation."""

from typing import Any

import pytest
from django.test import Client

from nidaa.accounts.models import AuditEntry
from nidaa.campaigns.models import Campaign
from nidaa.events.models import Event
from nidaa.events.tests.helpers import deliver, form_data, links_in, path

pytestmark = pytest.mark.django_db
NEW = "/{language}/c/save-idlib/events/new/"


def test_a_new_event_waits_for_the_host_to_confirm_their_email(
    client: Client, demo_campaign: Campaign, smtp: Any
) -> None:
    response = client.post(NEW.format(language="en"), form_data())

    assert response.status_code == 302
    assert response["Location"] == "/en/c/save-idlib/events/new/check-email/"
    event = Event.objects.get()
    assert event.status == Event.Status.UNCONFIRMED
    assert event.time_zone == "Europe/London"  # found from the city
    assert event.starts_at.hour in (17, 18)  # 18:30 on London's clocks, in UTC
    assert event.starts_at.minute == 30
    assert not client.get("/en/c/save-idlib/events/").content.count(b"Vigil for Idlib")

    deliver()
    [mail] = smtp.to("rania@example.org")
    assert mail.subject.startswith("Confirm your email to send your event")
    [host_link] = [link for link in links_in(mail.text()) if "/events/host/" in link]

    page = client.get(path(host_link))

    assert page.status_code == 200
    assert b"your email is confirmed" in page.content
    event.refresh_from_db()
    assert event.status == Event.Status.PENDING and event.confirmed_at is not None
    actions = AuditEntry.objects.filter(object_id=str(event.pk)).values_list("action", flat=True)
    assert sorted(actions) == ["change", "create"]


def test_a_private_pin_puts_the_event_at_the_city_centre_on_the_map(
    client: Client, demo_campaign: Campaign
) -> None:
    client.post(NEW.format(language="en"), form_data(address_visibility="attendees"))

    event = Event.objects.get()
    assert (event.latitude, event.longitude) == (51.5096, -0.1889)
    assert (
        round(event.map_latitude or 0, 2) == 51.51 and round(event.map_longitude or 0, 2) == -0.13
    )


def test_the_form_keeps_what_was_typed_and_explains_each_problem(
    client: Client, demo_campaign: Campaign
) -> None:
    data = form_data(ends=form_data()["starts"].replace("T18:30", "T17:00"), latitude="91")

    response = client.post(NEW.format(language="en"), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "The end must come after the start." in html
    assert "Ensure this value is less than or equal to 90" in html
    assert 'value="Vigil for Idlib"' in html and "Candles and the names of the dead." in html
    assert not Event.objects.exists()


def test_the_form_answers_in_arabic(client: Client, demo_campaign: Campaign) -> None:
    response = client.post(NEW.format(language="ar"), form_data(title=""))

    assert response.status_code == 400
    assert 'dir="rtl"' in response.content.decode()
    assert "This field is required." not in response.content.decode()


def test_a_time_the_clocks_skip_is_refused(client: Client, demo_campaign: Campaign) -> None:
    # Europe/London skips 01:00–02:00 on the last Sunday of March.
    data = form_data(starts="2031-03-30T01:30", ends="2031-03-30T03:00")

    response = client.post(NEW.format(language="en"), data)

    assert response.status_code == 400
    assert "This time does not exist there" in response.content.decode()


def test_an_unknown_city_needs_a_time_zone(client: Client, demo_campaign: Campaign) -> None:
    response = client.post(NEW.format(language="en"), form_data(city="Nowhereville Xq"))
    assert response.status_code == 400
    assert "We could not find this city" in response.content.decode()

    chosen = form_data(city="Nowhereville Xq", time_zone="America/Chicago")
    assert client.post(NEW.format(language="en"), chosen).status_code == 302
    assert Event.objects.get().time_zone == "America/Chicago"


def test_a_filled_honeypot_stores_nothing(client: Client, demo_campaign: Campaign) -> None:
    response = client.post(NEW.format(language="en"), form_data(website_url="http://spam"))

    assert response.status_code == 302
    assert not Event.objects.exists()


def test_submissions_are_rate_limited_and_keep_the_text(
    client: Client, demo_campaign: Campaign, settings: Any
) -> None:
    settings.NIDAA_EVENT_SUBMIT_RATE = "1/3600"
    assert client.post(NEW.format(language="en"), form_data()).status_code == 302

    response = client.post(NEW.format(language="en"), form_data(title="Second vigil"))

    assert response.status_code == 429
    assert 'value="Second vigil"' in response.content.decode()
    assert Event.objects.count() == 1


def test_one_mailbox_cannot_be_flooded_with_confirmations_from_many_addresses(
    client: Client, demo_campaign: Campaign, settings: Any
) -> None:
    settings.NIDAA_EVENT_SUBMIT_RATE = "1/3600"
    url = NEW.format(language="en")
    assert client.post(url, form_data(), REMOTE_ADDR="192.0.2.1").status_code == 302

    again = client.post(url, form_data(host_email="Rania@Example.org"), REMOTE_ADDR="192.0.2.2")
    other = client.post(url, form_data(host_email="omar@example.org"), REMOTE_ADDR="192.0.2.3")

    assert again.status_code == 429 and other.status_code == 302
    assert Event.objects.count() == 2


def test_a_wrong_host_link_is_refused(client: Client, demo_campaign: Campaign) -> None:
    client.post(NEW.format(language="en"), form_data())
    event = Event.objects.get()

    response = client.get(f"/en/c/save-idlib/events/host/{event.pk}/{'0' * 32}/")

    assert response.status_code == 410
    event.refresh_from_db()
    assert event.status == Event.Status.UNCONFIRMED


def test_mail_subjects_show_the_title_as_typed_not_as_html(
    client: Client, demo_campaign: Campaign, smtp: Any
) -> None:
    client.post(NEW.format(language="en"), form_data(title='Tom & Jerry\'s "vigil" <now>'))

    deliver()

    [mail] = smtp.to("rania@example.org")
    assert mail.subject == 'Confirm your email to send your event: Tom & Jerry\'s "vigil" <now>'
    assert "<title>Confirm your email to send your event: Tom &amp; Jerry" in mail.html()
