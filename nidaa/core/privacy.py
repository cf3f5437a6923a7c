"""Privacy helpers: a network address is never stored or cached raw, and staff see a
supporter's email address masked down to its domain (`mask_email`).

Where rate limiting needs to recognise a returning address, it uses a keyed hash whose key
changes every NIDAA_IP_KEY_ROTATION_SECONDS, so a hash cannot be linked to the address, nor to
the same address in an earlier period, once the key has rotated away.
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    # Behind a proxy the operator sets NIDAA_BEHIND_PROXY and the proxy overwrites REMOTE_ADDR
    # or X-Forwarded-For; we never trust a client-supplied header otherwise.
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def rotating_key(now: float | None = None) -> bytes:
    period = int(
        (now if now is not None else time.time()) // settings.NIDAA_IP_KEY_ROTATION_SECONDS
    )
    return hashlib.sha256(f"{settings.SECRET_KEY}:ip:{period}".encode()).digest()


def hash_ip(ip: str, now: float | None = None) -> str:
    return hmac.new(rotating_key(now), ip.encode(), hashlib.sha256).hexdigest()[:32]


def request_ip_hash(request: HttpRequest) -> str:
    return hash_ip(client_ip(request))


def mask_email(address: str) -> str:
    """Keep the domain, which moderation needs: "samira@example.org" → "s•••@example.org"."""
    local, _, domain = address.rpartition("@")
    return f"{local[:1]}•••@{domain}" if address else ""
