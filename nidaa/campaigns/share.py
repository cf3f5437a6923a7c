"""The share kit: suggested posts with the campaign's hashtags, and links to the networks' own
share pages.

A share link is a plain link to the network's page for writing a post (X's intent, Facebook's
sharer, wa.me, t.me, a mailto: address, a Mastodon server's /share), filled in with the post
and the campaign's address. Nothing of the networks runs on our pages: no script, no button
loaded from them, no request until the reader follows a link.

Mastodon has no single address: the reader names their server. With JavaScript the form goes
straight there; without it, our page shows the finished link to follow (never a redirect to a
host from the request, which would make us an open redirect).
"""

import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nidaa.campaigns.models import Campaign, CampaignTranslation
from nidaa.core.emails import absolute_url

# Offered as suggestions in the instance chooser; any server may be typed.
MASTODON_SERVERS = ["mastodon.social", "mastodon.online", "mstdn.social", "mas.to", "hachyderm.io"]
_HOST_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")


@dataclass(frozen=True)
class ShareLink:
    network: str
    label: Promise | str
    url: str


@dataclass(frozen=True)
class Post:
    number: int  # from 1, as shown
    text: str  # the post with its hashtags, without the link
    url: str  # the campaign page in the post's language, absolute
    links: list[ShareLink]

    @property
    def full_text(self) -> str:
        """What is copied: the post and the link."""
        return f"{self.text}\n{self.url}"


def campaign_url(campaign: Campaign) -> str:
    """The campaign page in the active language, as an absolute address (NIDAA_SITE_URL)."""
    return absolute_url(reverse("campaigns:campaign", kwargs={"slug": campaign.slug}))


def with_hashtags(text: str, campaign: Campaign) -> str:
    """The text, followed by each of the campaign's hashtags it does not already contain."""
    present = {word.lower() for word in re.findall(r"#\w+", text)}
    missing = [tag for tag in campaign.hashtag_list() if tag.lower() not in present]
    return " ".join([text.strip(), *missing]).strip()


def posts(campaign: Campaign, content: CampaignTranslation) -> list[Post]:
    """The suggested posts in the content's language; one made of the title if staff wrote none."""
    texts = [post.text for post in content.suggested_posts.all()] or [
        f"{content.title}. {content.call_to_action}"
    ]
    url = campaign_url(campaign)
    found = []
    for number, text in enumerate(texts, start=1):
        full = with_hashtags(text, campaign)
        found.append(Post(number, full, url, share_links(full, url, content.title)))
    return found


def share_links(text: str, url: str, subject: str) -> list[ShareLink]:
    return [
        ShareLink("x", "X", "https://x.com/intent/post?" + urlencode({"text": text, "url": url})),
        ShareLink("facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ShareLink("whatsapp", "WhatsApp", "https://wa.me/?" + urlencode({"text": f"{text}\n{url}"})),
        ShareLink("telegram", "Telegram", "https://t.me/share/url?" + urlencode({"url": url, "text": text})),
        ShareLink(
            "email",
            _("Email"),
            "mailto:?" + urlencode({"subject": subject, "body": f"{text}\n\n{url}"}, quote_via=quote),
        ),
    ]  # fmt: skip


def mastodon_host(typed: str) -> str | None:
    """A Mastodon server's host name from what a reader typed ("mastodon.social",
    "https://mastodon.social/", "@me@mastodon.social"), or None if it is not a host name."""
    text = typed.strip().lower()
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text)  # a scheme
    text = text.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    text = text.rsplit("@", 1)[-1].rstrip(".")  # an account address: the part after the last @
    try:
        host = text.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    labels = host.split(".")
    if len(host) > 253 or len(labels) < 2 or not all(_HOST_LABEL.fullmatch(x) for x in labels):
        return None
    if labels[-1].isdigit():
        return None  # an IP address is not a Mastodon server people name
    return host


def mastodon_link(host: str, post: Post) -> str:
    return f"https://{host}/share?" + urlencode({"text": f"{post.text}\n{post.url}"})
