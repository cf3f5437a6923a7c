"""Administrative areas (governorate, district, sub-district) with their polygons.

Loaded from GeoJSON by `manage.py import_boundaries`; used to fill an incident's admin areas
from its point and to draw the map's base layer without a tile server.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class AdminArea(models.Model):
    class Level(models.IntegerChoices):
        GOVERNORATE = 1, _("governorate")
        DISTRICT = 2, _("district")
        SUBDISTRICT = 3, _("sub-district")

    pcode = models.CharField(_("P-code"), max_length=20, unique=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level)
    name_en = models.CharField(_("name"), max_length=100)
    name_ar = models.CharField(_("name in Arabic"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="children"
    )
    # GeoJSON geometry (Polygon or MultiPolygon, WGS84) of a sub-district; empty for the levels
    # above, which are the union of their sub-districts.
    geometry = models.JSONField(null=True, blank=True)
    # The bounding box, so that a point look-up tests few polygons.
    min_lon = models.FloatField(null=True)
    min_lat = models.FloatField(null=True)
    max_lon = models.FloatField(null=True)
    max_lat = models.FloatField(null=True)
    source = models.CharField(_("source file"), max_length=255, blank=True)
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)

    class Meta:
        ordering = ["level", "pcode"]
        # The version check (version.py) of every look-up reads only this index and the
        # primary key, never the rows with their polygons.
        indexes = [models.Index(fields=["imported_at"], name="adminarea_imported_at")]
        verbose_name = _("administrative area")
        verbose_name_plural = _("administrative areas")

    def __str__(self) -> str:
        return f"{self.name_en} ({self.pcode})"

    def display_name(self) -> str:
        return self.name_ar if get_language() == "ar" and self.name_ar else self.name_en


class BaseLayer(models.Model):
    """The map's base layer as served: simplified GeoJSON, made once per state of the areas.

    `version` is the fingerprint of the areas it was made from (version.py); a layer whose
    version is not the current one is stale and is made again on the next request.
    """

    level = models.PositiveSmallIntegerField(_("level"), choices=AdminArea.Level, unique=True)
    version = models.CharField(_("version"), max_length=100)
    body = models.BinaryField(_("GeoJSON"))
    gzipped = models.BinaryField(_("GeoJSON, gzipped"))
    etag = models.CharField(_("ETag"), max_length=80)
    made_at = models.DateTimeField(_("made"), default=timezone.now)

    class Meta:
        verbose_name = _("map base layer")
        verbose_name_plural = _("map base layers")

    def __str__(self) -> str:
        return f"{self.get_level_display()} ({self.version})"


class StoredIndex(models.Model):
    """The point look-up's index (index.py), made at import and stored, so that a new process
    loads it in hundredths of a second instead of building it in tenths.

    `version` is the fingerprint of the areas it was made from (version.py); one of another
    version is not used.
    """

    version = models.CharField(_("version"), max_length=100, unique=True)
    body = models.BinaryField(_("index"))
    made_at = models.DateTimeField(_("made"), default=timezone.now)

    class Meta:
        verbose_name = _("stored look-up index")
        verbose_name_plural = _("stored look-up indexes")

    def __str__(self) -> str:
        return self.version
