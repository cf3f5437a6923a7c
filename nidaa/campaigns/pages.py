"""What every public page of a campaign needs, for the parts above campaigns too (news,
donations …): the live campaign with its text in the page's language, and the Open Graph and
Twitter card tags that make a shared link show the campaign's card."""

from dataclasses import dataclass

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language, to_locale

from nidaa.campaigns.models import Campaign, CampaignTranslation
from nidaa.campaigns.share_card import KINDS, fingerprint
from nidaa.core.emails import absolute_url

# Open Graph wants language_TERRITORY; these are the usual ones.
OG_LOCALES = {"en": "en_GB", "ar": "ar_AR"}


def live_with_texts(slug: str) -> Campaign:
    """The live campaign with its texts in every language loaded, or 404."""
    return get_object_or_404(
        Campaign.objects.prefetch_related("translations"), slug=slug, status=Campaign.Status.LIVE
    )


def live_campaign(slug: str) -> tuple[Campaign, CampaignTranslation]:
    """The live campaign and its text in the active language (else its default), or 404."""
    campaign = live_with_texts(slug)
    content = campaign.content()
    if content is None:
        raise Http404
    return campaign, content


@dataclass(frozen=True)
class ShareMeta:
    title: str
    description: str
    url: str
    image: str
    image_alt: str
    locale: str


def card_url(campaign: Campaign, content: CampaignTranslation, kind: str = "card") -> str:
    """The share picture's address; its fingerprint in the query makes a new text a new URL."""
    path = reverse(
        "campaigns_files:share_image",
        kwargs={"slug": campaign.slug, "language": content.language, "kind": kind},
    )
    return f"{path}?v={fingerprint(campaign, content, KINDS[kind])}"


def share_meta(
    request: HttpRequest, campaign: Campaign, content: CampaignTranslation, title: str = ""
) -> ShareMeta:
    language = get_language() or content.language
    return ShareMeta(
        title=title or content.title,
        description=content.summary[:300],
        url=absolute_url(request.path),
        image=absolute_url(card_url(campaign, content)),
        image_alt=content.title,
        locale=OG_LOCALES.get(language, to_locale(language)),
    )
