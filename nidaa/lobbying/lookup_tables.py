"""Importing look-up tables: ZIP code areas → US House districts, postcodes → UK constituencies.

A table is replaced whole in one transaction: the old rows of that kind are deleted and the
file's rows inserted in batches, so a failure at any line leaves the old table in place, and
importing the same file again gives the same table. A key may have several rows (a ZIP code
that crosses district lines keeps them all). The areas rows point at are matched to stored
areas, or added, the same way target imports do it.
"""

import csv
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from nidaa.core.progress import Progress
from nidaa.lobbying.areas import US_STATES, AreaRef, name_key, ocd_table, us_district_area
from nidaa.lobbying.importing import save_areas
from nidaa.lobbying.lookup import GB_POSTCODE, GSS_CODE, purge_lookups
from nidaa.lobbying.models import Area, LookupEntry
from nidaa.lobbying.records import ImportProblem

BATCH = 5000
Row = tuple[str, AreaRef]


@dataclass(frozen=True)
class Imported:
    rows: int
    seconds: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def replace_table(kind: str, rows: Iterator[Row], progress: Progress | None = None) -> Imported:
    started = time.monotonic()
    count = 0
    areas: dict[AreaRef, Area] = {}
    with transaction.atomic():
        LookupEntry.objects.filter(kind=kind).delete()
        batch: list[Row] = []
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH:
                count += _insert(kind, batch, areas, progress)
                batch = []
        count += _insert(kind, batch, areas, progress)
        transaction.on_commit(purge_lookups)
    return Imported(count, time.monotonic() - started)


def _insert(
    kind: str, batch: list[Row], areas: dict[AreaRef, Area], progress: Progress | None
) -> int:
    unknown = {ref for _key, ref in batch if ref not in areas}
    if unknown:
        areas.update(save_areas(unknown))
    LookupEntry.objects.bulk_create(
        [LookupEntry(kind=kind, key=key, area_id=areas[ref].pk) for key, ref in batch],
        batch_size=BATCH,
    )
    if progress is not None:
        progress.advance(len(batch))
    return len(batch)


def csv_rows(
    path: Path, columns: set[str], encoding: str = "utf-8-sig"
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, row) after checking that the header has `columns`."""
    with path.open(newline="", encoding=encoding) as file:
        reader = csv.DictReader(file)
        try:
            header = reader.fieldnames or []
            missing = sorted(columns - set(header))
            if missing:
                raise ImportProblem(
                    "line 1",
                    f"column {missing[0]}",
                    f"not in the file; its columns are: {', '.join(header)}",
                )
            line = reader.line_num + 1
            for row in reader:
                yield line, row
                line = reader.line_num + 1
        except UnicodeDecodeError:
            raise ImportProblem(
                f"after line {reader.line_num}", "", f"not {encoding} text"
            ) from None
        except csv.Error as error:
            raise ImportProblem(f"line {reader.line_num}", "", f"not valid CSV: {error}") from None


def count_lines(path: Path) -> int:
    """Data rows for the progress bar (lines less the header; exact for plain files)."""
    with path.open("rb") as file:
        return max(
            0, sum(block.count(b"\n") for block in iter(lambda: file.read(1 << 20), b"")) - 1
        )


# --- ZIP code areas → congressional districts (zccd.csv) ------------------------------------


def zcta_rows(path: Path) -> Iterator[Row]:
    """zccd.csv: state_abbr, zcta, cd (0 for an at-large seat)."""
    for line, row in csv_rows(path, {"state_abbr", "zcta", "cd"}):
        where = f"line {line}"
        zcta = (row["zcta"] or "").strip()
        if not (len(zcta) == 5 and zcta.isdigit()):
            raise ImportProblem(where, "column zcta", f"{zcta!r} is not a 5-digit ZIP code area")
        state = (row["state_abbr"] or "").strip().upper()
        if state not in US_STATES:
            raise ImportProblem(where, "column state_abbr", f"{state!r} is not a US state code")
        district = (row["cd"] or "").strip()
        if not district.isdigit() or int(district) > 99:
            raise ImportProblem(
                where, "column cd", f"{district!r} is not a district number (0 for at-large)"
            )
        yield zcta, us_district_area(state, int(district))


# --- postcodes → constituencies (a file an operator provides) --------------------------------


@dataclass(frozen=True)
class PostcodeColumns:
    """Which columns hold what; the constituency column may hold a GSS code or a name."""

    postcode: str = "postcode"
    constituency: str = "constituency"
    code: str = ""
    name: str = ""
    country: str = "gb"

    @classmethod
    def load(cls, path: Path) -> "PostcodeColumns":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ImportProblem(path.name, "", f"cannot read the mapping: {error}") from None
        known = {"postcode", "constituency", "code", "name", "country"}
        if not isinstance(data, dict) or set(data) - known:
            raise ImportProblem(
                path.name, "", f"expected an object with keys among {sorted(known)}"
            )
        if ("code" in data or "name" in data) and "constituency" not in data:
            data["constituency"] = ""
        return cls(**{key: str(value) for key, value in data.items()})

    def needed(self) -> set[str]:
        return {self.postcode, self.constituency, self.code, self.name} - {""}


def postcode_rows(path: Path, columns: PostcodeColumns) -> Iterator[Row]:
    for line, row in csv_rows(path, columns.needed()):
        where = f"line {line}"
        postcode = "".join((row[columns.postcode] or "").split()).upper()
        if not GB_POSTCODE.fullmatch(postcode):
            raise ImportProblem(
                where,
                f"column {columns.postcode}",
                f"{postcode!r} is not a UK postcode or postcode district",
            )
        yield postcode, _constituency(row, columns, where)


def _constituency(row: dict[str, str], columns: PostcodeColumns, where: str) -> AreaRef:
    given = " ".join((row.get(columns.constituency) or "").split()) if columns.constituency else ""
    code = (row.get(columns.code) or "").strip().upper() if columns.code else ""
    name = " ".join((row.get(columns.name) or "").split()) if columns.name else ""
    if GSS_CODE.fullmatch(given.upper()):
        code = code or given.upper()
    elif given:
        name = name or given
    if not (code or name):
        column = columns.constituency or columns.code or columns.name
        raise ImportProblem(where, f"column {column}", "no constituency code or name")
    ocd_id = (
        ocd_table("gb-constituencies").get(name_key(name), "")
        if name and columns.country == "gb"
        else ""
    )
    return AreaRef(columns.country, name or code, ocd_id=ocd_id, code=code, kind="constituency")
