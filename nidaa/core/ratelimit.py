"""Named rate-limit policies: a token bucket per (policy, key) kept in the cache."""

import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Policy:
    name: str
    capacity: int  # requests allowed in a burst
    per_seconds: int  # time for a full bucket to refill

    def allow(self, key: str) -> bool:
        """Take one token for `key`; False when the bucket is empty.

        Two processes reading the same bucket at once may both take the last token: a small,
        deliberate over-allowance in exchange for no locks on the hot path.
        """
        cache_key = f"rl:{self.name}:{key}"
        now = time.time()
        tokens, stamp = cache.get(cache_key, (float(self.capacity), now))
        rate = self.capacity / self.per_seconds
        tokens = min(float(self.capacity), tokens + (now - stamp) * rate)
        if tokens < 1:
            return False
        cache.set(cache_key, (tokens - 1, now), self.per_seconds)
        return True

    def reset(self, key: str) -> None:
        cache.delete(f"rl:{self.name}:{key}")


def policy_from_rate(name: str, rate: str) -> Policy:
    """A policy from a setting written "requests/seconds", e.g. "20/3600"."""
    count, _, seconds = rate.partition("/")
    try:
        return Policy(name, int(count), int(seconds))
    except ValueError:
        raise ValueError(f"rate for {name!r} must look like 20/3600, not {rate!r}") from None
