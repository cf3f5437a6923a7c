"""Importing and exporting whole files: what the two commands call.

`import_file` reads and checks the whole file before it writes anything, then writes it in one
transaction (store.py). `export_file` streams the records into a temporary file beside the
target, which replaces the target only when complete.
"""

import gc
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TextIO

from nidaa.accounts.audit import record
from nidaa.core.spreadsheet import write_csv
from nidaa.incidents.interchange import acled, columns, geojson, hxl, ucdp
from nidaa.incidents.interchange.records import export_records, incidents_to_export, is_public
from nidaa.incidents.interchange.rows import Batch
from nidaa.incidents.interchange.steps import Steps
from nidaa.incidents.interchange.store import Outcome, incident_ids, save
from nidaa.incidents.workflow import CODES, IMPORTED

Reader = Callable[[TextIO, str, Callable[[int], None]], Batch]
READERS: dict[str, Reader] = {
    "acled": acled.read,
    "ucdp": ucdp.read,
    "hxl": hxl.read,
    "geojson": geojson.read,
}
EXPORT_FORMATS = ("acled", "hxl", "geojson")
# The audit log's actions for the commands; an import's entry lists the codes of the records
# it wrote, so that each record's history shows it (workflow.history).
IMPORT_ACTION = IMPORTED
EXPORT_ACTION = "export"


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while reading and writing a file.

    A file of 100,000 rows becomes millions of small lists and strings, none in a cycle; the
    collector would walk them again and again as they pile up (a third of the import's time).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_file(path: Path, kind: str, source: str, steps: Steps) -> Batch:
    """Read and check every row; raises rows.RowError naming the first bad cell."""
    # utf-8-sig: spreadsheets write a byte-order mark, which must not stick to the first name.
    with (
        path.open(encoding="utf-8-sig", newline="") as stream,
        steps.step("Reading " + source) as bar,
    ):
        return READERS[kind](stream, source, bar.advance)


def import_file(path: Path, kind: str, status: str | None, steps: Steps) -> Outcome:
    with collector_paused():
        batch = read_file(path, kind, str(path), steps)
        outcome = save(batch, status, steps)
    details = {"file": path.name, "format": kind, "status": status or "", "rows": outcome.rows}
    details |= {"created": outcome.created, "updated": outcome.updated, CODES: batch.codes}
    record(None, IMPORT_ACTION, None, after=details)
    return outcome


@dataclass
class Preview:
    rows: int
    existing: int


def preview(batch: Batch) -> Preview:
    """What an import would do, without writing: how many records exist already."""
    return Preview(len(batch), len(incident_ids(batch.codes)))


# --- Export -----------------------------------------------------------------------------------


def export_file(output: str, kind: str, status: str | None, steps: Steps) -> int:
    """Write the records (of `status`, if given) to `output` ('-': standard output)."""
    public = is_public(status)
    total = incidents_to_export(status).count()
    with steps.step("Exporting incidents", total) as bar:
        records = bar.track(export_records(status, public))
        if output == "-":
            count = write(sys.stdout.buffer, kind, records)
            sys.stdout.buffer.flush()
        else:
            with atomic_file(Path(output)) as out:
                count = write(out, kind, records)
    details = {"file": Path(output).name, "format": kind, "status": status or "", "rows": count}
    details |= {"public": public}
    record(None, EXPORT_ACTION, None, after=details)
    return count


def write(out: IO[bytes], kind: str, records: Any) -> int:
    if kind == "geojson":
        return geojson.write(out, records)
    if kind == "hxl":
        return write_csv(out, columns.HEADER, hxl.all_cells(records)) - 1  # the hashtag row
    return write_csv(out, columns.HEADER, acled.all_cells(records))


@contextmanager
def atomic_file(path: Path) -> Iterator[IO[bytes]]:
    """A file that replaces `path` only when complete: a failure leaves no half file."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
