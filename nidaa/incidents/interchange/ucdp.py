"""The UCDP Georeferenced Event Dataset (GED) as CSV: one row per event, keyed `UCDP-<id>`.

How its codebook maps onto the record (documented for the people who import):

- dates: `date_start`/`date_end` (UCDP writes "2017-03-05 00:00:00.000"; the day is kept);
  `date_prec` 1 → exact, 2–3 (within a week) → approximate, 4–5 (a month or more) → coarse.
- place: `where_prec` 1 → exact, 2–3 (within 25 km, or the district) → approximate, 4 and
  above (governorate, country, …) → coarse; `where_coordinates` is the place name, `adm_1` and
  `adm_2` the governorate and district names (replaced from the boundaries where the point
  falls inside them).
- civilians killed: UCDP counts civilian deaths (`deaths_civilians`) inside a best estimate
  with a low and a high one for all deaths. The range is widened by both: at least
  `deaths_civilians - (best - low)` (the low estimate's shortfall may fall on civilians), at
  most `deaths_civilians + deaths_unknown + (high - best)` (the unknown dead and the high
  estimate's surplus may all be civilians).
- actors: in one-sided violence (`type_of_violence` 3) `side_a` attacked civilians and is
  attributed ("single source"). In a fight between two sides (1 and 2) either may have caused
  the harm: both are attributed as "contested". A side named "Government of …" is state forces.
- means: UCDP does not record the weapon, so imported records have unknown means.
"""

from collections.abc import Callable
from typing import TextIO

from django.utils.translation import gettext as _

from nidaa.incidents.interchange import acled
from nidaa.incidents.interchange.rows import (
    Batch,
    Invalid,
    RowError,
    RowReader,
    count,
    made_title,
    shown,
)
from nidaa.incidents.models import Attribution

# The ACLED-named cells a UCDP row becomes, and the UCDP column each is read from.
KEYS = (
    "event_id_cnty", "event_date", "nidaa_end_date", "time_precision", "latitude",
    "longitude", "geo_precision", "location", "admin1", "admin2", "notes", "nidaa_title",
    "nidaa_killed_min", "nidaa_killed_max", "actor1", "inter1", "assoc_actor_1",
    "nidaa_attribution_status", "nidaa_attribution_basis",
)  # fmt: skip
NAMES = {
    "event_id_cnty": "id",
    "event_date": "date_start",
    "nidaa_end_date": "date_end",
    "time_precision": "date_prec",
    "geo_precision": "where_prec",
    "location": "where_coordinates",
    "admin1": "adm_1",
    "admin2": "adm_2",
    "notes": "source_headline",
    "nidaa_title": "dyad_name",
    "nidaa_killed_min": "deaths_civilians",
    "nidaa_killed_max": "deaths_civilians",
    "actor1": "side_a",
    "assoc_actor_1": "side_b",
}
REQUIRED = ("id", "date_start")
DATE_PRECISION = {"1": "1", "2": "2", "3": "2", "4": "3", "5": "3"}
WHERE_PRECISION = {"1": "1", "2": "2", "3": "2", "4": "3", "5": "3", "6": "3", "7": "3"}
ONE_SIDED = "3"
STATE_PREFIX = "government of"


def read(stream: TextIO, source: str, advance: Callable[[int], None] = lambda n: None) -> Batch:
    lines, rows = acled.read_rows(stream, source, advance)
    if not rows:
        raise RowError(source, 1, "id", _("the file is empty"))
    header_line, header = lines[0], rows[0]
    at = {acled.header_key(name): index for index, name in enumerate(header)}
    for name in REQUIRED:
        if name not in at:
            raise RowError(source, header_line, name, _("the column is missing"))
    reader = RowReader(KEYS, source, NAMES, header_line)
    width = len(header)
    for line, cells in zip(lines[1:], rows[1:], strict=True):
        if len(cells) < width:
            cells.extend([""] * (width - len(cells)))
        try:
            translated = translate(cells, at)
        except Invalid as error:
            raise RowError(source, line, error.column, error.reason) from None
        reader.add(translated, line)
    return reader.finish()


def translate(cells: list[str], at: dict[str, int]) -> list[str]:
    """A UCDP row as the cells of KEYS."""

    def cell(name: str) -> str:
        index = at.get(name)
        return cells[index].strip() if index is not None else ""

    civilians = count(cell("deaths_civilians"), "deaths_civilians")
    unknown = count(cell("deaths_unknown"), "deaths_unknown")
    best = count(cell("best"), "best")
    low = count(cell("low"), "low", best)
    high = count(cell("high"), "high", best)
    side_a, side_b = cell("side_a"), cell("side_b")
    one_sided = cell("type_of_violence") in ("", ONE_SIDED)
    status = Attribution.Certainty.SINGLE_SOURCE if one_sided else Attribution.Certainty.CONTESTED
    where = cell("where_coordinates")
    return [
        f"UCDP-{cell('id')}" if cell("id") else "",
        ucdp_day(cell("date_start")),
        ucdp_day(cell("date_end")),
        mapped(cell("date_prec"), "date_prec", DATE_PRECISION),
        cell("latitude"),
        cell("longitude"),
        mapped(cell("where_prec"), "where_prec", WHERE_PRECISION),
        where,
        cell("adm_1"),
        cell("adm_2"),
        cell("source_headline"),
        made_title(cell("dyad_name") or cell("conflict_name"), where),
        str(max(0, civilians - max(0, best - low))),
        str(civilians + unknown + max(0, high - best)),
        side_a,
        "1" if side_a.lower().startswith(STATE_PREFIX) else "",
        "" if one_sided else side_b.replace(";", ","),
        "; ".join([status] * (1 if one_sided else 2)),
        "; ".join([Attribution.Basis.MEDIA] * 2),
    ]


def ucdp_day(value: str) -> str:
    """The day of a UCDP date-time ("2017-03-05 00:00:00.000"); the reader checks it."""
    if len(value) > 10 and value[10] in " T":
        return value[:10]
    return value


def mapped(value: str, column: str, codes: dict[str, str]) -> str:
    if not value:
        return ""
    found = codes.get(value)
    if found is None:
        raise Invalid(
            column,
            _("%(value)s is not one of: %(allowed)s")
            % {"value": shown(value), "allowed": ", ".join(codes)},
        )
    return found
