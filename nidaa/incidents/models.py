"""The record of attacks on civilians: incidents, who is said to be behind them, what they hit,
the sources and evidence behind each claim, and the humanitarian sites notified to the parties.

The vocabulary follows the conventions researchers already read: ACLED's time and geo precision
codes (1 = exact, 3 = coarse), UCDP's low/high fatality estimates as min–max ranges, and the
Airwars grading of civilian-harm claims. The grade (how strong the claim is) is kept apart from
the workflow status (where the record is in verification): a verified record may be graded weak.
"""

import secrets
from typing import Any, NoReturn

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from nidaa.accounts.models import AppendOnlyError


class Precision(models.IntegerChoices):
    """ACLED's codes: the same three levels serve time and place."""

    EXACT = 1, _("exact")
    NEAR = 2, _("approximate")
    COARSE = 3, _("coarse")


class Means(models.TextChoices):
    AIR_STRIKE = "air_strike", _("air strike")
    BARREL_BOMB = "barrel_bomb", _("helicopter / barrel bomb")
    DRONE = "drone", _("drone")
    ARTILLERY = "artillery", _("artillery")
    ROCKET = "rocket", _("rocket")
    MISSILE = "missile", _("missile")
    CLUSTER = "cluster", _("cluster munition")
    INCENDIARY = "incendiary", _("incendiary weapon")
    CHEMICAL = "chemical", _("chemical weapon")
    GROUND_ATTACK = "ground_attack", _("ground attack")
    UNKNOWN = "unknown", _("unknown")


class Grade(models.TextChoices):
    """Airwars' grading of a civilian-harm claim, strongest first."""

    CONFIRMED = "confirmed", _("confirmed")
    FAIR = "fair", _("fair")
    WEAK = "weak", _("weak")
    CONTESTED = "contested", _("contested")
    DISCOUNTED = "discounted", _("discounted")


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    IN_VERIFICATION = "in_verification", _("in verification")
    VERIFIED = "verified", _("verified")
    PUBLISHED = "published", _("published")
    REJECTED = "rejected", _("rejected")


class LocationMode(models.TextChoices):
    """How much of a sensitive place the public sees."""

    EXACT = "exact", _("exact point")
    ROUNDED = "rounded", _("rounded to about 10 km")
    SUBDISTRICT = "subdistrict", _("sub-district centre")
    HIDDEN = "hidden", _("hidden")


class Actor(models.Model):
    """Someone an attack may be attributed to, e.g. the armed forces of a named state."""

    class Kind(models.TextChoices):
        # ACLED's actor types, the ones that matter for attacks on civilians.
        STATE = "state", _("state forces")
        REBEL = "rebel", _("rebel group")
        MILITIA = "militia", _("militia")
        EXTERNAL = "external", _("external or other forces")
        UNKNOWN = "unknown", _("unidentified")

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind, default=Kind.UNKNOWN)
    country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("ISO 3166 code of a state's forces")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")

    def __str__(self) -> str:
        return self.name

    def display_name(self) -> str:
        return self.name_ar if get_language() == "ar" and self.name_ar else self.name


SET_BY_SOMEONE = models.Q(created_by__isnull=False)
VERIFIED_HERE = models.Q(verified_by__isnull=False)
MADE_BY_FORM = models.Q(client_token__isnull=False)


class IncidentQuerySet(models.QuerySet["Incident"]):
    def published(self) -> "IncidentQuerySet":
        return self.filter(status=Status.PUBLISHED)


class Incident(models.Model):
    code = models.CharField(
        _("public code"),
        max_length=40,
        unique=True,
        help_text=_("The record's stable identifier; an import keys on the source's event id."),
    )
    # {"en": {"title": …, "narrative": …}, "ar": {…}}: one entry per language written.
    texts = models.JSONField(_("title and narrative per language"), default=dict, blank=True)

    # Indexed with the status and with the governorate (Meta.indexes), as it is queried.
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    time_precision = models.PositiveSmallIntegerField(
        _("time precision"), choices=Precision, default=Precision.EXACT
    )

    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    geo_precision = models.PositiveSmallIntegerField(
        _("geo precision"), choices=Precision, default=Precision.EXACT
    )
    location_mode = models.CharField(
        _("public location"), max_length=20, choices=LocationMode, default=LocationMode.EXACT
    )
    place_en = models.CharField(_("place"), max_length=200, blank=True)
    place_ar = models.CharField(_("place in Arabic"), max_length=200, blank=True)
    # Filled from the imported boundaries on save and on import (nidaa.boundaries).
    admin1_pcode = models.CharField(_("governorate P-code"), max_length=20, blank=True)
    admin1_en = models.CharField(_("governorate"), max_length=100, blank=True)
    admin1_ar = models.CharField(_("governorate in Arabic"), max_length=100, blank=True)
    admin2_pcode = models.CharField(_("district P-code"), max_length=20, blank=True)
    admin2_en = models.CharField(_("district"), max_length=100, blank=True)
    admin2_ar = models.CharField(_("district in Arabic"), max_length=100, blank=True)
    admin3_pcode = models.CharField(_("sub-district P-code"), max_length=20, blank=True)
    admin3_en = models.CharField(_("sub-district"), max_length=100, blank=True)
    admin3_ar = models.CharField(_("sub-district in Arabic"), max_length=100, blank=True)

    strikes = models.PositiveIntegerField(_("number of strikes"), default=1)
    locations = models.PositiveIntegerField(_("number of locations hit"), default=1)
    means = models.CharField(_("means"), max_length=20, choices=Means, default=Means.UNKNOWN)
    killed_min = models.PositiveIntegerField(_("civilians killed (at least)"), default=0)
    killed_max = models.PositiveIntegerField(_("civilians killed (at most)"), default=0)
    injured_min = models.PositiveIntegerField(_("civilians injured (at least)"), default=0)
    injured_max = models.PositiveIntegerField(_("civilians injured (at most)"), default=0)
    grade = models.CharField(_("civilian-harm grade"), max_length=20, choices=Grade, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    # Set when the record lies near a protected site hit after the site was notified.
    near_protected_site = models.BooleanField(_("near a protected site"), default=False)

    # Indexed only where set (Meta.indexes): imported records have neither.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("documented by"),
        db_index=False,
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
        db_index=False,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # The one-off token of the form that created the record: the same form sent again (a retry
    # after a dropped connection) finds this record instead of making a second one.
    # Unique where set (Meta.constraints).
    client_token = models.UUIDField(null=True, blank=True, editable=False)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [
            # The public API's query: published incidents in a date range.
            models.Index(fields=["status", "started_on"], name="incident_status_start"),
            models.Index(fields=["admin1_pcode", "started_on"], name="incident_admin1_start"),
            # Partial: an import of 100,000 records (which have no author, verifier or form
            # token) then writes no entries into these indexes at all.
            models.Index(
                fields=["created_by"], condition=SET_BY_SOMEONE, name="incident_created_by"
            ),
            models.Index(
                fields=["verified_by"], condition=VERIFIED_HERE, name="incident_verified_by"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["client_token"], condition=MADE_BY_FORM, name="incident_client_token_once"
            )
        ]
        permissions = [
            ("verify_incident", _("Can verify and publish incidents")),
            ("view_draft_incident", _("Can read every incident, drafts included")),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.title()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.code:
            self.code = new_code(self.started_on)
        self.fill_admin_areas()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("The end date is before the start date.")
        if self.killed_max < self.killed_min:
            errors["killed_max"] = _("The highest figure is below the lowest.")
        if self.injured_max < self.injured_min:
            errors["injured_max"] = _("The highest figure is below the lowest.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both latitude and longitude, or neither.")
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            errors["latitude"] = _("A latitude lies between -90 and 90.")
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            errors["longitude"] = _("A longitude lies between -180 and 180.")
        if errors:
            raise ValidationError(errors)

    def fill_admin_areas(self) -> None:
        """Governorate, district and sub-district (names and P-codes) from the point.

        Imports do the same in bulk (nidaa.boundaries.lookup.locate_many); a point outside
        every imported boundary, or no point, keeps what was typed or imported.
        """
        from nidaa.boundaries.lookup import locate

        if self.latitude is None or self.longitude is None:
            return
        place = locate(self.latitude, self.longitude)
        if place is None:
            return
        for level in ("admin1", "admin2", "admin3"):
            for suffix in ("pcode", "en", "ar"):
                name = f"{level}_{suffix}"
                setattr(self, name, getattr(place, name))

    def text(self, field: str, language: str | None = None) -> str:
        """The title or narrative in `language` (default: the active one), else any written."""
        language = language or get_language() or settings.LANGUAGE_CODE
        texts = self.texts or {}
        for code in (language, settings.LANGUAGE_CODE, *texts):
            value = (texts.get(code) or {}).get(field)
            if value:
                return str(value)
        return ""

    def title(self, language: str | None = None) -> str:
        return self.text("title", language)

    def narrative(self, language: str | None = None) -> str:
        return self.text("narrative", language)

    def place(self) -> str:
        return self.place_ar if get_language() == "ar" and self.place_ar else self.place_en

    def admin1_name(self) -> str:
        return self.admin1_ar if get_language() == "ar" and self.admin1_ar else self.admin1_en

    def admin3_name(self) -> str:
        return self.admin3_ar if get_language() == "ar" and self.admin3_ar else self.admin3_en


def new_code(started_on: Any) -> str:
    """A code for a record made here: the date it began and a random part (not guessable)."""
    day = started_on.strftime("%Y%m%d") if started_on else timezone.now().strftime("%Y%m%d")
    return f"NID-{day}-{secrets.token_hex(3).upper()}"


class Attribution(models.Model):
    class Basis(models.TextChoices):
        DECLARED = "declared", _("declared by the actor")
        OFFICIAL = "official", _("official statement")
        WITNESS = "witness", _("witness")
        FLIGHT = "flight", _("flight observation")
        REMNANTS = "remnants", _("munition remnants")
        MEDIA = "media", _("media report")

    class Certainty(models.TextChoices):
        DECLARED = "declared", _("declared")
        LIKELY = "likely", _("likely")
        CONTESTED = "contested", _("contested")
        SINGLE_SOURCE = "single_source", _("single source")

    # No index of its own: the unique (incident, actor) index below leads with the incident,
    # and so serves every look-up by incident; a second one would only slow imports.
    incident = models.ForeignKey(
        Incident, models.CASCADE, related_name="attributions", db_index=False
    )
    actor = models.ForeignKey(
        Actor, models.PROTECT, related_name="attributions", verbose_name=_("actor")
    )
    basis = models.CharField(_("basis"), max_length=20, choices=Basis, default=Basis.MEDIA)
    status = models.CharField(
        _("status"), max_length=20, choices=Certainty, default=Certainty.SINGLE_SOURCE
    )

    class Meta:
        verbose_name = _("attribution")
        verbose_name_plural = _("attributions")
        constraints = [
            models.UniqueConstraint(fields=["incident", "actor"], name="one_attribution_per_actor")
        ]

    def __str__(self) -> str:
        return f"{self.actor} ({self.get_status_display()})"


class CivilianObject(models.Model):
    """A civilian object an incident hit."""

    class Kind(models.TextChoices):
        HOSPITAL = "hospital", _("hospital")
        CLINIC = "clinic", _("clinic")
        SCHOOL = "school", _("school")
        CAMP = "camp", _("camp for displaced people")
        MARKET = "market", _("market")
        BAKERY = "bakery", _("bakery")
        MOSQUE = "mosque", _("mosque")
        WATER = "water", _("water station")
        CIVIL_DEFENCE = "civil_defence", _("civil-defence centre")
        RESIDENTIAL = "residential", _("residential building")

    class Damage(models.TextChoices):
        NONE = "none", _("no visible damage")
        MINOR = "minor", _("minor")
        MODERATE = "moderate", _("moderate")
        SEVERE = "severe", _("severe")
        DESTROYED = "destroyed", _("destroyed")

    incident = models.ForeignKey(Incident, models.CASCADE, related_name="objects_hit")
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    name = models.CharField(_("name"), max_length=200, blank=True)
    damage = models.CharField(_("damage"), max_length=20, choices=Damage, default=Damage.MODERATE)
    out_of_service = models.BooleanField(_("out of service"), default=False)

    class Meta:
        verbose_name = _("civilian object hit")
        verbose_name_plural = _("civilian objects hit")

    def __str__(self) -> str:
        return self.name or self.get_kind_display()


class ProtectedSite(models.Model):
    """A humanitarian site whose coordinates were notified to the parties (deconfliction).

    Staff only: the list itself could guide an attack.
    """

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=CivilianObject.Kind)
    operator = models.CharField(_("operator"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    notified_on = models.DateField(_("date notified"))
    list_version = models.CharField(_("list version"), max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("protected site")
        verbose_name_plural = _("protected sites")

    def __str__(self) -> str:
        return self.name


class ProtectedSiteHit(models.Model):
    """An incident within the deconfliction distance of a site, after the site was notified."""

    incident = models.ForeignKey(Incident, models.CASCADE, related_name="protected_hits")
    site = models.ForeignKey(ProtectedSite, models.CASCADE, related_name="hits")
    distance_m = models.PositiveIntegerField(_("distance (metres)"))

    class Meta:
        verbose_name = _("protected site hit")
        verbose_name_plural = _("protected site hits")
        constraints = [
            models.UniqueConstraint(fields=["incident", "site"], name="one_hit_per_site")
        ]

    def __str__(self) -> str:
        return f"{self.site} ← {self.incident.code}"


class Source(models.Model):
    class Kind(models.TextChoices):
        WITNESS = "witness", _("witness testimony")
        FIELD_TEAM = "field_team", _("field team")
        MEDIA = "media", _("media report")
        SOCIAL = "social", _("social media post")
        NGO = "ngo", _("NGO report")
        OFFICIAL = "official", _("official statement")
        OTHER = "other", _("other")

    class Reliability(models.TextChoices):
        # The Admiralty scale's source letters, as intelligence and OSINT teams use them.
        A = "A", _("A: completely reliable")
        B = "B", _("B: usually reliable")
        C = "C", _("C: fairly reliable")
        D = "D", _("D: not usually reliable")
        E = "E", _("E: unreliable")
        F = "F", _("F: cannot be judged")

    incident = models.ForeignKey(Incident, models.CASCADE, related_name="sources")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.MEDIA)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    url = models.URLField(_("address"), max_length=1000, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    published_on = models.DateField(_("date"), null=True, blank=True)
    reliability = models.CharField(
        _("reliability"), max_length=1, choices=Reliability, default=Reliability.F
    )

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.publisher or self.url or self.get_kind_display()


class Evidence(models.Model):
    """A file kept exactly as it arrived (staff only), or a link; images get a clean public copy.

    The original lives in private storage (settings.NIDAA_EVIDENCE_ROOT), never under MEDIA_ROOT.
    """

    incident = models.ForeignKey(Incident, models.CASCADE, related_name="evidence")
    description = models.CharField(_("description"), max_length=500, blank=True)
    url = models.URLField(_("address"), max_length=1000, blank=True)
    # Relative to NIDAA_EVIDENCE_ROOT; named by hash, so an upload never overwrites another.
    file_path = models.CharField(max_length=300, blank=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=255, blank=True, editable=False)
    content_type = models.CharField(_("file type"), max_length=100, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    # The metadata-free copy the public may see once the incident is published (images only).
    public_copy = models.CharField(max_length=300, blank=True, editable=False)
    public = models.BooleanField(
        _("show the clean copy publicly"),
        default=False,
        help_text=_("Only for images, and only once the incident is published."),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("evidence item")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name or self.url or self.description or f"#{self.pk}"


class CustodyQuerySet(models.QuerySet["CustodyEntry"]):
    # Bulk paths skip Model.save()/delete(), so they are closed here too; the database triggers
    # (nidaa/incidents/custody.py, migration 0003) also stop raw SQL.
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("custody entries cannot be changed")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("custody entries cannot be deleted")


class CustodyEntry(models.Model):
    """One event in the life of an evidence item (Berkeley Protocol chain of custody).

    Append-only and hash-chained: each entry's hash covers its own fields and the previous
    entry's hash, so changing or removing any entry breaks every hash after it
    (`manage.py verify_custody` names the first broken one).
    """

    class Action(models.TextChoices):
        RECEIVED = "received", _("received")
        VIEWED = "viewed", _("viewed")
        DOWNLOADED = "downloaded", _("downloaded")
        EXPORTED = "exported", _("exported")
        TRANSFERRED = "transferred", _("transferred")
        PUBLIC_COPY = "public_copy", _("public copy made")

    evidence = models.ForeignKey(
        Evidence, models.DO_NOTHING, db_constraint=False, related_name="custody"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    actor_username = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(default=timezone.now)
    sha256 = models.CharField(
        _("file hash at the time"), max_length=64, blank=True, help_text=_("SHA-256")
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    # Entries are appended only through nidaa.incidents.custody.append(), which chains them.
    objects = CustodyQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("custody entry")
        verbose_name_plural = _("custody log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} #{self.evidence_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("custody entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("custody entries cannot be deleted")
