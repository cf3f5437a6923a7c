"""Finding events, an event's page and RSVPs, hosting: the pages people use.

As with signing, the public forms are csrf_exempt on purpose: visitors are anonymous and have no
session to ride on, and a page with a CSRF token would set a cookie and fall out of the public
page cache. What protects them is the confirmation by email (nothing counts until the mailbox's
owner follows the link), the rate limits and the honeypot. The host's and the attendee's pages
are reached only through the secret in their link, which a forged request would lack.
"""

import contextlib
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from nidaa.campaigns.models import Campaign
from nidaa.core.cache import public_page
from nidaa.core.forms import normalise_email
from nidaa.core.privacy import request_ip_hash
from nidaa.core.ratelimit import allow_request, setting_policy
from nidaa.events import actions, finding, jsonld, links
from nidaa.events.forms import (
    EventForm,
    FinderForm,
    MessageForm,
    NewEventForm,
    RSVPForm,
    initial_for,
)
from nidaa.events.models import RSVP, Event
from nidaa.events.presenting import present

PER_PAGE = 20


def live_campaign(slug: str) -> Campaign:
    return get_object_or_404(Campaign, slug=slug, status=Campaign.Status.LIVE)


def public_event(campaign: Campaign, pk: int) -> Event:
    """An event the public may see: approved, or cancelled after it was public."""
    event = get_object_or_404(Event.objects.select_related("campaign"), campaign=campaign, pk=pk)
    if not event.is_public:
        raise Http404
    return event


# --- Finding ----------------------------------------------------------------------------------


@public_page
@require_safe
def index(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = live_campaign(slug)
    form = FinderForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    found = finding.search(campaign, data)
    page = Paginator(found.ids, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "campaign": campaign,
        "content": campaign.content(),
        "form": form,
        "search": found,
        "page": page,
        "events": [
            (present(e), _km(found.distances.get(e.pk))) for e in finding.page_of(list(page))
        ],
        "query": query.urlencode(),
        "geojson_url": reverse("events_api:geojson", args=[slug])
        + ("?" + query.urlencode() if query else ""),
        "feed_url": reverse("events_api:feed", args=[slug]),
        "pamphlets": pamphlet_links(slug),
    }
    return render(request, "events/index.html", context)


def _km(distance: float | None) -> int | None:
    return None if distance is None else round(distance)


def pamphlet_links(slug: str) -> list[tuple[str, str, str]]:
    """(language label, size, URL) for every version of the campaign's pamphlet."""
    from nidaa.events.pamphlets import LANGUAGE_LABELS, SIZES

    url = reverse("events_api:pamphlet", args=[slug])
    return [
        (str(label), size.upper(), f"{url}?{urlencode({'lang': code, 'size': size})}")
        for code, label in LANGUAGE_LABELS.items()
        for size in SIZES
    ]


# --- An event and its RSVPs -------------------------------------------------------------------


def _render_detail(
    request: HttpRequest, event: Event, form: RSVPForm | None = None, status: int = 200
) -> HttpResponse:
    shown = present(event)
    going = actions.going_count(event)
    url = links.event_url(event, get_language())
    context = {
        "campaign": event.campaign,
        "event": event,
        "shown": shown,
        "form": form or RSVPForm(),
        "going": going,
        "full": event.capacity is not None and going >= event.capacity,
        "limited": status == 429,
        "jsonld": jsonld.script(jsonld.event_data(shown, url)),
        "ics_url": reverse("events_api:event_ics", args=[event.campaign.slug, event.pk]),
        "flyer_url": reverse("events:flyer", args=[event.campaign.slug, event.pk]),
    }
    return render(request, "events/detail.html", context, status=status)


@csrf_exempt  # see the module's docstring
@public_page
@require_http_methods(["GET", "HEAD", "POST"])
def detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = public_event(live_campaign(slug), pk)
    if request.method != "POST":
        return _render_detail(request, event)
    form = RSVPForm(request.POST)
    sent = reverse("events:rsvp_sent", args=[slug, pk])
    if form.is_bot():
        return HttpResponseRedirect(sent)
    if event.status != Event.Status.APPROVED or event.ends_at <= timezone.now():
        return _render_detail(request, event, form, status=409)
    if not form.is_valid():
        return _render_detail(request, event, form, status=400)
    email = form.cleaned_data["email"]
    if not allow_request(request, "NIDAA_RSVP_RATE", normalise_email(email)):
        return _render_detail(request, event, form, status=429)
    actions.rsvp(
        event,
        form.cleaned_data["name"],
        email,
        form.cleaned_data["share_name"],
        get_language(),
        request_ip_hash(request),
    )
    return HttpResponseRedirect(sent)


@public_page
@require_safe
def rsvp_sent(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = public_event(live_campaign(slug), pk)
    context = {"campaign": event.campaign, "event": event, "who": "attendee"}
    return render(request, "events/check_email.html", context)


def _rsvp_from_link(slug: str, pk: int, token: str) -> RSVP | None:
    found = RSVP.objects.select_related("event__campaign").filter(pk=pk).first()
    if found is None or found.event.campaign.slug != slug:
        return None
    return found if links.matches("rsvp", found.pk, found.key, token) else None


@csrf_exempt  # the secret in the link is what a forged request would lack
@never_cache
@require_http_methods(["GET", "POST"])
def attending(request: HttpRequest, slug: str, pk: int, token: str) -> HttpResponse:
    """The attendee's own page (from their link): the first visit confirms the email; it shows
    the exact address, the calendar and a way to cancel."""
    found = _rsvp_from_link(slug, pk, token)
    if found is None or not found.event.is_public:
        return render(request, "events/link_invalid.html", {"campaign": None}, status=410)
    if request.method == "POST":
        found = actions.cancel_rsvp(found)
    elif found.status == RSVP.Status.UNCONFIRMED and found.event.status == Event.Status.APPROVED:
        found = actions.confirm_rsvp(found)
    event = found.event
    context = {
        "campaign": event.campaign,
        "event": event,
        "rsvp": found,
        "shown": present(event, show_address=found.status != RSVP.Status.CANCELLED),
        "ics_url": reverse("events_api:event_ics", args=[slug, event.pk]),
    }
    return render(request, "events/attending.html", context)


# --- Hosting ----------------------------------------------------------------------------------


@csrf_exempt  # see the module's docstring
@public_page
@require_http_methods(["GET", "HEAD", "POST"])
def submit(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = live_campaign(slug)
    if request.method != "POST":
        return _render_submit(request, campaign, NewEventForm())
    form = NewEventForm(request.POST)
    sent = reverse("events:submitted", args=[slug])
    if form.is_bot():
        return HttpResponseRedirect(sent)
    if not form.is_valid():
        return _render_submit(request, campaign, form, status=400)
    # Per mailbox too: the confirmation mail goes to whatever address was typed.
    host_key = normalise_email(form.cleaned_data["host_email"])
    if not allow_request(request, "NIDAA_EVENT_SUBMIT_RATE", host_key):
        return _render_submit(request, campaign, form, status=429)
    actions.submit_event(
        campaign,
        form.event_fields(),
        host_name=form.cleaned_data["host_name"],
        host_email=form.cleaned_data["host_email"],
        language=get_language(),
        ip_hash=request_ip_hash(request),
    )
    return HttpResponseRedirect(sent)


def _render_submit(
    request: HttpRequest, campaign: Campaign, form: EventForm, status: int = 200
) -> HttpResponse:
    context = {"campaign": campaign, "form": form, "limited": status == 429}
    return render(request, "events/submit.html", context, status=status)


@public_page
@require_safe
def submitted(request: HttpRequest, slug: str) -> HttpResponse:
    context = {"campaign": live_campaign(slug), "who": "host"}
    return render(request, "events/check_email.html", context)


def _event_from_link(slug: str, pk: int, token: str) -> Event | None:
    event = Event.objects.select_related("campaign").filter(pk=pk, campaign__slug=slug).first()
    if event is None or not links.matches("host", event.pk, event.key, token):
        return None
    return event


def _host_page(request: HttpRequest, event: Event, **extra: Any) -> HttpResponse:
    rsvps = event.rsvps.filter(status__in=actions.ATTENDING)
    context = {
        "campaign": event.campaign,
        "event": event,
        "shown": present(event, show_address=True),
        "token": links.token("host", event.pk, event.key),
        "going": rsvps.filter(status=RSVP.Status.GOING).count(),
        "waiting": rsvps.filter(status=RSVP.Status.WAITLISTED).count(),
        # Only the names attendees chose to show the host; never an address.
        "names": list(rsvps.filter(share_name=True).values_list("name", flat=True)),
        "message_form": MessageForm(),
        "flyer_url": reverse("events:flyer", args=[event.campaign.slug, event.pk]),
        **extra,
    }
    return render(request, "events/host.html", context, status=extra.get("status", 200))


@never_cache
@require_safe
def host(request: HttpRequest, slug: str, pk: int, token: str) -> HttpResponse:
    """The host's page (from their link). The first visit confirms the host's email, which
    sends the event to the moderators."""
    event = _event_from_link(slug, pk, token)
    if event is None:
        return render(request, "events/link_invalid.html", {"campaign": None}, status=410)
    confirmed = actions.confirm_host(event)
    if confirmed:
        event.refresh_from_db()
    done = request.GET.get("done", "")
    sent = int(done[5:]) if done.startswith("sent-") and done[5:].isdigit() else None
    return _host_page(request, event, confirmed=confirmed, done=done, sent=sent)


def _back_to_host(event: Event, done: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{links.host_path(event, get_language())}?done={done}")


@csrf_exempt  # the secret in the link is what a forged request would lack
@never_cache
@require_http_methods(["GET", "POST"])
def host_edit(request: HttpRequest, slug: str, pk: int, token: str) -> HttpResponse:
    event = _event_from_link(slug, pk, token)
    if event is None:
        return render(request, "events/link_invalid.html", {"campaign": None}, status=410)
    editable = event.status in (Event.Status.UNCONFIRMED, Event.Status.PENDING, Event.Status.APPROVED)  # fmt: skip
    if not editable:
        return _back_to_host(event, "not_editable")
    if request.method != "POST":
        context = {"campaign": event.campaign, "event": event, "form": EventForm(initial=initial_for(event)), "token": token}  # fmt: skip
        return render(request, "events/host_edit.html", context)
    form = EventForm(request.POST)
    if not form.is_valid():
        context = {"campaign": event.campaign, "event": event, "form": form, "token": token}
        return render(request, "events/host_edit.html", context, status=400)
    waiting = actions.change_event(event, form.event_fields())
    return _back_to_host(event, "proposed" if waiting else "saved")


@csrf_exempt  # the secret in the link is what a forged request would lack
@never_cache
@require_POST
def host_message(request: HttpRequest, slug: str, pk: int, token: str) -> HttpResponse:
    event = _event_from_link(slug, pk, token)
    if event is None:
        return render(request, "events/link_invalid.html", {"campaign": None}, status=410)
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _host_page(request, event, message_form=form, status=400)
    if not setting_policy("NIDAA_HOST_MESSAGE_RATE", "event").allow(str(event.pk)):
        return _host_page(request, event, message_form=form, limited=True, status=429)
    data = form.cleaned_data
    count = actions.message_attendees(event, data["subject"], data["body"], data["include_waitlist"])  # fmt: skip
    return _back_to_host(event, f"sent-{count}")


@csrf_exempt  # the secret in the link is what a forged request would lack
@never_cache
@require_POST
def host_cancel(request: HttpRequest, slug: str, pk: int, token: str) -> HttpResponse:
    event = _event_from_link(slug, pk, token)
    if event is None:
        return render(request, "events/link_invalid.html", {"campaign": None}, status=410)
    # Already cancelled (a second click): the page says so all the same.
    with contextlib.suppress(actions.StepRefused):
        actions.cancel_event(event, request=request)
    return _back_to_host(event, "cancelled")
