"""What the lobbying pages offer a supporter: the countries whose representatives are listed,
the target groups of each country and what finding yours takes, and the fixed lists.

- a group whose targets represent places asks for one: a ZIP code in the US, a postcode or
  a constituency in the UK (a postcode once a postcode table is loaded), a constituency's
  name elsewhere;
- a group whose targets represent a whole country (a country's MEPs) is listed as it is,
  filterable by committee where the targets sit on committees;
- custom lists (UN Security Council missions, embassies) are fixed targets, for supporters of
  every country or of the one country they are kept for.

Everything here is cached like the look-up, and goes stale with it (purge_lookups).
"""

from dataclasses import dataclass

from nidaa.lobbying.lookup import POSTCODE_TABLES, cached
from nidaa.lobbying.models import Directory, LookupEntry, Target


@dataclass(frozen=True)
class Group:
    """A directory's targets in one country."""

    slug: str
    name: str
    # How a supporter finds theirs: "zip", "postcode" (or a constituency), "constituency",
    # or "" when the whole group is theirs.
    place: str
    committees: tuple[str, ...]


@dataclass(frozen=True)
class FixedList:
    slug: str
    name: str


def countries() -> list[str]:
    """Two-letter codes of the countries with representatives (imported legislatures)."""

    def compute() -> list[str]:
        rows = Target.objects.filter(active=True, directory__kind=Directory.Kind.LEGISLATURE)
        return sorted(set(rows.order_by().values_list("country", flat=True).distinct()) - {""})

    return cached("lobbying:offers:countries", compute)


def groups(country: str) -> list[Group]:
    """The country's target groups, the ones that need a place first."""
    return cached(f"lobbying:offers:groups:{country}", lambda: _groups(country))


def _groups(country: str) -> list[Group]:
    rows = Target.objects.filter(
        active=True, country=country, directory__kind=Directory.Kind.LEGISLATURE
    ).values_list("directory__slug", "directory__name", "area_id", "committees")
    names: dict[str, str] = {}
    placed: set[str] = set()
    committees: dict[str, set[str]] = {}
    for slug, name, area_id, on in rows.order_by():
        names[slug] = name
        if area_id is not None:
            placed.add(slug)
        committees.setdefault(slug, set()).update(str(c).upper() for c in on or ())
    found = [
        Group(
            slug, name, _place(country) if slug in placed else "", tuple(sorted(committees[slug]))
        )
        for slug, name in names.items()
    ]
    return sorted(found, key=lambda g: (g.place == "", g.name))


def _place(country: str) -> str:
    if country == "us":
        return "zip"
    kind = POSTCODE_TABLES.get(country)
    if kind is not None and LookupEntry.objects.filter(kind=kind).exists():
        return "postcode"
    return "constituency"


def fixed_lists(country: str = "") -> list[FixedList]:
    """Custom lists with active targets, for every country or for `country`."""

    def compute() -> list[FixedList]:
        lists = Directory.objects.filter(
            kind=Directory.Kind.CUSTOM, country__in={"", country}, targets__active=True
        )
        return [
            FixedList(slug, name) for slug, name in lists.distinct().values_list("slug", "name")
        ]

    return cached(f"lobbying:offers:fixed:{country}", compute)
