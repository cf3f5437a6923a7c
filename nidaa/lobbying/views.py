"""Finding your targets, and calling them. Letters are in letter_views.py.

    /<lang>/c/<slug>/lobby/                     choose a country, then a place; your targets
    /<lang>/c/<slug>/lobby/call/<target>/       the call script, a tel: link, the outcome
    /<lang>/c/<slug>/lobby/called/              thanks

The finding page is a GET form: its answers are public data, the same for everyone, and
stored whole by the public page cache. Look-ups that reach the view are rate-limited per
hashed address like the API's. The forms that write (a call's outcome, a letter) are
csrf_exempt for the reason signing is: the supporter is anonymous, has no session to ride on,
and the page that holds the form must stay cacheable. What keeps counts honest is the rate
limits and, for letters, their writer's confirmation by email.
"""

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from nidaa.campaigns.models import Campaign, CampaignTranslation
from nidaa.campaigns.pages import live_campaign
from nidaa.core.cache import public_page
from nidaa.core.privacy import request_ip_hash
from nidaa.core.ratelimit import allow_request
from nidaa.lobbying import actions, letters, offers
from nidaa.lobbying.api import lookup_policy
from nidaa.lobbying.forms import CallForm, CommitteeForm, CountryForm, PlaceForm
from nidaa.lobbying.lookup import (
    AreaInfo,
    LookupFailed,
    Result,
    TargetInfo,
    fixed_targets,
    lookup,
    target_info,
)
from nidaa.lobbying.models import Call, Letter, Target

# The finding page's parameters: the only ones a "back to your targets" link carries.
FIND_PARAMETERS = ("country", "postcode", "constituency", "committee", "district")


# --- shared by the lobbying pages ------------------------------------------------------------


def live_target(pk: int) -> tuple[Target, TargetInfo]:
    found = target_info(pk)
    if found is None:
        raise Http404
    return found


def back_query(raw: str) -> str:
    """The finding page's query from a "back" parameter, keeping only its own parameters: a
    link built from it can lead nowhere else."""
    kept = [(k, v[:200]) for k, v in parse_qsl(raw[:1000]) if k in FIND_PARAMETERS and v]
    return urlencode(kept)


def index_url(slug: str, back: str = "") -> str:
    url = reverse("lobbying:index", args=[slug])
    return f"{url}?{back}" if back else url


def with_back(url: str, back: str) -> str:
    return f"{url}?{urlencode({'back': back})}" if back else url


def totals(campaign: Campaign) -> dict[str, int]:
    """The public total: letters confirmed or handed over, calls made, replies reported.

    Counted at most once per NIDAA_PAGE_CACHE_SECONDS, as old as a cached page may be: every
    look-up that misses the page cache (each ZIP code, each postcode) shows the totals, and
    counting a large campaign's letters costs more than the look-up itself."""

    def count() -> dict[str, int]:
        written = Q(state__in=[Letter.State.QUEUED, Letter.State.SENT, Letter.State.HANDED_OVER])
        counted = Letter.objects.filter(campaign=campaign).aggregate(
            letters=Count("pk", filter=written), replies=Count("pk", filter=Q(replied=True))
        )
        calls = Call.objects.filter(campaign=campaign).exclude(outcome=Call.Outcome.SKIPPED)
        return {**counted, "calls": calls.count()}

    key = f"lobbying:totals:{campaign.pk}"
    found: dict[str, int] | None = cache.get(key)
    if found is None:
        found = count()
        cache.set(key, found, settings.NIDAA_PAGE_CACHE_SECONDS)
    return found


# --- finding your targets ---------------------------------------------------------------------


@dataclass
class Section:
    """One target group on the finding page, with its form, its answer or its problem."""

    title: str
    group: offers.Group | None = None
    form: Any = None
    targets: list[TargetInfo] = field(default_factory=list)
    areas: list[tuple[AreaInfo, str]] = field(default_factory=list)  # districts to choose from
    problem: str = ""


@public_page
@require_safe
def index(request: HttpRequest, slug: str) -> HttpResponse:
    campaign, content = live_campaign(slug)
    codes = offers.countries()
    country = request.GET.get("country", "").strip().lower()
    country = country if country in codes else ""
    given = {name: request.GET.get(name, "") for name in FIND_PARAMETERS}
    groups = offers.groups(country) if country else []
    sections = [_group_section(request, group, country, given) for group in groups]
    context = {
        "campaign": campaign,
        "content": content,
        "country": country,
        "country_form": CountryForm(codes, initial={"country": country}) if codes else None,
        "sections": sections,
        "fixed": [_fixed_section(item, country) for item in offers.fixed_lists(country)],
        "totals": totals(campaign),
        "back": back_query(request.GET.urlencode()),
    }
    limited = any(section.problem == "limited" for section in sections)
    return render(request, "lobbying/index.html", context, status=429 if limited else 200)


def _group_section(
    request: HttpRequest, group: offers.Group, country: str, given: dict[str, str]
) -> Section:
    section = Section(title=group.name, group=group)
    try:
        if group.place:
            _find_by_place(request, section, country, given)
        else:
            _list(section, country, given)
    except LookupFailed as failed:
        if section.form is not None and failed.field in section.form.fields:
            section.form.add_error(failed.field, str(failed.message))
        else:
            section.problem = str(failed.message)
    return section


def _find_by_place(
    request: HttpRequest, section: Section, country: str, given: dict[str, str]
) -> None:
    """The group's targets for the ZIP code, postcode or constituency given, if any."""
    assert section.group is not None
    placed = given["postcode"].strip() or given["constituency"].strip()
    section.form = PlaceForm(section.group.place, given if placed else None)
    if not section.form.is_bound or not section.form.is_valid():
        return
    if not lookup_policy().allow(request_ip_hash(request)):
        section.problem = "limited"
        return
    result = lookup(country, given["postcode"], given["constituency"], section.group.slug)
    _choose_district(section, result, given["district"], request)


def _list(section: Section, country: str, given: dict[str, str]) -> None:
    """The whole group (a country's MEPs), narrowed to a committee when one is chosen."""
    assert section.group is not None
    committees = section.group.committees
    section.form = CommitteeForm(committees, given) if committees else None
    committee = given["committee"] if section.form and section.form.is_valid() else ""
    section.targets = list(lookup(country, directory=section.group.slug, committee=committee).targets)  # fmt: skip


def area_key(area: AreaInfo) -> str:
    return area.id or area.code or area.name


def _choose_district(section: Section, result: Result, chosen: str, request: HttpRequest) -> None:
    """A ZIP code across district lines matches several districts: the wider targets
    (senators) are everyone's, the member for each district only theirs, once chosen."""
    districts = {area_key(area) for area in result.areas}
    if len(districts) > 1 and chosen not in districts:
        shown: set[str] = set()
        query = request.GET.copy()
        for area in result.areas:
            query["district"] = area_key(area)
            section.areas.append((area, "?" + query.urlencode()))
    else:
        shown = {chosen} if chosen in districts else districts
    section.targets = [
        target
        for target in result.targets
        if target.area is None or area_key(target.area) not in districts - shown
    ]


def _fixed_section(item: offers.FixedList, country: str) -> Section:
    section = Section(title=item.name)
    try:
        section.targets = list(fixed_targets(item.slug, country).targets)
    except LookupFailed as failed:
        section.problem = str(failed.message)
    return section


# --- calling ----------------------------------------------------------------------------------


def tel_uri(phone: str, country: str) -> str:
    """A tel: link a phone dials from anywhere: +, then digits. 00 starts an international
    number; a ten-digit US number gets +1."""
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+"):
        return f"tel:+{digits}"
    if digits.startswith("00"):
        return f"tel:+{digits[2:]}"
    if country == "us" and len(digits) == 10:
        return f"tel:+1{digits}"
    return f"tel:{digits}"


def call_script(campaign: Campaign, content: CampaignTranslation, target: Target) -> str:
    """The campaign's call script for the target's group, filled with the target's name and
    title; the caller says their own name and town."""
    template, _languages = letters.choose(campaign, target.directory, get_language() or "en")
    script = template.call_script if template and template.call_script else ""
    if not script:
        script = _(
            "Hello, my name is {supporter_name} and I live in {supporter_town}. I am calling "
            "{target_title} {target_name} about a campaign I support: %(ask)s Please pass "
            "on my message. Thank you."
        ) % {"ask": content.call_to_action}
    values = letters.values(target.name, target.role, "", "") | letters.unknown_supporter()
    return letters.fill(script, values)


@csrf_exempt  # see the module's docstring
@public_page
@require_http_methods(["GET", "HEAD", "POST"])
def call(request: HttpRequest, slug: str, target_id: int) -> HttpResponse:
    campaign, content = live_campaign(slug)
    target, info = live_target(target_id)
    if not info.phone:
        raise Http404
    back = back_query(request.GET.get("back", "") or request.POST.get("back", ""))
    form = CallForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound and form.is_valid():
        called = with_back(reverse("lobbying:called", args=[slug]), back)
        if form.is_bot():
            return HttpResponseRedirect(called)  # pretend, and count nothing
        if allow_request(request, "NIDAA_CALL_RATE"):
            actions.log_call(campaign, target, form.cleaned_data["outcome"], get_language())
            return HttpResponseRedirect(called)
        status = 429
    context = {
        "campaign": campaign,
        "content": content,
        "target": info,
        "script": call_script(campaign, content, target),
        "tel": tel_uri(info.phone, target.country),
        "form": form,
        "back": back,
        "back_url": index_url(slug, back),
        "limited": status == 429,
    }
    return render(request, "lobbying/call.html", context, status=status)


@public_page
@require_safe
def called(request: HttpRequest, slug: str) -> HttpResponse:
    campaign, content = live_campaign(slug)
    back = back_query(request.GET.get("back", ""))
    context = {"campaign": campaign, "content": content, "back_url": index_url(slug, back)}
    return render(request, "lobbying/called.html", context)
