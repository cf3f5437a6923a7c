"""Times in an event's own time zone: what the host typed, what attendees read.

An event is stored in UTC with the IANA name of its zone. The host types local wall-clock
times; a time that does not exist there (the hour skipped when clocks go forward) is refused
rather than silently moved, and an hour that happens twice (clocks go back) means its first
occurrence.
"""

import datetime
import functools
import zoneinfo

UTC = datetime.UTC


class NoSuchTime(ValueError):
    """A wall-clock time skipped in that zone (clocks went forward)."""


@functools.cache
def zone_names() -> tuple[str, ...]:
    """The zones a host may choose: IANA's canonical "Area/City" names."""
    names = zoneinfo.available_timezones()
    return tuple(sorted(n for n in names if "/" in n and not n.startswith(("Etc/", "SystemV/", "posix", "right"))))  # fmt: skip


def is_zone(name: str) -> bool:
    return name in zone_names()


def to_utc(wall: datetime.datetime, zone: str) -> datetime.datetime:
    """The UTC instant of the naive wall-clock time `wall` in `zone`."""
    tz = zoneinfo.ZoneInfo(zone)
    aware = wall.replace(tzinfo=tz, fold=0)
    instant = aware.astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) != wall:
        raise NoSuchTime(wall)
    return instant


def local(instant: datetime.datetime, zone: str) -> datetime.datetime:
    """`instant` on the event's clocks (aware, in its zone)."""
    return instant.astimezone(zoneinfo.ZoneInfo(zone))


def wall(instant: datetime.datetime, zone: str) -> datetime.datetime:
    """`instant` as the naive wall-clock time a host types in a form."""
    return local(instant, zone).replace(tzinfo=None)
