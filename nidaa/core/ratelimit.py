"""Named rate-limit policies: a token bucket per (policy, key) kept in the cache.

Public forms limit each (hashed) network address and, where mail goes to an address someone
typed, that mailbox too: `allow_request`, with rates read from settings such as
NIDAA_RSVP_RATE = "10/3600".
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from nidaa.core.privacy import request_ip_hash

# A bucket as stored: tokens left, and when they were counted (seconds since the epoch).
Bucket = tuple[float, float]


@dataclass(frozen=True)
class Policy:
    name: str
    capacity: int  # requests allowed in a burst
    per_seconds: int  # time for a full bucket to refill

    def allow(self, key: str) -> bool:
        """Take one token for `key`; False when the bucket is empty."""
        return allow_all((self, key))

    def reset(self, key: str) -> None:
        cache.delete(self.cache_key(key))

    def cache_key(self, key: str) -> str:
        return f"rl:{self.name}:{key}"

    def tokens(self, bucket: Bucket | None, now: float) -> float:
        """Tokens in `bucket` at `now`, refilled since it was stored (full when there is none)."""
        if bucket is None:
            return float(self.capacity)
        tokens, stamp = bucket
        return min(float(self.capacity), tokens + (now - stamp) * self.capacity / self.per_seconds)


def allow_all(*checks: tuple[Policy, str]) -> bool:
    """Take one token from each (policy, key) bucket, or none at all if any is empty.

    One cache read and one write for all the buckets: with Redis each is a network round trip.
    Two processes reading the same bucket at once may both take the last token: a small,
    deliberate over-allowance in exchange for no locks on the hot path.
    """
    now = time.time()
    keys = [policy.cache_key(key) for policy, key in checks]
    stored = cache.get_many(keys)
    taken: dict[str, Bucket] = {}
    for (policy, _), cache_key in zip(checks, keys, strict=True):
        tokens = policy.tokens(stored.get(cache_key), now)
        if tokens < 1:
            return False
        taken[cache_key] = (tokens - 1, now)
    # A bucket left alone for its refill time is full again, as good as absent.
    cache.set_many(taken, max(policy.per_seconds for policy, _ in checks))
    return True


def policy_from_rate(name: str, rate: str) -> Policy:
    """A policy from a setting written "requests/seconds", e.g. "20/3600"."""
    count, _, seconds = rate.partition("/")
    try:
        return Policy(name, int(count), int(seconds))
    except ValueError:
        raise ValueError(f"rate for {name!r} must look like 20/3600, not {rate!r}") from None


def setting_policy(setting: str, scope: str = "") -> Policy:
    """The policy whose rate the setting `setting` holds; `scope` keeps the buckets of one
    setting's different uses apart (per address, per mailbox, per event)."""
    return policy_from_rate(f"{setting}:{scope}" if scope else setting, getattr(settings, setting))


def allow_request(
    request: HttpRequest, setting: str, email_key: str = "", email_setting: str = ""
) -> bool:
    """One token for the request's hashed address from `setting`'s policy and, given a
    normalised mailbox `email_key`, one for the mailbox from `email_setting`'s (by default the
    same rate): so nobody mails one mailbox from many addresses, nor floods from one. None is
    taken when either bucket is empty."""
    checks = [(setting_policy(setting, "ip"), request_ip_hash(request))]
    if email_key:
        checks.append((setting_policy(email_setting or setting, "email"), email_key))
    return allow_all(*checks)
