"""Plane geometry on GeoJSON polygons, in degrees (x = longitude, y = latitude).

Pure Python on purpose: the areas are a few hundred polygons, and a point look-up is a handful
of comparisons once the index (index.py) has narrowed it down.
"""

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

Position = Sequence[float]
Ring = Sequence[Position]
Polygon = Sequence[Ring]


def polygons(geometry: dict[str, Any] | None) -> list[Polygon]:
    """The polygons (outer ring, then holes) of a Polygon or MultiPolygon; none for others."""
    if not geometry:
        return []
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"]]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


def rings(geometry: dict[str, Any] | None) -> Iterator[Ring]:
    for polygon in polygons(geometry):
        yield from polygon


def ring_crossings(ring: Ring, x: float, y: float) -> int:
    """How many edges of the ring a ray from (x, y) towards +x crosses (half-open in y)."""
    crossings = 0
    previous_x, previous_y = ring[-1][0], ring[-1][1]
    for point in ring:
        px, py = point[0], point[1]
        if (py > y) != (previous_y > y) and x < crossing_x(px, py, previous_x, previous_y, y):
            crossings += 1
        previous_x, previous_y = px, py
    return crossings


def crossing_x(px: float, py: float, qx: float, qy: float, y: float) -> float:
    """Where the edge from q to p meets the line at height y. The index repeats this formula
    inline, operand for operand, so that it and the plain test agree to the last bit."""
    return (qx - px) * (y - py) / (qy - py) + px


def contains(geometry: dict[str, Any] | None, x: float, y: float) -> bool:
    """Even-odd rule over every ring: holes fall out because they flip the parity back."""
    crossings = sum(ring_crossings(ring, x, y) for ring in rings(geometry))
    return crossings % 2 == 1


def bbox(geometry: dict[str, Any] | None) -> tuple[float, float, float, float] | None:
    """(min_lon, min_lat, max_lon, max_lat), or None for an empty geometry."""
    xs: list[float] = []
    ys: list[float] = []
    for ring in rings(geometry):
        xs.extend(point[0] for point in ring)
        ys.extend(point[1] for point in ring)
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def signed_area(ring: Ring) -> float:
    """Twice the signed area (shoelace); positive when the ring runs anticlockwise."""
    total = 0.0
    previous = ring[-1]
    for point in ring:
        total += previous[0] * point[1] - point[0] * previous[1]
        previous = point
    return total


def moments(geometry: dict[str, Any] | None) -> tuple[float, float, float]:
    """(area, x moment, y moment) over all rings, holes subtracting, whatever their winding.

    Sums of these over several areas give the centre of their union.
    """
    area = mx = my = 0.0
    for polygon in polygons(geometry):
        for index, ring in enumerate(polygon):
            ring_area, ring_mx, ring_my = ring_moments(ring)
            # Outer rings count positive and holes negative, whichever way the file winds them.
            sign = 1.0 if (ring_area >= 0) == (index == 0) else -1.0
            area += sign * ring_area
            mx += sign * ring_mx
            my += sign * ring_my
    return area, mx, my


def ring_moments(ring: Ring) -> tuple[float, float, float]:
    total = cx = cy = 0.0
    x0, y0 = ring[-1][0], ring[-1][1]
    for point in ring:
        x1, y1 = point[0], point[1]
        cross = x0 * y1 - x1 * y0
        total += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
        x0, y0 = x1, y1
    # Normalised so that the sign of the area is the ring's, and moments / area is its centre.
    return total / 2, cx / 6, cy / 6


def centre(
    geometry: dict[str, Any] | None, sums: tuple[float, float, float] | None = None
) -> tuple[float, float] | None:
    """A point (lon, lat) that stands for the area: its centroid when that lies inside, else a
    point inside it (a crescent's centroid can fall outside, and a map marker there would name
    the wrong place). `sums` are its moments, if already known."""
    area, mx, my = sums or moments(geometry)
    if not area:
        return first_vertex(geometry)
    x, y = mx / area, my / area
    if contains(geometry, x, y):
        return x, y
    return inside_point(geometry, y) or first_vertex(geometry)


def inside_point(geometry: dict[str, Any] | None, y: float) -> tuple[float, float] | None:
    """The middle of the widest stretch inside the area along the line at height y."""
    xs = sorted(crossings_at(rings(geometry), y))
    stretches = [(xs[i], xs[i + 1]) for i in range(0, len(xs) - 1, 2)]
    if not stretches:
        return None
    left, right = max(stretches, key=lambda stretch: stretch[1] - stretch[0])
    return (left + right) / 2, y


def crossings_at(all_rings: Iterable[Ring], y: float) -> Iterator[float]:
    for ring in all_rings:
        previous_x, previous_y = ring[-1][0], ring[-1][1]
        for point in ring:
            px, py = point[0], point[1]
            if (py > y) != (previous_y > y):
                yield crossing_x(px, py, previous_x, previous_y, y)
            previous_x, previous_y = px, py


def first_vertex(geometry: dict[str, Any] | None) -> tuple[float, float] | None:
    for ring in rings(geometry):
        if ring:
            return ring[0][0], ring[0][1]
    return None
