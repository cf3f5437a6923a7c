"""A campaign, and its content in each of the site's languages."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

HASHTAG_RE = re.compile(r"^\w{1,60}$")


def validate_hashtags(value: str) -> None:
    for tag in value.split():
        if not HASHTAG_RE.match(tag.lstrip("#")):
            raise ValidationError(_("“%(tag)s” is not a hashtag."), params={"tag": tag})


def language_choices() -> list[tuple[str, str]]:
    return list(settings.LANGUAGES)


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        LIVE = "live", _("Live")
        ARCHIVED = "archived", _("Archived")

    slug = models.SlugField(_("address"), unique=True, help_text=_("Used in the page address."))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    goal = models.PositiveIntegerField(_("signature goal"), default=10000)
    hashtags = models.CharField(
        _("hashtags"),
        max_length=300,
        blank=True,
        validators=[validate_hashtags],
        help_text=_("Separated by spaces, e.g. #SaveIdlib #IdlibUnderFire"),
    )
    artwork = models.ImageField(_("artwork"), upload_to="campaigns/artwork/", blank=True)
    artwork_credit = models.CharField(_("artwork credit"), max_length=200, blank=True)
    default_language = models.CharField(
        _("default language"), max_length=10, choices=language_choices, default="en"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.slug

    def hashtag_list(self) -> list[str]:
        return ["#" + tag.lstrip("#") for tag in self.hashtags.split()]

    def content(self, language: str | None = None) -> "CampaignTranslation | None":
        """The content in `language` (default: the active one), else in the default language."""
        wanted = language or get_language() or self.default_language
        by_language = {t.language: t for t in self.translations.all()}
        return by_language.get(wanted) or by_language.get(self.default_language)


class CampaignTranslation(models.Model):
    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=10, choices=language_choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("situation summary"), help_text=_("One paragraph."))
    statement = models.TextField(_("statement"), help_text=_("Markdown."))
    call_to_action = models.CharField(_("call to action"), max_length=300)
    artwork_alt = models.CharField(
        _("artwork description"),
        max_length=300,
        blank=True,
        help_text=_("What the artwork shows, for people who cannot see it."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "language"], name="one_text_per_language")
        ]
        ordering = ["language"]
        verbose_name = _("campaign text")
        verbose_name_plural = _("campaign texts")

    def __str__(self) -> str:
        return f"{self.campaign.slug} ({self.language})"


class Demand(models.Model):
    translation = models.ForeignKey(CampaignTranslation, models.CASCADE, related_name="demands")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.TextField(_("demand"))

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("demand")
        verbose_name_plural = _("demands")

    def __str__(self) -> str:
        return self.text[:60]


class SuggestedPost(models.Model):
    """A post the share kit suggests, in one language; the campaign's hashtags are added to it
    when it lacks them."""

    translation = models.ForeignKey(
        CampaignTranslation, models.CASCADE, related_name="suggested_posts"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.TextField(
        _("post"),
        max_length=500,
        help_text=_("A few words people can share as they are; the link and hashtags are added."),
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("suggested post")
        verbose_name_plural = _("suggested posts")

    def __str__(self) -> str:
        return self.text[:60]


class UpdateQuerySet(models.QuerySet["Update"]):
    def published(self) -> "UpdateQuerySet":
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now())


class Update(models.Model):
    """A short post by staff about the campaign, in one language: on the news page, on the
    updates page and in its Atom feed."""

    campaign = models.ForeignKey(
        Campaign, models.CASCADE, related_name="updates", verbose_name=_("campaign")
    )
    language = models.CharField(_("language"), max_length=10, choices=language_choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("A few sentences. Markdown."))
    published_at = models.DateTimeField(
        _("published"),
        null=True,
        blank=True,
        default=timezone.now,
        help_text=_("Empty: a draft nobody else sees. A future date publishes it then."),
    )
    updated = models.DateTimeField(auto_now=True)

    objects = UpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("campaign update")
        verbose_name_plural = _("campaign updates")
        indexes = [
            models.Index(fields=["campaign", "language", "-published_at"], name="update_newest")
        ]

    def __str__(self) -> str:
        return self.title
