"""Network addresses are hashed with a random key that rotates and is then deleted, and are
never kept or shown raw."""

from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import RequestFactory
from pytest_django.fixtures import Settings

from nidaa.core import privacy
from nidaa.core.models import IpHashKey
from nidaa.core.privacy import (
    KEY_GRACE_SECONDS,
    client_ip,
    forget_old_ip_keys,
    hash_ip,
    mask_email,
    request_ip_hash,
)

pytestmark = pytest.mark.django_db

DAY = 86400
ADDRESSES = ["203.0.113.7", "2001:db8::1", "10.0.0.1", "127.0.0.1", "::1"]
START = 1_800_000_000 // DAY * DAY  # the start of a period


@pytest.fixture(autouse=True)
def _daily_rotation(settings: Settings) -> None:
    settings.NIDAA_IP_KEY_ROTATION_SECONDS = DAY
    another_process()  # the key a test before this one read was rolled back with its database


def another_process() -> None:
    """What a freshly started web process knows: nothing but the database."""
    privacy._current = None


@pytest.mark.parametrize("ip", ADDRESSES)
def test_the_hash_is_the_same_within_one_period(ip: str) -> None:
    assert hash_ip(ip, now=START) == hash_ip(ip, now=START + DAY - 1)


@pytest.mark.parametrize("ip", ADDRESSES)
def test_the_hash_changes_when_the_key_rotates(ip: str) -> None:
    assert hash_ip(ip, now=START) != hash_ip(ip, now=START + DAY)


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


def test_every_process_hashes_an_address_alike_within_a_period() -> None:
    first = hash_ip("203.0.113.7", now=START + 10)
    another_process()
    assert hash_ip("203.0.113.7", now=START + DAY - 10) == first
    assert IpHashKey.objects.count() == 1


def test_once_its_key_is_deleted_nobody_can_make_the_same_hash_again(
    settings: Settings,
) -> None:
    """Not from the SECRET_KEY, which the key is not derived from: the server's settings and
    database together no longer link a stored hash to its address."""
    stored = hash_ip("203.0.113.7", now=START)
    assert forget_old_ip_keys(now=START + DAY + KEY_GRACE_SECONDS + 1) == 1
    assert not IpHashKey.objects.exists()
    another_process()
    assert hash_ip("203.0.113.7", now=START) != stored


def test_the_clock_keeps_the_current_key_and_the_last_one_for_a_grace_time() -> None:
    hash_ip("203.0.113.7", now=START - 1)  # yesterday's
    hash_ip("203.0.113.7", now=START + 1)  # today's
    assert forget_old_ip_keys(now=START + KEY_GRACE_SECONDS - 1) == 0
    assert forget_old_ip_keys(now=START + KEY_GRACE_SECONDS + 1) == 1
    assert list(IpHashKey.objects.values_list("period", flat=True)) == [START // DAY]


def test_making_a_key_deletes_those_two_periods_old_where_no_clock_runs() -> None:
    for day in range(3):
        another_process()
        hash_ip("203.0.113.7", now=START + day * DAY)
    periods = set(IpHashKey.objects.values_list("period", flat=True))
    assert periods == {START // DAY + 1, START // DAY + 2}


def test_the_key_is_read_once_a_period_not_once_a_request(
    django_assert_num_queries: Any,
) -> None:
    hash_ip("203.0.113.7", now=START)  # makes the key
    hash_ip("203.0.113.7", now=START)  # reads it, and keeps it
    with django_assert_num_queries(0):
        for second in range(1, 100):
            hash_ip("198.51.100.1", now=START + second)


def test_a_key_rolled_back_with_its_transaction_is_not_kept() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        hash_ip("203.0.113.7", now=START)
        raise RuntimeError("the staff action failed")
    assert not IpHashKey.objects.exists()

    mine = hash_ip("203.0.113.7", now=START)
    another_process()
    assert hash_ip("203.0.113.7", now=START) == mine


def test_the_clock_forgets_old_keys() -> None:
    assert ("nidaa.core.privacy.forget_old_ip_keys", 60) in settings.NIDAA_PERIODIC_JOBS


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
