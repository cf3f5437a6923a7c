"""Appeals in the staff site: overdue appeals are flagged, and checking one again is audited."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nidaa.accounts.models import AuditEntry
from nidaa.campaigns.models import Campaign
from nidaa.donations.models import Appeal
from nidaa.donations.tests.helpers import make_appeal

pytestmark = pytest.mark.django_db

DONATE = "/en/c/save-idlib/donate/"


@pytest.fixture
def eman(client: Client, editor: User, sign_in: Any) -> Client:
    return sign_in(client, editor)


def test_an_overdue_appeal_is_flagged_to_staff(eman: Client, demo_campaign: Campaign) -> None:
    make_appeal(demo_campaign, "https://stale.example.org/", days_since_check=200)

    page = eman.get(reverse("admin:donations_appeal_changelist")).content.decode()

    assert "⚠ hidden: check it again" in page
    assert (
        "not been checked for too long and is hidden from the public: Relief Org: Appeal at https://stale.example.org/"
        in page
    )


def test_marking_an_appeal_checked_shows_it_again_and_is_audited(
    eman: Client, client: Client, demo_campaign: Campaign
) -> None:
    appeal = make_appeal(demo_campaign, "https://stale.example.org/", days_since_check=200)

    eman.post(
        reverse("admin:donations_appeal_changelist"),
        {"action": "mark_checked", "_selected_action": [appeal.pk]},
    )

    appeal.refresh_from_db()
    assert appeal.last_checked == timezone.localdate() and not appeal.is_stale
    entry = AuditEntry.objects.filter(object_id=str(appeal.pk), action="change").get()
    assert entry.after["last_checked"] == timezone.localdate().isoformat()  # type: ignore[index]
    assert Client().get(f"/go/{appeal.pk}/").status_code == 302


def test_an_appeal_link_must_be_https(eman: Client, demo_campaign: Campaign) -> None:
    form = {
        "campaign": demo_campaign.pk, "url": "http://plain.example.org/", "currencies": "USD",
        "vetted_by": "Team", "last_checked": timezone.localdate().isoformat(), "shown": "on",
        "position": "0", "texts-TOTAL_FORMS": "0", "texts-INITIAL_FORMS": "0",
    }  # fmt: skip

    response = eman.post(reverse("admin:donations_appeal_add"), form)

    assert response.status_code == 200
    assert not Appeal.objects.filter(url="http://plain.example.org/").exists()


def test_currencies_must_be_codes(eman: Client, demo_campaign: Campaign) -> None:
    form = {
        "campaign": demo_campaign.pk, "url": "https://ok.example.org/", "currencies": "dollars",
        "vetted_by": "Team", "last_checked": timezone.localdate().isoformat(), "shown": "on",
        "position": "0", "texts-TOTAL_FORMS": "0", "texts-INITIAL_FORMS": "0",
    }  # fmt: skip

    page = eman.post(reverse("admin:donations_appeal_add"), form).content.decode()

    assert "is not a currency code" in page


def test_the_visits_are_shown_but_not_editable(eman: Client, demo_campaign: Campaign) -> None:
    appeal = make_appeal(demo_campaign)
    Appeal.objects.filter(pk=appeal.pk).update(clicks=42)

    page = eman.get(reverse("admin:donations_appeal_change", args=[appeal.pk])).content.decode()

    assert "42" in page and 'name="clicks"' not in page


def test_an_editor_deletes_an_appeal_and_it_is_audited(
    eman: Client, demo_campaign: Campaign
) -> None:
    pk = make_appeal(demo_campaign, "https://closing.example.org/").pk

    response = eman.post(reverse("admin:donations_appeal_delete", args=[pk]), {"post": "yes"})

    assert response.status_code == 302 and not Appeal.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get(object_id=str(pk), action="delete")
    assert entry.before["url"] == "https://closing.example.org/"  # type: ignore[index]


def test_the_list_of_appeals_reads_their_texts_in_one_query(
    eman: Client, demo_campaign: Campaign, django_assert_max_num_queries: Any
) -> None:
    make_appeal(demo_campaign, "https://first.example.org/")
    url = reverse("admin:donations_appeal_changelist")
    with CaptureQueriesContext(connection) as one_more:
        eman.get(url)
    for n in range(5):
        make_appeal(demo_campaign, f"https://more-{n}.example.org/")

    with django_assert_max_num_queries(len(one_more)):
        page = eman.get(url).content.decode()

    assert "Relief Org: Appeal at https://more-4.example.org/" in page


def test_a_deleted_appeal_leaves_the_donate_page_at_once(
    eman: Client, demo_campaign: Campaign
) -> None:
    appeal = make_appeal(demo_campaign, "https://closing.example.org/")
    assert "closing.example.org" in Client().get(DONATE).content.decode()  # now in the cache

    eman.post(reverse("admin:donations_appeal_delete", args=[appeal.pk]), {"post": "yes"})

    assert not Appeal.objects.filter(pk=appeal.pk).exists()
    assert "closing.example.org" not in Client().get(DONATE).content.decode()


def test_appeals_deleted_together_leave_the_donate_page_at_once(
    eman: Client, demo_campaign: Campaign
) -> None:
    appeal = make_appeal(demo_campaign, "https://closing.example.org/")
    assert "closing.example.org" in Client().get(DONATE).content.decode()

    eman.post(
        reverse("admin:donations_appeal_changelist"),
        {"action": "delete_selected", "_selected_action": [appeal.pk], "post": "yes"},
    )

    assert not Appeal.objects.filter(pk=appeal.pk).exists()
    assert "closing.example.org" not in Client().get(DONATE).content.decode()
