"""Areas and their Open Civic Data division ids: building ids, names, and finding areas again.

OCD ids look like ``ocd-division/country:us/state:ny/cd:12``: each ``/type:id`` step narrows
the place, so an id's ancestors are its prefixes (the state of a district). US ids are built
from the USPS state code and the district number (0 is at-large, ``cd:at-large``); the
District of Columbia is a ``district`` and the other non-states are ``territory`` steps, as in
the OCD identifier files. UK constituencies get their OCD id from their name, through the
table of current Westminster constituencies shipped beside this module (data/, from the
opencivicdata/ocd-division-ids repository, CC0).
"""

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
OCD_PREFIX = "ocd-division/"

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa",
    "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire",
    "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "DC": "District of Columbia", "AS": "American Samoa", "GU": "Guam",
    "MP": "Northern Mariana Islands", "PR": "Puerto Rico", "VI": "US Virgin Islands",
}  # fmt: skip
US_TERRITORIES = {"AS", "GU", "MP", "PR", "VI"}


@dataclass(frozen=True)
class AreaRef:
    """An area as a source names it; matched to a stored Area by OCD id, code or name."""

    country: str
    name: str
    ocd_id: str = ""
    code: str = ""
    kind: str = ""


def name_key(name: str) -> str:
    """A name as people type it: "Montgomeryshire and Glyndŵr" = "montgomeryshire & glyndwr"."""
    folded = unicodedata.normalize("NFKD", name.replace("&", " and ")).casefold()
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(re.findall(r"[a-z0-9]+", plain))


def ancestors(ocd_id: str) -> list[str]:
    """The ids of the places containing this one, below the country: the state of a district."""
    steps = ocd_id.removeprefix(OCD_PREFIX).split("/")
    return [OCD_PREFIX + "/".join(steps[:n]) for n in range(2, len(steps))]


def country_of(ocd_id: str) -> str:
    match = re.match(r"ocd-division/country:([a-z]{2})\b", ocd_id)
    return match[1] if match else ""


# --- United States ---------------------------------------------------------------------------


def us_state_ocd(state: str) -> str:
    code = state.upper()
    kind = "district" if code == "DC" else "territory" if code in US_TERRITORIES else "state"
    return f"{OCD_PREFIX}country:us/{kind}:{code.lower()}"


def us_state_area(state: str) -> AreaRef:
    code = state.upper()
    return AreaRef("us", US_STATES[code], ocd_id=us_state_ocd(code), kind="state")


def us_district_area(state: str, district: int) -> AreaRef:
    """District 0 is the state's single at-large seat."""
    code = state.upper()
    place = US_STATES[code]
    if district == 0:
        return AreaRef(
            "us",
            f"{place}'s at-large congressional district",
            ocd_id=f"{us_state_ocd(code)}/cd:at-large",
            kind="cd",
        )
    return AreaRef(
        "us",
        f"{place}'s {ordinal(district)} congressional district",
        ocd_id=f"{us_state_ocd(code)}/cd:{district}",
        kind="cd",
    )


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# --- OCD ids by name ---------------------------------------------------------------------------

# Tables shipped in data/: name → OCD id, for sources that give only a name (and a GSS code).
OCD_TABLES = {"gb-constituencies": DATA / "ocd-gb-constituencies.csv"}


@functools.cache
def ocd_table(name: str) -> dict[str, str]:
    """{name_key: OCD id} from a shipped table (columns id, name)."""
    with OCD_TABLES[name].open(newline="", encoding="utf-8") as file:
        return {name_key(row["name"]): row["id"] for row in csv.DictReader(file)}
