"""The record's machine interface: published incidents as GeoJSON, and a day's summary.

`GET /api/v1/incidents` answers a FeatureCollection of published incidents, filtered by `start`,
`end`, `admin1`, `actor`, `means` and `grade`, paginated by `page` and `limit`, with titles and
names in `lang`. `GET /api/v1/incidents/summary?date=YYYY-MM-DD[&admin1=PCODE]` answers the
day's figures (summary.py). Both are public, read-only data: any site may read them (CORS).

Answers are cached whole, keyed by the normalised query, and go stale together with the public
pages (`nidaa.core.middleware.purge_public_pages`, which publishing and unpublishing call). Points
are always degraded by the incident's location mode (public_location.py).
"""

import functools
import hashlib
import json
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from nidaa.core.middleware import (
    accepts_gzip,
    compress_page,
    current_entry,
    page_response,
    store_page,
)
from nidaa.incidents import summary
from nidaa.incidents.filters import ApiFilter, PcodeField, filter_incidents
from nidaa.incidents.models import Attribution, CivilianObject, Incident
from nidaa.incidents.public_location import (
    ALL_LEVELS,
    area_centre,
    degrade,
    shown_admin_levels,
    shows_place,
)

DEFAULT_LIMIT = 200
DEFAULT_LANGUAGE = settings.LANGUAGE_CODE
MAX_LIMIT = 2000
# Public data that is not a document: it may be read from anywhere, and runs nothing.
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
GEOJSON = "application/geo+json"
JSON = "application/json"

ROW_FIELDS = (
    "id", "code", "texts", "started_on", "ended_on", "time_precision", "geo_precision",
    "location_mode", "latitude", "longitude", "place_en", "place_ar",
    "admin1_pcode", "admin1_en", "admin1_ar", "admin2_pcode", "admin2_en", "admin2_ar",
    "admin3_pcode", "admin3_en", "admin3_ar", "means", "strikes", "locations",
    "killed_min", "killed_max", "injured_min", "injured_max", "grade",
)  # fmt: skip


class ListQuery(ApiFilter):
    page = forms.IntegerField(required=False, min_value=1)
    limit = forms.IntegerField(required=False, min_value=1, max_value=MAX_LIMIT)
    lang = forms.ChoiceField(required=False, choices=settings.LANGUAGES)


class SummaryQuery(forms.Form):
    date = forms.DateField(input_formats=["%Y-%m-%d"], error_messages={
        "required": _("Give the day as date=YYYY-MM-DD."),
        "invalid": _("Give the day as date=YYYY-MM-DD."),
    })  # fmt: skip
    admin1 = PcodeField(required=False)


# --- Responses --------------------------------------------------------------------------------


def json_response(data: Any, status: int = 200, content_type: str = JSON) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    response = HttpResponse(body, status=status, content_type=content_type)
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    response.headers["Content-Security-Policy"] = API_CSP
    return response


def bad_request(form: forms.Form) -> HttpResponse:
    errors = {field: [str(m) for m in messages] for field, messages in form.errors.items()}
    return json_response({"errors": errors}, status=400)


Builder = Callable[[HttpRequest, QueryDict], HttpResponse]


def cacheable(form: type[forms.Form]) -> Callable[[Builder], Callable[..., HttpResponse]]:
    """Serve a stored answer for the same normalised query while the record has not changed.

    The key holds the scheme and host (the links are absolute), the encoding, and the form's
    parameters in a fixed order, so `?end=…&start=…` and `?start=…&end=…` share one entry and
    unknown parameters cannot fill the cache. Only 200 answers are stored; they carry an ETag,
    and a matching If-None-Match gets a 304.
    """

    def decorator(build: Builder) -> Callable[..., HttpResponse]:
        @require_safe
        @functools.wraps(build)
        def view(request: HttpRequest) -> HttpResponse:
            query = normalised(request.GET, form.base_fields)
            encoding = "gzip" if accepts_gzip(request) else "identity"
            origin = f"{request.scheme}://{request.get_host()}"
            key = f"api:{build.__name__}:{encoding}:{origin}?{query.urlencode()}"
            # The generation is read before the answer is built: a purge while it is being
            # built leaves it stored as stale, never as current.
            entry, generation = current_entry(key)
            if entry is not None:
                response = page_response(entry)
            else:
                response = build(request, query)
                if response.status_code == 200:
                    response = finish(request, response)
                    store_page(key, response, generation)
            if response.status_code == 200 and etag_matches(request, response):
                return not_modified(response)
            return response

        return view

    return decorator


def normalised(given: QueryDict, names: Iterable[str]) -> QueryDict:
    """The known parameters, each once, trimmed, sorted by name; empty ones dropped."""
    query = QueryDict(mutable=True)
    for name in sorted(names):
        value = given.get(name, "").strip()
        if value:
            query[name] = value
    return query


def finish(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ("Accept-Encoding",))
    if accepts_gzip(request):
        response = compress_page(response)
    response.headers["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    response.headers["Cache-Control"] = f"public, max-age={settings.NIDAA_PAGE_CACHE_SECONDS}"
    return response


def etag_matches(request: HttpRequest, response: HttpResponse) -> bool:
    wanted = request.headers.get("If-None-Match", "")
    tags = {tag.strip().removeprefix("W/") for tag in wanted.split(",")}
    return response.headers["ETag"] in tags or "*" in tags


def not_modified(response: HttpResponse) -> HttpResponse:
    answer = HttpResponse(status=304)
    for name in ("ETag", "Cache-Control", "Vary", "Access-Control-Allow-Origin"):
        answer.headers[name] = response.headers[name]
    return answer


# --- GET /api/v1/incidents -------------------------------------------------------------------


@cacheable(ListQuery)
def incident_list(request: HttpRequest, query: QueryDict) -> HttpResponse:
    form = ListQuery(query)
    if not form.is_valid():
        return bad_request(form)
    values = form.cleaned_data
    incidents = filter_incidents(Incident.objects.published(), values)
    count = incidents.count()
    limit = values["limit"] or DEFAULT_LIMIT
    pages = max(1, math.ceil(count / limit))
    page = values["page"] or 1
    if page > pages:
        form.add_error("page", _("There is no page %(page)s.") % {"page": page})
        return bad_request(form)
    rows = list(incidents.order_by("-started_on", "-pk").values(*ROW_FIELDS)[
        (page - 1) * limit : page * limit
    ])  # fmt: skip
    language = values["lang"] or DEFAULT_LANGUAGE
    return json_response(
        {
            "type": "FeatureCollection",
            "features": features(request, rows, language),
            "total": count,
            "page": page,
            "pages": pages,
            "limit": limit,
            "links": links(request, query, page, pages),
        },
        content_type=GEOJSON,
    )


def links(request: HttpRequest, query: QueryDict, page: int, pages: int) -> dict[str, Any]:
    def to(number: int) -> str:
        wanted = query.copy()
        wanted["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{wanted.urlencode()}")

    return {
        "self": to(page),
        "first": to(1),
        "last": to(pages),
        "next": to(page + 1) if page < pages else None,
        "prev": to(page - 1) if page > 1 else None,
    }


def features(request: HttpRequest, rows: list[dict[str, Any]], language: str) -> list[Any]:
    """Features for the rows, with their actors and objects in two queries for the whole page."""
    ids = [row["id"] for row in rows]
    actors = attributions_of(ids, language)
    hit = objects_of(ids)
    centre_of = functools.cache(area_centre)
    with translation.override(language):
        page_url = reverse("incidents:detail", kwargs={"code": "CODE"})
    url = request.build_absolute_uri(page_url).replace("CODE", "{}")
    return [
        {
            "type": "Feature",
            "geometry": geometry(row, centre_of),
            "properties": properties(row, language, actors, hit, url),
        }
        for row in rows
    ]


def geometry(row: dict[str, Any], centre_of: Callable[[str], Any]) -> dict[str, Any] | None:
    point = degrade(
        row["latitude"], row["longitude"], row["location_mode"], row["admin3_pcode"], centre_of
    )
    if point is None:
        return None
    return {"type": "Point", "coordinates": [point[1], point[0]]}


def properties(
    row: dict[str, Any],
    language: str,
    actors: dict[int, list[dict[str, str]]],
    hit: dict[int, list[dict[str, str]]],
    url: str,
) -> dict[str, Any]:
    mode = row["location_mode"]
    shown = shown_admin_levels(mode)
    return {
        "code": row["code"],
        "title": text_in(row["texts"], "title", (language, DEFAULT_LANGUAGE)),
        "start": row["started_on"].isoformat(),
        "end": row["ended_on"].isoformat() if row["ended_on"] else None,
        "time_precision": row["time_precision"],
        "geo_precision": row["geo_precision"],
        "location_mode": mode,
        **{level: area(row, level, language) if level in shown else None for level in ALL_LEVELS},
        "place": in_language(row, "place", language) if shows_place(mode) else "",
        "means": row["means"],
        "strikes": row["strikes"],
        "locations": row["locations"],
        "killed": {"min": row["killed_min"], "max": row["killed_max"]},
        "injured": {"min": row["injured_min"], "max": row["injured_max"]},
        "grade": row["grade"],
        "actors": actors.get(row["id"], []),
        "objects_hit": hit.get(row["id"], []),
        "url": url.format(row["code"]),
    }


def area(row: dict[str, Any], level: str, language: str) -> dict[str, str] | None:
    pcode = row[f"{level}_pcode"]
    name = in_language(row, level, language)
    return {"pcode": pcode, "name": name} if pcode or name else None


def in_language(row: dict[str, Any], field: str, language: str) -> str:
    """A row's `<field>_ar` in Arabic when written, else its English `<field>_en`."""
    return str((language == "ar" and row.get(f"{field}_ar")) or row[f"{field}_en"])


def text_in(texts: dict[str, Any] | None, field: str, languages: tuple[str, str]) -> str:
    """As Incident.text, for a row: the wanted language, else the default one, else any."""
    texts = texts or {}
    for code in (*languages, *texts):
        value = (texts.get(code) or {}).get(field)
        if value:
            return str(value)
    return ""


def attributions_of(ids: Iterable[int], language: str) -> dict[int, list[dict[str, str]]]:
    found: dict[int, list[dict[str, str]]] = defaultdict(list)
    rows = Attribution.objects.filter(incident_id__in=ids).order_by("pk")
    for incident, name, name_ar, status in rows.values_list(
        "incident_id", "actor__name", "actor__name_ar", "status"
    ):
        shown = name_ar if language == "ar" and name_ar else name
        found[incident].append({"name": shown, "status": status})
    return found


def objects_of(ids: Iterable[int]) -> dict[int, list[dict[str, str]]]:
    found: dict[int, list[dict[str, str]]] = defaultdict(list)
    rows = CivilianObject.objects.filter(incident_id__in=ids).order_by("pk")
    for incident, kind, damage in rows.values_list("incident_id", "kind", "damage"):
        found[incident].append({"kind": kind, "damage": damage})
    return found


# --- GET /api/v1/incidents/summary -----------------------------------------------------------


@cacheable(SummaryQuery)
def day_summary(request: HttpRequest, query: QueryDict) -> HttpResponse:
    form = SummaryQuery(query)
    if not form.is_valid():
        return bad_request(form)
    figures = summary.day_summary(form.cleaned_data["date"], form.cleaned_data["admin1"])
    return json_response(figures.as_json())
