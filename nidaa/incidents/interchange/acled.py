"""ACLED's CSV: the columns of its codebook, then Nidaa's own (columns.py).

Reading takes any ACLED export (columns found by name, in any order; unknown ones ignored).
Writing puts ACLED's columns first, so the file reads as ACLED data anywhere, and the
`nidaa_…` columns after them, so it re-imports here to the same records.
"""

import csv
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

from django.utils.translation import gettext as _

from nidaa.incidents.interchange import columns
from nidaa.incidents.interchange.records import Record
from nidaa.incidents.interchange.rows import Batch, RowError, RowReader

Cells = list[str]
# Rows read between two updates of the progress bar.
PROGRESS_ROWS = 5000


def read(stream: TextIO, source: str, advance: Callable[[int], None] = lambda n: None) -> Batch:
    """Check every row of an ACLED file; raises RowError at the first bad cell."""
    lines, rows = read_rows(stream, source, advance)
    if not rows:
        raise RowError(source, 1, "event_id_cnty", _("the file is empty"))
    reader = RowReader([header_key(name) for name in rows[0]], source, header_line=lines[0])
    reader.take(rows[1:], lines[1:])
    return reader.finish()


def header_key(name: str) -> str:
    return name.strip().lstrip("\ufeff").lower()


def read_rows(
    stream: TextIO, source: str, advance: Callable[[int], None] = lambda n: None
) -> tuple[list[int], list[Cells]]:
    """Every row that is not a blank line, and the line on which each starts.

    A quoted cell may hold line breaks, so a row's line is where the previous one ended + 1.
    One tight loop: it runs for every row of the file.
    """
    reader = csv.reader(stream)
    lines: list[int] = []
    rows: list[Cells] = []
    add_line, add_row = lines.append, rows.append
    last = 0
    try:
        for cells in reader:
            if cells:
                add_line(last + 1)
                add_row(cells)
                if not len(rows) % PROGRESS_ROWS:
                    advance(PROGRESS_ROWS)
            last = reader.line_num
    except csv.Error as error:
        raise RowError(source, reader.line_num, "-", _("not valid CSV: %s") % error) from None
    except UnicodeDecodeError:
        raise RowError(
            source, reader.line_num + 1, "-", _("not UTF-8 text; save the file as UTF-8")
        ) from None
    advance(len(rows) % PROGRESS_ROWS)
    return lines, rows


# --- Writing ----------------------------------------------------------------------------------


def cells(record: Record) -> list[Any]:
    """One record as the cells of columns.HEADER."""
    means = record["means"]
    event_type, sub_event = columns.EVENT_OF_MEANS.get(means, (columns.REMOTE, ""))
    actors = record["actors"]
    inter1 = columns.INTER_OF_KIND.get(actors[0][3], "") if actors else ""
    country, iso, region = columns.COUNTRIES.get(record["admin1_pcode"][:2].upper(), ("", "", ""))
    texts = record["texts"] or {}
    english, arabic = texts.get("en") or {}, texts.get("ar") or {}
    started, ended = record["started_on"], record["ended_on"]
    separator = columns.SEPARATOR
    return [
        record["code"],
        started,
        started.year,
        record["time_precision"],
        "Political violence",
        event_type,
        sub_event,
        actors[0][0] if actors else "",
        separator.join(actor[0] for actor in actors[1:]),
        inter1,
        f"Civilians ({country})" if country else "Civilians",
        "",
        columns.CIVILIANS_INTER[0],
        "".join(sorted((inter1, columns.CIVILIANS_INTER[0]))) if inter1 else "",
        columns.CIVILIAN_TARGETING if record["killed_min"] == record["killed_max"] else "",
        iso,
        region,
        country,
        record["admin1_en"],
        record["admin2_en"],
        record["admin3_en"],
        record["place_en"],
        record["latitude"],
        record["longitude"],
        record["geo_precision"],
        separator.join(record["sources"]),
        "",
        english.get("narrative", ""),
        record["killed_max"],
        "",
        int(record["updated_at"].timestamp()),
        english.get("title", ""),
        arabic.get("title", ""),
        arabic.get("narrative", ""),
        ended or "",
        record["place_ar"],
        record["admin1_pcode"],
        record["admin1_ar"],
        record["admin2_pcode"],
        record["admin2_ar"],
        record["admin3_pcode"],
        record["admin3_ar"],
        record["location_mode"],
        means,
        record["strikes"],
        record["locations"],
        record["killed_min"],
        record["killed_max"],
        record["injured_min"],
        record["injured_max"],
        record["grade"],
        record["status"],
        separator.join(actor[1] for actor in actors),
        separator.join(actor[2] for actor in actors),
    ]


def all_cells(records: Iterable[Record]) -> Iterator[list[Any]]:
    for record in records:
        yield cells(record)
