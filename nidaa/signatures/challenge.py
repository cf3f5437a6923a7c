"""A self-hosted proof-of-work challenge (ALTCHA's classic v1 scheme) for the public forms.

The browser fetches a challenge, finds by brute force the number whose SHA-256 with the salt
gives the challenge hash, and sends the solution with the form. It costs a phone about a second
and a bot farm the same per submission, and needs no third-party service (so it works over Tor).
The server checks the HMAC signature (the challenge is ours), the expiry, and that the solution
was not used before: each one is remembered in the cache until it expires.
"""

import base64
import binascii
import datetime
import hashlib
import json
import threading
import time
from typing import Any

import altcha
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

# The solver tries on average half this range: about a second on a mid-range phone (tens of
# thousands of SHA-256 a second in the browser), a fraction of that on a laptop.
MAX_NUMBER = 50_000
LIFETIME = datetime.timedelta(minutes=10)
NO_PROOF = "no proof of work"
BAD_PROOF = "invalid proof of work"
USED_PROOF = "proof of work used before"


def hmac_key() -> bytes:
    """A key of its own, derived from SECRET_KEY, so a leak of one use reveals no other."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:altcha".encode()).digest()


def create_challenge(now: datetime.datetime | None = None) -> dict[str, Any]:
    """A fresh challenge, as the JSON the browser's solver reads."""
    expires = (now or timezone.now()) + LIFETIME
    options = altcha.v1.ChallengeOptions(
        algorithm="SHA-256", max_number=MAX_NUMBER, hmac_key=hmac_key(), expires=expires
    )
    challenge = altcha.create_challenge_v1(options)
    return dict(challenge.to_dict())


def _decode(payload: str) -> dict[str, Any] | None:
    """The payload's fields when they have the right shape; altcha trusts their types."""
    try:
        data = json.loads(base64.b64decode(payload, validate=True))
    except (binascii.Error, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    strings = ("algorithm", "challenge", "salt", "signature")
    if not all(isinstance(data.get(key), str) for key in strings):
        return None
    number = data.get("number")
    if not isinstance(number, int) or isinstance(number, bool) or not 0 <= number <= MAX_NUMBER:
        return None
    return data


def check(payload: str) -> str:
    """Why the signature should be flagged: "" when the proof of work is good (or off)."""
    if not settings.NIDAA_BOT_CHALLENGE:
        return ""
    if not payload:
        return NO_PROOF
    data = _decode(payload[:2000])
    if data is None:
        return BAD_PROOF
    fields = ("algorithm", "challenge", "number", "salt", "signature")
    solution = altcha.v1.Payload(*(data[key] for key in fields))
    ok, _error = altcha.verify_solution_v1(solution, hmac_key(), check_expires=True)
    if not ok:
        return BAD_PROOF
    return "" if _first_use(data["challenge"]) else USED_PROOF


# Solutions this process has seen, with when each may be forgotten. The local-memory cache
# evicts entries when full (rate-limit buckets fill it at viral scale), which would let an
# evicted solution be replayed; this small set cannot forget early. With Redis the cache
# (atomic cache.add) is what several processes share.
_seen: dict[str, float] = {}
_seen_lock = threading.Lock()


def _first_use(key: str) -> bool:
    now = time.time()
    forget_at = now + LIFETIME.total_seconds() + 60
    with _seen_lock:
        if len(_seen) > 10_000:
            for old in [k for k, until in _seen.items() if until < now]:
                del _seen[old]
        if key in _seen:
            return False
        _seen[key] = forget_at
    return bool(cache.add(f"pow:{key}", 1, int(forget_at - now)))
