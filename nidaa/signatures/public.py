"""What the public sees of the signatures: count.json, and the public list with its counts by
country. Neither shows an email address, nor anything of a signer who did not opt in.
"""

import re
from collections.abc import Callable

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import ResponseHeaders
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from nidaa.campaigns.models import Campaign
from nidaa.core.cache import public_page
from nidaa.core.countries import country_name
from nidaa.signatures import counts
from nidaa.signatures.models import COUNTED, Signature

Handler = Callable[[HttpRequest], HttpResponse]

PER_PAGE = 50
COUNT_PATH = re.compile(r"/c/([-a-zA-Z0-9_]+)/count\.json")
# count.json holds public figures only, so other sites may read it (a counter on a partner's
# page); no cookies are involved. A policy allowing nothing: it is not a document.
COUNT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"


# --- count.json -------------------------------------------------------------------------------


def count_headers(secure: bool) -> dict[str, str]:
    """Every header count.json sends besides its length, on a cache hit and on a miss alike."""
    headers = {
        "Content-Type": "application/json",
        "Cache-Control": f"public, max-age={settings.NIDAA_COUNT_INTERVAL_SECONDS}",
        "Access-Control-Allow-Origin": "*",
        "Cross-Origin-Resource-Policy": "cross-origin",
        "Content-Security-Policy": COUNT_CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": settings.SECURE_REFERRER_POLICY,
        "X-Frame-Options": settings.X_FRAME_OPTIONS,
        "Cross-Origin-Opener-Policy": settings.SECURE_CROSS_ORIGIN_OPENER_POLICY,
        "Permissions-Policy": settings.PERMISSIONS_POLICY,
    }
    if secure and settings.SECURE_HSTS_SECONDS:
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        hsts += "; includeSubDomains" if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS else ""
        hsts += "; preload" if settings.SECURE_HSTS_PRELOAD else ""
        headers["Strict-Transport-Security"] = hsts
    return headers


class CountResponses:
    """Makes count.json responses with headers checked once, not on every request.

    Django checks and encodes every header value each time one is set, which would cost more
    than the rest of a cache hit; these values only change with the settings, so they are set
    once on a ResponseHeaders and copied from it (its `_store`: Django 5.2's own mapping).
    Like SecurityMiddleware, this reads the settings when the middleware is built.
    """

    def __init__(self) -> None:
        self.redirect = settings.SECURE_SSL_REDIRECT
        self.stores = {
            secure: ResponseHeaders(count_headers(secure))._store for secure in (False, True)
        }

    def make(self, body: bytes, secure: bool) -> HttpResponse:
        response = HttpResponse(body)
        response.headers._store = self.stores[secure].copy()
        # What CommonMiddleware adds; without it the server would send the body chunked.
        response.headers["Content-Length"] = str(len(body))
        return response


def count_json_fast_path(get_response: Handler) -> Handler:
    """Answer count.json from the cache before any other middleware runs.

    While a petition goes viral, every open campaign page polls count.json, so it must cost
    little more than a trivial view: a precompiled path match and at most one cache round trip
    (see counts.recent), no session, no URL resolving, no database. A miss (first request, expired or stale entry, a
    campaign that is not live, plain HTTP where HTTPS is required) falls through to the full
    stack and `count_json`, which stores the entry again. The Host header is not looked at:
    the answer is the same for every host, so a forged one gains nothing.
    """
    responses = CountResponses()

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.method == "GET":
            match = COUNT_PATH.fullmatch(request.path_info)
            if match is not None:
                secure = request.is_secure()
                if secure or not responses.redirect:
                    entry = counts.recent(match[1])
                    if entry is not None and entry.live:
                        return responses.make(entry.body, secure)
        return get_response(request)

    return middleware


@require_safe
def count_json(request: HttpRequest, slug: str) -> HttpResponse:
    """`{"signatures": N, "organisations": M, "goal": G, "updated": ISO-8601}` (a cache miss)."""
    campaign = get_object_or_404(Campaign, slug=slug, status=Campaign.Status.LIVE)
    body = counts.json_body(counts.current(campaign))
    response = HttpResponse(body, headers=count_headers(request.is_secure()))
    response.headers["Content-Length"] = str(len(body))
    return response


# --- The public list --------------------------------------------------------------------------


def public_signatures(campaign: Campaign) -> QuerySet[Signature]:
    """Signatures that count and may be shown: approved organisations, opted-in individuals.

    Only the fields the list shows are loaded, never the email address.
    """
    shown = Q(kind=Signature.Kind.ORGANISATION) | Q(show_publicly=True)
    return (
        Signature.objects.filter(COUNTED, shown, campaign=campaign)
        .only(
            "kind",
            "name",
            "city",
            "country",
            "organisation_name",
            "organisation_type",
            "website",
            "created",
        )
        .order_by("-created", "-id")
    )


def country_rows(campaign: Campaign) -> list[dict[str, object]]:
    """Counts by country for the table and the chart (bar widths in steps of 2 %)."""
    found = counts.by_country(campaign)
    most = max((n for _, n in found), default=0)
    return [
        {
            "code": code,
            "name": country_name(code),
            "count": n,
            "width": max(2, round(50 * n / most) * 2) if most else 0,
        }
        for code, n in found
    ]


@public_page
def signature_list(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign, slug=slug)
    content = campaign.content()
    if campaign.status != Campaign.Status.LIVE or content is None:
        raise Http404
    page = Paginator(public_signatures(campaign), PER_PAGE).get_page(request.GET.get("page"))
    for signature in page.object_list:
        signature.country_label = country_name(signature.country)
    context = {
        "campaign": campaign,
        "content": content,
        "page": page,
        "countries": country_rows(campaign),
    }
    return render(request, "signatures/list.html", context)
