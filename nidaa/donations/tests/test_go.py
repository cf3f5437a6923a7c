"""/go/<id>/: counts a visit without personal data and redirects only to the stored address.

SECURITY.md's open-redirect bar: 25 redirect targets through /go/, 0 honoured."""

from typing import Any

import pytest
from django.test import Client

from nidaa.campaigns.models import Campaign
from nidaa.donations.models import Appeal
from nidaa.donations.tests.helpers import make_appeal

pytestmark = pytest.mark.django_db

STORED = "https://relief.example.org/give"


@pytest.fixture
def appeal(demo_campaign: Campaign) -> Appeal:
    return make_appeal(demo_campaign, STORED)


def test_it_counts_the_visit_and_redirects_to_the_appeal(client: Client, appeal: Appeal) -> None:
    response = client.get(f"/go/{appeal.pk}/")

    assert response.status_code == 302 and response["Location"] == STORED
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    appeal.refresh_from_db()
    assert appeal.clicks == 1


def test_a_script_cannot_inflate_the_count_but_everyone_is_sent_on(
    client: Client, appeal: Appeal, settings: Any
) -> None:
    settings.NIDAA_GO_COUNT_RATE = "2/3600"

    for _ in range(5):
        response = client.get(f"/go/{appeal.pk}/", REMOTE_ADDR="203.0.113.9")
        assert response.status_code == 302 and response["Location"] == STORED
    client.get(f"/go/{appeal.pk}/", REMOTE_ADDR="198.51.100.4")

    appeal.refresh_from_db()
    assert appeal.clicks == 3


def test_it_stores_nothing_about_the_visitor(client: Client, appeal: Appeal) -> None:
    from django.contrib.sessions.models import Session

    response = client.get(
        f"/go/{appeal.pk}/", REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Secret/1.0"
    )

    assert not response.cookies
    assert Session.objects.count() == 0
    assert list(Appeal.objects.filter(pk=appeal.pk).values_list("clicks", flat=True)) == [1]


def test_a_head_request_is_not_counted(client: Client, appeal: Appeal) -> None:
    client.head(f"/go/{appeal.pk}/")

    appeal.refresh_from_db()
    assert appeal.clicks == 0


def test_every_visit_counts(client: Client, appeal: Appeal) -> None:
    for _ in range(3):
        client.get(f"/go/{appeal.pk}/")

    appeal.refresh_from_db()
    assert appeal.clicks == 3


def test_a_stale_or_hidden_appeal_sends_nobody(client: Client, demo_campaign: Campaign) -> None:
    stale = make_appeal(demo_campaign, "https://stale.example.org/", days_since_check=400)
    hidden = make_appeal(demo_campaign, "https://hidden.example.org/", shown=False)

    assert client.get(f"/go/{stale.pk}/").status_code == 404
    assert client.get(f"/go/{hidden.pk}/").status_code == 404
    assert Appeal.objects.filter(clicks__gt=0).count() == 0


def test_an_appeal_of_a_draft_campaign_sends_nobody(
    client: Client, appeal: Appeal, demo_campaign: Campaign
) -> None:
    Campaign.objects.filter(pk=demo_campaign.pk).update(status=Campaign.Status.DRAFT)

    assert client.get(f"/go/{appeal.pk}/").status_code == 404


HOSTILE = [
    "/go/{pk}/?next=https://evil.example/",
    "/go/{pk}/?url=https://evil.example/",
    "/go/{pk}/?to=//evil.example",
    "/go/{pk}/?redirect=javascript:alert(1)",
    "/go/{pk}/?return_to=https%3A%2F%2Fevil.example",
    "/go/{pk}/?u=https://evil.example&next=https://evil.example",
    "/go/{pk}/?url=%2F%2Fevil.example",
    "/go/{pk}/?dest=https://relief.example.org.evil.example/",
    "/go/{pk}/?next=https://evil.example/#",
    "/go/{pk}/?next=data:text/html,<script>alert(1)</script>",
    "/go/{pk}/evil.example/",
    "/go/{pk}//evil.example",
    "/go/{pk}/%2F%2Fevil.example",
    "/go//evil.example/",
    "/go/https://evil.example/",
    "/go/https%3A%2F%2Fevil.example/",
    "/go/{pk}.evil.example/",
    "/go/{pk}@evil.example/",
    "/go/-1/",
    "/go/0/",
    "/go/99999999/",
    "/go/{pk}%0d%0aLocation:%20https://evil.example/",
    "/go/{pk}/?next=%0d%0aLocation:%20https://evil.example/",
    "/go/\\\\evil.example/",
    "/go/{pk}/\\evil.example",
]


def test_there_are_25_hostile_targets() -> None:
    assert len(HOSTILE) == 25


@pytest.mark.parametrize("path", HOSTILE)
def test_no_redirect_target_from_the_request_is_honoured(
    client: Client, appeal: Appeal, path: str
) -> None:
    response = client.get(
        path.format(pk=appeal.pk), HTTP_REFERER="https://evil.example/", HTTP_HOST="testserver"
    )

    location = response.headers.get("Location")
    assert location in (None, STORED), f"{path} sent to {location}"
