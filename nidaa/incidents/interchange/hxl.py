"""HXL, the Humanitarian Exchange Language: a CSV whose row of hashtags says what each column is.

Writing: the same columns as the ACLED export, with their hashtags (columns.py) in the row
under the header. Reading: the columns are found by hashtag, wherever the hashtag row is
(HXL allows header rows above it, or none); the attributes of a hashtag may come in any order
and any case (`#affected+min+killed` is `#affected+killed+min`). Columns with other hashtags
are ignored.
"""

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

from django.utils.translation import gettext as _

from nidaa.incidents.interchange import acled, columns
from nidaa.incidents.interchange.records import Record
from nidaa.incidents.interchange.rows import Batch, RowError, RowReader

Tag = tuple[str, frozenset[str]]
# Rows before the hashtag row that we look through (HXL puts it within the first few).
SEARCH_ROWS = 25
# Hashtags other datasets use for the same things.
ALIASES = {
    "#event+code": "event_id_cnty",
    "#date+occurred": "event_date",
    "#date": "event_date",
    "#loc": "location",
    "#adm1": "admin1",
    "#adm2": "admin2",
    "#adm3": "admin3",
}


def parse_tag(text: str) -> Tag | None:
    """The hashtag and its attributes, normalised; None if the cell is no hashtag."""
    spec = "".join(text.split()).lower()
    if not spec.startswith("#") or len(spec) < 2:
        return None
    tag, *attributes = spec.split("+")
    return tag, frozenset(attribute for attribute in attributes if attribute)


KEY_OF_TAG: dict[Tag, str] = {}
for _tag, _key in [*[(tag, name) for name, tag in columns.COLUMNS], *ALIASES.items()]:
    _parsed = parse_tag(_tag)
    assert _parsed is not None
    KEY_OF_TAG.setdefault(_parsed, _key)


def is_tag_row(cells: list[str]) -> bool:
    filled = [cell for cell in cells if cell.strip()]
    return bool(filled) and all(parse_tag(cell) is not None for cell in filled)


def read(stream: TextIO, source: str, advance: Callable[[int], None] = lambda n: None) -> Batch:
    lines, rows = acled.read_rows(stream, source, advance)
    found = next((index for index, cells in enumerate(rows[: SEARCH_ROWS + 1]) if is_tag_row(cells)), None)  # fmt: skip
    if found is None:
        line = lines[min(len(lines), SEARCH_ROWS + 1) - 1] if lines else 1
        raise RowError(source, line, "-", _("no row of HXL hashtags in the first rows"))
    keys: list[str] = []
    names: dict[str, str] = {}
    for cell in rows[found]:
        parsed = parse_tag(cell)
        key = KEY_OF_TAG.get(parsed, "") if parsed else ""
        keys.append(key)
        if key:
            names.setdefault(key, cell.strip())
    for name, hashtag in columns.COLUMNS:
        names.setdefault(name, hashtag)
    reader = RowReader(keys, source, names, header_line=lines[found])
    reader.take(rows[found + 1 :], lines[found + 1 :])
    return reader.finish()


def all_cells(records: Iterable[Record]) -> Iterator[list[Any]]:
    """The hashtag row, then each record's cells (the header row is the CSV's)."""
    yield [tag for _name, tag in columns.COLUMNS]
    yield from acled.all_cells(records)
