"""The campaign's own updates (short posts by staff): their page, and an Atom feed of them per
language, for feed readers and for other sites to carry."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from nidaa.campaigns.models import Campaign, CampaignTranslation, Update, UpdateQuerySet
from nidaa.campaigns.pages import live_campaign, share_meta
from nidaa.core.cache import public_page
from nidaa.core.emails import absolute_url
from nidaa.core.markdown import render_markdown

PER_PAGE = 20
FEED_ENTRIES = 30


def updates_for(campaign: Campaign, language: str | None = None) -> UpdateQuerySet:
    """Published updates in the language, newest first; in the campaign's default language
    when there are none in it."""
    language = language or get_language() or campaign.default_language
    published = Update.objects.published().filter(campaign=campaign)
    mine = published.filter(language=language)
    if language != campaign.default_language and not mine.exists():
        return published.filter(language=campaign.default_language)
    return mine


def update_url(update: Update) -> str:
    path = reverse("campaigns:updates", kwargs={"slug": update.campaign.slug})
    return f"{path}#update-{update.pk}"


def feed_url(campaign: Campaign) -> str:
    return reverse("campaigns:updates_feed", kwargs={"slug": campaign.slug})


@require_safe
@public_page
def updates(request: HttpRequest, slug: str) -> HttpResponse:
    campaign, content = live_campaign(slug)
    page = Paginator(updates_for(campaign), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "campaign": campaign,
        "content": content,
        "page": page,
        "feed_url": feed_url(campaign),
        "share_meta": share_meta(request, campaign, content),
    }
    return render(request, "campaigns/updates.html", context)


@require_safe
@public_page
def updates_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """Atom 1.0 (RFC 4287): the updates in the page's language."""
    campaign, content = live_campaign(slug)
    entries = list(updates_for(campaign)[:FEED_ENTRIES])
    feed = _feed(campaign, content, entries)
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


def _feed(campaign: Campaign, content: CampaignTranslation, entries: list[Update]) -> Atom1Feed:
    language = get_language() or content.language
    page = absolute_url(reverse("campaigns:updates", kwargs={"slug": campaign.slug}))
    feed = Atom1Feed(
        title=_("%(campaign)s: updates") % {"campaign": content.title},
        link=page,
        description=content.summary,
        language=language,
        feed_url=absolute_url(feed_url(campaign)),
        feed_guid=page,
    )
    for update in entries:
        assert update.published_at is not None  # published() only
        feed.add_item(
            title=update.title,
            link=absolute_url(update_url(update)),
            description=render_markdown(update.body),
            unique_id=absolute_url(update_url(update)),
            pubdate=update.published_at,
            updateddate=max(update.updated, update.published_at),
        )
    return feed
