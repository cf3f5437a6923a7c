"""CSV that is safe to open in a spreadsheet, streamed: the writer every export uses.

Formula injection: a spreadsheet treats a cell that starts with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return as a formula (or as the start of one), so a signer who types
``=HYPERLINK(...)`` as their name could run it on a staff member's computer. Following OWASP,
such a text cell gets a leading single quote, which spreadsheets show as plain text.

Deliberate choices:

- A text cell is neutralised also when the trigger hides behind leading whitespace or
  invisible characters (`` =1+1``, ``\\n=1+1``, a no-break space, a zero-width space …): some
  programs trim cells on import. Full-width look-alikes (``＝ ＋ － ＠``) count as triggers too.
- Numbers are numbers: a Python ``int``, ``float`` or ``Decimal`` is written as it is, so ``-5``
  stays a negative number. The same characters as text (``"-5"``) are quoted, because text
  comes from people and numbers come from our code.
- The file is UTF-8 with a byte-order mark (so that Excel reads Arabic correctly) and CRLF line
  ends (RFC 4180).
"""

import csv
import io
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

BOM = "\ufeff"
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# Skipped when looking for a trigger: whitespace, and invisible characters that a program
# might drop on import (zero-width spaces and joiners, direction marks, the BOM).
BLANK_CHARS = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
BLANK = re.compile(f"[\\s{BLANK_CHARS}]*")
TRIGGER_CHARS = frozenset("".join(TRIGGERS))
# Rows per encoded chunk: large enough to keep per-chunk overhead small, small enough that a
# chunk is a few hundred kilobytes at most.
CHUNK_ROWS = 500


def safe_cell(value: Any) -> str | int | float | Decimal:
    """One cell, neutralised if a spreadsheet could read it as a formula."""
    if type(value) is str:  # by far the most common: first, and without isinstance
        return safe_text(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | Decimal):
        return value
    return safe_text(str(value))


def safe_text(text: str) -> str:
    # Exports run this millions of times: look at the first character, and only when it is
    # blank skip the blanks to the first that is not.
    if not text:
        return text
    first = text[0]
    if first in TRIGGER_CHARS:
        return "'" + text
    if first.isspace() or first in BLANK_CHARS:
        rest = text[BLANK.match(text).end() :]  # type: ignore[union-attr]  # * always matches
        if rest[:1] in TRIGGER_CHARS and rest:
            return "'" + text
    return text


class CSVStream:
    """The CSV of `header` and `rows` as encoded chunks, for a StreamingHttpResponse or a file.

    ``rows_written`` counts the data rows produced so far (the header excluded).
    """

    def __init__(self, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        self.header = header
        self.rows = rows
        self.rows_written = 0

    def __iter__(self) -> Iterator[bytes]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        buffer.write(BOM)
        writer.writerow([safe_cell(name) for name in self.header])
        pending = 0
        for row in self.rows:
            writer.writerow(list(map(safe_cell, row)))
            self.rows_written += 1
            pending += 1
            if pending >= CHUNK_ROWS:
                yield _drain(buffer)
                pending = 0
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> bytes:
    data = buffer.getvalue().encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    return data


def write_csv(out: IO[bytes], header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write the CSV to an open binary file; returns the number of data rows."""
    stream = CSVStream(header, rows)
    for chunk in stream:
        out.write(chunk)
    return stream.rows_written


def write_csv_file(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write the CSV to `path` atomically: a failure part-way leaves no file, or the old one.

    The rows go to a temporary file in the same folder, which replaces `path` only when
    complete (a rename within one file system is atomic).
    """
    path = Path(path)
    # mkstemp makes the file readable by its owner only, as suits personal data.
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            count = write_csv(out, header, rows)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count
