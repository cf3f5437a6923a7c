"""Reading and checking the rows of an incident file, whatever its format.

A format hands the reader each row as a list of text cells named by the columns in
columns.py (ACLED's names and Nidaa's `nidaa_…` ones). The reader checks every cell, derives
what ACLED leaves implicit (the means from the sub-event type, civilian figures from the
fatalities) and collects the records in a Batch, which store.py writes in bulk. The first bad
cell stops the import with a message that names the file, the line, the column and the reason:

    events.csv:17:event_date: "2024-13-01" is not a date (YYYY-MM-DD)

Speed: a file of 100,000 rows must be read in well under a second, so the cells are checked a
column at a time. Each column first takes a fast path that runs in C (`map(int, …)`,
`max(map(len, …))`, a set of the values seen); only a column with something unusual in it
(blanks, a bad value) is walked cell by cell, which also finds the row to name in a message.

Deliberate choices, documented for the people who import:

- ACLED's `fatalities` counts everyone killed, not only civilians. When the event targeted
  civilians (`civilian_targeting`, or civilians as the second actor), the civilian figure is
  exactly the fatalities (min = max); otherwise it is between none and all of them
  (min = 0, max = fatalities). `nidaa_killed_min`/`nidaa_killed_max`, when present, win.
- Without `nidaa_title`, an English title is made from the sub-event type and the place.
- Each actor in `actor1` and `assoc_actor_1` is attributed; its status and basis come from
  `nidaa_attribution_status`/`nidaa_attribution_basis` (one per actor, in the same order)
  when given, else "single source" and "media report" (ACLED codes from media reports).
- `nidaa_status` is informational: the status of imported records is the command's (--status).
"""

import datetime
import functools
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter
from typing import Any, TypeVar

from django.utils import translation
from django.utils.translation import gettext as _

from nidaa.core.spreadsheet import safe_text
from nidaa.incidents.interchange import columns
from nidaa.incidents.models import Attribution, Grade, Incident, LocationMode, Means, Precision

T = TypeVar("T")

# The fields of a record that a file may carry, in the order they are written. Texts are JSON.
ROW_FIELDS = (
    "code", "texts", "started_on", "ended_on", "time_precision", "latitude", "longitude",
    "geo_precision", "location_mode", "place_en", "place_ar",
    "admin1_pcode", "admin1_en", "admin1_ar", "admin2_pcode", "admin2_en", "admin2_ar",
    "admin3_pcode", "admin3_en", "admin3_ar",
    "means", "strikes", "locations", "killed_min", "killed_max", "injured_min", "injured_max",
    "grade",
)  # fmt: skip
ADMIN_FIELDS = tuple(
    f"{level}_{part}" for level in ("admin1", "admin2", "admin3") for part in ("pcode", "en", "ar")
)
# The columns an admin field is read from, when the point is outside the boundaries.
ADMIN_COLUMNS = {
    f"{level}_{part}": column
    for level in ("admin1", "admin2", "admin3")
    for part, column in (("pcode", f"nidaa_{level}_pcode"), ("en", level), ("ar", f"nidaa_{level}_ar"))
}  # fmt: skip
REQUIRED = ("event_id_cnty", "event_date")
LONGEST_SHOWN = 60


def _limit(name: str) -> int:
    return int(getattr(Incident._meta.get_field(name), "max_length", 0) or 0)


CODE_LIMIT = _limit("code")
PLACE_LIMIT = _limit("place_en")
ADMIN_LIMIT = _limit("admin1_en")
PCODE_LIMIT = _limit("admin1_pcode")
ACTOR_LIMIT = 200
# Texts are stored as JSON without a limit; a cap keeps a runaway cell from filling the disk.
TEXT_LIMIT = 20_000
LIMITS = {"pcode": PCODE_LIMIT, "en": ADMIN_LIMIT, "ar": ADMIN_LIMIT}

PRECISIONS = {str(value): value for value in Precision.values}
MEANS = frozenset(Means.values)
GRADES = frozenset(Grade.values)
MODES = frozenset(LocationMode.values)
CERTAINTIES = frozenset(Attribution.Certainty.values)
BASES = frozenset(Attribution.Basis.values)
# ACLED's own files write dates as 2024-03-01, 01 March 2024 or 01-March-2024.
LONG_DATES = ("%d %B %Y", "%d-%B-%Y")
# How Django writes JSON (ASCII only); the C function, as this runs for every row.
quote_json: Callable[[str], str] = json.encoder.encode_basestring_ascii


class RowError(Exception):
    """A file that cannot be imported, with where and why: `file:line:column: reason`."""

    def __init__(self, source: str, line: int, column: str, reason: str) -> None:
        super().__init__(f"{source}:{line}:{column}: {reason}")
        self.source, self.line, self.column, self.reason = source, line, column, reason


class Invalid(ValueError):
    """A bad cell; the reader adds the file and the line of `row` (an index into the rows)."""

    def __init__(self, column: str, reason: str, row: int | None = None) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason
        self.row = row


def shown(value: str) -> str:
    """A cell quoted for a message, shortened when long."""
    if len(value) > LONGEST_SHOWN:
        value = value[: LONGEST_SHOWN - 1] + "…"
    return '"' + value.replace('"', '\\"') + '"'


# --- Cells, one at a time (the slow path, which also explains what is wrong) ------------------


def unquoted(value: str) -> str:
    """The cell as it was before an export made it safe for spreadsheets ("'=x" back to "=x")."""
    if value[:1] == "'" and safe_text(value[1:]) == value:
        return value[1:]
    return value


def text(value: str, column: str, limit: int) -> str:
    value = unquoted(value).strip()
    if len(value) > limit:
        raise Invalid(column, _("is longer than %(limit)s characters") % {"limit": limit})
    if "\x00" in value:
        raise Invalid(column, _("contains a NUL character"))
    return value


def day(value: str, column: str) -> datetime.date:
    value = value.strip()
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    else:
        for pattern in LONG_DATES:
            try:
                return datetime.datetime.strptime(value, pattern).date()
            except ValueError:
                continue
    if not value:
        raise Invalid(column, _("is empty; a date (YYYY-MM-DD) is required"))
    raise Invalid(column, _("%(value)s is not a date (YYYY-MM-DD)") % {"value": shown(value)})


def optional_day(value: str, column: str) -> datetime.date | None:
    return day(value, column) if value.strip() else None


def count(value: str, column: str, default: int = 0) -> int:
    """A whole number of at least zero; an empty cell is `default`."""
    found = optional_count(value, column)
    return default if found is None else found


def optional_count(value: str, column: str) -> int | None:
    stripped = value.strip()
    if not stripped:
        return None
    if stripped.isdecimal() and len(stripped) < 10:
        return int(stripped)
    raise Invalid(
        column, _("%(value)s is not a whole number of at least 0") % {"value": shown(value)}
    )


def coordinate(value: str, column: str, bound: float) -> float | None:
    if not value.strip():
        return None
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    # NaN fails both comparisons, and so is refused with the out-of-range values.
    if not -bound <= number <= bound:
        raise Invalid(
            column,
            _("%(value)s is not a number between -%(bound)s and %(bound)s")
            % {"value": shown(value), "bound": int(bound)},
        )
    return number


def precision(value: str, column: str) -> int:
    value = value.strip()
    if not value:
        return Precision.EXACT
    found = PRECISIONS.get(value)
    if found is None:
        raise Invalid(column, _("%(value)s is not 1, 2 or 3") % {"value": shown(value)})
    return found


def choice(value: str, column: str, allowed: frozenset[str], default: str) -> str:
    value = value.strip()
    if not value:
        return default
    if value not in allowed:
        raise Invalid(
            column,
            _("%(value)s is not one of: %(allowed)s")
            % {"value": shown(value), "allowed": ", ".join(sorted(allowed))},
        )
    return value


def names(value: str) -> list[str]:
    """Several names in one cell, as ACLED writes associated actors."""
    return [name.strip() for name in unquoted(value).split(";") if name.strip()]


def each(values: Sequence[str], column: str, convert: Callable[[str, str], T]) -> list[T]:
    """Convert cell by cell, naming the row of the first bad one."""
    converted = []
    for row, value in enumerate(values):
        try:
            converted.append(convert(value, column))
        except Invalid as error:
            error.row = row
            raise
    return converted


# --- The batch --------------------------------------------------------------------------------


@dataclass
class Batch:
    """The checked records of one file, ready to be written, held a column at a time."""

    source: str
    # The Incident fields the file carries: only these change when a record already exists.
    fields: frozenset[str]
    carries_actors: bool
    # A list of values per field of ROW_FIELDS, one value per record, in the file's order.
    columns: dict[str, list[Any]] = field(default_factory=dict)
    lines: list[int] = field(default_factory=list)
    # (record index, actor name, basis, status)
    attributions: list[tuple[int, str, str, str]] = field(default_factory=list)
    # The type of an actor the file names, where it says (ACLED's inter1).
    kinds: dict[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.lines)

    @property
    def codes(self) -> list[str]:
        return self.columns["code"]


CARRIED_BY = {
    "texts": ("notes", "nidaa_title", "nidaa_title_ar", "nidaa_notes_ar", "sub_event_type", "location"),
    "ended_on": ("nidaa_end_date",),
    "time_precision": ("time_precision",),
    "latitude": ("latitude",),
    "longitude": ("longitude",),
    "geo_precision": ("geo_precision",),
    "location_mode": ("nidaa_location_mode",),
    "place_en": ("location",),
    "place_ar": ("nidaa_location_ar",),
    "means": ("nidaa_means", "sub_event_type"),
    "strikes": ("nidaa_strikes",),
    "locations": ("nidaa_locations",),
    "killed_min": ("nidaa_killed_min", "fatalities"),
    "killed_max": ("nidaa_killed_max", "fatalities"),
    "injured_min": ("nidaa_injured_min",),
    "injured_max": ("nidaa_injured_max",),
    "grade": ("nidaa_grade",),
}  # fmt: skip


class RowReader:
    """Checks rows whose cells are named by `keys` (column names from columns.py, '' to skip).

    Add the rows with `add` or `take`, then `finish()` checks them all and returns the
    Batch, or raises RowError. `names` maps a key to the column's name in the file, for
    messages (a hashtag, a GeoJSON property); by default the key itself.
    """

    def __init__(
        self,
        keys: Sequence[str],
        source: str,
        names: Mapping[str, str] | None = None,
        header_line: int = 1,
    ) -> None:
        self.source = source
        self.names = dict(names or {})
        self.header_line = header_line
        self.width = len(keys)
        at: dict[str, int] = {}
        for index, key in enumerate(keys):
            if key and key not in at:
                at[key] = index
        for key in REQUIRED:
            if key not in at:
                raise RowError(source, header_line, self.name(key), _("the column is missing"))
        if ("latitude" in at) != ("longitude" in at):
            missing = "longitude" if "latitude" in at else "latitude"
            raise RowError(source, header_line, self.name(missing), _("the column is missing"))
        self.at = at
        self.rows: list[list[str]] = []
        self.lines: list[int] = []

    def name(self, key: str) -> str:
        return self.names.get(key, key)

    def has(self, *keys: str) -> bool:
        return any(key in self.at for key in keys)

    def add(self, cells: list[str], line: int) -> None:
        self.rows.append(cells)
        self.lines.append(line)

    def take(self, rows: list[list[str]], lines: list[int]) -> None:
        """All the rows at once, with the line each starts on."""
        self.rows.extend(rows)
        self.lines.extend(lines)

    def finish(self) -> Batch:
        """Check every row; raises RowError naming the file, line, column and reason."""
        try:
            self._fit()
            return self._batch()
        except Invalid as error:
            line = self.header_line if error.row is None else self.lines[error.row]
            raise RowError(self.source, line, self.name(error.column), error.reason) from None

    def _fit(self) -> None:
        """Pad short rows (some programs drop trailing empty cells), refuse longer ones, and
        skip rows with nothing in them (",,,," at the end of a spreadsheet's export)."""
        width = self.width
        if not all(len(cells) == width for cells in self.rows):
            for row, cells in enumerate(self.rows):
                if len(cells) < width:
                    cells.extend([""] * (width - len(cells)))
                elif len(cells) > width:
                    if any(cell.strip() for cell in cells[width:]):
                        message = _("the row has %(cells)s cells, the header %(width)s")
                        raise Invalid(str(width + 1), message % {"cells": len(cells), "width": width}, row)  # fmt: skip
                    del cells[width:]
        if not all(map(itemgetter(self.at["event_id_cnty"]), self.rows)):
            kept = [row for row, cells in enumerate(self.rows) if any(map(str.strip, cells))]
            self.rows = [self.rows[row] for row in kept]
            self.lines = [self.lines[row] for row in kept]

    # --- Whole columns ---

    def raw(self, key: str) -> list[str] | None:
        index = self.at.get(key)
        return None if index is None else list(map(itemgetter(index), self.rows))

    def texts(self, key: str, limit: int) -> list[str] | None:
        values = self.raw(key)
        if values is None:
            return None
        values = list(map(str.strip, values))
        # The whole column as one string, searched in C: a cell that starts with a quote starts
        # it or follows a line break (one that merely holds "\n'" costs a needless pass).
        joined = "\n".join(values)
        if joined[:1] == "'" or "\n'" in joined:
            values = [unquoted(value).strip() for value in values]
        if values and max(map(len, values)) > limit:
            row = next(row for row, value in enumerate(values) if len(value) > limit)
            raise Invalid(key, _("is longer than %(limit)s characters") % {"limit": limit}, row)
        if "\x00" in joined:  # unquoting and stripping remove no NUL
            row = next(row for row, value in enumerate(values) if "\x00" in value)
            raise Invalid(key, _("contains a NUL character"), row)
        return values

    def dates(self, key: str, required: bool) -> list[datetime.date | None] | None:
        values = self.raw(key)
        if values is None:
            return None
        try:
            return list(map(datetime.date.fromisoformat, values))
        except ValueError:
            return each(values, key, day if required else optional_day)

    def counts(self, key: str, default: int | None) -> list[int | None] | None:
        values = self.raw(key)
        if values is None:
            return None
        if values and all(map(str.isdecimal, values)) and max(map(len, values)) < 10:
            return list(map(int, values))
        if default is None:
            return each(values, key, optional_count)
        return each(values, key, lambda value, column: count(value, column, default))

    def coordinates(self, key: str, bound: float) -> list[float | None] | None:
        values = self.raw(key)
        if values is None:
            return None
        try:
            numbers = list(map(float, values))
        except ValueError:
            numbers = []
        if numbers and all(map(math.isfinite, numbers)) and -bound <= min(numbers) and max(numbers) <= bound:  # fmt: skip
            return numbers  # type: ignore[return-value]
        return each(values, key, lambda value, column: coordinate(value, column, bound))

    def precisions(self, key: str) -> list[int] | None:
        values = self.raw(key)
        if values is None:
            return None
        if set(values) <= PRECISIONS.keys():
            return [PRECISIONS[value] for value in values]
        return each(values, key, precision)

    def choices(self, key: str, allowed: frozenset[str], default: str) -> list[str] | None:
        values = self.raw(key)
        if values is None:
            return None
        if set(values) <= allowed:
            return values
        return each(values, key, lambda value, column: choice(value, column, allowed, default))

    # --- The records ---

    def _batch(self) -> Batch:
        codes = self._codes()
        started = self.dates("event_date", required=True)
        ended = self.dates("nidaa_end_date", required=False)
        if ended is not None:
            self._check_order(started, ended)  # type: ignore[arg-type]
        latitudes, longitudes = self._points()
        places = self.texts("location", PLACE_LIMIT)
        notes = self.texts("notes", TEXT_LIMIT)
        subs = self.raw("sub_event_type")
        killed_min, killed_max = self._killed()
        injured_min, injured_max = self._range("nidaa_injured_min", "nidaa_injured_max")
        means = self._means(subs, notes)
        values = [
            codes,
            self._texts(notes, subs, places, means),
            started,
            ended,
            self.precisions("time_precision"),
            latitudes,
            longitudes,
            self.precisions("geo_precision"),
            self.choices("nidaa_location_mode", MODES, LocationMode.EXACT),
            places,
            self.texts("nidaa_location_ar", PLACE_LIMIT),
            *[self.texts(ADMIN_COLUMNS[name], LIMITS[name.rsplit("_", 1)[1]]) for name in ADMIN_FIELDS],
            means,
            self.counts("nidaa_strikes", 1),
            self.counts("nidaa_locations", 1),
            killed_min,
            killed_max,
            injured_min,
            injured_max,
            self.choices("nidaa_grade", GRADES, ""),
        ]  # fmt: skip
        size = len(self.rows)
        batch = Batch(self.source, self._fields(), "actor1" in self.at, lines=self.lines)
        for name, column in zip(ROW_FIELDS, values, strict=True):
            batch.columns[name] = column if column is not None else [default(name)] * size
        if batch.carries_actors:
            self._actors(batch)
        return batch

    def _fields(self) -> frozenset[str]:
        carried = {"code", "started_on", *ADMIN_FIELDS}
        carried.update(name for name, keys in CARRIED_BY.items() if self.has(*keys))
        return frozenset(carried)

    def _codes(self) -> list[str]:
        codes = self.texts("event_id_cnty", CODE_LIMIT)
        assert codes is not None  # a required column
        if not all(codes):
            message = _("is empty; every record needs its event id")
            raise Invalid("event_id_cnty", message, codes.index(""))
        if len(set(codes)) != len(codes):
            first: dict[str, int] = {}
            for row, code in enumerate(codes):
                if first.setdefault(code, row) != row:
                    message = _("%(value)s appears again (first on line %(line)s)")
                    line = self.lines[first[code]]
                    raise Invalid("event_id_cnty", message % {"value": shown(code), "line": line}, row)  # fmt: skip
        return codes

    def _check_order(self, started: list[datetime.date], ended: list[datetime.date | None]) -> None:
        for row, (start, end) in enumerate(zip(started, ended, strict=True)):
            if end is not None and end < start:
                raise Invalid("nidaa_end_date", _("is before the start date"), row)

    def _points(self) -> tuple[list[float | None] | None, list[float | None] | None]:
        latitudes = self.coordinates("latitude", 90)
        longitudes = self.coordinates("longitude", 180)
        if latitudes is None or longitudes is None or (None not in latitudes and None not in longitudes):  # fmt: skip
            return latitudes, longitudes
        for row, (latitude, longitude) in enumerate(zip(latitudes, longitudes, strict=True)):
            if (latitude is None) != (longitude is None):
                blank = "latitude" if latitude is None else "longitude"
                message = _("is empty; give both latitude and longitude, or neither")
                raise Invalid(blank, message, row)
        return latitudes, longitudes

    def _range(self, low: str, high: str) -> tuple[list[Any] | None, list[Any] | None]:
        """A min–max pair of columns; an empty max is the min."""
        lows = self.counts(low, 0)
        highs = self.counts(high, None)
        if highs is None:
            return lows, lows
        lows = lows or [0] * len(highs)
        filled = [found if found is not None else least for least, found in zip(lows, highs, strict=True)]  # fmt: skip
        for row, (least, most) in enumerate(zip(lows, filled, strict=True)):
            if most < least:  # type: ignore[operator]
                raise Invalid(high, _("is below %(low)s") % {"low": self.name(low)}, row)
        return lows, filled

    def _killed(self) -> tuple[list[Any] | None, list[Any] | None]:
        """Civilians killed: Nidaa's range where a row gives one, else from ACLED's fatalities."""
        has_range = self.has("nidaa_killed_min", "nidaa_killed_max")
        if not self.has("fatalities"):
            return self._range("nidaa_killed_min", "nidaa_killed_max") if has_range else (None, None)  # fmt: skip
        fatalities = self.counts("fatalities", 0)
        assert fatalities is not None
        targeted = self._civilians_targeted()
        derived = [number if civilians else 0 for number, civilians in zip(fatalities, targeted, strict=True)]  # fmt: skip
        if not has_range:
            return derived, fatalities
        lows, highs = self._range("nidaa_killed_min", "nidaa_killed_max")
        blank = [""] * len(fatalities)
        given = [
            bool(low.strip() or high.strip())
            for low, high in zip(self.raw("nidaa_killed_min") or blank, self.raw("nidaa_killed_max") or blank, strict=True)
        ]  # fmt: skip
        assert lows is not None and highs is not None
        return (
            [low if kept else number for low, number, kept in zip(lows, derived, given, strict=True)],
            [high if kept else number for high, number, kept in zip(highs, fatalities, given, strict=True)],
        )  # fmt: skip

    def _civilians_targeted(self) -> list[bool]:
        rows = len(self.rows)
        targeting = self.raw("civilian_targeting") or [""] * rows
        inter2 = self.raw("inter2") or [""] * rows
        actor2 = self.raw("actor2") or [""] * rows
        civilians = columns.CIVILIANS_INTER
        # The three cells take few different values: each combination is judged once.
        combinations = list(zip(targeting, inter2, actor2, strict=True))
        judged = {
            (target, kind, second): bool(target.strip())
            or kind.strip().lower() in civilians
            or second.lstrip().lower().startswith("civilians")
            for target, kind, second in set(combinations)
        }
        return list(map(judged.__getitem__, combinations))

    def _means(self, subs: list[str] | None, notes: list[str] | None) -> list[str] | None:
        given = self.choices("nidaa_means", MEANS | {""}, "")
        if subs is None:
            return [means or Means.UNKNOWN for means in given] if given is not None else None
        notes = notes or [""] * len(subs)
        base = {sub: columns.MEANS_OF_SUB_EVENT.get(sub.strip().lower(), Means.UNKNOWN) for sub in set(subs)}  # fmt: skip
        refined = [
            columns.refined(base[sub], note) if base[sub] in columns.REFINED else base[sub]
            for sub, note in zip(subs, notes, strict=True)
        ]
        if given is None:
            return refined
        return [means or derived for means, derived in zip(given, refined, strict=True)]

    def _texts(
        self,
        notes: list[str] | None,
        subs: list[str] | None,
        places: list[str] | None,
        means: list[str] | None,
    ) -> list[str] | None:
        """Each row's {language: {title, narrative}}, as JSON (made here: a row at a time)."""
        if not self.has(*CARRIED_BY["texts"]):
            return None
        blank = [""] * len(self.rows)
        titles = self.texts("nidaa_title", TEXT_LIMIT)
        if titles is None:
            # What happened (ACLED's sub-event type, else the means) and where.
            if subs is not None:
                kinds = list(map(str.strip, subs))
            else:
                titled = means_titles()
                kinds = [titled.get(value, "") for value in means or blank]
            # made_title(), inline: this runs for every row.
            titles = [f"{kind} in {place}" if kind and place else kind or place for kind, place in zip(kinds, places or blank, strict=True)]  # fmt: skip
        q = quote_json
        narratives = notes if notes is not None else blank
        titles_ar = self.texts("nidaa_title_ar", TEXT_LIMIT)
        notes_ar = self.texts("nidaa_notes_ar", TEXT_LIMIT)
        if titles_ar is None and notes_ar is None:
            # English only (ACLED's own files): each row's JSON in one step.
            return [
                f'{{"en": {{"title": {q(title)}, "narrative": {q(note)}}}}}'
                if title or note
                else "{}"
                for title, note in zip(titles, narratives, strict=True)
            ]
        english = [
            f'{{"title": {q(title)}, "narrative": {q(note)}}}' if title or note else ""
            for title, note in zip(titles, narratives, strict=True)
        ]
        arabic = [
            f'{{"title": {q(title)}, "narrative": {q(note)}}}' if title or note else ""
            for title, note in zip(titles_ar or blank, notes_ar or blank, strict=True)
        ]
        return [json_texts(en, ar) for en, ar in zip(english, arabic, strict=True)]

    def _actors(self, batch: Batch) -> None:
        """The attributions: actor1, then each associated actor, with status and basis."""
        actor1 = self.texts("actor1", ACTOR_LIMIT) or []
        blank = [""] * len(actor1)
        others = (self.raw("assoc_actor_1"), self.raw("nidaa_attribution_status"), self.raw("nidaa_attribution_basis"))  # fmt: skip
        # Most rows name one actor and nothing else: those are made in one go. The others are
        # found in C (compress), a column at a time.
        skip = {row for column in others if column for row in compress(range(len(column)), column)}  # fmt: skip
        detailed = sorted(skip)
        media, single = Attribution.Basis.MEDIA, Attribution.Certainty.SINGLE_SOURCE
        batch.attributions = [(row, first, media, single) for row, first in enumerate(actor1) if first and row not in skip]  # fmt: skip
        associated, statuses, bases = (column or blank for column in others)
        if others[1] is None and others[2] is None:
            # ACLED's own files: associated actors, each with the default status and basis.
            self._associate(detailed, actor1, associated, batch.attributions)
            detailed = []
        for row in detailed:
            try:
                self._attribute(row, actor1[row], associated[row], statuses[row], bases[row], batch.attributions)  # fmt: skip
            except Invalid as error:
                error.row = row
                raise
        # The type of actor1 as the file gives it (the first row that names it wins).
        for first, inter in dict.fromkeys(zip(actor1, self.raw("inter1") or blank, strict=True)):
            kind = columns.KIND_OF_INTER.get(inter.strip().lower())
            if first and kind:
                batch.kinds.setdefault(first, kind)

    def _associate(
        self,
        rows: list[int],
        actor1: list[str],
        associated: list[str],
        attributions: list[tuple[int, str, str, str]],
    ) -> None:
        """_attribute for rows without attribution statuses or bases, in one loop."""
        media, single = Attribution.Basis.MEDIA, Attribution.Certainty.SINGLE_SOURCE
        add = attributions.append
        for row in rows:
            first = actor1[row]
            named = [first] if first else []
            cell = associated[row]
            for name in (unquoted(cell) if cell[:1] == "'" else cell).split(";"):
                name = name.strip()
                if not name or name in named:
                    continue
                if len(name) > ACTOR_LIMIT:
                    message = _("names an actor longer than 200 characters")
                    raise Invalid("assoc_actor_1", message, row)
                named.append(name)
            for name in named:
                add((row, name, media, single))

    def _attribute(
        self,
        row: int,
        first: str,
        associated: str,
        statuses: str,
        bases: str,
        attributions: list[tuple[int, str, str, str]],
    ) -> None:
        named = [first] if first else []
        for name in names(associated):
            if len(name) > ACTOR_LIMIT:
                raise Invalid("assoc_actor_1", _("names an actor longer than 200 characters"))
            if name not in named:
                named.append(name)
        status_list, basis_list = names(statuses), names(bases)
        for position, name in enumerate(named):
            status = choice(status_list[position] if position < len(status_list) else "", "nidaa_attribution_status", CERTAINTIES, Attribution.Certainty.SINGLE_SOURCE)  # fmt: skip
            basis = choice(basis_list[position] if position < len(basis_list) else "", "nidaa_attribution_basis", BASES, Attribution.Basis.MEDIA)  # fmt: skip
            attributions.append((row, name, basis, status))


def default(name: str) -> Any:
    """The value of a field the file does not carry, for a new record."""
    if name == "texts":
        return "{}"
    return Incident._meta.get_field(name).get_default()  # type: ignore[union-attr]


def json_texts(english: str, arabic: str) -> str:
    parts = [f'"{language}": {text}' for language, text in (("en", english), ("ar", arabic)) if text]  # fmt: skip
    return "{" + ", ".join(parts) + "}"


def made_title(what: str, place: str) -> str:
    """An English title for a record whose file has none, e.g. "Air/drone strike in Saraqab"."""
    return f"{what} in {place}" if what and place else what or place


@functools.cache
def means_titles() -> dict[str, str]:
    """ "Air strike", "Drone" …: titles are data in English, whatever the importer's language."""
    with translation.override("en"):
        return {value: str(label).capitalize() for value, label in Means.choices if value != Means.UNKNOWN}  # fmt: skip
