"""Privacy helpers: a network address is never stored or cached raw, and staff see a
supporter's email address masked down to its domain (`mask_email`).

Where rate limiting or moderation needs to recognise a returning address, it uses a keyed
hash whose key changes every NIDAA_IP_KEY_ROTATION_SECONDS. Each period's key is random and
lives in the database (`IpHashKey`) only until shortly after its period ends: a key derived from
SECRET_KEY could be derived again by whoever seizes the server, and the whole IPv4 space is small
enough to try against a stored hash. Once the key is deleted, a hash cannot be linked to its
address, nor to the same address in another period.
"""

import hashlib
import hmac
import secrets
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from nidaa.core.models import IpHashKey

# A period's key outlives its period by this much, so that a web process whose clock is a little
# behind the clock's still finds the key it has been hashing with (seconds).
KEY_GRACE_SECONDS = 300

# This process's key for the current period: read from the database once per period, not per
# request (signing calls this on every submission).
_current: tuple[int, bytes] | None = None


def client_ip(request: HttpRequest) -> str:
    # Behind a proxy the operator sets NIDAA_BEHIND_PROXY and the proxy overwrites REMOTE_ADDR
    # or X-Forwarded-For; we never trust a client-supplied header otherwise.
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def _period(now: float) -> int:
    return int(now // settings.NIDAA_IP_KEY_ROTATION_SECONDS)


def rotating_key(now: float | None = None) -> bytes:
    global _current
    period = _period(now if now is not None else time.time())
    cached = _current
    if cached is not None and cached[0] == period:
        return cached[1]
    key, made = _stored_key(period)
    # A key made inside a transaction may yet be rolled back, and other processes would then
    # make another: read it again next time instead of keeping it.
    if not (made and transaction.get_connection().in_atomic_block):
        _current = (period, key)
    return key


def _stored_key(period: int) -> tuple[bytes, bool]:
    """The period's key, made by whichever process needs it first; and whether it was made
    by this call."""
    stored = IpHashKey.objects.filter(period=period).values_list("key", flat=True).first()
    if stored is not None:
        return bytes(stored), False
    try:
        with transaction.atomic():
            IpHashKey.objects.create(period=period, key=secrets.token_bytes(32))
    except IntegrityError:
        pass  # another process made it first: use theirs
    # Keys two periods old go now, even where no clock runs forget_old_ip_keys.
    IpHashKey.objects.filter(period__lt=period - 1).delete()
    return bytes(IpHashKey.objects.values_list("key", flat=True).get(period=period)), True


def forget_old_ip_keys(now: float | None = None) -> int:
    """Clock job: delete the keys of periods that ended more than KEY_GRACE_SECONDS ago, which
    makes every hash made with them unlinkable. Returns how many went."""
    now = now if now is not None else time.time()
    deleted, _ = IpHashKey.objects.filter(period__lt=_period(now - KEY_GRACE_SECONDS)).delete()
    return deleted


def hash_ip(ip: str, now: float | None = None) -> str:
    return hmac.new(rotating_key(now), ip.encode(), hashlib.sha256).hexdigest()[:32]


def request_ip_hash(request: HttpRequest) -> str:
    return hash_ip(client_ip(request))


def mask_email(address: str) -> str:
    """Keep the domain, which moderation needs: "samira@example.org" → "s•••@example.org"."""
    local, _, domain = address.rpartition("@")
    return f"{local[:1]}•••@{domain}" if address else ""
