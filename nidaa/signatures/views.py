"""Signing the statement: the forms, "check your email", the link, thanks, and withdrawing.

Every signing form here is csrf_exempt, deliberately. The signer is anonymous and has no session
to ride on, so a forged cross-site submission gains an attacker nothing that posting the form
directly would not; what protects signing is the email verification (only the mailbox's owner
makes a signature count), the proof of work, and the rate limits. Django's CSRF token would also
need a cookie on the page, and the public page cache refuses responses that set cookies: the
campaign page, which embeds the form, would stop being cacheable exactly when it goes viral.
"""

import functools

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nidaa.campaigns.actions import available_actions
from nidaa.campaigns.models import Campaign
from nidaa.core.cache import public_page
from nidaa.core.middleware import current_entry
from nidaa.core.privacy import request_ip_hash
from nidaa.core.ratelimit import Policy, allow_all, allow_request, policy_from_rate
from nidaa.signatures import actions
from nidaa.signatures import challenge as proof_of_work
from nidaa.signatures.forms import IndividualForm, OrganisationForm, ResendForm, SignForm, form_for
from nidaa.signatures.models import Signature


def _live_campaign(slug: str) -> Campaign:
    """The live campaign, kept in the cache beside the public pages and purged with them.

    Every signing request needs it, and the query cost as much as storing the signature. A
    campaign that staff change (or close) purges the public pages, which makes this copy stale
    too; pages and campaign are never older than NIDAA_PAGE_CACHE_SECONDS.
    """
    key = f"campaign:live:{slug}"
    entry, generation = current_entry(key)
    if entry is not None:
        return entry[1]
    campaign = get_object_or_404(Campaign, slug=slug, status=Campaign.Status.LIVE)
    cache.set(key, (generation, campaign), settings.NIDAA_PAGE_CACHE_SECONDS)
    return campaign


def _policy(name: str, setting: str) -> Policy:
    return policy_from_rate(name, getattr(settings, setting))


def _render_sign(
    request: HttpRequest, campaign: Campaign, form: SignForm | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "campaign": campaign,
        "content": campaign.content(),
        "individual": form if isinstance(form, IndividualForm) else IndividualForm(),
        "organisation": form if isinstance(form, OrganisationForm) else OrganisationForm(),
        "limited": status == 429,
    }
    return render(request, "signatures/sign.html", context, status=status)


def _to_check_email(slug: str, resent: bool = False) -> HttpResponseRedirect:
    url = _check_email_path(get_language(), get_script_prefix(), slug)
    return HttpResponseRedirect(url + "?resent=1" if resent else url)


@functools.lru_cache(maxsize=256)
def _check_email_path(language: str, script_prefix: str, slug: str) -> str:
    # Every accepted signature is answered with this redirect; reverse() walks the URL
    # patterns each time. The path depends only on these three (slugs are of live campaigns).
    return reverse("signatures:check_email", args=[slug])


@csrf_exempt  # see the module's docstring
@public_page
@require_http_methods(["GET", "HEAD", "POST"])
def sign(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _live_campaign(slug)
    if request.method != "POST":
        return _render_sign(request, campaign)
    form = form_for(request.POST)
    if form.is_bot():
        return _to_check_email(slug)  # pretend, and store nothing
    if not form.is_valid():
        return _render_sign(request, campaign, form)
    ip_hash = request_ip_hash(request)
    email_key = actions.normalise_email(form.cleaned_data["email"])
    # One cache round trip for both limits; a refused request takes no token from either.
    if not allow_all(
        (_policy("NIDAA_SIGN_RATE:ip", "NIDAA_SIGN_RATE"), ip_hash),
        (_policy("NIDAA_SIGN_EMAIL_RATE", "NIDAA_SIGN_EMAIL_RATE"), email_key),
    ):
        return _render_sign(request, campaign, form, status=429)
    # New or not, the owner gets mail (verify, or "you already signed"): the page is the same.
    actions.sign_statement(
        campaign,
        form.signature_fields(),
        language=get_language(),
        ip_hash=ip_hash,
        flag_reason=proof_of_work.check(form.proof()),
    )
    return _to_check_email(slug)


@public_page
@require_GET
def check_email(request: HttpRequest, slug: str) -> HttpResponse:
    return _render_check_email(request, _live_campaign(slug), ResendForm())


def _render_check_email(
    request: HttpRequest, campaign: Campaign, form: ResendForm, status: int = 200
) -> HttpResponse:
    context = {
        "campaign": campaign,
        "form": form,
        "resent": request.GET.get("resent") == "1",
        "limited": status == 429,
    }
    return render(request, "signatures/check_email.html", context, status=status)


@csrf_exempt  # see the module's docstring: the "check your email" page is cached too
@require_POST
def resend(request: HttpRequest, slug: str) -> HttpResponse:
    """Send the link again, if this address signed; the answer is the same either way."""
    campaign = _live_campaign(slug)
    form = ResendForm(request.POST)
    if not form.is_valid():
        return _render_check_email(request, campaign, form)
    email_key = actions.normalise_email(form.cleaned_data["email"])
    if not allow_request(request, "NIDAA_RESEND_RATE", email_key):
        return _render_check_email(request, campaign, form, status=429)
    found = Signature.objects.filter(campaign=campaign, email_key=email_key).first()
    if found is not None:
        actions.request_mail(found)
    return _to_check_email(slug, resent=True)


@never_cache
@require_GET
def verify(request: HttpRequest, slug: str, pk: int, token: str) -> HttpResponse:
    campaign = _live_campaign(slug)
    if not allow_request(request, "NIDAA_VERIFY_RATE"):
        return render(request, "signatures/limited.html", {"campaign": campaign}, status=429)
    if actions.verify_signature(pk, token) is None:
        days = settings.NIDAA_VERIFY_LINK_DAYS
        context = {"campaign": campaign, "form": ResendForm(), "link_days": days}
        return render(request, "signatures/verify_invalid.html", context, status=410)
    return HttpResponseRedirect(reverse("signatures:thanks", args=[slug]))


@public_page
@require_GET
def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _live_campaign(slug)
    context = {
        "campaign": campaign,
        "content": campaign.content(),
        "next_actions": [(a, url) for a, url in available_actions(campaign) if a.key != "sign"],
    }
    return render(request, "signatures/thanks.html", context)


@csrf_exempt  # the secret in the link is what a forged request would lack; no session is used
@never_cache
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, slug: str, pk: int, token: str) -> HttpResponse:
    campaign = _live_campaign(slug)
    context = {"campaign": campaign}
    if request.method == "POST":
        if actions.withdraw_signature(pk, token):
            return render(request, "signatures/withdraw_done.html", context)
    elif actions.find_by_token(pk, token, "withdraw_hash") is not None:
        return render(request, "signatures/withdraw.html", context)
    return render(request, "signatures/withdraw_invalid.html", context, status=410)


@never_cache
@require_GET
def challenge(request: HttpRequest, slug: str) -> JsonResponse:
    """A fresh proof-of-work challenge for the sign forms (no language prefix, never cached)."""
    return JsonResponse(proof_of_work.create_challenge())
