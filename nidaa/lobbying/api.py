"""`GET /api/v1/targets/lookup`: a supporter's targets as JSON (shape documented in the README).

    ?country=us&postcode=10001            both senators and the House member(s)
    ?country=gb&constituency=Aldershot    the MP (also a GSS code, or postcode=… when loaded)
    ?country=fr&directory=meps&committee=AFET

The answer is public data, the same for everyone: anonymous visitors' answers are stored whole
by the public page cache, and the look-up itself is cached per normalised query, so a look-up
that reaches the database is rare. Those that do are rate-limited per (hashed) address, which
is what keeps a scraper from walking every ZIP code through the database.
"""

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from nidaa.core.cache import public_page
from nidaa.core.privacy import request_ip_hash
from nidaa.core.ratelimit import Policy, policy_from_rate
from nidaa.lobbying.lookup import AreaInfo, LookupFailed, Result, TargetInfo, lookup

# Public data that is not a document: any site may read it, and it runs nothing.
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
PARAMETERS = ("country", "postcode", "constituency", "directory", "committee")


def lookup_policy() -> Policy:
    return policy_from_rate("lookup", settings.NIDAA_LOOKUP_RATE)


@require_safe
@public_page
def lookup_targets(request: HttpRequest) -> HttpResponse:
    if not lookup_policy().allow(request_ip_hash(request)):
        response = errors("", _("Too many look-ups from your network; wait a minute."), 429)
        response.headers["Retry-After"] = "60"
        return response
    given = {name: request.GET.get(name, "") for name in PARAMETERS}
    try:
        result = lookup(**given)
    except LookupFailed as failed:
        return errors(failed.field, str(failed.message), failed.status)
    response = json_response(result_json(result))
    response.headers["Cache-Control"] = f"public, max-age={settings.NIDAA_PAGE_CACHE_SECONDS}"
    return response


def json_response(data: Any, status: int = 200) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    response = HttpResponse(body, status=status, content_type="application/json")
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    response.headers["Content-Security-Policy"] = API_CSP
    return response


def errors(field: str, message: str, status: int) -> HttpResponse:
    """`{"errors": {"postcode": ["…"]}}`, as the other JSON endpoints answer; `__all__` when
    no one parameter is at fault."""
    return json_response({"errors": {field or "__all__": [message]}}, status)


def result_json(result: Result) -> dict[str, Any]:
    return {
        "country": result.country,
        "areas": [area_json(area) for area in result.areas],
        "targets": [target_json(target) for target in result.targets],
    }


def area_json(area: AreaInfo | None) -> dict[str, Any] | None:
    if area is None:
        return None
    return {"id": area.id, "code": area.code, "name": area.name}


def target_json(target: TargetInfo) -> dict[str, Any]:
    return {
        "id": target.id,
        "name": target.name,
        "role": target.role,
        "party": target.party or None,
        "group": target.group or None,
        "country": target.country,
        "directory": target.directory,
        "area": area_json(target.area),
        "committees": list(target.committees),
        "channels": {
            "email": target.email,
            "phone": target.phone,
            "contact_form": target.contact_form,
            "postal": target.postal,
            "website": target.website,
        },
    }
