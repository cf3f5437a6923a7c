"""The public record: the list and map, incident pages, the timeline and daily summaries.

Only published incidents appear, each at the place its location mode allows
(public_location.py). Every page works without JavaScript; the map on the index page is the
one enhancement, and only that page loads it. Anonymous visitors get the pages from the cache.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from nidaa.core.cache import public_page
from nidaa.core.numbers import format_date
from nidaa.incidents import summary
from nidaa.incidents.api import MAX_LIMIT
from nidaa.incidents.filters import PageFilter, filter_incidents
from nidaa.incidents.models import (
    Attribution,
    Evidence,
    Grade,
    Incident,
    IncidentQuerySet,
    LocationMode,
    Precision,
    Source,
)
from nidaa.incidents.public_location import public_point, shown_admin_levels, shows_place

PER_PAGE = 20
DAYS_PER_PAGE = 31
# The timeline without dates shows this many days up to the latest published incident.
TIMELINE_DEFAULT_DAYS = 60
TIMELINE_MOST_DAYS = 366
# Sources the public may see: published ones. Witnesses and field teams are never named.
PUBLIC_SOURCE_KINDS = (
    Source.Kind.MEDIA,
    Source.Kind.SOCIAL,
    Source.Kind.NGO,
    Source.Kind.OFFICIAL,
)
LIST_FIELDS = (
    "code", "texts", "started_on", "ended_on", "time_precision", "location_mode",
    "place_en", "place_ar", "admin1_en", "admin1_ar", "admin3_en", "admin3_ar", "means",
    "strikes", "killed_min", "killed_max", "grade",
)  # fmt: skip


# --- How an incident is shown ----------------------------------------------------------------


def when(incident: Incident) -> str:
    """The date as precisely as it is known, and no more precisely."""
    start = format_date(incident.started_on)
    if incident.time_precision == Precision.COARSE:
        return _("%(month)s (the day is not known)") % {
            "month": format_date(incident.started_on, "YEAR_MONTH_FORMAT")
        }
    if incident.time_precision == Precision.NEAR:
        return _("the week of %(date)s") % {"date": start}
    if incident.ended_on and incident.ended_on != incident.started_on:
        return _("%(start)s to %(end)s") % {"start": start, "end": format_date(incident.ended_on)}
    return start


def where(incident: Incident) -> str:
    """The place as far as the location mode lets the public know it."""
    names = [incident.place()] if shows_place(incident.location_mode) else []
    if "admin3" in shown_admin_levels(incident.location_mode):
        names.append(incident.admin3_name())
    names.append(incident.admin1_name())
    separator = pgettext("between place names", ", ")
    return separator.join(name for name in names if name)


def location_note(incident: Incident) -> str:
    """Why the place is less precise than the record, when it is."""
    if incident.location_mode == LocationMode.ROUNDED:
        return _("To protect the people there, the location is shown to within about 10 km.")
    if incident.location_mode == LocationMode.SUBDISTRICT:
        return _("To protect the people there, the location is shown as the sub-district's centre.")
    if incident.location_mode == LocationMode.HIDDEN:
        return _("To protect the people there, the location is not shown.")
    return ""


# What each grade says about the claim (after Airwars' grading of civilian-harm claims).
GRADE_MEANINGS = {
    Grade.CONFIRMED: gettext_lazy("A party to the conflict has accepted responsibility for the harm to civilians."),
    Grade.FAIR: gettext_lazy("Two or more credible sources report the harm, and a party is known to have struck in the area at the time."),
    Grade.WEAK: gettext_lazy("One source reports the harm, or the sources give little detail; we record it and keep checking."),
    Grade.CONTESTED: gettext_lazy("More than one party is said to be responsible, or the harm is also attributed to others."),
    Grade.DISCOUNTED: gettext_lazy("On the evidence, those harmed were not civilians, or another cause is more likely."),
}  # fmt: skip


def grade_meaning(grade: str) -> str:
    return str(GRADE_MEANINGS[Grade(grade)]) if grade in Grade.values else ""


@dataclass
class Listed:
    """An incident with what the public may see of its date and place, for lists."""

    incident: Incident
    when: str
    where: str


def listed(incidents: Iterable[Incident]) -> list[Listed]:
    return [Listed(incident, when(incident), where(incident)) for incident in incidents]


# --- The index: filters, list and map --------------------------------------------------------


def filtered(form: PageFilter) -> IncidentQuerySet | None:
    """The published incidents the form asks for, or None while the form has errors."""
    if form.is_bound and not form.is_valid():
        return None
    values = form.cleaned_data if form.is_bound else {}
    return filter_incidents(Incident.objects.published(), values)


def query_string(values: dict[str, Any]) -> str:
    """The API's query for a form's cleaned values, leaving out the empty ones."""
    return urlencode(
        {name: str(value) for name, value in values.items() if value not in (None, "")}
    )


def map_settings(form: PageFilter) -> dict[str, Any]:
    values = form.cleaned_data if form.is_bound and form.is_valid() else {}
    api = reverse("incidents_api:list")
    asked = {**values, "lang": get_language()}
    return {
        "incidents_url": f"{api}?{query_string({**asked, 'limit': 1000})}",
        # The same incidents as open data: the API's largest pages, linked one to the next.
        "download_url": f"{api}?{query_string({**asked, 'limit': MAX_LIMIT})}",
        "download_page_size": MAX_LIMIT,
        "boundaries_url": reverse("boundaries_api:base_layer"),
        "tile_url": settings.NIDAA_MAP_TILE_URL,
        "tile_attribution": settings.NIDAA_MAP_TILE_ATTRIBUTION,
    }


@public_page
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    form = PageFilter(request.GET or None)
    incidents = filtered(form)
    page, items = None, []
    if incidents is not None:
        shown = incidents.only(*LIST_FIELDS).order_by("-started_on", "-pk")
        page = Paginator(shown, PER_PAGE).get_page(request.GET.get("page"))
        items = listed(page.object_list)
    context = {"form": form, "page": page, "items": items, "map": map_settings(form)}
    return render(request, "incidents/public/index.html", context)


# --- An incident's page ----------------------------------------------------------------------


def language_of(incident: Incident) -> str:
    """The language the title is shown in (the page's, else the one it was written in)."""
    texts = incident.texts or {}
    for code in (get_language(), settings.LANGUAGE_CODE, *texts):
        if (texts.get(code) or {}).get("title"):
            return str(code)
    return get_language() or settings.LANGUAGE_CODE


def public_images(incident: Incident) -> list[dict[str, Any]]:
    """The clean copies of the incident's public images, with their addresses."""
    shown = Evidence.objects.filter(incident=incident, public=True).exclude(public_copy="")
    return [
        {
            "url": reverse("evidence_public:image", kwargs={"pk": item.pk}),
            "description": item.description,
        }
        for item in shown.only("pk", "description")
    ]


def coordinates(point: tuple[float, float] | None) -> str:
    """ "35.8, 36.6": as on any map, whatever the page's language."""
    return f"{point[0]:g}, {point[1]:g}" if point else ""


@public_page
@require_safe
def detail(request: HttpRequest, code: str) -> HttpResponse:
    attributions = Attribution.objects.select_related("actor").order_by("pk")
    incident = get_object_or_404(
        Incident.objects.published().prefetch_related(
            Prefetch("attributions", queryset=attributions), "objects_hit"
        ),
        code=code,
    )
    sources = incident.sources.filter(kind__in=PUBLIC_SOURCE_KINDS).order_by("published_on", "pk")
    context = {
        "incident": incident,
        "text_language": language_of(incident),
        "when": when(incident),
        "where": where(incident),
        "point": coordinates(public_point(incident)),
        "location_note": location_note(incident),
        "shows_names": shows_place(incident.location_mode),
        "grade_meaning": grade_meaning(incident.grade),
        "sources": sources,
        "images": public_images(incident),
    }
    return render(request, "incidents/public/detail.html", context)


# --- The timeline ----------------------------------------------------------------------------


@dataclass
class Bar:
    date: datetime.date
    incidents: int
    strikes: int


def timeline_window(form: PageFilter, incidents: IncidentQuerySet) -> tuple[Any, Any] | None:
    """The days to chart: the form's, else the last weeks up to the latest published incident."""
    values = form.cleaned_data if form.is_bound else {}
    latest = incidents.order_by("-started_on").values_list("started_on", flat=True).first()
    end = values.get("end") or latest
    if end is None:
        return None
    start = values.get("start") or end - datetime.timedelta(days=TIMELINE_DEFAULT_DAYS - 1)
    return start, end


def bars(days: list[summary.Day], start: datetime.date, end: datetime.date) -> list[Bar]:
    """One bar per day from start to end, days without incidents included (as zero)."""
    found = {day.date: day for day in days}
    span = (end - start).days + 1
    dates = [start + datetime.timedelta(days=n) for n in range(span)]
    return [
        Bar(d, found[d].incidents if d in found else 0, found[d].strikes if d in found else 0)
        for d in dates
    ]


def chart(rows: list[Bar]) -> dict[str, Any]:
    """Bars for the SVG chart: 10 units a day (incidents, then strikes), 100 units high.

    Days without incidents get no bar, only their place. Numbers are written as strings here,
    so that no language's decimal comma reaches the SVG.
    """
    most = max((max(r.incidents, r.strikes) for r in rows), default=0) or 1
    bars = [
        bar(kind, 10 * n + offset, value, most)
        for n, row in enumerate(rows)
        for offset, kind, value in ((1, "incidents", row.incidents), (5, "strikes", row.strikes))
        if value
    ]
    return {"width": str(10 * len(rows)), "bars": bars}


def bar(kind: str, x: int, value: int, most: int) -> dict[str, str]:
    height = 96 * value / most
    return {"kind": kind, "x": str(x), "y": f"{100 - height:.2f}", "height": f"{height:.2f}"}


@public_page
@require_safe
def timeline(request: HttpRequest) -> HttpResponse:
    form = PageFilter(request.GET or None)
    incidents = filtered(form)
    context: dict[str, Any] = {"form": form, "chart": None, "rows": []}
    window = timeline_window(form, incidents) if incidents is not None else None
    if incidents is not None and window is not None:
        start, end = window
        if (end - start).days >= TIMELINE_MOST_DAYS:
            form.add_error("start", _("Choose at most a year for the timeline."))
        else:
            days = summary.days_with_incidents(
                incidents.filter(started_on__gte=start, started_on__lte=end)
            )
            rows = bars(days, start, end)
            context.update(start=start, end=end, rows=[r for r in rows if r.incidents])
            context["chart"] = chart(rows)
    return render(request, "incidents/public/timeline.html", context)


# --- Daily summaries -------------------------------------------------------------------------


@public_page
@require_safe
def summaries(request: HttpRequest) -> HttpResponse:
    days = summary.days_with_incidents(Incident.objects.published())
    page = Paginator(days, DAYS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "incidents/public/summaries.html", {"page": page})


def parse_day(text: str) -> datetime.date:
    try:
        if len(text) != 10:
            raise ValueError
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise Http404 from None


@public_page
@require_safe
def summary_day(request: HttpRequest, day: str) -> HttpResponse:
    date = parse_day(day)
    figures = summary.day_summary(date)
    incidents = summary.published_on(date).only(*LIST_FIELDS).order_by("-pk")
    context = {
        "summary": figures,
        "incidents": listed(incidents),
        "previous": neighbour(date, before=True),
        "next": neighbour(date, before=False),
    }
    return render(request, "incidents/public/summary.html", context)


def neighbour(date: datetime.date, before: bool) -> datetime.date | None:
    """The nearest earlier (or later) day with published incidents."""
    published = Incident.objects.published()
    if before:
        earlier = published.filter(started_on__lt=date).order_by("-started_on")
        return earlier.values_list("started_on", flat=True).first()
    later = published.filter(started_on__gt=date).order_by("started_on")
    return later.values_list("started_on", flat=True).first()
