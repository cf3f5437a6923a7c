"""Simplifying adjoining polygons without opening gaps between them, and merging them.

Simplifying each polygon on its own would move a shared border one way in one polygon and
another way in its neighbour, leaving slivers and gaps on the map. So the rings are first cut
into arcs at the junctions (vertices where more than two borders meet), each arc shared by two
neighbours is simplified once (Douglas–Peucker, keeping its ends), and the rings are put back
together from the simplified arcs. The same arcs make merging cheap: a governorate's outline is
the arcs its sub-districts use once, not twice.
"""

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from nidaa.boundaries import geometry

Point = tuple[float, float]
Use = tuple[int, bool]  # (arc number, walked backwards)


@dataclass
class Topology:
    arcs: list[list[Point]]
    # Per shape, per polygon, per ring: the arcs that make the ring, in order.
    shapes: list[list[list[list[Use]]]]


def build(shapes: Sequence[dict[str, Any] | None]) -> Topology:
    open_rings = [[[open_ring(ring) for ring in polygon] for polygon in geometry.polygons(shape)] for shape in shapes]  # fmt: skip
    junctions = find_junctions(ring for polygons in open_rings for polygon in polygons for ring in polygon)  # fmt: skip
    arcs: list[list[Point]] = []
    numbers: dict[tuple[Point, ...], int] = {}
    built = []
    for polygons in open_rings:
        shape_uses = []
        for polygon in polygons:
            uses = [cut(ring, junctions, arcs, numbers) for ring in polygon if len(ring) >= 3]
            if uses:
                shape_uses.append(uses)
        built.append(shape_uses)
    return Topology(arcs, built)


def open_ring(ring: Iterable[Sequence[float]]) -> list[Point]:
    """The ring's vertices as points, without repeats one after the other or the closing one."""
    points: list[Point] = []
    for position in ring:
        point = (position[0], position[1])
        if not points or points[-1] != point:
            points.append(point)
    while len(points) > 1 and points[-1] == points[0]:
        points.pop()
    return points


def find_junctions(rings: Iterable[list[Point]]) -> set[Point]:
    """Vertices with more than two neighbours: where a shared border begins or ends."""
    neighbours: dict[Point, set[Point]] = defaultdict(set)
    for ring in rings:
        previous = ring[-1]
        for index, point in enumerate(ring):
            following = ring[(index + 1) % len(ring)]
            neighbours[point].update((previous, following))
            previous = point
    return {point for point, around in neighbours.items() if len(around) > 2}


def cut(
    ring: list[Point],
    junctions: set[Point],
    arcs: list[list[Point]],
    numbers: dict[tuple[Point, ...], int],
) -> list[Use]:
    """The ring as arcs between junctions, each arc numbered once whichever way it is walked."""
    starts = [index for index, point in enumerate(ring) if point in junctions]
    if not starts:
        # A ring that meets no other border is one closed arc; start it at its smallest point
        # so that the same ring in two shapes (an enclave and its hole) is the same arc.
        start = ring.index(min(ring))
        rotated = ring[start:] + ring[:start]
        return [number_arc((*rotated, rotated[0]), arcs, numbers)]
    rotated = ring[starts[0] :] + ring[: starts[0]]
    offsets = [index - starts[0] for index in starts] + [len(ring)]
    closed = [*rotated, rotated[0]]
    return [
        number_arc(tuple(closed[begin : end + 1]), arcs, numbers)
        for begin, end in itertools.pairwise(offsets)
    ]


def number_arc(
    points: tuple[Point, ...], arcs: list[list[Point]], numbers: dict[tuple[Point, ...], int]
) -> Use:
    backwards = points[::-1]
    if points[0] == points[-1]:
        # A closed arc walked backwards starts at the same point: compare from there.
        backwards = (points[0], *points[-2:0:-1], points[0])
    key, reverse = (points, False) if points <= backwards else (backwards, True)
    if key not in numbers:
        numbers[key] = len(arcs)
        arcs.append(list(key))
    return numbers[key], reverse


def simplify(topology: Topology, tolerance: float) -> Topology:
    return Topology([simplify_arc(arc, tolerance) for arc in topology.arcs], topology.shapes)


def simplify_arc(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker that keeps the ends, and one point between them if there was one, so
    that a ring of two arcs between the same two junctions cannot collapse to a line."""
    if len(points) < 3:
        return points
    if points[0] == points[-1]:
        far = max(range(1, len(points) - 1), key=lambda index: distance2(points[index], points[0]))
        first = simplify_arc(points[: far + 1], tolerance)
        return first + simplify_arc(points[far:], tolerance)[1:]
    keep = douglas_peucker(points, tolerance * tolerance)
    if len(keep) == 2:
        keep = {0, farthest(points, 0, len(points) - 1)[0], len(points) - 1}
    return [points[index] for index in sorted(keep)]


def douglas_peucker(points: list[Point], tolerance2: float) -> set[int]:
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        index, far2 = farthest(points, first, last)
        if far2 > tolerance2:
            keep.add(index)
            stack.extend(((first, index), (index, last)))
    return keep


def farthest(points: list[Point], first: int, last: int) -> tuple[int, float]:
    """The point between first and last farthest from the chord, and its squared distance."""
    (ax, ay), (bx, by) = points[first], points[last]
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    best, best2 = first + 1, -1.0
    for index in range(first + 1, last):
        px, py = points[index]
        if length2:
            cross = (px - ax) * dy - (py - ay) * dx
            far2 = cross * cross / length2
        else:
            far2 = (px - ax) ** 2 + (py - ay) ** 2
        if far2 > best2:
            best, best2 = index, far2
    return best, best2


def distance2(a: Point, b: Point) -> float:
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2


def walk(arcs: list[list[Point]], uses: Iterable[Use]) -> list[Point]:
    """The points of consecutive arcs, each joint once, closed."""
    points: list[Point] = []
    for number, reverse in uses:
        arc = arcs[number][::-1] if reverse else arcs[number]
        points.extend(arc if not points else arc[1:])
    if points and points[0] != points[-1]:
        points.append(points[0])
    return points


def shape_geometry(topology: Topology, shape: int, decimals: int) -> dict[str, Any] | None:
    """One shape as a GeoJSON Polygon or MultiPolygon, its coordinates rounded."""
    polygons = []
    for polygon in topology.shapes[shape]:
        rings = [rounded(walk(topology.arcs, uses), decimals) for uses in polygon]
        # A ring that shrank to a line is dropped; without its outer ring, so is the polygon.
        if len(rings[0]) >= 4:
            polygons.append([ring for ring in rings if len(ring) >= 4])
    return as_geometry(polygons)


def rounded(points: Iterable[Point], decimals: int) -> list[list[float]]:
    ring: list[list[float]] = []
    for x, y in points:
        point = [round(x, decimals), round(y, decimals)]
        if not ring or ring[-1] != point:
            ring.append(point)
    return ring


def as_geometry(polygons: list[list[list[list[float]]]]) -> dict[str, Any] | None:
    if not polygons:
        return None
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def merge(
    topology: Topology, groups: Sequence[str | None], decimals: int
) -> dict[str, dict[str, Any]]:
    """Each group's shapes merged into one geometry: the arcs used once within the group,
    chained into rings. Rings that wind like the shapes' outer rings are outer rings; the
    others are holes (an enclave such as Damascus city inside Rural Damascus)."""
    used: dict[str, dict[int, list[Use]]] = defaultdict(lambda: defaultdict(list))
    for shape, group in enumerate(groups):
        if group is None:
            continue  # a shape outside every area of the level
        for polygon in topology.shapes[shape]:
            for ring in polygon:
                for use in ring:
                    used[group][use[0]].append(use)
    winding = outer_winding(topology)
    merged = {}
    for group, arcs in used.items():
        outline = [uses[0] for uses in arcs.values() if len(uses) == 1]
        rings = [rounded(ring, decimals) for ring in chain(topology.arcs, outline)]
        found = assemble([ring for ring in rings if len(ring) >= 4], winding)
        if found:
            merged[group] = found
    return merged


def chain(arcs: list[list[Point]], uses: list[Use]) -> list[list[Point]]:
    """Directed arcs joined end to start into closed rings; a chain that does not close (a
    flaw in the source's topology) is left out."""
    by_start: dict[Point, list[Use]] = defaultdict(list)
    for use in uses:
        by_start[end_of(arcs, use, start=True)].append(use)
    rings = []
    for use in uses:
        start = end_of(arcs, use, start=True)
        if use not in by_start[start]:
            continue  # already in a ring
        ring_uses = [use]
        by_start[start].remove(use)
        at = end_of(arcs, use, start=False)
        while at != start and by_start.get(at):
            following = by_start[at].pop()
            ring_uses.append(following)
            at = end_of(arcs, following, start=False)
        if at == start:
            rings.append(walk(arcs, ring_uses))
    return rings


def end_of(arcs: list[list[Point]], use: Use, start: bool) -> Point:
    arc = arcs[use[0]]
    return arc[0] if start != use[1] else arc[-1]


def outer_winding(topology: Topology) -> bool:
    """Whether the shapes' outer rings mostly run anticlockwise."""
    signs = [
        geometry.signed_area(walk(topology.arcs, polygon[0])) > 0
        for polygons in topology.shapes
        for polygon in polygons
    ]
    return sum(signs) * 2 >= len(signs)


def assemble(rings: list[list[list[float]]], anticlockwise: bool) -> dict[str, Any] | None:
    outers = [ring for ring in rings if (geometry.signed_area(ring) > 0) == anticlockwise]
    polygons = [[outer] for outer in outers]
    for hole in (ring for ring in rings if (geometry.signed_area(ring) > 0) != anticlockwise):
        # A hole may touch its outer ring at a vertex or two: the others decide where it lies.
        votes: list[int] = [inside_count(polygon[0], hole[:5]) for polygon in polygons]
        best = max(votes, default=0)
        if best:
            polygons[votes.index(best)].append(hole)
    return as_geometry(polygons)


def inside_count(ring: list[list[float]], points: list[list[float]]) -> int:
    return sum(geometry.ring_crossings(ring, point[0], point[1]) % 2 for point in points)
