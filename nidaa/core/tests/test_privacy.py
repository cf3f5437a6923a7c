"""Network addresses are hashed with a key that rotates, and never kept or shown raw."""

import pytest
from django.test import RequestFactory
from pytest_django.fixtures import Settings

from nidaa.core.privacy import client_ip, hash_ip, mask_email, request_ip_hash

DAY = 86400
ADDRESSES = ["203.0.113.7", "2001:db8::1", "10.0.0.1", "127.0.0.1", "::1"]


@pytest.fixture(autouse=True)
def _daily_rotation(settings: Settings) -> None:
    settings.NIDAA_IP_KEY_ROTATION_SECONDS = DAY


@pytest.mark.parametrize("ip", ADDRESSES)
def test_the_hash_is_the_same_within_one_period(ip: str) -> None:
    start = 1_800_000_000 // DAY * DAY
    assert hash_ip(ip, now=start) == hash_ip(ip, now=start + DAY - 1)


@pytest.mark.parametrize("ip", ADDRESSES)
def test_the_hash_changes_when_the_key_rotates(ip: str) -> None:
    start = 1_800_000_000 // DAY * DAY
    assert hash_ip(ip, now=start) != hash_ip(ip, now=start + DAY)


@pytest.mark.parametrize("ip", ADDRESSES)
def test_the_hash_never_is_or_contains_the_address(ip: str) -> None:
    for now in (0, 1_800_000_000, 1_800_000_000 + DAY):
        hashed = hash_ip(ip, now=now)
        assert hashed != ip
        assert ip not in hashed
        digits = ip.replace(".", "").replace(":", "")
        # A long run of the address's own digits would be no accident (short ones may be).
        assert len(digits) < 8 or digits not in hashed


def test_different_addresses_hash_differently() -> None:
    hashes = {hash_ip(ip, now=1_800_000_000) for ip in ADDRESSES}
    assert len(hashes) == len(ADDRESSES)


def test_the_hash_depends_on_the_secret_key(settings: Settings) -> None:
    before = hash_ip("203.0.113.7", now=1_800_000_000)
    settings.SECRET_KEY = "another secret key for another site"
    assert hash_ip("203.0.113.7", now=1_800_000_000) != before


def test_a_forwarded_header_is_ignored_unless_behind_a_proxy() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "203.0.113.7"
    assert request_ip_hash(request) == hash_ip("203.0.113.7")


def test_behind_a_proxy_the_address_the_proxy_added_counts(settings: Settings) -> None:
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    assert client_ip(request) == "203.0.113.7"


def test_staff_see_an_email_address_masked_down_to_its_domain() -> None:
    assert mask_email("samira.haddad@example.org") == "s•••@example.org"
    assert mask_email("") == ""
