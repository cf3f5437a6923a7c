"""The campaign's five actions. Each links only once the part that serves it exists.

An action part (signatures, lobbying, …) is never imported here: campaigns sits below them.
Whether a part exists is whether its URL name resolves.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nidaa.campaigns.models import Campaign


@dataclass(frozen=True)
class Action:
    key: str
    url_name: str
    title: Promise
    blurb: Promise


ACTIONS = [
    Action("sign", "signatures:sign", _("Stand in solidarity"), _("Sign the civil-society statement.")),
    Action("inform", "news:index", _("Get informed and spread the word"), _("Follow the news and share the campaign.")),
    Action("lobby", "lobbying:index", _("Lobby"), _("Write to or call your representatives.")),
    Action("organise", "events:index", _("Organise"), _("Hold a vigil, a demonstration or a pamphleting drive.")),
    Action("donate", "donations:index", _("Donate"), _("Give to relief appeals the campaign has vetted.")),
]  # fmt: skip


def available_actions(campaign: Campaign) -> list[tuple[Action, str]]:
    """The actions whose part is installed, each with its URL for this campaign."""
    found = []
    for action in ACTIONS:
        try:
            found.append((action, reverse(action.url_name, kwargs={"slug": campaign.slug})))
        except NoReverseMatch:
            continue
    return found


def record_url() -> str | None:
    """The public record of incidents, when the incidents part is installed."""
    try:
        return reverse("incidents:index")
    except NoReverseMatch:
        return None
