"""Target directories: who supporters can lobby, where they sit, and how to reach them.

A Directory is one list of targets: a legislature imported from a file (US Congress, UK MPs,
MEPs) or a custom list staff keep by hand (UN Security Council missions, embassies). A Target
is one person or office in it, upserted on the source's own id so that re-importing a file
changes rows in place; targets that leave the file are marked inactive, never deleted (later
letters and calls point at them). Areas are keyed by Open Civic Data division ids where they
exist, with other codes (GSS) beside them. LookupEntry rows turn a ZIP code or postcode into
areas.

The supporter's journey: a LetterTemplate is the campaign's letter and call script for a target
group; a Letter is what one supporter wrote to one target (and its own mail outbox); a Call is
a call a supporter logged. LobbyingReport is the staff page that counts them.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nidaa.campaigns.models import Campaign, language_choices
from nidaa.lobbying.areas import name_key
from nidaa.lobbying.records import ImportProblem, channel_value

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

    MALFORMED: dict[str, Any] = {
        Kind.EMAIL: _("Enter a valid email address."),
        Kind.PHONE: _("Enter a phone number: digits, spaces and + ( ) - . only."),
        Kind.CONTACT_FORM: _("Enter a web address that starts with https:// or http://."),
        Kind.WEBSITE: _("Enter a web address that starts with https:// or http://."),
    }

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

    def clean(self) -> None:
        # Staff input is checked as an import's is: the supporter's pages link to it, and a
        # javascript: address in a contact form's place would run there.
        try:
            self.value = channel_value(self.kind, self.value, "", "value")
        except ImportProblem:
            raise ValidationError({"value": self.MALFORMED.get(self.kind, _("Enter a valid value."))}) from None  # fmt: skip

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


# --- the supporter's journey: the campaign's letters, and what supporters did with them -----


class LetterTemplate(models.Model):
    """The campaign's letter (and call script) for one target group, in one language.

    Supporters start from it and edit it. Placeholders in braces are filled per target and
    supporter (see PLACEHOLDERS in letters.py). A template without a directory serves every
    group that has no letter of its own.
    """

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="letter_templates",
        verbose_name=_("campaign"),
    )
    directory = models.ForeignKey(
        Directory,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="letter_templates",
        verbose_name=_("target group"),
        help_text=_("Empty: the letter for every group that has none of its own."),
    )
    language = models.CharField(_("language"), max_length=10, choices=language_choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("letter"),
        help_text=_(
            "Placeholders: {target_name}, {target_title}, {supporter_name}, {supporter_town}."
        ),
    )
    call_script = models.TextField(
        _("call script"),
        blank=True,
        help_text=_("What a supporter says on the phone; the same placeholders."),
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        ordering = ["campaign", "directory__name", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "directory", "language"], name="lobbying_template_unique"
            ),
            # NULLs are distinct in a unique index: the default letter needs its own.
            models.UniqueConstraint(
                fields=["campaign", "language"],
                condition=Q(directory__isnull=True),
                name="lobbying_template_default_unique",
            ),
        ]

    def __str__(self) -> str:
        group = self.directory.name if self.directory else _("every group")
        return f"{self.campaign.slug}: {group} ({self.language})"

    def clean(self) -> None:
        from nidaa.lobbying.letters import check_placeholders

        check_placeholders(
            {"subject": self.subject, "body": self.body, "call_script": self.call_script}
        )


class Letter(models.Model):
    """One letter a supporter wrote to one target.

    By email: written, then confirmed by its writer from a link in their mail, then sent by the
    worker from the platform's address with the writer in Reply-To, and two weeks later its
    writer is asked whether the target replied. The row is its own outbox: `mail_due_at` says
    mail is owed, and the state says which (see tasks.py). Through a contact form (a target
    without email): the writer copies the text; only the fact is kept, no personal data.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        CONTACT_FORM = "contact_form", _("Contact form or post")

    class State(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for its writer to confirm")
        QUEUED = "queued", _("Confirmed, waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Could not be sent")
        HANDED_OVER = "handed_over", _("Given to its writer to send")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="letters", verbose_name=_("campaign")
    )
    target = models.ForeignKey(
        Target,
        on_delete=models.SET_NULL,
        null=True,
        related_name="letters",
        verbose_name=_("target"),
    )
    # Copies: the counts stay right when a custom list's target is deleted.
    target_name = models.CharField(_("target's name"), max_length=200)
    target_country = models.CharField(_("target's country"), max_length=2, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel)
    state = models.CharField(_("state"), max_length=20, choices=State)
    language = models.CharField(_("writer's language"), max_length=10)
    letter_language = models.CharField(_("letter's language"), max_length=10)
    name = models.CharField(_("writer's name"), max_length=200, blank=True)
    email = models.EmailField(_("writer's email"), max_length=254, blank=True)
    town = models.CharField(_("writer's town"), max_length=100, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("letter"), blank=True)
    unedited = models.BooleanField(
        _("unedited copy"), default=False, help_text=_("The campaign's letter, word for word.")
    )
    created = models.DateTimeField(_("written"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    token_hash = models.CharField(max_length=64, blank=True, editable=False)
    token_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    mail_due_at = models.DateTimeField(_("mail due"), null=True, blank=True)
    mail_attempts = models.PositiveSmallIntegerField(_("failed mail attempts"), default=0)
    reply_asked_at = models.DateTimeField(_("asked about a reply"), null=True, blank=True)
    replied = models.BooleanField(_("target replied"), null=True, blank=True)
    replied_at = models.DateTimeField(_("reply reported"), null=True, blank=True)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["campaign", "state"], name="lobbying_letter_state"),
            models.Index(fields=["target", "sent_at"], name="lobbying_letter_sent"),
            models.Index(
                fields=["mail_due_at"],
                condition=Q(mail_due_at__isnull=False),
                name="lobbying_letter_mail_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_name} · {self.created:%Y-%m-%d}"


class Call(models.Model):
    """A call a supporter made (or skipped), as they reported it; no personal data."""

    class Outcome(models.TextChoices):
        TALKED = "talked", _("I talked to someone")
        VOICEMAIL = "voicemail", _("I left a voicemail")
        NO_ANSWER = "no_answer", _("I could not get through")
        SKIPPED = "skipped", _("I skipped this call")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="calls", verbose_name=_("campaign")
    )
    target = models.ForeignKey(
        Target, on_delete=models.SET_NULL, null=True, related_name="calls", verbose_name=_("target")
    )
    target_name = models.CharField(_("target's name"), max_length=200)
    target_country = models.CharField(_("target's country"), max_length=2, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome)
    language = models.CharField(_("caller's language"), max_length=10)
    created = models.DateTimeField(_("logged"), default=timezone.now)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["campaign", "outcome"], name="lobbying_call_outcome")]

    def __str__(self) -> str:
        return f"{self.target_name} · {self.get_outcome_display()}"


class LobbyingReport(Letter):
    """Letters, calls and replies counted per target and per country: a staff page (admin.py)
    with a permission of its own, so that staff may see the counts without the letters."""

    class Meta:
        proxy = True
        default_permissions = ("view",)
        verbose_name = _("lobbying report")
        verbose_name_plural = _("lobbying report")
