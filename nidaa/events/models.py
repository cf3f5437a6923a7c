"""Events that supporters host, the people who RSVP, and the mail owed to either.

An event is public only once its host confirmed their email and a moderator approved it. A host's
change to an approved event waits in `proposed` until a moderator applies it: the public keeps
seeing the approved version meanwhile, and attendees hear of a new time or place only once it is
public. Hosts and attendees have no accounts: each holds a link whose secret is derived from
the row's `key` (see links.py), so mail can repeat the same link and the database alone does
not give it away.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nidaa.campaigns.models import Campaign, language_choices


class Event(models.Model):
    class Kind(models.TextChoices):
        VIGIL = "vigil", _("Vigil")
        DEMONSTRATION = "demonstration", _("Demonstration")
        PAMPHLETING = "pamphleting", _("Pamphleting drive")
        EMBASSY = "embassy", _("Action at an embassy or consulate")
        ONLINE = "online", _("Online")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Host's email not confirmed")
        PENDING = "pending", _("Waiting for moderation")
        APPROVED = "approved", _("Public")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    class AddressVisibility(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        ATTENDEES = "attendees", _("Only confirmed attendees")

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="events")
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    language = models.CharField(_("language of the text"), max_length=10, choices=language_choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    address_visibility = models.CharField(
        _("address shown to"),
        max_length=10,
        choices=AddressVisibility,
        default=AddressVisibility.ATTENDEES,
    )
    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country"), max_length=2)
    # The host's pin, exact; shown only where the address is.
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    # Where the event appears on the map and in "near me": the pin when the address is public,
    # else the centre of the city (never a private pin). Set by actions.place().
    map_latitude = models.FloatField(null=True, blank=True, editable=False)
    map_longitude = models.FloatField(null=True, blank=True, editable=False)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )

    host_name = models.CharField(_("host's name"), max_length=200)
    host_email = models.EmailField(_("host's email"), max_length=254)
    host_email_key = models.CharField(max_length=254, editable=False)
    host_language = models.CharField(_("host's language"), max_length=10, choices=language_choices)
    # The salt of the host's link (links.py); changing it revokes the link.
    key = models.CharField(max_length=32, editable=False)
    ip_hash = models.CharField(_("network address (hashed)"), max_length=64, blank=True)

    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.UNCONFIRMED
    )
    # The host's changes to an approved event, waiting for a moderator (field → new value).
    proposed = models.JSONField(_("changes waiting for moderation"), null=True, blank=True)
    proposed_at = models.DateTimeField(_("changes proposed"), null=True, blank=True)
    moderation_note = models.CharField(_("note to the host"), max_length=300, blank=True)

    created = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["campaign", "status", "ends_at"]),
            models.Index(fields=["status", "map_latitude"]),
            models.Index(
                fields=["proposed_at"],
                condition=Q(proposed_at__isnull=False),
                name="event_changes_waiting",
            ),
        ]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        permissions = [("moderate_event", _("Can approve and reject events and their changes"))]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status in (self.Status.APPROVED, self.Status.CANCELLED) and bool(
            self.approved_at
        )

    @property
    def address_is_public(self) -> bool:
        return self.address_visibility == self.AddressVisibility.EVERYONE

    @property
    def is_online(self) -> bool:
        return self.kind == self.Kind.ONLINE


class RSVP(models.Model):
    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Email not confirmed")
        GOING = "going", _("Going")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, models.CASCADE, related_name="rsvps")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254)
    email_key = models.CharField(max_length=254, editable=False)
    language = models.CharField(_("language"), max_length=10, choices=language_choices)
    share_name = models.BooleanField(_("show my name to the host"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.UNCONFIRMED
    )
    key = models.CharField(max_length=32, editable=False)
    ip_hash = models.CharField(_("network address (hashed)"), max_length=64, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "email_key"], name="one_rsvp_per_email")
        ]
        indexes = [models.Index(fields=["event", "status", "confirmed_at"])]
        ordering = ["created", "id"]
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")

    def __str__(self) -> str:
        return self.name


class Mail(models.Model):
    """The outbox: one message owed to a host or an attendee, sent by the task worker."""

    class Kind(models.TextChoices):
        HOST_CONFIRM = "host_confirm", _("Host: confirm the email")
        HOST_REVIEW = "host_review", _("Host: the moderators' decision")
        RSVP_CONFIRM = "rsvp_confirm", _("Attendee: confirm the email")
        RSVP_STATUS = "rsvp_status", _("Attendee: going or waiting list")
        REMINDER = "reminder", _("Attendee: reminder the day before")
        UPDATE = "update", _("Attendee: new time or place")
        CANCELLED = "cancelled", _("Attendee: event cancelled")
        HOST_MESSAGE = "host_message", _("Attendee: message from the host")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    event = models.ForeignKey(Event, models.CASCADE, related_name="mail")
    # Empty for mail to the host. Deleting an RSVP deletes the mail still owed to it.
    rsvp = models.ForeignKey(RSVP, models.CASCADE, null=True, blank=True, related_name="mail")
    payload = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    # The outbox's columns (nidaa/core/outbox.py): owed from this moment on, and failures.
    mail_due_at = models.DateTimeField(_("due"), null=True, blank=True)
    mail_attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["mail_due_at"],
                condition=Q(mail_due_at__isnull=False),
                name="event_mail_due",
            )
        ]
        ordering = ["created", "id"]
        verbose_name = _("event mail")
        verbose_name_plural = _("event mail")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"
