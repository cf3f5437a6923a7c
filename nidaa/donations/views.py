"""The donate page, and /go/<id>/: the only way out to an appeal.

/go/ counts the visit (a number on the appeal: no address, no cookie, nothing about the
visitor; a rate limit per hashed address keeps a script from inflating it) and redirects to the address stored on the appeal. It reads nothing else from the
request, so it can never be made to send anyone anywhere else (an open redirect), and it sends
nobody to an appeal that is hidden or overdue for checking.
"""

from urllib.parse import urlsplit

from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from nidaa.campaigns.models import Campaign
from nidaa.campaigns.pages import live_campaign, share_meta
from nidaa.core.cache import public_page
from nidaa.core.ratelimit import allow_request
from nidaa.donations.models import Appeal


@require_safe
@public_page
def index(request: HttpRequest, slug: str) -> HttpResponse:
    campaign, content = live_campaign(slug)
    language = get_language() or content.language
    appeals = (
        Appeal.objects.visible()
        .filter(campaign=campaign)
        .select_related("campaign")
        .prefetch_related("texts")
    )
    listed = [(appeal, appeal.text(language), urlsplit(appeal.url).hostname) for appeal in appeals]
    context = {
        "campaign": campaign,
        "content": content,
        "appeals": [(a, text, host) for a, text, host in listed if text is not None],
        "share_meta": share_meta(request, campaign, content),
    }
    return render(request, "donations/index.html", context)


@require_safe
def go(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = Appeal.objects.visible().filter(pk=pk, campaign__status=Campaign.Status.LIVE).first()
    if appeal is None:
        raise Http404
    # Everyone is sent on; only the count is limited.
    if request.method == "GET" and allow_request(request, "NIDAA_GO_COUNT_RATE"):
        Appeal.objects.filter(pk=appeal.pk).update(clicks=F("clicks") + 1)
    response = HttpResponseRedirect(appeal.url)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
