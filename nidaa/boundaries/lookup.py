"""Which governorate, district and sub-district a point lies in."""

from dataclasses import dataclass
from typing import Any

from nidaa.boundaries.models import AdminArea


@dataclass(frozen=True)
class Place:
    admin1_pcode: str
    admin1_en: str
    admin1_ar: str
    admin2_pcode: str
    admin2_en: str
    admin2_ar: str
    admin3_pcode: str
    admin3_en: str
    admin3_ar: str
    centroid_lat: float
    centroid_lon: float


def locate(latitude: float, longitude: float) -> Place | None:
    """The sub-district containing the point, with its district and governorate, or None."""
    candidates = AdminArea.objects.filter(
        level=AdminArea.Level.SUBDISTRICT,
        min_lon__lte=longitude,
        max_lon__gte=longitude,
        min_lat__lte=latitude,
        max_lat__gte=latitude,
    ).select_related("parent__parent")
    for area in candidates:
        if area.geometry and contains(area.geometry, longitude, latitude):
            return place_of(area)
    return None


def place_of(area: AdminArea) -> Place:
    district = area.parent
    governorate = district.parent if district else None
    lon, lat = centroid(area.geometry or {})
    return Place(
        admin1_pcode=governorate.pcode if governorate else "",
        admin1_en=governorate.name_en if governorate else "",
        admin1_ar=governorate.name_ar if governorate else "",
        admin2_pcode=district.pcode if district else "",
        admin2_en=district.name_en if district else "",
        admin2_ar=district.name_ar if district else "",
        admin3_pcode=area.pcode,
        admin3_en=area.name_en,
        admin3_ar=area.name_ar,
        centroid_lat=lat,
        centroid_lon=lon,
    )


def polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"]]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


def contains(geometry: dict[str, Any], x: float, y: float) -> bool:
    """Even-odd rule over every ring: holes fall out because they flip the parity back."""
    inside = False
    for polygon in polygons(geometry):
        for ring in polygon:
            if ring_crossings(ring, x, y) % 2:
                inside = not inside
    return inside


def ring_crossings(ring: list[list[float]], x: float, y: float) -> int:
    crossings = 0
    previous_x, previous_y = ring[-1][0], ring[-1][1]
    for point in ring:
        px, py = point[0], point[1]
        if (py > y) != (previous_y > y):
            at = (previous_x - px) * (y - py) / (previous_y - py) + px
            if x < at:
                crossings += 1
        previous_x, previous_y = px, py
    return crossings


def centroid(geometry: dict[str, Any]) -> tuple[float, float]:
    """The area-weighted centre of the outer rings (lon, lat); good enough at this scale."""
    total = cx = cy = 0.0
    for polygon in polygons(geometry):
        ring = polygon[0]
        for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:] + ring[:1], strict=True):
            cross = x0 * y1 - x1 * y0
            total += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
    if not total:
        return 0.0, 0.0
    return cx / (3 * total), cy / (3 * total)
