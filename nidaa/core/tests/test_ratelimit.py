"""Token buckets in the cache: a burst up to capacity, refilled over time, several at once."""

from contextlib import AbstractContextManager
from typing import Any
from unittest import mock

import pytest
from django.test import RequestFactory

from nidaa.core.ratelimit import Policy, allow_all, allow_request, policy_from_rate

HOURLY_TWO = Policy("two", capacity=2, per_seconds=3600)


def at(seconds: float) -> AbstractContextManager[Any]:
    """The clock the buckets read, at `seconds` into the test."""
    return mock.patch("nidaa.core.ratelimit.time.time", return_value=1_000_000 + seconds)


def test_a_bucket_allows_its_capacity_then_refuses() -> None:
    with at(0):
        assert [HOURLY_TWO.allow("samira") for _ in range(3)] == [True, True, False]
        assert HOURLY_TWO.allow("karim")  # another key has its own bucket


def test_a_bucket_refills_at_its_rate() -> None:
    with at(0):
        HOURLY_TWO.allow("samira")
        HOURLY_TWO.allow("samira")
    with at(1799):
        assert not HOURLY_TWO.allow("samira")
    with at(1801):  # half an hour: one of two tokens back
        assert HOURLY_TWO.allow("samira")
        assert not HOURLY_TWO.allow("samira")


def test_allow_all_takes_a_token_from_every_bucket() -> None:
    one = Policy("one", capacity=1, per_seconds=60)
    with at(0):
        assert allow_all((HOURLY_TWO, "samira"), (one, "samira@example.org"))
        assert not one.allow("samira@example.org")
        assert HOURLY_TWO.allow("samira")
        assert not HOURLY_TWO.allow("samira")


def test_allow_all_takes_nothing_when_one_bucket_is_empty() -> None:
    empty = Policy("empty", capacity=1, per_seconds=60)
    with at(0):
        empty.allow("samira@example.org")
        assert not allow_all((HOURLY_TWO, "samira"), (empty, "samira@example.org"))
        assert [HOURLY_TWO.allow("samira") for _ in range(3)] == [True, True, False]


def test_reset_fills_the_bucket_again() -> None:
    with at(0):
        HOURLY_TWO.allow("samira")
        HOURLY_TWO.allow("samira")
        HOURLY_TWO.reset("samira")
        assert HOURLY_TWO.allow("samira")


def test_a_rate_setting_is_requests_per_seconds() -> None:
    assert policy_from_rate("sign", "20/3600") == Policy("sign", 20, 3600)
    with pytest.raises(ValueError, match="must look like 20/3600"):
        policy_from_rate("sign", "20 an hour")


def _from(address: str) -> Any:
    return RequestFactory().post("/", REMOTE_ADDR=address)


@pytest.mark.django_db  # the address's hash reads the period's key
def test_a_request_is_limited_per_address_and_per_mailbox(settings: Any) -> None:
    settings.NIDAA_TEST_RATE = "2/3600"
    with at(0):
        assert allow_request(_from("192.0.2.1"), "NIDAA_TEST_RATE", "samira@example.org")
        assert allow_request(_from("192.0.2.2"), "NIDAA_TEST_RATE", "samira@example.org")
        # A third address, but the same mailbox: refused, and no token taken from the address.
        assert not allow_request(_from("192.0.2.3"), "NIDAA_TEST_RATE", "samira@example.org")
        assert allow_request(_from("192.0.2.3"), "NIDAA_TEST_RATE", "karim@example.org")
        assert allow_request(_from("192.0.2.3"), "NIDAA_TEST_RATE")
        assert not allow_request(_from("192.0.2.3"), "NIDAA_TEST_RATE")


@pytest.mark.django_db  # the address's hash reads the period's key
def test_the_mailbox_may_have_a_rate_of_its_own(settings: Any) -> None:
    settings.NIDAA_TEST_RATE = "5/3600"
    settings.NIDAA_TEST_EMAIL_RATE = "1/3600"
    with at(0):
        assert allow_request(_from("192.0.2.1"), "NIDAA_TEST_RATE", "s@example.org", "NIDAA_TEST_EMAIL_RATE")  # fmt: skip
        assert not allow_request(_from("192.0.2.2"), "NIDAA_TEST_RATE", "s@example.org", "NIDAA_TEST_EMAIL_RATE")  # fmt: skip
