"""Reading the unitedstates/congress-legislators YAML (legislators-current.yaml).

Each record is a person with a list of terms; the last term is the current one. Senators
represent their state, House members a district (0: the state's at-large seat). The file
holds no email addresses: Congress is reached by phone, web contact form and post.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from nidaa.lobbying import records
from nidaa.lobbying.areas import US_STATES, us_district_area, us_state_area
from nidaa.lobbying.records import ImportProblem, Record

# The House's non-voting members: the District of Columbia and the territories.
HOUSE_ROLES = {
    "PR": "Resident Commissioner",
    **dict.fromkeys(("DC", "AS", "GU", "MP", "VI"), "Delegate"),
}
CHANNELS = (
    ("phone", "phone"),
    ("contact_form", "contact_form"),
    ("address", "postal"),
    ("url", "website"),
)

Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 10× faster


def yaml_records(path: Path) -> Iterator[tuple[int, Any]]:
    """(line, record) for each item of the top-level list, keeping the line for messages."""
    with path.open("rb") as stream:
        loader = Loader(stream)
        try:
            try:
                root = loader.get_single_node()
            except yaml.YAMLError as error:
                raise ImportProblem(_mark(error), "", f"not valid YAML: {error}") from None
            if root is None or not isinstance(root, yaml.SequenceNode):
                raise ImportProblem("line 1", "", "expected a list of legislators")
            for node in root.value:
                yield node.start_mark.line + 1, loader.construct_document(node)
        finally:
            loader.dispose()


def _mark(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    return f"line {mark.line + 1}" if mark is not None else "line 1"


def read(path: Path) -> list[Record]:
    return [legislator(line, data) for line, data in yaml_records(path)]


def legislator(line: int, data: Any) -> Record:
    where = f"line {line}"
    if not isinstance(data, dict):
        raise ImportProblem(where, "", "expected a legislator record")
    bioguide = records.text(_get(data, "id", "bioguide"), where, "id.bioguide", required=True)
    where = f"line {line} (bioguide {bioguide})"
    terms = data.get("terms")
    if not isinstance(terms, list) or not terms or not isinstance(terms[-1], dict):
        raise ImportProblem(where, "terms", "no terms: the last term is the current one")
    term = terms[-1]
    record = Record(
        where=where,
        source_id=bioguide,
        name=_full_name(data, where),
        sort_name=_sort_name(data, where),
        party=records.text(term.get("party"), where, "terms[-1].party"),
        country="us",
        valid_from=records.partial_date(term.get("start"), where, "terms[-1].start"),
        valid_until=records.partial_date(term.get("end"), where, "terms[-1].end", end=True),
    )
    _seat(record, term, where)
    for key, kind in CHANNELS:
        record.add_channel(kind, term.get(key), where, f"terms[-1].{key}")
    return record


def _seat(record: Record, term: dict[str, Any], where: str) -> None:
    """Role and area: a senator's state, or a House member's district."""
    state = records.text(term.get("state"), where, "terms[-1].state", required=True).upper()
    if state not in US_STATES:
        raise ImportProblem(where, "terms[-1].state", f"{state!r} is not a US state code")
    kind = term.get("type")
    if kind == "sen":
        record.role, record.area = "Senator", us_state_area(state)
    elif kind == "rep":
        district = term.get("district")
        if isinstance(district, bool) or not isinstance(district, int) or district < 0:
            raise ImportProblem(
                where,
                "terms[-1].district",
                f"{district!r} is not a district number (0 for at-large)",
            )
        record.role = HOUSE_ROLES.get(state, "Representative")
        record.area = us_district_area(state, district)
    else:
        raise ImportProblem(where, "terms[-1].type", f"{kind!r} is neither 'sen' nor 'rep'")


def _full_name(data: dict[str, Any], where: str) -> str:
    name = data.get("name")
    if not isinstance(name, dict):
        raise ImportProblem(where, "name", "missing")
    if name.get("official_full"):
        return records.text(name["official_full"], where, "name.official_full")
    parts = [name.get(part) for part in ("first", "middle", "last", "suffix")]
    return records.text(" ".join(str(p) for p in parts if p), where, "name", required=True)


def _sort_name(data: dict[str, Any], where: str) -> str:
    last = _get(data, "name", "last")
    first = _get(data, "name", "first")
    return records.text(f"{last}, {first}" if last and first else "", where, "name.last")


def _get(data: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)  # type: ignore[assignment]
    return data
