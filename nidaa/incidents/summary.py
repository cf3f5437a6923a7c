"""A day's record in figures, from the published incidents that started that day.

The same figures feed `/api/v1/incidents/summary` and the daily summary pages: incidents,
locations and strikes; strikes per attributed actor; civilians killed and injured as ranges;
civilian objects hit by kind; and how many notified protected sites were hit (a count only:
the sites themselves are never public).
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import get_language

from nidaa.incidents.models import (
    Attribution,
    CivilianObject,
    Incident,
    IncidentQuerySet,
    ProtectedSiteHit,
)


@dataclass(frozen=True)
class Range:
    min: int
    max: int


@dataclass(frozen=True)
class ActorStrikes:
    name: str
    name_ar: str
    strikes: int

    def display_name(self) -> str:
        """The name in the page's language (as Actor.display_name)."""
        return self.name_ar if get_language() == "ar" and self.name_ar else self.name


@dataclass(frozen=True)
class ObjectsHit:
    kind: str
    count: int

    def label(self) -> str:
        return str(CivilianObject.Kind(self.kind).label)


@dataclass(frozen=True)
class DaySummary:
    date: datetime.date
    admin1: str
    incidents: int
    locations: int
    strikes: int
    by_actor: list[ActorStrikes]
    killed: Range
    injured: Range
    objects_hit: list[ObjectsHit]
    protected_sites_hit: int

    def as_json(self) -> dict[str, Any]:
        """The API's shape, exactly (issue 4's interface)."""
        return {
            "date": self.date.isoformat(),
            "incidents": self.incidents,
            "locations": self.locations,
            "strikes": self.strikes,
            "by_actor": {actor.name: actor.strikes for actor in self.by_actor},
            "civilians_killed": {"min": self.killed.min, "max": self.killed.max},
            "civilians_injured": {"min": self.injured.min, "max": self.injured.max},
        }


def published_on(day: datetime.date, admin1: str = "") -> IncidentQuerySet:
    incidents = Incident.objects.published().filter(started_on=day)
    return incidents.filter(admin1_pcode=admin1) if admin1 else incidents


def total(field: str) -> Coalesce:
    return Coalesce(Sum(field), Value(0), output_field=IntegerField())


def day_summary(day: datetime.date, admin1: str = "") -> DaySummary:
    """Every figure of the day (in one governorate, given its P-code), in five queries."""
    incidents = published_on(day, admin1)
    figures = incidents.aggregate(
        incidents=Count("pk"),
        locations=total("locations"),
        strikes=total("strikes"),
        killed_min=total("killed_min"),
        killed_max=total("killed_max"),
        injured_min=total("injured_min"),
        injured_max=total("injured_max"),
    )
    return DaySummary(
        date=day,
        admin1=admin1,
        incidents=figures["incidents"],
        locations=figures["locations"],
        strikes=figures["strikes"],
        by_actor=strikes_by_actor(incidents),
        killed=Range(figures["killed_min"], figures["killed_max"]),
        injured=Range(figures["injured_min"], figures["injured_max"]),
        objects_hit=objects_hit(incidents),
        protected_sites_hit=protected_sites_hit(incidents),
    )


def strikes_by_actor(incidents: IncidentQuerySet) -> list[ActorStrikes]:
    """Strikes of the incidents attributed to each actor, most first.

    An incident attributed to two actors counts for both, so the figures may add up to more
    than the day's strikes: each says what was attributed to that actor.
    """
    rows = (
        Attribution.objects.filter(incident__in=incidents)
        .values("actor__name", "actor__name_ar")
        .annotate(strikes=total("incident__strikes"))
        .order_by("-strikes", "actor__name")
    )
    return [ActorStrikes(r["actor__name"], r["actor__name_ar"], r["strikes"]) for r in rows]


def objects_hit(incidents: IncidentQuerySet) -> list[ObjectsHit]:
    rows = (
        CivilianObject.objects.filter(incident__in=incidents)
        .values("kind")
        .annotate(count=Count("pk"))
        .order_by("-count", "kind")
    )
    return [ObjectsHit(r["kind"], r["count"]) for r in rows]


def protected_sites_hit(incidents: IncidentQuerySet) -> int:
    """How many notified sites were hit: never which, nor where."""
    hits = ProtectedSiteHit.objects.filter(incident__in=incidents)
    return hits.values("site").distinct().count()


@dataclass(frozen=True)
class Day:
    date: datetime.date
    incidents: int
    strikes: int


def days_with_incidents(incidents: IncidentQuerySet) -> list[Day]:
    """Each day the given incidents started on, with its counts, newest first."""
    rows = (
        incidents.order_by()
        .values("started_on")
        .annotate(n=Count("pk"), strikes=total("strikes"))
        .order_by("-started_on")
    )
    return [Day(r["started_on"], r["n"], r["strikes"]) for r in rows]
