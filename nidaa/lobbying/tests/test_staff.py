"""What staff see of lobbying: the campaign's letters (editors write them), letters and calls
(moderators read them, addresses masked, opening a letter audited), and the counts per target
and per country (editors and moderators; the CSV download audited). Others are refused."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from nidaa.accounts.models import AuditEntry
from nidaa.campaigns.models import Campaign
from nidaa.lobbying import report
from nidaa.lobbying.models import Call, Letter, LetterTemplate, Target
from nidaa.lobbying.tests.helpers import target

pytestmark = pytest.mark.django_db

REPORT = "admin:lobbying_lobbyingreport_changelist"


def letter(campaign: Campaign, who: Target, **fields: Any) -> Letter:
    values = {
        "campaign": campaign, "target": who, "target_name": who.name,
        "target_country": who.country, "channel": "email", "state": "sent", "language": "en",
        "letter_language": "en", "name": "Samira Haddad", "email": "samira@example.org",
        "town": "Leeds", "subject": "Idlib", "body": "Please act.",
    }  # fmt: skip
    return Letter.objects.create(**{**values, **fields})


def call(campaign: Campaign, who: Target, outcome: str) -> Call:
    return Call.objects.create(
        campaign=campaign, target=who, target_name=who.name, target_country=who.country,
        outcome=outcome, language="en",
    )  # fmt: skip


@pytest.fixture
def activity(lobby: Campaign) -> Campaign:
    alex, sadia, claire = target("Alex Baker"), target("Sadia Senator"), target("Claire DUPONT")
    letter(lobby, alex, replied=True, unedited=True)
    letter(lobby, alex, replied=False)
    letter(lobby, alex, state="unconfirmed")
    letter(lobby, sadia, channel="contact_form", state="handed_over", name="", email="")
    letter(lobby, claire, state="queued", body="=HYPERLINK(1)")
    call(lobby, sadia, "talked")
    call(lobby, sadia, "voicemail")
    call(lobby, sadia, "skipped")
    call(lobby, claire, "no_answer")
    return lobby


def test_the_report_counts_per_target(activity: Campaign) -> None:
    rows = {row.name: row for row in report.by_target(activity)}

    alex = rows["Alex Baker"]
    assert (alex.letters, alex.sent, alex.unedited, alex.unconfirmed) == (2, 2, 1, 1)
    assert (alex.replied, alex.no_reply, alex.calls) == (1, 1, 0)
    sadia = rows["Sadia Senator"]
    assert (sadia.letters, sadia.by_form, sadia.calls, sadia.skipped) == (1, 1, 2, 1)
    assert rows["Claire DUPONT"].queued == 1 and rows["Claire DUPONT"].no_answer == 1


def test_the_report_counts_per_country(activity: Campaign) -> None:
    rows = {row.country: row for row in report.by_country(activity)}

    assert set(rows) == {"gb", "us", "fr"}
    assert (rows["us"].letters, rows["us"].calls) == (1, 2)
    assert (rows["gb"].letters, rows["gb"].replied) == (2, 1)


@pytest.mark.parametrize("who", ["editor", "moderator", "admin_user"])
def test_editors_and_moderators_see_the_report(
    client: Client, sign_in: Any, activity: Campaign, who: str, request: Any
) -> None:
    sign_in(client, request.getfixturevalue(who))

    response = client.get(reverse(REPORT), {"campaign": "save-idlib"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Per country" in page and "Per target" in page and "Alex Baker" in page
    assert "samira@example.org" not in page


@pytest.mark.parametrize("who", ["documenter", "verifier"])
def test_others_are_refused_the_report(
    client: Client, sign_in: Any, activity: Campaign, who: str, request: Any
) -> None:
    sign_in(client, request.getfixturevalue(who))

    assert client.get(reverse(REPORT)).status_code == 403


def test_the_reports_csv_is_audited_and_safe_in_a_spreadsheet(
    client: Client, sign_in: Any, moderator: User, activity: Campaign
) -> None:
    letter(activity, target("Claire DUPONT"), target_name="=cmd|' /C calc'!A0")
    sign_in(client, moderator)

    response = client.get(reverse(REPORT), {"by": "target", "campaign": "save-idlib"})

    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert text.splitlines()[0].startswith("target,country,letters,sent,queued,by_form")
    assert "Alex Baker,gb,2,2,0,0,1,1" in text
    assert "'=cmd" in text
    entry = AuditEntry.objects.get(action="export")
    assert entry.actor == moderator and (entry.after or {})["file"] == "lobbying-target"


def test_moderators_read_letters_with_the_address_masked_and_it_is_audited(
    client: Client, sign_in: Any, moderator: User, activity: Campaign
) -> None:
    sign_in(client, moderator)
    found = Letter.objects.filter(state="sent").first()
    assert found is not None

    listing = client.get(reverse("admin:lobbying_letter_changelist")).content.decode()
    page = client.get(reverse("admin:lobbying_letter_change", args=[found.pk])).content.decode()

    assert "Alex Baker" in listing
    assert "s•••@example.org" in page and "samira@example.org" not in page
    assert AuditEntry.objects.filter(action="view", object_id=str(found.pk), actor=moderator).exists()  # fmt: skip
    assert client.post(reverse("admin:lobbying_letter_change", args=[found.pk]), {}).status_code == 403  # fmt: skip


def test_editors_do_not_read_letters_or_calls(
    client: Client, sign_in: Any, editor: User, activity: Campaign
) -> None:
    sign_in(client, editor)

    assert client.get(reverse("admin:lobbying_letter_changelist")).status_code == 403
    assert client.get(reverse("admin:lobbying_call_changelist")).status_code == 403


def test_editors_write_the_letters_and_placeholders_are_checked(
    client: Client, sign_in: Any, editor: User, lobby: Campaign
) -> None:
    sign_in(client, editor)
    form = {
        "campaign": lobby.pk, "directory": target("Alex Baker").directory_id, "language": "en",
        "subject": "To {target_name}", "body": "Dear {target_name}, from {supporter_nam}",
        "call_script": "",
    }  # fmt: skip

    refused = client.post(reverse("admin:lobbying_lettertemplate_add"), form)
    assert refused.status_code == 200 and "{supporter_nam}" in refused.content.decode()

    form["body"] = "Dear {target_name}, from {supporter_name}"
    assert client.post(reverse("admin:lobbying_lettertemplate_add"), form).status_code == 302
    template = LetterTemplate.objects.get(directory__slug="uk-mps")
    assert AuditEntry.objects.filter(action="create", object_id=str(template.pk)).exists()


def test_an_outsider_is_refused_everything(
    client: Client, sign_in: Any, outsider: User, activity: Campaign
) -> None:
    sign_in(client, outsider)

    for name in (REPORT, "admin:lobbying_letter_changelist", "admin:lobbying_lettertemplate_changelist"):  # fmt: skip
        assert client.get(reverse(name)).status_code == 302
