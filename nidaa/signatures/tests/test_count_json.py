"""count.json: the counts as a small JSON document, served from the cache without the database.

Requests go through the whole WSGI application, as gunicorn sends them: hits are answered
before Django builds a request (count_json_answer), misses by the view.
"""

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from nidaa.campaigns.models import Campaign
from nidaa.signatures import counts
from nidaa.signatures.models import Signature
from nidaa.testing.wsgi import WSGIClient as Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.fixture(autouse=True)
def _fresh_memory() -> None:
    counts.forget_recent()  # the caches are cleared between tests; so is count.json's memory


URL = "/c/save-idlib/count.json"
SECURITY_HEADERS = [
    "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options", "Cross-Origin-Opener-Policy",
    "Permissions-Policy",
]  # fmt: skip


def verified(campaign: Campaign, email: str, **fields: Any) -> Signature:
    values = {"verified_at": timezone.now() - timedelta(minutes=1), **fields}
    return Signature.objects.create(
        campaign=campaign, name="Samira", email=email, email_key=email, country="SY",
        language="en", **values,
    )  # fmt: skip


def test_it_returns_exactly_the_four_figures(client: Client, demo_campaign: Campaign) -> None:
    verified(demo_campaign, "a@example.org")
    verified(demo_campaign, "b@example.org", kind="organisation", approved_at=timezone.now() - timedelta(minutes=1))  # fmt: skip
    counts.recount(demo_campaign)

    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = response.json()
    assert list(document) == ["signatures", "organisations", "goal", "updated"]
    assert document["signatures"] == 2 and document["organisations"] == 1
    assert document["goal"] == demo_campaign.goal
    assert all(type(document[k]) is int for k in ("signatures", "organisations", "goal"))
    assert datetime.fromisoformat(document["updated"]).tzinfo is not None


def test_a_repeated_request_runs_no_database_query(
    client: Client, demo_campaign: Campaign, django_assert_num_queries: Any
) -> None:
    first = client.get(URL)

    with django_assert_num_queries(0):
        second = client.get(URL)

    assert second.status_code == 200
    assert second.content == first.content


def test_it_answers_from_the_published_counts_without_the_database(
    client: Client, demo_campaign: Campaign, django_assert_num_queries: Any
) -> None:
    verified(demo_campaign, "a@example.org")
    counts.recount(demo_campaign)  # what the clock does

    with django_assert_num_queries(0):
        response = client.get(URL)

    assert response.json()["signatures"] == 1


def test_a_hit_sends_the_same_security_headers_as_a_miss(
    client: Client, demo_campaign: Campaign
) -> None:
    miss = client.get(URL)
    hit = client.get(URL)

    for name in SECURITY_HEADERS:
        assert hit.headers.get(name) == miss.headers.get(name) is not None, name
    for response in (miss, hit):
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"].startswith("public, max-age=")
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "default-src 'none'" in response["Content-Security-Policy"]
        assert int(response["Content-Length"]) == len(response.content)
        assert not response.cookies
    assert "Strict-Transport-Security" not in hit.headers  # plain HTTP


def test_a_hit_over_https_sends_hsts(client: Client, demo_campaign: Campaign) -> None:
    client.get(URL, secure=True)

    assert "max-age=" in client.get(URL, secure=True)["Strict-Transport-Security"]


def test_plain_http_is_redirected_when_https_is_on(
    client: Client, demo_campaign: Campaign, settings: Any
) -> None:
    settings.SECURE_SSL_REDIRECT = True
    client = Client()  # Django's middleware reads the setting when it is built
    assert client.get(URL, secure=True).status_code == 200  # now in the cache

    assert client.get(URL).status_code == 301


def test_a_raised_goal_shows_within_a_second(client: Client, demo_campaign: Campaign) -> None:
    client.get(URL)
    client.get(URL)  # a hit: this process remembers the entry for a second
    demo_campaign.goal = 250_000
    demo_campaign.save()  # as the staff site does: the save purges the public pages
    counts.forget_recent()  # a second later

    assert client.get(URL).json()["goal"] == 250_000


def test_counts_this_process_publishes_show_at_once(
    client: Client, demo_campaign: Campaign
) -> None:
    client.get(URL)
    client.get(URL)
    verified(demo_campaign, "a@example.org")
    counts.recount(demo_campaign)  # e.g. after moderating, in this process

    assert client.get(URL).json()["signatures"] == 1


def test_new_counts_show_once_published(client: Client, demo_campaign: Campaign) -> None:
    client.get(URL)
    verified(demo_campaign, "a@example.org", verified_at=timezone.now())
    counts.update(demo_campaign, now=timezone.now() + timedelta(minutes=1))

    assert client.get(URL).json()["signatures"] == 1


def test_an_unknown_campaign_is_not_found(client: Client, demo_campaign: Campaign) -> None:
    assert client.get("/c/no-such-campaign/count.json").status_code == 404


@pytest.mark.parametrize("status", [Campaign.Status.DRAFT, Campaign.Status.ARCHIVED])
def test_a_campaign_that_is_not_live_is_not_found(
    client: Client, demo_campaign: Campaign, status: str
) -> None:
    client.get(URL)
    demo_campaign.status = status
    demo_campaign.save()

    counts.forget_recent()  # a second later

    assert client.get(URL).status_code == 404
    assert client.get(URL).status_code == 404  # nor from the cache, later


def test_counts_cached_for_a_draft_preview_are_not_served(
    client: Client, demo_campaign: Campaign
) -> None:
    Campaign.objects.filter(pk=demo_campaign.pk).update(status=Campaign.Status.DRAFT)
    demo_campaign.refresh_from_db()
    counts.current(demo_campaign)  # e.g. staff previewing the draft's page

    assert client.get(URL).status_code == 404


def test_only_get_is_answered_from_the_cache(client: Client, demo_campaign: Campaign) -> None:
    client.get(URL)

    # Not from the cache: Django refuses it (no CSRF token; the view would say 405).
    assert client.post(URL).status_code == 403


def test_a_hit_is_answered_before_django_builds_a_request(
    client: Client, demo_campaign: Campaign, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.get(URL)  # a miss: the view publishes the counts
    monkeypatch.setattr(client.application, "application", None)  # Django is not reached

    assert client.get(URL).json()["goal"] == demo_campaign.goal
