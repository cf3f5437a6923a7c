import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nidaa.core.cache import public_page
from nidaa.core.privacy import KEY_GRACE_SECONDS


@public_page
def privacy(request: HttpRequest) -> HttpResponse:
    # The periods the page promises are the ones the clock jobs keep, read from the settings.
    key_seconds = settings.NIDAA_IP_KEY_ROTATION_SECONDS + KEY_GRACE_SECONDS
    return render(
        request,
        "core/privacy.html",
        {
            "ip_key_hours": math.ceil(key_seconds / 3600),
            "unconfirmed_days": settings.NIDAA_UNVERIFIED_RETENTION_DAYS,
            "letter_days": settings.NIDAA_LETTER_RETENTION_DAYS,
            "reply_ask_days": settings.NIDAA_REPLY_ASK_DAYS,
            "event_days": settings.NIDAA_EVENT_RETENTION_DAYS,
        },
    )


def health(request: HttpRequest) -> HttpResponse:
    """For load balancers and the benchmark: answers without touching the database."""
    return HttpResponse(b"ok", content_type="text/plain")
