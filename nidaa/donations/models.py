"""Relief appeals the campaign has vetted, and how often supporters went to them.

No money passes through Nidaa: an appeal is a link to the organisation's own donation page,
with what staff checked about it. An appeal that nobody has re-checked for
NIDAA_APPEAL_RECHECK_DAYS is hidden from the public (an organisation can close, or an appeal
change hands) and flagged to staff until someone checks it again.
"""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from nidaa.campaigns.models import Campaign, language_choices

https_url = URLValidator(schemes=["https"])
CURRENCY = re.compile(r"^[A-Z]{3}$")


def validate_currencies(value: str) -> None:
    for code in currency_list(value):
        if not CURRENCY.match(code):
            raise ValidationError(
                _("“%(code)s” is not a currency code; write three capital letters, e.g. USD."),
                params={"code": code},
            )


def currency_list(value: str) -> list[str]:
    return [code for code in re.split(r"[\s,]+", value.strip()) if code]


def recheck_due_before(today: datetime.date | None = None) -> datetime.date:
    """Appeals last checked before this day are stale."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=settings.NIDAA_APPEAL_RECHECK_DAYS)


class AppealQuerySet(models.QuerySet["Appeal"]):
    def visible(self) -> "AppealQuerySet":
        """What the public sees: shown by staff and checked recently enough."""
        return self.filter(shown=True, last_checked__gte=recheck_due_before())

    def stale(self) -> "AppealQuerySet":
        return self.filter(shown=True, last_checked__lt=recheck_due_before())


class Appeal(models.Model):
    campaign = models.ForeignKey(
        Campaign, models.CASCADE, related_name="appeals", verbose_name=_("campaign")
    )
    url = models.URLField(
        _("link"),
        max_length=1000,
        validators=[https_url],
        help_text=_(
            "The appeal's own donation page (https). Supporters are sent here and nowhere else."
        ),
    )
    currencies = models.CharField(
        _("currencies"),
        max_length=100,
        blank=True,
        validators=[validate_currencies],
        help_text=_("The currencies it accepts, as codes, e.g. USD EUR GBP TRY."),
    )
    vetted_by = models.CharField(
        _("vetted by"),
        max_length=200,
        help_text=_("Who checked the organisation and the appeal, as the public will read it."),
    )
    last_checked = models.DateField(
        _("last checked"),
        default=timezone.localdate,
        help_text=_("When someone last checked that the appeal is genuine and still open."),
    )
    shown = models.BooleanField(_("shown"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    clicks = models.PositiveBigIntegerField(_("visits sent"), default=0, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")

    def __str__(self) -> str:
        # A deleted appeal (named once more by the audit log) has no pk, so no texts to read.
        text = self.text(get_language() or "en") if self.pk is not None else None
        return f"{text.organisation}: {text.title}" if text else self.url

    @property
    def is_stale(self) -> bool:
        return self.last_checked < recheck_due_before()

    def currency_list(self) -> list[str]:
        return currency_list(self.currencies)

    def text(self, language: str) -> "AppealText | None":
        """The text in `language`, else in the campaign's default language, else any."""
        texts = {t.language: t for t in self.texts.all()}
        return (
            texts.get(language)
            or texts.get(self.campaign.default_language)
            or next(iter(texts.values()), None)
        )


class AppealText(models.Model):
    appeal = models.ForeignKey(Appeal, models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=10, choices=language_choices)
    organisation = models.CharField(_("organisation"), max_length=200)
    title = models.CharField(_("appeal"), max_length=200)
    funds = models.TextField(_("what it funds"), max_length=1000)
    place = models.CharField(_("where"), max_length=200)

    class Meta:
        ordering = ["language"]
        verbose_name = _("appeal text")
        verbose_name_plural = _("appeal texts")
        constraints = [
            models.UniqueConstraint(
                fields=["appeal", "language"], name="one_appeal_text_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"
