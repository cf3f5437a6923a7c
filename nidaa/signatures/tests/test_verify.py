"""The link in the email: it verifies once, expires, and can be sent again (rate limited)."""

from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from nidaa.campaigns.models import Campaign
from nidaa.signatures import actions
from nidaa.signatures.models import Signature
from nidaa.signatures.tests.sign_helpers import (
    SIGN_URL,
    individual,
    queued_mail,
    send_queued_mail,
)

pytestmark = pytest.mark.django_db

RESEND = "/en/c/save-idlib/sign/resend/"
CHECK_EMAIL = "/en/c/save-idlib/sign/check-email/"


def signed(client: Client, email: str = "samira@example.org") -> tuple[Signature, str]:
    """Samira signs; returns her signature and the path of her verification link."""
    client.post(SIGN_URL.format(language="en"), individual(email=email))
    signature = Signature.objects.get(email_key=email)
    links = actions.new_links(signature)
    return signature, f"/en/c/save-idlib/verify/{signature.pk}/{links.verify}/"


def test_the_link_verifies_the_signature_and_leads_to_thanks(
    client: Client, demo_campaign: Campaign
) -> None:
    signature, link = signed(client)
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == "/en/c/save-idlib/thanks/"
    signature.refresh_from_db()
    assert signature.verified_at is not None


def test_the_link_works_only_once(client: Client, demo_campaign: Campaign) -> None:
    _, link = signed(client)
    client.get(link)
    verified_at = Signature.objects.get().verified_at

    again = client.get(link)

    assert again.status_code == 410
    assert "Get a new link" in again.content.decode()
    assert Signature.objects.get().verified_at == verified_at


def test_the_link_expires(client: Client, demo_campaign: Campaign, settings: Any) -> None:
    settings.NIDAA_VERIFY_LINK_DAYS = 7
    _, link = signed(client)
    later = timezone.now() + timedelta(days=7, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.get(link)
    assert response.status_code == 410
    assert "7 days" in response.content.decode()
    assert Signature.objects.get().verified_at is None


def test_the_link_still_works_just_before_it_expires(
    client: Client, demo_campaign: Campaign
) -> None:
    _, link = signed(client)
    later = timezone.now() + timedelta(days=6, hours=23)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert client.get(link).status_code == 302


def test_a_wrong_or_truncated_token_verifies_nothing(
    client: Client, demo_campaign: Campaign
) -> None:
    signature, link = signed(client)
    assert client.get(link[:-6] + "/").status_code == 410
    assert client.get(f"/en/c/save-idlib/verify/{signature.pk + 1}/abc/").status_code == 410
    assert Signature.objects.get().verified_at is None


def test_the_invalid_link_page_is_in_arabic(client: Client, demo_campaign: Campaign) -> None:
    response = client.get("/ar/c/save-idlib/verify/1/nonsense/")
    assert response.status_code == 410
    assert 'lang="ar"' in response.content.decode()


def test_verifying_is_rate_limited(client: Client, demo_campaign: Campaign, settings: Any) -> None:
    settings.NIDAA_VERIFY_RATE = "3/3600"
    for _ in range(3):
        client.get("/en/c/save-idlib/verify/1/guess/")
    _, link = signed(client)
    response = client.get(link)
    assert response.status_code == 429
    assert "Too many" in response.content.decode()
    assert Signature.objects.get().verified_at is None


def test_the_verify_answer_is_never_cached(client: Client, demo_campaign: Campaign) -> None:
    _, link = signed(client)
    assert "no-store" in client.get(link)["Cache-Control"]


def test_resend_sends_the_mail_again_for_a_signed_address(
    client: Client, demo_campaign: Campaign, smtp: Any
) -> None:
    signature, _ = signed(client)
    send_queued_mail()
    assert queued_mail() == []

    response = client.post(RESEND, {"email": " SAMIRA@example.org"})

    assert response.status_code == 302
    assert response["Location"] == CHECK_EMAIL + "?resent=1"
    assert queued_mail() == [signature.pk]
    send_queued_mail()
    assert len(smtp.to("samira@example.org")) == 2


def test_resend_answers_the_same_for_an_unknown_address_and_sends_nothing(
    demo_campaign: Campaign, smtp: Any
) -> None:
    signature, _ = signed(Client())
    send_queued_mail()
    known = Client().post(RESEND, {"email": "samira@example.org"})
    unknown = Client().post(RESEND, {"email": "nobody@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known.content == unknown.content
    assert queued_mail() == [signature.pk]  # the known address only
    page = Client().get(known["Location"]).content.decode()
    assert "If this address signed the statement, we have sent the email again." in page


def test_resend_is_rate_limited(client: Client, demo_campaign: Campaign, settings: Any) -> None:
    settings.NIDAA_RESEND_RATE = "2/3600"
    signed(client)
    statuses = [client.post(RESEND, {"email": "samira@example.org"}).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]


def test_resend_is_rate_limited_per_email_across_addresses(
    demo_campaign: Campaign, settings: Any
) -> None:
    settings.NIDAA_RESEND_RATE = "1/3600"
    signed(Client())
    first = Client(REMOTE_ADDR="203.0.113.1").post(RESEND, {"email": "samira@example.org"})
    second = Client(REMOTE_ADDR="203.0.113.2").post(RESEND, {"email": "Samira@example.org"})
    assert (first.status_code, second.status_code) == (302, 429)
    assert 'value="Samira@example.org"' in second.content.decode()


def test_the_check_email_page_offers_resend_and_sets_no_cookie(
    client: Client, demo_campaign: Campaign
) -> None:
    response = client.get(CHECK_EMAIL)
    assert response.status_code == 200 and not response.cookies
    assert f'action="{RESEND}"' in response.content.decode()


def test_thanks_leads_to_the_next_actions_and_hashtags(
    client: Client, demo_campaign: Campaign
) -> None:
    html = client.get("/en/c/save-idlib/thanks/").content.decode()
    assert "#SaveIdlib" in html
    assert 'href="/en/c/save-idlib/sign/"' not in html  # signing is done: not offered again
