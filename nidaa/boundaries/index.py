"""A per-process index that answers "which area holds this point?" in a few microseconds.

The areas' bounding box is cut into a uniform grid. Each cell lists, in P-code order, the areas
that matter inside it: an area none of whose edges touches the cell either covers it wholly
(the point is in it, no test needed) or misses it (not listed); an area with an edge in the
cell is tested by casting a ray, but only against its edges in the cell's row (a ray towards
+x at height y can only cross edges that span y). Most of a country lies in whole cells, so a
typical look-up is two divisions and a list index.

The answer is the first area, in P-code order, whose polygon holds the point by the even-odd
rule: exactly what testing every polygon in turn with `geometry.contains` gives.
"""

import json
import struct
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass, field
from functools import cached_property
from typing import Any

from nidaa.boundaries import geometry

# Cells across the longer side of the areas' bounding box. 256 puts a Syrian cell at about
# 3 km: for OCHA's layer the index takes about a quarter of a second to build and 15 MB to
# keep. Finer grids answer a little faster but cost more to build in every new process.
GRID = 256
# Memoised answers kept per process before the memo starts afresh.
MEMO_SIZE = 200_000
# The layout of a stored index (to_bytes): a stored index of another layout, or made with
# another GRID, is not used but built again.
FORMAT = f"nidaa-boundaries-index/1/{GRID}"

Edge = tuple[float, float, float, float]  # (px, py, qx, qy): the edge from q to p


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


@dataclass(frozen=True)
class AreaRow:
    """What the index needs of an AdminArea row."""

    pk: int
    pcode: str
    level: int
    name_en: str
    name_ar: str
    parent_id: int | None
    geometry: dict[str, Any] | None

    # Computed once: building the index asks for them several times per area.
    @cached_property
    def box(self) -> tuple[float, float, float, float] | None:
        return geometry.bbox(self.geometry)

    @cached_property
    def moments(self) -> tuple[float, float, float]:
        return geometry.moments(self.geometry)


@dataclass
class Grid:
    x0: float
    y0: float
    cell: float
    cols: int
    rows: int

    @classmethod
    def covering(cls, boxes: Iterable[tuple[float, float, float, float]]) -> "Grid":
        boxes = list(boxes)
        x0 = min(box[0] for box in boxes)
        y0 = min(box[1] for box in boxes)
        x1 = max(box[2] for box in boxes)
        y1 = max(box[3] for box in boxes)
        cell = max(x1 - x0, y1 - y0, 1e-6) / GRID
        return cls(x0, y0, cell, int((x1 - x0) / cell) + 1, int((y1 - y0) / cell) + 1)

    def col(self, x: float) -> int:
        return int((x - self.x0) / self.cell)

    def row(self, y: float) -> int:
        return int((y - self.y0) / self.cell)


@dataclass
class Index:
    version: str
    grid: Grid | None
    places: list[Place]
    # Per cell: None (no area), a Place (wholly inside it) or a tuple of codes in P-code order,
    # i for "test area i" and ~i for "wholly inside area i".
    cells: list[Any]
    # The edges of area i in grid row r, under the key i * rows + r.
    bands: dict[int, list[Edge]]
    centres: dict[str, tuple[float, float]]
    memo: dict[tuple[float, float], Place | None] = field(default_factory=dict)

    def find(self, latitude: float, longitude: float) -> Place | None:
        grid = self.grid
        if grid is None or not (longitude >= grid.x0 and latitude >= grid.y0):
            return None  # also for NaN, which fails every comparison
        if (
            longitude >= grid.x0 + grid.cols * grid.cell
            or latitude >= grid.y0 + grid.rows * grid.cell
        ):
            return None  # also for infinity
        col, row = grid.col(longitude), grid.row(latitude)
        if col >= grid.cols or row >= grid.rows:
            return None
        entry = self.cells[row * grid.cols + col]
        if entry is None or entry.__class__ is Place:
            return entry
        for code in entry:
            if code < 0:
                return self.places[~code]
            if band_contains(self.bands.get(code * grid.rows + row, ()), longitude, latitude):
                return self.places[code]
        return None

    def find_many(self, points: Iterable[Sequence[float | None]]) -> list[Place | None]:
        memo, find = self.memo, self.find
        found: list[Place | None] = []
        append = found.append
        for point in points:
            try:
                key = (float(point[0]), float(point[1]))  # type: ignore[arg-type]
            except (TypeError, ValueError):
                append(None)  # a point without coordinates is in no area
                continue
            if key in memo:
                append(memo[key])
                continue
            if len(memo) >= MEMO_SIZE:
                memo.clear()
            place = memo[key] = find(*key)
            append(place)
        return found


def finest_shapes(rows: Sequence[AreaRow]) -> list[AreaRow]:
    """The areas of the finest level that has polygons, in P-code order."""
    with_shape = [row for row in rows if row.box]
    finest = max((row.level for row in with_shape), default=0)
    return sorted((row for row in with_shape if row.level == finest), key=lambda row: row.pcode)


def band_contains(edges: Iterable[Edge], x: float, y: float) -> bool:
    """The even-odd ray test against the edges of one area that span height y."""
    inside = False
    for px, py, qx, qy in edges:
        # geometry.crossing_x, inline: this loop is the hot path of every look-up near an edge.
        if (py > y) != (qy > y) and x < (qx - px) * (y - py) / (qy - py) + px:
            inside = not inside
    return inside


def build(version: str, rows: Sequence[AreaRow]) -> Index:
    """The index over the finest level that has polygons (sub-districts, for OCHA's layer)."""
    shapes = finest_shapes(rows)
    by_pk = {row.pk: row for row in rows}
    centres = area_centres(rows, shapes, by_pk)
    places = [place_of(row, by_pk, centres) for row in shapes]
    if not shapes:
        return Index(version, None, [], [], {}, centres)
    grid = Grid.covering(row.box for row in shapes if row.box)
    cells: list[list[int]] = [[] for _ in range(grid.cols * grid.rows)]
    bands: dict[int, list[Edge]] = {}
    for area, row in enumerate(shapes):
        add_area(grid, area, row, cells, bands)
    return Index(version, grid, places, [finish(codes, places) for codes in cells], bands, centres)


def add_area(
    grid: Grid,
    area: int,
    shape: AreaRow,
    cells: list[list[int]],
    bands: dict[int, list[Edge]],
) -> None:
    edge_cells = add_edges(grid, area, shape.geometry, bands)
    min_x, min_y, max_x, max_y = shape.box or (0.0, 0.0, 0.0, 0.0)
    for row in range(grid.row(min_y), grid.row(max_y) + 1):
        # Along a row, cells that no edge touches share one answer until the next edge cell.
        inside: bool | None = None
        for col in range(grid.col(min_x), grid.col(max_x) + 1):
            cell = row * grid.cols + col
            if cell in edge_cells:
                cells[cell].append(area)
                inside = None
                continue
            if inside is None:
                y = grid.y0 + (row + 0.5) * grid.cell
                x = grid.x0 + (col + 0.5) * grid.cell
                inside = band_contains(bands.get(area * grid.rows + row, ()), x, y)
            if inside:
                cells[cell].append(~area)


def add_edges(
    grid: Grid, area: int, shape: dict[str, Any] | None, bands: dict[int, list[Edge]]
) -> set[int]:
    """File the area's edges under the rows they span; the cells they may touch.

    Grid.row and Grid.col, inline: this runs once per vertex of the whole layer."""
    x0, y0, cell, cols, first_band = grid.x0, grid.y0, grid.cell, grid.cols, area * grid.rows
    touched: set[int] = set()
    for ring in geometry.rings(shape):
        qx, qy = ring[-1][0], ring[-1][1]
        for point in ring:
            px, py = point[0], point[1]
            first_row, last_row = int((min(py, qy) - y0) / cell), int((max(py, qy) - y0) / cell)
            first_col, last_col = int((min(px, qx) - x0) / cell), int((max(px, qx) - x0) / cell)
            for row in range(first_row, last_row + 1):
                if py != qy:  # a level edge never crosses a level ray
                    bands.setdefault(first_band + row, []).append((px, py, qx, qy))
                if first_col == last_col:
                    touched.add(row * cols + first_col)
                else:
                    touched.update(range(row * cols + first_col, row * cols + last_col + 1))
            qx, qy = px, py
    return touched


def finish(codes: list[int], places: list[Place]) -> Any:
    if not codes:
        return None
    if codes[0] < 0:
        return places[~codes[0]]
    return tuple(codes)


def area_centres(
    rows: Sequence[AreaRow], shapes: Sequence[AreaRow], by_pk: dict[int, AreaRow]
) -> dict[str, tuple[float, float]]:
    """(lat, lon) for every area: the centre of its polygon, or of its sub-areas' union."""
    members: dict[int, list[AreaRow]] = {}
    for shape in shapes:
        for ancestor in ancestors(shape, by_pk):
            members.setdefault(ancestor.pk, []).append(shape)
    centres = {}
    for row in rows:
        found = (
            geometry.centre(row.geometry, row.moments)
            if row.box
            else union_centre(members.get(row.pk, []))
        )
        if found:
            centres[row.pcode] = (found[1], found[0])
    return centres


def union_centre(parts: Sequence[AreaRow]) -> tuple[float, float] | None:
    """The centroid of the parts' union if it lies in one of them, else the largest one's centre."""
    sums = [part.moments for part in parts]
    area = sum(s[0] for s in sums)
    if not parts or not area:
        return None
    x, y = sum(s[1] for s in sums) / area, sum(s[2] for s in sums) / area
    if any(geometry.contains(part.geometry, x, y) for part in parts):
        return x, y
    largest = max(zip(sums, parts, strict=True), key=lambda pair: abs(pair[0][0]))[1]
    return geometry.centre(largest.geometry, largest.moments)


def ancestors(row: AreaRow, by_pk: dict[int, AreaRow]) -> list[AreaRow]:
    """Parent, grandparent…; a cycle in hand-made data stops the walk instead of looping."""
    found: list[AreaRow] = []
    seen = {row.pk}
    parent = by_pk.get(row.parent_id) if row.parent_id is not None else None
    while parent is not None and parent.pk not in seen:
        found.append(parent)
        seen.add(parent.pk)
        parent = by_pk.get(parent.parent_id) if parent.parent_id is not None else None
    return found


def place_of(
    row: AreaRow, by_pk: dict[int, AreaRow], centres: dict[str, tuple[float, float]]
) -> Place:
    """The area with its ancestors, each in the slot of its level."""
    names: dict[str, str] = {}
    for area in (row, *ancestors(row, by_pk)):
        if 1 <= area.level <= 3:
            prefix = f"admin{area.level}"
            names.setdefault(f"{prefix}_pcode", area.pcode)
            names.setdefault(f"{prefix}_en", area.name_en)
            names.setdefault(f"{prefix}_ar", area.name_ar)
    lat, lon = centres.get(row.pcode, (0.0, 0.0))
    empty = {f"admin{level}_{part}": "" for level in (1, 2, 3) for part in ("pcode", "en", "ar")}
    return Place(**(empty | names), centroid_lat=lat, centroid_lon=lon)


# --- Storing an index -------------------------------------------------------------------------
#
# Building the index costs a few tenths of a second of CPU in every new process (a web worker's
# first look-up, every import command); loading a stored one, a few hundredths. The format is
# JSON for the structure and raw doubles for the edges: nothing in it is ever executed (unlike a
# pickle), and the edges come back bit for bit, so a loaded index answers exactly as a built one.

HEADER = struct.Struct("<I")  # the length of the JSON part


def to_bytes(index: Index) -> bytes:
    """The index as bytes, for from_bytes() in another process."""
    number = {id(place): n for n, place in enumerate(index.places)}
    keys = sorted(index.bands)
    described = {
        "format": FORMAT,
        "version": index.version,
        "grid": astuple(index.grid) if index.grid else None,
        "places": [astuple(place) for place in index.places],
        # A cell: null, a place's number, or a list of codes (see Index.cells).
        "cells": [number[id(c)] if c.__class__ is Place else c for c in index.cells],
        "centres": index.centres,
        "bands": keys,
        "edges": [len(index.bands[key]) for key in keys],
    }
    text = json.dumps(described, separators=(",", ":")).encode()
    edges = array("d", [value for key in keys for edge in index.bands[key] for value in edge])
    return HEADER.pack(len(text)) + text + edges.tobytes()


def from_bytes(data: bytes) -> Index | None:
    """An index stored by to_bytes(), or None if it is of another format or damaged."""
    try:
        (length,) = HEADER.unpack_from(data)
        described = json.loads(data[HEADER.size : HEADER.size + length])
        if described.get("format") != FORMAT:
            return None
        values = array("d")
        values.frombytes(data[HEADER.size + length :])
        return _index_from(described, values)
    except (struct.error, ValueError, TypeError, KeyError, IndexError):
        return None


def _index_from(described: dict[str, Any], values: array) -> Index | None:
    counts = described["edges"]
    if 4 * sum(counts) != len(values):
        return None
    places = [Place(*fields) for fields in described["places"]]
    cells = [
        None if c is None else places[c] if c.__class__ is int else tuple(c)
        for c in described["cells"]
    ]
    numbers = iter(values)
    edges = list(zip(numbers, numbers, numbers, numbers, strict=True))
    bands: dict[int, list[Edge]] = {}
    start = 0
    for key, count in zip(described["bands"], counts, strict=True):
        bands[key] = edges[start : start + count]
        start += count
    grid = Grid(*described["grid"]) if described["grid"] else None
    centres = {pcode: (lat, lon) for pcode, (lat, lon) in described["centres"].items()}
    return Index(described["version"], grid, places, cells, bands, centres)
