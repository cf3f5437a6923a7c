"""Reading targets from any CSV file, with a JSON mapping from the file's columns to our fields.

The mapping format (see nidaa/lobbying/mappings/README.md; examples beside it):

    {
      "description": "where the data comes from",
      "country": "gb",                      optional: every row's country
      "delimiter": ",", "encoding": "utf-8-sig",         optional
      "fields": {
        "source_id": "member_id",           a column's name
        "name": {"columns": ["first_name", "last_name"], "join": " "},
        "role": {"value": "Member of Parliament"},       the same text for every row
        "email": {"column": "member_email", "required": true}
      },
      "committees": {"columns": ["AFET", "DROI"], "values": ["M"]}
                 or {"column": "committees", "separator": "|"},
      "ocd_ids_by_name": "gb-constituencies"              optional: area OCD ids by name
    }
"""

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nidaa.lobbying import records
from nidaa.lobbying.areas import OCD_TABLES, AreaRef, name_key, ocd_table
from nidaa.lobbying.records import CHANNEL_KINDS, ImportProblem, Record

TEXT_FIELDS = ("source_id", "name", "sort_name", "role", "party", "group")
AREA_FIELDS = ("area_id", "area_code", "area_name", "area_kind")
DATE_FIELDS = ("valid_from", "valid_until")
FIELDS = (*TEXT_FIELDS, "country", *AREA_FIELDS, *DATE_FIELDS, *CHANNEL_KINDS)
REQUIRED = ("source_id", "name")


@dataclass(frozen=True)
class Source:
    """Where one field's value comes from: columns joined, or a fixed value."""

    field: str
    columns: tuple[str, ...] = ()
    value: str = ""
    join: str = " "
    required: bool = False

    def read(self, row: dict[str, str]) -> str:
        if not self.columns:
            return self.value
        parts = [(row.get(column) or "").strip() for column in self.columns]
        return self.join.join(part for part in parts if part)

    def describe(self) -> str:
        return "column " + "+".join(self.columns) if self.columns else "the mapping's value"


@dataclass(frozen=True)
class Mapping:
    fields: dict[str, Source]
    description: str = ""
    country: str = ""
    delimiter: str = ","
    encoding: str = "utf-8-sig"
    committee_columns: tuple[str, ...] = ()
    committee_values: frozenset[str] = frozenset()
    committee_column: str = ""
    committee_separator: str = "|"
    ocd_ids_by_name: str = ""

    def columns(self) -> set[str]:
        used = {c for source in self.fields.values() for c in source.columns}
        return used | set(self.committee_columns) | ({self.committee_column} - {""})


# --- the mapping file ------------------------------------------------------------------------


def load_mapping(path: Path) -> Mapping:
    where = path.name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportProblem(where, "", f"cannot read the mapping: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("fields"), dict):
        raise ImportProblem(where, "fields", "the mapping needs a fields object")
    unknown = set(data["fields"]) - set(FIELDS)
    if unknown:
        raise ImportProblem(
            where, "fields", f"unknown fields {sorted(unknown)}; known: {', '.join(FIELDS)}"
        )
    fields = {name: _source(name, spec, where) for name, spec in data["fields"].items()}
    missing = [name for name in REQUIRED if name not in fields]
    if missing:
        raise ImportProblem(where, "fields", f"missing {', '.join(missing)}")
    table = str(data.get("ocd_ids_by_name") or "")
    if table and table not in OCD_TABLES:
        raise ImportProblem(
            where, "ocd_ids_by_name", f"unknown table {table!r}; known: {', '.join(OCD_TABLES)}"
        )
    committees = data.get("committees") or {}
    return Mapping(
        fields=fields,
        description=str(data.get("description") or ""),
        country=records.country(data.get("country"), where, "country"),
        delimiter=str(data.get("delimiter") or ","),
        encoding=str(data.get("encoding") or "utf-8-sig"),
        committee_columns=tuple(committees.get("columns") or ()),
        committee_values=frozenset(committees.get("values") or ()),
        committee_column=str(committees.get("column") or ""),
        committee_separator=str(committees.get("separator") or "|"),
        ocd_ids_by_name=table,
    )


def _source(name: str, spec: Any, where: str) -> Source:
    if isinstance(spec, str):
        return Source(name, columns=(spec,), required=name in REQUIRED)
    if not isinstance(spec, dict):
        raise ImportProblem(where, f"fields.{name}", "expected a column name or an object")
    required = bool(spec.get("required")) or name in REQUIRED
    if "value" in spec:
        return Source(name, value=str(spec["value"]), required=required)
    columns = spec.get("columns") or ([spec["column"]] if spec.get("column") else [])
    if not columns or not all(isinstance(c, str) for c in columns):
        raise ImportProblem(where, f"fields.{name}", "give column, columns or value")
    return Source(name, tuple(columns), join=str(spec.get("join", " ")), required=required)


# --- the data file ---------------------------------------------------------------------------


def read(path: Path, mapping: Mapping, country: str = "") -> list[Record]:
    return [record(line, row, mapping, country) for line, row in rows(path, mapping)]


def rows(path: Path, mapping: Mapping) -> Iterator[tuple[int, dict[str, str]]]:
    """(line where the row starts, row) for each data row, after checking the header."""
    with path.open(newline="", encoding=mapping.encoding) as file:
        reader = csv.DictReader(file, delimiter=mapping.delimiter)
        try:
            header = reader.fieldnames or []
            missing = sorted(mapping.columns() - set(header))
            if missing:
                raise ImportProblem(
                    "line 1",
                    f"column {missing[0]}",
                    f"not in the file; its columns are: {', '.join(header)}",
                )
            line = reader.line_num + 1
            for row in reader:
                if None in row:
                    raise ImportProblem(
                        f"line {line}", "", f"more cells than the header's {len(header)}"
                    )
                yield line, row
                line = reader.line_num + 1
        except UnicodeDecodeError:
            raise ImportProblem(
                f"after line {reader.line_num}", "", f"not {mapping.encoding} text"
            ) from None
        except csv.Error as error:
            raise ImportProblem(f"line {reader.line_num}", "", f"not valid CSV: {error}") from None


def record(line: int, row: dict[str, str], mapping: Mapping, country: str = "") -> Record:
    where = f"line {line}"
    values: dict[str, str] = {}
    for name, source in mapping.fields.items():
        values[name] = source.read(row)
        if source.required and not values[name]:
            raise ImportProblem(where, source.describe(), f"{name} is empty")

    def column(name: str) -> str:
        source = mapping.fields.get(name)
        return source.describe() if source else name

    texts = {name: records.text(values.get(name), where, column(name)) for name in TEXT_FIELDS}
    found = Record(
        where=where,
        source_id=texts["source_id"],
        name=texts["name"],
        sort_name=texts["sort_name"],
        role=texts["role"],
        party=texts["party"],
        group=texts["group"],
    )
    found.country = records.country(
        values.get("country") or mapping.country or country, where, column("country")
    )
    if not found.country:
        raise ImportProblem(where, "country", "no country: map a country column, or give --country")
    for name in DATE_FIELDS:
        setattr(
            found,
            name,
            records.partial_date(values.get(name), where, column(name), end=name == "valid_until"),
        )
    found.area = _area(values, found.country, mapping, where, column)
    found.committees = _committees(row, mapping)
    for kind in CHANNEL_KINDS:
        if kind in mapping.fields:
            required = mapping.fields[kind].required
            found.add_channel(kind, values.get(kind), where, column(kind), required=required)
    return found


def _area(
    values: dict[str, str], country: str, mapping: Mapping, where: str, column: Any
) -> AreaRef | None:
    ocd_id = records.text(values.get("area_id"), where, column("area_id"))
    code = records.text(values.get("area_code"), where, column("area_code"), limit=40)
    name = records.text(values.get("area_name"), where, column("area_name"))
    if not (ocd_id or code or name):
        return None
    if ocd_id and not ocd_id.startswith("ocd-division/country:"):
        raise ImportProblem(where, column("area_id"), f"{ocd_id!r} is not an OCD division id")
    if not ocd_id and name and mapping.ocd_ids_by_name:
        ocd_id = ocd_table(mapping.ocd_ids_by_name).get(name_key(name), "")
    kind = records.text(values.get("area_kind"), where, column("area_kind"), limit=40)
    return AreaRef(country, name or code or ocd_id, ocd_id=ocd_id, code=code, kind=kind)


def _committees(row: dict[str, str], mapping: Mapping) -> list[str]:
    found = [
        column
        for column in mapping.committee_columns
        if (row.get(column) or "").strip() in mapping.committee_values
    ]
    if mapping.committee_column:
        cell = row.get(mapping.committee_column) or ""
        found += [part.strip() for part in cell.split(mapping.committee_separator) if part.strip()]
    return sorted(set(found))
