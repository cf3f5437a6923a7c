"""News sources a campaign trusts, the accounts they run, and the items fetched from them.

A Source is one feed (RSS 2.0, RSS 1.0/RDF, Atom or JSON Feed) that staff added to a campaign,
with its language and the time zone its dates are written in when they name none. Fetching
records on the source how the last attempt went, so that staff see a broken feed with its
reason. An Item is one story from a feed: its text sanitised when it was stored, its date in
UTC. Items are the same story when they share the feed's id (within the source) or their link
(within the campaign), so a story is stored once however often it is fetched, and once when two
sources carry it.
"""

import zoneinfo

from django.conf import global_settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nidaa.campaigns.models import Campaign

http_url = URLValidator(schemes=["http", "https"])


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("“%(zone)s” is not a time zone, e.g. UTC, Asia/Damascus, Europe/Istanbul."),
            params={"zone": value},
        ) from None


def source_language_choices() -> list[tuple[str, str | Promise]]:
    """Any language Django knows: sources may write in languages the site does not speak."""
    return [(code, _(name)) for code, name in global_settings.LANGUAGES]


class Source(models.Model):
    class Format(models.TextChoices):
        RSS = "rss", _("RSS 2.0")
        RDF = "rdf", _("RSS 1.0 (RDF)")
        ATOM = "atom", _("Atom")
        JSON = "json", _("JSON Feed")

    class Problem(models.TextChoices):
        NONE = "", _("none")
        REFUSED = "refused", _("address refused (not a public internet address)")
        UNREACHABLE = "unreachable", _("could not be reached")
        STATUS = "status", _("the server answered with an error")
        TOO_LARGE = "too_large", _("the feed is too large")
        ENTITIES = "entities", _("the feed declares XML entities, which are refused")
        NOT_A_FEED = "not_a_feed", _("not a feed")
        ILL_FORMED = "ill_formed", _("the feed is not well-formed")

    campaign = models.ForeignKey(
        Campaign, models.CASCADE, related_name="news_sources", verbose_name=_("campaign")
    )
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(
        _("feed address"),
        max_length=1000,
        validators=[http_url],
        help_text=_("The address of the RSS, Atom or JSON Feed, not of the web page."),
    )
    site_url = models.URLField(
        _("website"),
        max_length=1000,
        blank=True,
        validators=[http_url],
        help_text=_("Filled in from the feed when left empty."),
    )
    language = models.CharField(_("language"), max_length=10, choices=source_language_choices)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("For dates in the feed that do not say their zone, e.g. Asia/Damascus."),
    )
    active = models.BooleanField(
        _("fetch it"),
        default=True,
        help_text=_(
            "Paused sources are not fetched; the stories already fetched stay on the news page "
            "until they are hidden or the source is deleted."
        ),
    )
    format = models.CharField(_("format"), max_length=10, choices=Format, blank=True)
    # What the server said last time, for a conditional request (answered 304 if unchanged).
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    checked_at = models.DateTimeField(_("last tried"), null=True, blank=True, editable=False)
    fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True, editable=False)
    problem = models.CharField(
        _("problem"), max_length=20, choices=Problem, blank=True, editable=False
    )
    problem_detail = models.TextField(_("problem in detail"), blank=True, editable=False)
    problem_since = models.DateTimeField(_("problem since"), null=True, blank=True, editable=False)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("news source")
        verbose_name_plural = _("news sources")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "url"], name="news_source_once_per_campaign"
            )
        ]

    def __str__(self) -> str:
        return self.name


class FollowAccount(models.Model):
    """An account of the source's on a social network, shown as a plain link (never embedded)."""

    class Network(models.TextChoices):
        X = "x", _("X (Twitter)")
        MASTODON = "mastodon", _("Mastodon")
        BLUESKY = "bluesky", _("Bluesky")
        FACEBOOK = "facebook", _("Facebook")
        INSTAGRAM = "instagram", _("Instagram")
        TELEGRAM = "telegram", _("Telegram")
        YOUTUBE = "youtube", _("YouTube")
        WEBSITE = "website", _("Website")
        OTHER = "other", _("Other")

    source = models.ForeignKey(Source, models.CASCADE, related_name="accounts")
    network = models.CharField(_("network"), max_length=20, choices=Network)
    name = models.CharField(_("name"), max_length=200, help_text=_("e.g. @SyriaCivilDefe"))
    url = models.URLField(_("link"), max_length=500, validators=[http_url])
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("account to follow")
        verbose_name_plural = _("accounts to follow")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_network_display()})"


class ItemQuerySet(models.QuerySet["Item"]):
    def public(self) -> "ItemQuerySet":
        return self.filter(hidden=False)


class Item(models.Model):
    source = models.ForeignKey(
        Source, models.CASCADE, related_name="items", verbose_name=_("source")
    )
    # The source's campaign, kept on the item so a link is stored once per campaign.
    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="news_items")
    guid = models.CharField(_("id in the feed"), max_length=1000, blank=True)
    link = models.URLField(_("link to the original"), max_length=2000, blank=True)
    # SHA-256 of the id and of the link: the keys that make a story unique (an index on the
    # texts themselves would be too wide for PostgreSQL).
    guid_key = models.CharField(max_length=64, blank=True, editable=False)
    link_key = models.CharField(max_length=64, blank=True, editable=False)
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("text (sanitised HTML)"), blank=True)
    excerpt = models.CharField(_("excerpt"), max_length=400, blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10)
    published_at = models.DateTimeField(_("published"), db_index=True)
    fetched_at = models.DateTimeField(_("first fetched"), auto_now_add=True)
    hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("Hidden items are not shown on the news page.")
    )

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "guid_key"], condition=~Q(guid_key=""), name="news_item_id_once"
            ),
            models.UniqueConstraint(
                fields=["campaign", "link_key"],
                condition=~Q(link_key=""),
                name="news_item_link_once",
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "-published_at"], name="news_item_newest"),
        ]

    def __str__(self) -> str:
        return self.title[:80]
