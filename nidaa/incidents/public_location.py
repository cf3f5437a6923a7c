"""Where the public may see an incident: the point its location mode allows, never the record's
own coordinates unless the mode is "exact".

Every public output (pages, the API, the map, summaries, public exports) goes through
`public_point`, and shows place names only as far as `shows_place` and `shown_admin_levels`
allow: a village's name would undo a rounded point.
"""

from collections.abc import Callable
from typing import Protocol

from nidaa.incidents.models import LocationMode

# 0.1° is about 11 km of latitude (and about 9 km of longitude at Idlib's latitude).
ROUNDED_DECIMALS = 1
ALL_LEVELS = ("admin1", "admin2", "admin3")

Point = tuple[float, float]
CentreOf = Callable[[str], Point | None]


class Located(Protocol):
    latitude: float | None
    longitude: float | None
    location_mode: str
    admin3_pcode: str


def area_centre(pcode: str) -> Point | None:
    """The centre (lat, lon) of an imported sub-district, or None if it is unknown."""
    from nidaa.boundaries.lookup import centroid

    return centroid(pcode) if pcode else None


def public_point(incident: Located, centre_of: CentreOf = area_centre) -> Point | None:
    """(lat, lon) as the incident's location mode allows the public to see it, or None.

    `centre_of` lets a caller that degrades many records pass a memoised look-up.
    """
    return degrade(
        incident.latitude,
        incident.longitude,
        incident.location_mode,
        incident.admin3_pcode,
        centre_of,
    )


def degrade(
    latitude: float | None,
    longitude: float | None,
    mode: str,
    admin3_pcode: str = "",
    centre_of: CentreOf = area_centre,
) -> Point | None:
    """The same from the bare values (for callers that read rows, not models).

    A mode this code does not know hides the point: failing closed is the safe way to fail.
    """
    if latitude is None or longitude is None:
        return None
    if mode == LocationMode.EXACT:
        return (latitude, longitude)
    if mode == LocationMode.SUBDISTRICT:
        # Without the area (no boundaries imported, or a point outside them), rounding still
        # keeps the point from the public.
        return centre_of(admin3_pcode) or rounded(latitude, longitude)
    if mode == LocationMode.ROUNDED:
        return rounded(latitude, longitude)
    return None


def rounded(latitude: float, longitude: float) -> Point:
    return (round(latitude, ROUNDED_DECIMALS), round(longitude, ROUNDED_DECIMALS))


def shows_place(mode: str) -> bool:
    """Whether the place name (a village, a street) may be shown: only with the exact point."""
    return mode == LocationMode.EXACT


def shown_admin_levels(mode: str) -> tuple[str, ...]:
    """Which of governorate, district and sub-district the public sees.

    A hidden location keeps only its governorate, so that counts by governorate stay true.
    """
    if mode in (LocationMode.EXACT, LocationMode.ROUNDED, LocationMode.SUBDISTRICT):
        return ALL_LEVELS
    return ("admin1",)
