"""The share kit's pages: the kit itself, the Mastodon server chooser without JavaScript, and
the share pictures."""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.views.decorators.http import require_safe

from nidaa.campaigns import share
from nidaa.campaigns.models import Campaign
from nidaa.campaigns.pages import card_url, live_campaign, live_with_texts, share_meta
from nidaa.campaigns.share_card import KINDS, card_bytes, fingerprint
from nidaa.core.cache import public_page

# A day: the page links each picture with its fingerprint, so a new text is a new address.
IMAGE_MAX_AGE = 86400


@require_safe
@public_page
def share_kit(request: HttpRequest, slug: str) -> HttpResponse:
    campaign, content = live_campaign(slug)
    context = {
        "campaign": campaign,
        "content": content,
        "posts": share.posts(campaign, content),
        "images": _images(campaign),
        "mastodon_servers": share.MASTODON_SERVERS,
        "share_meta": share_meta(request, campaign, content),
    }
    return render(request, "campaigns/share.html", context)


def _images(campaign: Campaign) -> list[dict[str, object]]:
    """Each language's card and square picture, the page's language first."""
    current = campaign.content()
    texts = sorted(campaign.translations.all(), key=lambda t: t != current)
    return [
        {"content": text, "kind": KINDS[kind], "url": card_url(campaign, text, kind)}
        for text in texts
        for kind in KINDS
    ]


@require_safe
def mastodon(request: HttpRequest, slug: str) -> HttpResponse:
    """The chooser's answer without JavaScript: the finished link, for the reader to follow."""
    campaign, content = live_campaign(slug)
    posts = share.posts(campaign, content)
    try:
        post = posts[int(request.GET.get("post", "1")) - 1]
    except (ValueError, IndexError):
        post = posts[0]
    typed = request.GET.get("instance", "")[:300]
    host = share.mastodon_host(typed)
    context = {
        "campaign": campaign,
        "content": content,
        "post": post,
        "typed": typed,
        "host": host,
        "link": share.mastodon_link(host, post) if host else "",
        "mastodon_servers": share.MASTODON_SERVERS,
    }
    return render(request, "campaigns/mastodon.html", context, status=200 if host else 400)


@require_safe
def share_image(request: HttpRequest, slug: str, language: str, kind: str) -> HttpResponse:
    """A share picture (JPEG), drawn on first request and then read from its file."""
    campaign = live_with_texts(slug)
    content = next((t for t in campaign.translations.all() if t.language == language), None)
    if content is None or kind not in KINDS:
        raise Http404
    etag = f'"{fingerprint(campaign, content, KINDS[kind])}"'
    if request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified(headers={"ETag": etag})
    response = HttpResponse(card_bytes(campaign, content, KINDS[kind]), content_type="image/jpeg")
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={IMAGE_MAX_AGE}"
    # A picture made to be shown elsewhere: other sites may embed it.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    if request.GET.get("download"):
        name = f"{campaign.slug}-{content.language}-{kind}.jpg"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
