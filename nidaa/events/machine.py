"""Machine endpoints without a language prefix: calendars, the map's GeoJSON, the pamphlet;
and the per-event flyer (under the language prefix, in the page's language)."""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_safe

from nidaa.campaigns.models import Campaign
from nidaa.campaigns.views import may_preview
from nidaa.core.cache import public_page
from nidaa.events import finding, ical, links, pamphlets
from nidaa.events.forms import FinderForm
from nidaa.events.presenting import present
from nidaa.events.views import live_campaign, public_event

CALENDAR = "text/calendar; charset=utf-8"


def _public_headers(response: HttpResponse, seconds: int = 300) -> HttpResponse:
    response["Cache-Control"] = f"public, max-age={seconds}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@public_page
@require_safe
def feed(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = live_campaign(slug)
    response = HttpResponse(ical.campaign_calendar(campaign), content_type=CALENDAR)
    response["Content-Disposition"] = f'inline; filename="{slug}-events.ics"'
    return _public_headers(response)


@public_page
@require_safe
def event_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = public_event(live_campaign(slug), pk)
    response = HttpResponse(ical.event_calendar(event), content_type=CALENDAR)
    response["Content-Disposition"] = f'attachment; filename="{slug}-event-{pk}.ics"'
    return _public_headers(response)


@public_page
@require_safe
def geojson(request: HttpRequest, slug: str) -> HttpResponse:
    """The events the list's filters select, as points for the map (at most MOST_ON_MAP)."""
    campaign = live_campaign(slug)
    form = FinderForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    found = finding.search(campaign, data)
    features = []
    for event in finding.page_of(found.ids[: finding.MOST_ON_MAP]):
        if event.map_latitude is None or event.map_longitude is None:
            continue
        shown = present(event)
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [event.map_longitude, event.map_latitude]},
            "properties": {"title": event.title, "kind": shown.kind, "when": shown.when, "place": shown.place, "url": links.event_path(event, get_language())},
        })  # fmt: skip
    response = JsonResponse({"type": "FeatureCollection", "features": features})
    return _public_headers(response, 60)


def _pdf(pdf: bytes, digest: str, filename: str, public: bool) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = f'"{digest}"'
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response


def _bad_request(message: str) -> HttpResponse:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _not_modified(request: HttpRequest, digest: str) -> bool:
    return request.headers.get("If-None-Match", "") == f'"{digest}"'


@require_safe
def pamphlet(request: HttpRequest, slug: str) -> HttpResponse:
    """GET /c/<slug>/pamphlet.pdf?lang=ar|en|ar+en&size=a4|letter"""
    campaign = get_object_or_404(Campaign, slug=slug)
    live = campaign.status == Campaign.Status.LIVE
    if not live and not may_preview(request):  # staff see a draft's pamphlet before it goes live
        raise Http404
    try:
        languages = pamphlets.parse_languages(request.GET.get("lang"), campaign)
        size = pamphlets.parse_size(request.GET.get("size"))
    except pamphlets.BadRequest:
        # In the visitor's language (from their browser: this address has no language prefix).
        return _bad_request(gettext("Choose lang=en, ar or ar+en, and size=a4 or letter."))
    pdf, digest = pamphlets.pamphlet_pdf(campaign, languages, size)
    if _not_modified(request, digest):
        return HttpResponse(status=304)
    name = f"{slug}-pamphlet-{'-'.join(languages)}-{size}.pdf"
    return _pdf(pdf, digest, name, public=live)


@require_safe
def flyer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """An event's flyer in the page's language: /<lang>/c/<slug>/events/<pk>/flyer.pdf?size="""
    event = public_event(live_campaign(slug), pk)
    try:
        size = pamphlets.parse_size(request.GET.get("size"))
    except pamphlets.BadRequest:
        return _bad_request(gettext("Choose size=a4 or letter."))
    pdf, digest = pamphlets.flyer_pdf(event, get_language(), size)
    if _not_modified(request, digest):
        return HttpResponse(status=304)
    return _pdf(pdf, digest, f"{slug}-event-{pk}-{get_language()}-{size}.pdf", public=True)
