"""Withdrawing: the link in every email deletes the signature and its personal data."""

import pytest
from django.test import Client

from nidaa.campaigns.models import Campaign
from nidaa.signatures import actions
from nidaa.signatures.models import Signature
from nidaa.signatures.tests.sign_helpers import SIGN_URL, individual

pytestmark = pytest.mark.django_db


def withdraw_link(client: Client, language: str = "en") -> str:
    client.post(SIGN_URL.format(language=language), individual())
    signature = Signature.objects.get()
    token = actions.new_links(signature).withdraw
    return f"/{language}/c/save-idlib/withdraw/{signature.pk}/{token}/"


def test_the_link_asks_before_withdrawing(client: Client, demo_campaign: Campaign) -> None:
    link = withdraw_link(client)
    response = client.get(link)
    assert response.status_code == 200
    assert "Withdraw my signature" in response.content.decode()
    assert Signature.objects.exists()
    assert "no-store" in response["Cache-Control"]


def test_confirming_deletes_the_signature(client: Client, demo_campaign: Campaign) -> None:
    link = withdraw_link(client)
    response = client.post(link)
    assert response.status_code == 200
    assert "Your signature is withdrawn" in response.content.decode()
    assert not Signature.objects.exists()


def test_a_verified_signature_can_be_withdrawn_in_arabic(
    client: Client, demo_campaign: Campaign
) -> None:
    link = withdraw_link(client, "ar")
    signature = Signature.objects.get()
    Signature.objects.filter(pk=signature.pk).update(verified_at=signature.created)
    response = client.post(link)
    assert response.status_code == 200 and 'lang="ar"' in response.content.decode()
    assert not Signature.objects.exists()


def test_a_wrong_token_withdraws_nothing(client: Client, demo_campaign: Campaign) -> None:
    link = withdraw_link(client)
    wrong = link[:-5] + "xxxx/"
    assert client.get(wrong).status_code == 410
    assert client.post(wrong).status_code == 410
    assert Signature.objects.exists()


def test_the_link_works_once(client: Client, demo_campaign: Campaign) -> None:
    link = withdraw_link(client)
    client.post(link)
    assert client.post(link).status_code == 410
