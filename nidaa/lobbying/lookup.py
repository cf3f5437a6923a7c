"""Finding a supporter's targets: by ZIP code or postcode, by constituency, or a fixed list.

``lookup(country, postcode=…, constituency=…, directory=…, committee=…)`` returns a Result:

- US ZIP code → both senators of the state and the House member for each district the ZIP
  code lies in (a ZIP code crossing district lines gives several districts, all returned and
  listed in ``areas``, so the supporter can choose theirs);
- a constituency (name, GSS code or OCD id) → its member (UK: the MP); a UK postcode → the
  same, through the postcode table when one is loaded;
- nothing but a country (with or without ``directory``) → the targets of that country that
  represent no particular place: a country's MEPs (``committee`` narrows them), a custom
  list's fixed targets.

Input is normalised first (ZIP+4 and spaces, case, "UK" for "GB"), and results are cached per
normalised query until the next import or staff change (``purge_lookups``) or for
RESULT_SECONDS, whichever comes first. Errors are LookupFailed: 400 for a malformed or
unknown query, 404 when nothing matches.
"""

import datetime
import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar, cast

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nidaa.core.middleware import purge_public_pages
from nidaa.lobbying.areas import ancestors, name_key
from nidaa.lobbying.models import Area, ContactChannel, Directory, LookupEntry, Target

GENERATION_KEY = "lobbying:lookup:generation"
RESULT_SECONDS = 300
# Which look-up table turns a country's postcodes into areas, and what a postcode looks like.
POSTCODE_TABLES = {"us": LookupEntry.Kind.ZCTA_CD, "gb": LookupEntry.Kind.POSTCODE_CONSTITUENCY}
US_ZIP = re.compile(r"(\d{5})(\d{4})?")
GB_POSTCODE = re.compile(r"[A-Z]{1,2}\d[A-Z\d]?(\d[A-Z]{2})?")
GSS_CODE = re.compile(r"[EWSN]\d{8}")
COMMITTEE = re.compile(r"[\w .&/-]{1,80}")
T = TypeVar("T")


class LookupFailed(Exception):
    """A query that cannot be answered: which parameter, why, and the HTTP status."""

    def __init__(self, field: str, message: str | Promise, status: int = 400) -> None:
        super().__init__(str(message))
        self.field = field
        self.message = message
        self.status = status


@dataclass(frozen=True)
class AreaInfo:
    id: str | None  # the OCD division id, where known
    code: str | None  # another code, e.g. a GSS code
    name: str

    @classmethod
    def of(cls, area: Area) -> "AreaInfo":
        return cls(area.ocd_id or None, area.code or None, area.name)


@dataclass(frozen=True)
class TargetInfo:
    id: int
    name: str
    role: str
    party: str
    group: str
    country: str
    directory: str
    area: AreaInfo | None
    committees: tuple[str, ...]
    # email: whether there is one (letters go through the platform); the others as given.
    email: bool
    phone: str | None
    contact_form: str | None
    postal: str | None
    website: str | None


@dataclass(frozen=True)
class Result:
    country: str
    areas: tuple[AreaInfo, ...]  # the areas the postcode or constituency matched
    targets: tuple[TargetInfo, ...]


@dataclass(frozen=True)
class Query:
    country: str
    postcode: str = ""
    constituency: str = ""
    directory: str = ""
    committee: str = ""

    def key(self) -> str:
        # Hashed: a constituency's name may hold spaces and letters no cache key should.
        parts = (self.country, self.postcode, self.constituency, self.directory, self.committee)
        return "lobbying:lookup:" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:40]


def lookup(
    country: str,
    postcode: str | None = None,
    constituency: str | None = None,
    directory: str | None = None,
    committee: str | None = None,
) -> Result:
    return answer(normalise(country, postcode, constituency, directory, committee))


def fixed_targets(directory: str, country: str = "") -> Result:
    """A custom list's targets (UN missions, embassies), for supporters of any country, or of
    `country` when the list is kept for one."""
    return answer(Query(country=country, directory=directory))


def answer(query: Query) -> Result:
    """The query's result, from the cache when it is current."""

    def found() -> Result | tuple[str, Promise | str, int]:
        # Failures are cached too (a query that finds nothing costs as much as one that does),
        # as their parts: the message stays lazy, translated when shown.
        try:
            return find(query, timezone.localdate())
        except LookupFailed as failed:
            return (failed.field, failed.message, failed.status)

    result = cached(query.key(), found)
    if isinstance(result, tuple):
        raise LookupFailed(*result)
    return result


def cached(key: str, compute: Callable[[], T]) -> T:
    """`compute()`, kept in the cache for RESULT_SECONDS or until the next purge_lookups()."""
    found = cache.get_many([key, GENERATION_KEY])
    generation = found.get(GENERATION_KEY, 0)
    entry = found.get(key)
    if entry is None or entry[0] != generation:
        # Stored under the generation read before computing: a purge in between makes it stale.
        entry = (generation, compute())
        cache.set(key, entry, RESULT_SECONDS)
    return cast(T, entry[1])


def target_info(pk: int) -> tuple[Target, TargetInfo] | None:
    """An active target that is valid today, with what supporters may know of it."""
    today = timezone.localdate()
    found = Target.objects.filter(pk=pk, active=True).select_related("area", "directory")
    target = found.prefetch_related("channels").first()
    if target is None or not target.is_valid_on(today):
        return None
    return target, info(target, today)


def purge_lookups() -> None:
    """Forget every cached look-up (after an import or a staff change), and the public pages
    that show them. With the local-memory cache this reaches only the current process."""
    cache.set(GENERATION_KEY, time.time_ns(), None)
    purge_public_pages()


# --- reading the query ---------------------------------------------------------------------


def normalise(
    country: str,
    postcode: str | None = None,
    constituency: str | None = None,
    directory: str | None = None,
    committee: str | None = None,
) -> Query:
    code = "".join((country or "").split()).lower()
    code = "gb" if code == "uk" else code
    if not re.fullmatch(r"[a-z]{2}", code):
        raise LookupFailed("country", _("Give a two-letter country code, e.g. us, gb or fr."))
    committee = " ".join((committee or "").split()).upper()
    if committee and not COMMITTEE.fullmatch(committee):
        raise LookupFailed("committee", _("Give a committee's code, e.g. AFET."))
    return Query(
        country=code,
        postcode=normal_postcode(code, postcode or ""),
        constituency=" ".join((constituency or "").split())[:200],
        directory=(directory or "").strip().lower()[:50],
        committee=committee,
    )


def normal_postcode(country: str, postcode: str) -> str:
    compact = "".join(postcode.split()).upper()
    if not compact:
        return ""
    if country == "us":
        match = US_ZIP.fullmatch(compact.replace("-", ""))
        if match is None:
            raise LookupFailed("postcode", _("Give a 5-digit ZIP code, e.g. 10001 or 10001-1234."))
        return match[1]  # ZIP+4 lies in the area of its first five digits
    if country == "gb":
        if not GB_POSTCODE.fullmatch(compact):
            raise LookupFailed("postcode", _("Give a UK postcode, e.g. SW1A 1AA."))
        return compact
    raise LookupFailed("postcode", _("Looking up by postcode is not available for this country."))


# --- answering it --------------------------------------------------------------------------


def find(query: Query, today: datetime.date) -> Result:
    directory = _directory(query)
    custom = directory is not None and directory.kind == Directory.Kind.CUSTOM
    if not custom and query.country not in known_countries():  # a custom list serves anyone
        raise LookupFailed("country", _("No representatives are listed for this country."))
    places = _places(query)
    targets = _targets(query, directory, places)
    found = [t for t in targets if t.is_valid_on(today)]
    if query.committee:
        found = [t for t in found if query.committee in {c.upper() for c in t.committees}]
    if not found:
        raise _nothing_found(query, directory, places)
    found.sort(key=_order)
    areas = tuple(AreaInfo.of(a) for a in sorted(places or [], key=_area_order))
    return Result(query.country, areas, tuple(info(t, today) for t in found))


def known_countries() -> frozenset[str]:
    """Countries with a target or a directory: cached, as every query asks."""

    def countries() -> frozenset[str]:
        active = Target.objects.filter(active=True).order_by()
        found = set(active.values_list("country", flat=True).distinct())
        found |= set(Directory.objects.values_list("country", flat=True))
        return frozenset(found - {""})

    return cached("lobbying:countries", countries)


def _directory(query: Query) -> Directory | None:
    if not query.directory:
        return None
    directory = Directory.objects.filter(slug=query.directory).first()
    if directory is None:
        raise LookupFailed("directory", _("There is no list of targets with this name."))
    if directory.country and directory.country != query.country:
        raise LookupFailed("directory", _("This list of targets is not for this country."), 404)
    return directory


def _places(query: Query) -> list[Area] | None:
    """The areas the postcode or constituency names; None when the query names no place."""
    if query.postcode:
        return _postcode_areas(query)
    if query.constituency:
        return [_constituency(query)]
    return None


def _postcode_areas(query: Query) -> list[Area]:
    kind = POSTCODE_TABLES[query.country]
    keys = [query.postcode]
    if query.country == "gb" and len(query.postcode) > 4:
        keys.append(query.postcode[:-3])  # a table of postcode districts (outward codes)
    for key in keys:
        entries = LookupEntry.objects.filter(kind=kind, key=key).select_related("area")
        areas = list({entry.area_id: entry.area for entry in entries}.values())
        if areas:
            return areas
    if not LookupEntry.objects.filter(kind=kind).exists():
        raise LookupFailed(
            "postcode",
            _(
                "Looking up by postcode is not set up for this country yet; give your constituency instead."
            ),
            404,
        )
    if query.country == "us":
        raise LookupFailed(
            "postcode", _("No congressional district was found for this ZIP code."), 404
        )
    raise LookupFailed("postcode", _("No constituency was found for this postcode."), 404)


def _constituency(query: Query) -> Area:
    given = query.constituency
    areas = Area.objects.filter(country=query.country)
    if given.lower().startswith("ocd-division/"):
        area = areas.filter(ocd_id=given.lower()).first()
    elif GSS_CODE.fullmatch(given.upper()):
        area = areas.filter(code=given.upper()).first()
    else:
        area = areas.filter(name_key=name_key(given)).order_by("-ocd_id").first()
    if area is None:
        raise LookupFailed(
            "constituency", _("No constituency with this name or code was found."), 404
        )
    return area


def _targets(query: Query, directory: Directory | None, places: list[Area] | None) -> list[Target]:
    targets = Target.objects.filter(active=True).select_related("area", "directory")
    if directory is not None:
        targets = targets.filter(directory=directory)
    if directory is None or directory.kind != Directory.Kind.CUSTOM:
        targets = targets.filter(country=query.country)  # a custom list serves every country
    if places is None:
        targets = targets.filter(area__isnull=True)
    else:
        above = {ocd for area in places if area.ocd_id for ocd in ancestors(area.ocd_id)}
        targets = targets.filter(Q(area__in=places) | Q(area__ocd_id__in=above))
    return list(targets.prefetch_related("channels"))


def _nothing_found(
    query: Query, directory: Directory | None, places: list[Area] | None
) -> LookupFailed:
    if query.committee:
        return LookupFailed("committee", _("No representatives on this committee were found."), 404)
    if places is None:
        bound = Target.objects.filter(active=True, country=query.country, area__isnull=False)
        if directory is not None:
            bound = bound.filter(directory=directory)
        if bound.exists() and query.country == "us":
            return LookupFailed("postcode", _("Give your ZIP code to find your representatives."))
        if bound.exists():
            return LookupFailed(
                "constituency",
                _("Give your postcode or constituency to find your representatives."),
            )
    return LookupFailed("", _("No representatives were found."), 404)


def _order(target: Target) -> tuple[int, str, str]:
    """Wider areas first (senators before House members), then by area and name."""
    area = target.area
    depth = (len(ancestors(area.ocd_id)) if area.ocd_id else 1) if area else -1
    return depth, area.name if area else "", target.sort_name or target.name


def _area_order(area: Area) -> tuple[int, str]:
    # Numbered districts in number order: cd:9 before cd:10.
    number = re.search(r"(\d+)$", area.ocd_id or area.code or "")
    return (int(number[1]) if number else 0), area.name


def info(target: Target, today: datetime.date) -> TargetInfo:
    """What supporters may know of a target: its channels valid today, the email only as a yes."""
    channels: dict[str, str] = {}
    for channel in sorted(target.channels.all(), key=lambda c: (c.position, c.pk)):
        if channel.is_valid_on(today):
            channels.setdefault(channel.kind, channel.value)
    return TargetInfo(
        id=target.pk,
        name=target.name,
        role=target.role,
        party=target.party,
        group=target.group,
        country=target.country,
        directory=target.directory.slug,
        area=AreaInfo.of(target.area) if target.area else None,
        committees=tuple(target.committees),
        email=ContactChannel.Kind.EMAIL in channels,
        phone=channels.get(ContactChannel.Kind.PHONE),
        contact_form=channels.get(ContactChannel.Kind.CONTACT_FORM),
        postal=channels.get(ContactChannel.Kind.POSTAL),
        website=channels.get(ContactChannel.Kind.WEBSITE),
    )
