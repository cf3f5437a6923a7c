"""Signatures of a campaign's statement, and the counts shown to the public.

A signature counts when it is verified (its signer followed the link in the email) and not
voided; an organisation's also needs a moderator's approval. The counts the public sees are
kept in SignatureCount by a background job, never updated in the signing request.

A signature is also its own outbox: signing (or asking for the link again) sets `mail_due_at`,
and the task worker sends every due mail in batches (tasks.py). Signing thus writes one row,
and no task row, in the request.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nidaa.campaigns.models import Campaign, language_choices


class Signature(models.Model):
    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        ORGANISATION = "organisation", _("Organisation")

    class OrganisationType(models.TextChoices):
        NGO = "ngo", _("NGO")
        UNION = "union", _("Union")
        FAITH = "faith", _("Faith group")
        COLLECTIVE = "collective", _("Collective")
        OTHER = "other", _("Other")

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="signatures")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.INDIVIDUAL)
    name = models.CharField(_("name"), max_length=200, help_text=_("For an organisation, the contact person."))  # fmt: skip
    email = models.EmailField(_("email"), max_length=254)
    # The address normalised (Unicode NFKC, trimmed, case-folded): one signature per address.
    email_key = models.CharField(max_length=254, editable=False)
    country = models.CharField(_("country"), max_length=2)
    city = models.CharField(_("city"), max_length=100, blank=True)
    show_publicly = models.BooleanField(_("show my name on the public list"), default=False)
    keep_informed = models.BooleanField(_("keep me informed about this campaign"), default=False)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    organisation_type = models.CharField(
        _("type of organisation"), max_length=12, choices=OrganisationType, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    language = models.CharField(_("language"), max_length=10, choices=language_choices)

    created = models.DateTimeField(_("signed"), auto_now_add=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)
    void_reason = models.CharField(_("reason for voiding"), max_length=200, blank=True)
    flagged = models.BooleanField(_("flagged for review"), default=False)
    flag_reason = models.CharField(_("why flagged"), max_length=200, blank=True)
    # A keyed hash of the network address (the key rotates daily), for moderating floods.
    ip_hash = models.CharField(_("network address (hashed)"), max_length=64, blank=True)
    # SHA-256 of the single-use link's secret; empty once used.
    token_hash = models.CharField(max_length=64, blank=True, editable=False)
    token_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A separate secret lets the signer withdraw later; kept after verification.
    withdraw_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Mail owed to the signer (verify, or "you already signed"), to be sent from this moment
    # on; empty when none is. Failed attempts push it later (core/outbox.py).
    mail_due_at = models.DateTimeField(_("mail due"), null=True, blank=True)
    mail_attempts = models.PositiveSmallIntegerField(_("failed mail attempts"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "email_key"], name="one_signature_per_email"
            )
        ]
        indexes = [
            models.Index(fields=["campaign", "verified_at"]),
            models.Index(fields=["campaign", "-created"]),
            models.Index(fields=["ip_hash"]),
            # Only signatures waiting for mail: the worker's look-up stays small however many
            # signatures there are.
            models.Index(
                fields=["mail_due_at"],
                condition=Q(mail_due_at__isnull=False),
                name="signature_mail_due",
            ),
        ]
        ordering = ["-created"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        permissions = [
            ("moderate_signature", _("Can void, restore and approve signatures")),
            ("export_signature", _("Can export signatures and print the delivery document")),
        ]

    def __str__(self) -> str:
        return self.organisation_name or self.name

    @property
    def is_organisation(self) -> bool:
        return self.kind == self.Kind.ORGANISATION

    @property
    def counts(self) -> bool:
        return bool(
            self.verified_at
            and not self.voided_at
            and (not self.is_organisation or self.approved_at)
        )


# What makes a signature count, as a query; `counts` above says the same for one object.
COUNTED = Q(verified_at__isnull=False, voided_at__isnull=True) & (
    Q(kind=Signature.Kind.INDIVIDUAL) | Q(approved_at__isnull=False)
)


class SignatureCount(models.Model):
    """The public counts of one campaign, written only by the aggregation job."""

    campaign = models.OneToOneField(Campaign, models.CASCADE, related_name="signature_count")
    signatures = models.PositiveIntegerField(default=0)
    organisations = models.PositiveIntegerField(default=0)
    by_country = models.JSONField(default=dict)
    # Signatures verified up to this moment are included (the incremental job's watermark).
    counted_until = models.DateTimeField(null=True)
    recounted_at = models.DateTimeField(null=True)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.campaign.slug}: {self.signatures}"
