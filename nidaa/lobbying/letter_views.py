"""Writing a letter: in the supporter's own words, confirmed by email, and a reply reported.

    /<lang>/c/<slug>/lobby/write/<target>/            1. about you  2. the letter, to edit
    /<lang>/c/<slug>/lobby/check-email/               "confirm your address"
    /<lang>/c/<slug>/lobby/confirm/<letter>/<token>/  the letter once more, and "send it"
    /<lang>/c/<slug>/lobby/sent/                      thanks
    /<lang>/c/<slug>/lobby/reply/<letter>/<token>/    did the target reply?

A target with an email address gets the letter from the platform, once its writer followed
the link mailed to them (so nobody writes in someone else's name), and with the writer in
Reply-To. A target without one (US Congress has only contact forms) is written to through its
contact form or by post: the supporter gets the finished text to copy and the addresses, and
only the fact that a letter was written is kept. Links in mail lead to a page with a button:
a mail scanner that follows every link must not send a letter or answer for anyone.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from nidaa.campaigns.models import Campaign, CampaignTranslation
from nidaa.campaigns.pages import live_campaign
from nidaa.core.cache import public_page
from nidaa.core.forms import normalise_email
from nidaa.core.ratelimit import allow_request
from nidaa.lobbying import actions, letters
from nidaa.lobbying.forms import AboutYouForm, LetterForm, ReplyForm
from nidaa.lobbying.models import Letter
from nidaa.lobbying.views import back_query, index_url, live_target


class Writing:
    """What one write page works with: the campaign, the target, the letter's template."""

    def __init__(self, request: HttpRequest, slug: str, target_id: int) -> None:
        self.request = request
        self.campaign, self.content = live_campaign(slug)
        self.target, self.info = live_target(target_id)
        data = request.POST if request.method == "POST" else request.GET
        self.back = back_query(data.get("back", ""))
        wanted = data.get("letter", "") or get_language() or "en"
        self.template, self.languages = letters.choose(self.campaign, self.target.directory, wanted)
        self.language = self.template.language if self.template else (get_language() or "en")

    def filled(self, name: str, town: str) -> tuple[str, str]:
        """The campaign's subject and letter for this target and writer."""
        values = letters.values(self.target.name, self.target.role, name, town)
        if self.template is None:
            return self.content.title, ""
        return letters.fill(self.template.subject, values), letters.fill(self.template.body, values)

    def preview(self) -> str:
        if self.template is None:
            return ""
        values = letters.values(self.target.name, self.target.role, "", "")
        return letters.fill(self.template.body, values | letters.unknown_supporter())

    def render(self, page: str, status: int = 200, **context: Any) -> HttpResponse:
        context = {
            "campaign": self.campaign,
            "content": self.content,
            "target": self.info,
            "template": self.template,
            "letter_language": self.language,
            "languages": self.languages,
            "back": self.back,
            "back_url": index_url(self.campaign.slug, self.back),
            **context,
        }
        return render(self.request, page, context, status=status)


@csrf_exempt  # see views.py's docstring
@public_page
@require_http_methods(["GET", "HEAD", "POST"])
def write(request: HttpRequest, slug: str, target_id: int) -> HttpResponse:
    writing = Writing(request, slug, target_id)
    needs_email = writing.info.email
    if request.method != "POST":
        return _about_step(writing, AboutYouForm(needs_email))
    if request.POST.get("step") != "letter":
        about = AboutYouForm(needs_email, request.POST)
        if not about.is_valid():
            return _about_step(writing, about)
        subject, body = writing.filled(about.cleaned_data["name"], about.cleaned_data["town"])
        return _letter_step(writing, LetterForm(needs_email, initial={**about.cleaned_data, "subject": subject, "body": body}))  # fmt: skip
    form = LetterForm(needs_email, request.POST)
    if not form.is_valid():
        return _letter_step(writing, form)
    data = form.cleaned_data
    if form.is_bot():
        return _next_step(writing, data)  # pretend, and keep nothing
    email_key = normalise_email(data.get("email", ""))
    if not allow_request(request, "NIDAA_LETTER_RATE", email_key, "NIDAA_LETTER_EMAIL_RATE"):
        return _letter_step(writing, form, status=429)
    unedited = bool(writing.template) and letters.same_text(
        data["body"], writing.filled(data["name"], data["town"])[1]
    )
    if needs_email:
        fields = {k: data[k] for k in ("name", "email", "town", "subject", "body")}
        actions.write_letter(writing.campaign, writing.target, fields, get_language() or "en", writing.language, unedited)  # fmt: skip
    else:
        actions.hand_over_letter(writing.campaign, writing.target, get_language() or "en", writing.language, unedited)  # fmt: skip
    return _next_step(writing, data)


def _next_step(writing: Writing, data: dict[str, Any]) -> HttpResponse:
    """What the writer sees once the letter is written: "check your email", or the letter to
    copy into the target's contact form."""
    if writing.info.email:
        return HttpResponseRedirect(reverse("lobbying:check_email", args=[writing.campaign.slug]))
    return writing.render("lobbying/copy.html", subject=data["subject"], body=data["body"])


def _about_step(writing: Writing, form: AboutYouForm) -> HttpResponse:
    return writing.render("lobbying/write.html", step="about", form=form, preview=writing.preview())


def _letter_step(writing: Writing, form: LetterForm, status: int = 200) -> HttpResponse:
    # The letter may be in another language than the page (an Arabic page, an English letter).
    for name in ("subject", "body"):
        form.fields[name].widget.attrs.update(lang=writing.language, dir="auto")
    return writing.render(
        "lobbying/write.html", status, step="letter", form=form, limited=status == 429
    )


@public_page
@require_safe
def check_email(request: HttpRequest, slug: str) -> HttpResponse:
    campaign, content = live_campaign(slug)
    context = {
        "campaign": campaign,
        "content": content,
        "link_days": settings.NIDAA_VERIFY_LINK_DAYS,
    }
    return render(request, "lobbying/check_email.html", context)


def _by_link(
    request: HttpRequest, slug: str, pk: int, token: str, state: str
) -> tuple[Campaign, CampaignTranslation, Letter | None, HttpResponse | None]:
    """The letter a mailed link names, or the page that says why not (limited, invalid)."""
    campaign, content = live_campaign(slug)
    context = {"campaign": campaign, "content": content}
    if not allow_request(request, "NIDAA_VERIFY_RATE"):
        return campaign, content, None, render(request, "lobbying/limited.html", context, status=429)  # fmt: skip
    letter = actions.find_by_token(pk, token, state)
    if letter is None or letter.campaign_id != campaign.pk:
        return campaign, content, None, _invalid(request, context)
    return campaign, content, letter, None


def _invalid(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    context = {**context, "link_days": settings.NIDAA_VERIFY_LINK_DAYS}
    return render(request, "lobbying/link_invalid.html", context, status=410)


@csrf_exempt  # the secret in the link is what a forged request would lack; no session is used
@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, slug: str, pk: int, token: str) -> HttpResponse:
    campaign, content, letter, refused = _by_link(request, slug, pk, token, Letter.State.UNCONFIRMED)  # fmt: skip
    if letter is None:
        return refused or _invalid(request, {"campaign": campaign, "content": content})
    if request.method == "POST":
        actions.confirm_letter(pk, token)  # None only if a second click won the race
        return HttpResponseRedirect(reverse("lobbying:sent", args=[slug]))
    context = {"campaign": campaign, "content": content, "letter": letter}
    return render(request, "lobbying/confirm.html", context)


@public_page
@require_safe
def sent(request: HttpRequest, slug: str) -> HttpResponse:
    campaign, content = live_campaign(slug)
    context = {"campaign": campaign, "content": content, "back_url": index_url(slug)}
    return render(request, "lobbying/sent.html", context)


@csrf_exempt  # as confirm
@never_cache
@require_http_methods(["GET", "POST"])
def reply(request: HttpRequest, slug: str, pk: int, token: str) -> HttpResponse:
    campaign, content, letter, refused = _by_link(request, slug, pk, token, Letter.State.SENT)
    if letter is None or letter.reply_asked_at is None:
        return refused or _invalid(request, {"campaign": campaign, "content": content})
    form = ReplyForm(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {"campaign": campaign, "content": content, "letter": letter}
    if form.is_bound and form.is_valid():
        actions.record_reply(pk, token, form.cleaned_data["replied"])
        context["replied"] = form.cleaned_data["replied"]
        return render(request, "lobbying/reply_done.html", context)
    return render(request, "lobbying/reply.html", {**context, "form": form})
