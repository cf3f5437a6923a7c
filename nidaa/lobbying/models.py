"""Target directories: who supporters can lobby, where they sit, and how to reach them.

A Directory is one list of targets: a legislature imported from a file (US Congress, UK MPs,
MEPs) or a custom list staff keep by hand (UN Security Council missions, embassies). A Target
is one person or office in it, upserted on the source's own id so that re-importing a file
changes rows in place; targets that leave the file are marked inactive, never deleted (later
letters and calls point at them). Areas are keyed by Open Civic Data division ids where they
exist, with other codes (GSS) beside them. LookupEntry rows turn a ZIP code or postcode into
areas.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nidaa.lobbying.areas import name_key

DEFAULT_STALE_AFTER_DAYS = 180


class Directory(models.Model):
    class Kind(models.TextChoices):
        LEGISLATURE = "legislature", _("Legislature (imported)")
        CUSTOM = "custom", _("Custom list (kept by staff)")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("short name"),
        unique=True,
        help_text=_("Used in commands and in the look-up address, e.g. us-congress or meps."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.LEGISLATURE)
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        help_text=_(
            "Two-letter code of the country whose supporters this list serves; empty for "
            "everyone (or, for a legislature, each target's own country)."
        ),
    )
    source = models.TextField(
        _("source"), blank=True, help_text=_("Where the data comes from, and its licence.")
    )
    source_format = models.CharField(_("format"), max_length=40, blank=True)
    source_file = models.CharField(_("file"), max_length=255, blank=True)
    source_sha256 = models.CharField(_("file SHA-256"), max_length=64, blank=True)
    imported_at = models.DateTimeField(
        _("updated"),
        null=True,
        blank=True,
        help_text=_("The last import, or for a custom list the last change staff made to it."),
    )
    imported_count = models.PositiveIntegerField(_("targets in the last import"), default=0)
    stale_after_days = models.PositiveIntegerField(
        _("stale after (days)"),
        default=DEFAULT_STALE_AFTER_DAYS,
        help_text=_("Staff are warned when the data is older than this."),
    )

    class Meta:
        verbose_name = _("target directory")
        verbose_name_plural = _("target directories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def stale_since(self) -> datetime.datetime | None:
        """When the data went stale; None while it is fresh."""
        if self.imported_at is None:
            return None
        since = self.imported_at + datetime.timedelta(days=self.stale_after_days)
        return since if since <= timezone.now() else None

    @property
    def is_stale(self) -> bool:
        # A list never filled in is stale too: staff should notice it.
        return self.imported_at is None or self.stale_since() is not None


class Area(models.Model):
    """A place that targets represent: a state, a congressional district, a constituency."""

    ocd_id = models.CharField(_("OCD division id"), max_length=200, blank=True)
    code = models.CharField(
        _("other code"), max_length=40, blank=True, help_text=_("e.g. a GSS code: E14001063")
    )
    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    country = models.CharField(_("country"), max_length=2)
    kind = models.CharField(_("kind"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["country", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ocd_id"], condition=~Q(ocd_id=""), name="lobbying_area_ocd_id_unique"
            ),
        ]
        indexes = [models.Index(fields=["code"], name="lobbying_area_code")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Target(models.Model):
    directory = models.ForeignKey(
        Directory, on_delete=models.CASCADE, related_name="targets", verbose_name=_("directory")
    )
    source_id = models.CharField(
        _("id in the source"),
        max_length=200,
        help_text=_("Unique within the directory; re-imports update the target with this id."),
    )
    name = models.CharField(_("name"), max_length=200)
    sort_name = models.CharField(_("sort name"), max_length=200, blank=True)
    role = models.CharField(
        _("role or title"), max_length=200, blank=True, help_text=_("e.g. Senator, Ambassador")
    )
    party = models.CharField(_("party"), max_length=200, blank=True)
    group = models.CharField(_("parliamentary group"), max_length=200, blank=True)
    area = models.ForeignKey(
        Area,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("area"),
    )
    country = models.CharField(_("country"), max_length=2, blank=True)
    committees = models.JSONField(_("committees"), default=list, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Off when the target left the imported list.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["sort_name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["directory", "source_id"], name="lobbying_target_source_unique"
            ),
        ]
        indexes = [models.Index(fields=["country", "active"], name="lobbying_target_country")]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


class ContactChannel(models.Model):
    """One way to reach a target, with where the detail came from."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone")
        CONTACT_FORM = "contact_form", _("Contact form")
        POSTAL = "postal", _("Postal address")
        WEBSITE = "website", _("Website")

    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="channels", verbose_name=_("target")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    value = models.CharField(_("value"), max_length=500)
    label = models.CharField(_("label"), max_length=200, blank=True)
    source = models.CharField(
        _("source"),
        max_length=500,
        blank=True,
        help_text=_("Where this detail comes from: a web address or a description."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("contact channel")
        verbose_name_plural = _("contact channels")
        ordering = ["target", "kind", "position", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


class LookupEntry(models.Model):
    """One row of a look-up table: a ZIP code or postcode lying (partly) in an area.

    A key may have several rows: a ZIP code crossing district lines keeps them all.
    """

    class Kind(models.TextChoices):
        ZCTA_CD = "zcta-cd", _("ZIP code area → US congressional district")
        POSTCODE_CONSTITUENCY = "postcode-constituency", _("Postcode → UK constituency")

    kind = models.CharField(max_length=30, choices=Kind)
    key = models.CharField(max_length=20)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("look-up entry")
        verbose_name_plural = _("look-up entries")
        indexes = [models.Index(fields=["kind", "key"], name="lobbying_lookup_key")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"
