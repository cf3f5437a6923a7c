"""Writing a letter: who you are, then the campaign's letter filled in to edit, then sent
(by email after confirming your address) or handed to you for a contact form."""

from typing import Any

import pytest
from django.test import Client

from nidaa.campaigns.models import Campaign
from nidaa.lobbying.models import Letter
from nidaa.lobbying.tests.helpers import about, filled_letter, target, write_url

pytestmark = pytest.mark.django_db


def test_the_first_step_shows_the_campaigns_letter_for_this_target(
    client: Client, lobby: Campaign
) -> None:
    response = client.get(write_url(target("Alex Baker")))

    text = response.content.decode()
    assert response.status_code == 200 and not response.cookies
    assert "Write to <bdi>Alex Baker</bdi>" in text
    assert "Dear Alex Baker," in text and "[your name]" in text
    assert 'name="email"' in text  # the MP has an email address: the letter goes by email


def test_the_second_step_fills_in_the_target_and_the_writer(
    client: Client, lobby: Campaign
) -> None:
    data = filled_letter(client, target("Alex Baker"))

    assert data["step"] == "letter" and data["subject"] == "Protect the civilians of Idlib"
    assert data["body"].startswith("Dear Alex Baker,\n")
    assert "I live in Leeds" in data["body"] and "as Member of Parliament" in data["body"]
    assert data["body"].endswith("Samira Haddad\nLeeds")
    assert (data["name"], data["email"], data["town"]) == ("Samira Haddad", "samira@example.org", "Leeds")  # fmt: skip


def test_a_bad_address_is_explained_and_nothing_typed_is_lost(
    client: Client, lobby: Campaign
) -> None:
    response = client.post(write_url(target("Alex Baker")), about(email="samira@"))

    text = response.content.decode()
    assert "Enter a valid email address." in text
    assert 'value="Samira Haddad"' in text and 'value="samira@"' in text


def test_a_letter_in_your_own_words_waits_for_your_confirmation(
    client: Client, lobby: Campaign
) -> None:
    data = filled_letter(client, target("Alex Baker"))
    data["body"] = "I am a nurse in Leeds. " + data["body"]

    response = client.post(write_url(target("Alex Baker")), data)

    assert response.status_code == 302
    assert response["Location"] == "/en/c/save-idlib/lobby/check-email/"
    letter = Letter.objects.get()
    assert (letter.state, letter.channel, letter.unedited) == ("unconfirmed", "email", False)
    assert letter.mail_due_at is not None and letter.confirmed_at is None
    assert (letter.email, letter.town, letter.target_country) == ("samira@example.org", "Leeds", "gb")  # fmt: skip
    assert letter.body.startswith("I am a nurse in Leeds.")


def test_an_unedited_copy_is_allowed_but_flagged(client: Client, lobby: Campaign) -> None:
    data = filled_letter(client, target("Alex Baker"))
    data["body"] = data["body"].replace("\n", "\r\n") + "\r\n"  # as a browser sends it

    client.post(write_url(target("Alex Baker")), data)

    assert Letter.objects.get().unedited is True


def test_a_target_without_email_gets_the_text_to_copy_and_its_contact_form(
    client: Client, lobby: Campaign
) -> None:
    senator = target("Sadia Senator")
    data = filled_letter(client, senator)
    assert "email" not in data  # nothing to confirm: the writer sends it themselves

    response = client.post(write_url(senator), {**data, "body": "My own words, Senator."})

    text = response.content.decode()
    assert response.status_code == 200
    assert "My own words, Senator." in text and "readonly" in text
    assert 'href="https://senator.example.org/contact"' in text
    assert "1 Hart Senate Office Building" in text
    letter = Letter.objects.get()
    assert (letter.channel, letter.state, letter.unedited) == ("contact_form", "handed_over", False)
    # Only the fact is kept.
    assert (letter.name, letter.email, letter.town, letter.body) == ("", "", "", "")


def test_the_letter_can_be_read_in_the_campaigns_other_language(
    client: Client, lobby: Campaign
) -> None:
    response = client.get(write_url(target("Alex Baker")) + "?letter=ar")

    text = response.content.decode()
    assert "السيد/السيدة Alex Baker المحترم/ة" in text
    data = filled_letter(client, target("Alex Baker"), letter="ar")
    assert data["letter"] == "ar" and data["subject"] == "احموا المدنيين في إدلب"


def test_line_breaks_in_a_name_are_refused(client: Client, lobby: Campaign) -> None:
    data = filled_letter(client, target("Alex Baker"))

    response = client.post(write_url(target("Alex Baker")), {**data, "name": "Samira\r\nBcc: x@example.org"})  # fmt: skip

    assert "Write this on one line." in response.content.decode()
    assert not Letter.objects.exists()


def test_too_many_letters_are_refused_and_the_letter_is_kept(
    client: Client, lobby: Campaign, settings: Any
) -> None:
    settings.NIDAA_LETTER_EMAIL_RATE = "1/3600"
    data = filled_letter(client, target("Alex Baker"))
    data["body"] = "My words."
    client.post(write_url(target("Alex Baker")), data)

    response = client.post(write_url(target("Alex Baker")), data)

    assert response.status_code == 429
    assert "Too many letters" in response.content.decode()
    assert "My words." in response.content.decode()
    assert Letter.objects.count() == 1


def test_an_inactive_target_cannot_be_written_to(client: Client, lobby: Campaign) -> None:
    alex = target("Alex Baker")
    alex.active = False
    alex.save()

    assert client.get(write_url(alex)).status_code == 404


def test_the_back_link_leads_only_to_the_finding_page(client: Client, lobby: Campaign) -> None:
    url = write_url(target("Alex Baker")) + "?back=country%3Dgb%26next%3Dhttps%3A%2F%2Fevil.example"

    text = client.get(url).content.decode()

    assert 'href="/en/c/save-idlib/lobby/?country=gb"' in text
    assert 'href="https://evil.example' not in text
    assert 'value="country=gb"' in text  # what the forms carry on


@pytest.mark.parametrize(
    ("name", "status", "seen"),
    [("Alex Baker", 302, ""), ("Gwen Jones", 200, "Send your letter to <bdi>Gwen Jones</bdi>")],
)  # by email; by contact form
def test_a_filled_honeypot_keeps_and_counts_no_letter(
    client: Client, lobby: Campaign, name: str, status: int, seen: str
) -> None:
    data = filled_letter(client, target(name))
    assert data["website_url"] == ""  # the second step carries the honeypot

    response = client.post(write_url(target(name)), {**data, "website_url": "http://spam"})

    assert response.status_code == status and seen in response.content.decode()
    assert not Letter.objects.exists()


def test_the_pages_after_writing_count_days_in_the_readers_digits(
    client: Client, lobby: Campaign
) -> None:
    english = client.get("/en/c/save-idlib/lobby/check-email/").content.decode()
    arabic = client.get("/ar/c/save-idlib/lobby/check-email/").content.decode()

    assert "The link works for 7 days." in english
    assert "يعمل الرابط لمدة ٧ أيام." in arabic and "7" not in arabic.split("<main", 1)[1]
