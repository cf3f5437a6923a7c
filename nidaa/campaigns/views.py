from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from nidaa.accounts.access import is_verified_staff
from nidaa.campaigns.actions import available_actions, record_url
from nidaa.campaigns.models import Campaign, CampaignTranslation
from nidaa.campaigns.pages import share_meta
from nidaa.campaigns.updates import feed_url
from nidaa.core.cache import public_page


def campaigns_with_content() -> QuerySet[Campaign]:
    texts = CampaignTranslation.objects.prefetch_related("demands")
    return Campaign.objects.prefetch_related(Prefetch("translations", queryset=texts))


def may_preview(request: HttpRequest) -> bool:
    """Staff who passed both factors of sign-in may look at a campaign before it goes live."""
    return is_verified_staff(request) and request.user.has_perm("campaigns.view_campaign")


@public_page
def home(request: HttpRequest) -> HttpResponse:
    live = list(campaigns_with_content().filter(status=Campaign.Status.LIVE))
    if len(live) == 1:
        return _render_campaign(request, live[0], is_home=True)
    return render(request, "campaigns/campaign_list.html", {"campaigns": live})


def campaign(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(campaigns_with_content(), slug=slug)
    if found.status != Campaign.Status.LIVE and not may_preview(request):
        raise Http404
    return _render_campaign(request, found, is_home=False)


def _render_campaign(request: HttpRequest, found: Campaign, is_home: bool) -> HttpResponse:
    content = found.content()
    if content is None:
        raise Http404
    actions = available_actions(found)
    context = {
        "campaign": found,
        "content": content,
        "actions": actions,
        # The page embeds the sign form when signing is installed (by name: no import).
        "sign_url": next((url for action, url in actions if action.key == "sign"), None),
        "record_url": record_url(),
        "is_home": is_home,
        "share_meta": share_meta(request, found, content),
        "updates_feed_url": feed_url(found),
    }
    return render(request, "campaigns/campaign.html", context)


campaign_page = public_page(campaign)
