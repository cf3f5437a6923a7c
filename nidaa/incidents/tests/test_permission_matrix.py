"""Who may open or post to every URL of the record: the declared table, checked exactly.

Rows are URL × the record it is about × method; columns are the six people who matter:

- anonymous: a visitor with no session;
- outsider: Omar, signed in with both factors but in no staff role;
- author: Dana, the documenter who wrote the records below;
- other documenter: Daoud, who must never see Dana's drafts;
- verifier: Huda; admin: Adel.

An outcome is an HTTP status, or LOGIN (sent to sign in). Every URL named in the record's URL
namespaces and every staff-site page of the incidents app must be declared, for GET and POST:
a URL added later fails test_every_url_of_the_record_is_declared until someone says who may
use it. Any page anonymous visitors or the outsider can read is also searched for what must
never reach them: drafts, protected sites, original evidence files and their metadata, and the
exact point of a record whose location is hidden. Daoud's pages are searched for Dana's draft.
"""

import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from PIL import Image

from nidaa.accounts.admin_site import staff_site
from nidaa.incidents import evidence
from nidaa.incidents.models import (
    Actor,
    Attribution,
    Evidence,
    Incident,
    LocationMode,
    ProtectedSite,
    Status,
)
from nidaa.incidents.tests.test_record_helpers import DAY, make_record, second_documenter
from nidaa.testing.base import sign_in

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "outsider", "author", "other documenter", "verifier", "admin")
LOGIN = "login"
# The URL namespaces of the record: public pages, the API, staff recording, evidence.
NAMESPACES = ("incidents", "incidents_api", "record", "evidence", "evidence_public")

# What must never reach anonymous visitors or the outsider (the originals' hashes are added
# when the world is made).
DRAFT_TITLE = "Draft-only strike on Kafr Nabl"
SITE_NAME = "Notified field hospital Al-Amal"
FILE_NAMES = ("IMG_2019-original-from-phone.jpg", "IMG_2019-shown-publicly.jpg")
CAMERA = "Nidaa-Test-Phone-X1"  # the originals' EXIF camera model
EXACT = (35.81234, 36.61789)
EXACT_TRACES = ("35.8123", "36.6178", "36.6179")
SECRETS = (DRAFT_TITLE, SITE_NAME, *FILE_NAMES, CAMERA, *EXACT_TRACES)


@dataclass(frozen=True)
class Row:
    name: str
    target: str  # which record or object of the world the URL is about ("" for none)
    method: str
    expect: tuple[Any, ...]  # one outcome per role, in the order of ROLES
    data: dict[str, str] = field(default_factory=dict)
    query: str = ""

    def id(self) -> str:
        return f"{self.method} {self.name}{f'[{self.target}]' if self.target else ''}"


def rows(name: str, target: str, get: tuple[Any, ...], post: tuple[Any, ...], **extra: Any) -> list[Row]:  # fmt: skip
    return [Row(name, target, "GET", get, **extra), Row(name, target, "POST", post, **extra)]


NOTE = {"note": "Checked against the field team's report."}

# fmt: off
#                 anonymous  outsider  author  other doc  verifier  admin
ALL_200 =        (200,       200,      200,    200,       200,      200)
ALL_404 =        (404,       404,      404,    404,       404,      404)
ALL_405 =        (405,       405,      405,    405,       405,      405)
STAFF_405 =      (LOGIN,     LOGIN,    405,    405,       405,      405)

TABLE: list[Row] = [
    # --- Public pages and the API: published records only, for everybody. -------------------
    *rows("incidents:index", "", ALL_200, ALL_405),
    *rows("incidents:timeline", "", ALL_200, ALL_405),
    *rows("incidents:summaries", "", ALL_200, ALL_405),
    *rows("incidents:summary", "day", ALL_200, ALL_405),
    *rows("incidents:detail", "published", ALL_200, ALL_405),
    *rows("incidents:detail", "draft", ALL_404, ALL_405),
    *rows("incidents:detail", "verified", ALL_404, ALL_405),
    *rows("incidents_api:list", "", ALL_200, ALL_405),
    *rows("incidents_api:summary", "", ALL_200, ALL_405, query="date=2019-12-22"),

    # --- Staff recording pages. --------------------------------------------------------------
    *rows("record:index", "",
          (LOGIN, LOGIN, 200, 200, 200, 200), STAFF_405),
    # An empty form: refused (403), or shown again with its errors (400); nothing is made.
    *rows("record:new", "",
          (LOGIN, LOGIN, 200, 200, 200, 200),
          (LOGIN, LOGIN, 400, 400, 400, 400)),
    *rows("record:detail", "draft",
          (LOGIN, LOGIN, 200, 404, 200, 200), STAFF_405),
    *rows("record:detail", "published",
          (LOGIN, LOGIN, 200, 404, 200, 200), STAFF_405),
    *rows("record:edit", "draft",
          (LOGIN, LOGIN, 200, 404, 403, 403),
          (LOGIN, LOGIN, 400, 404, 403, 403)),
    *rows("record:edit", "in_verification",
          (LOGIN, LOGIN, 403, 404, 200, 200),
          (LOGIN, LOGIN, 403, 404, 400, 400)),
    *rows("record:edit", "published",
          (LOGIN, LOGIN, 403, 404, 403, 403),
          (LOGIN, LOGIN, 403, 404, 403, 403)),
    # A step done is a redirect back to the record (302).
    *rows("record:transition", "draft", STAFF_405,
          (LOGIN, LOGIN, 302, 404, 403, 403), data={"action": "submit"}),
    *rows("record:transition", "submitted", STAFF_405,
          (LOGIN, LOGIN, 403, 404, 302, 302), data={"action": "start_verification"}),
    *rows("record:transition", "in_verification", STAFF_405,
          (LOGIN, LOGIN, 403, 404, 302, 302), data={"action": "verify", "grade": "fair"}),
    *rows("record:transition", "verified", STAFF_405,
          (LOGIN, LOGIN, 403, 404, 302, 302), data={"action": "publish"}),
    *rows("record:transition", "published", STAFF_405,
          (LOGIN, LOGIN, 403, 404, 302, 302), data={"action": "unpublish", **NOTE}),
    *rows("record:transition", "rejected", STAFF_405,
          (LOGIN, LOGIN, 302, 404, 403, 403), data={"action": "reopen"}),
    *rows("record:transition", "own_submitted", STAFF_405,
          (LOGIN, LOGIN, 404, 404, 403, 302), data={"action": "start_verification"}),

    # --- Evidence: originals for staff who may open the record; public copies for everybody.
    *rows("evidence:add", "draft",
          (LOGIN, LOGIN, 200, 404, 200, 200),
          (LOGIN, LOGIN, 400, 404, 400, 400)),
    *rows("evidence:add", "published",
          (LOGIN, LOGIN, 200, 404, 200, 200),
          (LOGIN, LOGIN, 400, 404, 400, 400)),
    # Posting to an item's page shows or hides its public copy: verifiers only.
    *rows("evidence:detail", "original",
          (LOGIN, LOGIN, 200, 404, 200, 200),
          (LOGIN, LOGIN, 403, 404, 400, 400)),
    *rows("evidence:download", "original",
          (LOGIN, LOGIN, 200, 404, 200, 200), STAFF_405),
    *rows("evidence:custody", "",
          (LOGIN, LOGIN, 403, 403, 200, 200), STAFF_405),
    *rows("evidence:protected_hits", "",
          (LOGIN, LOGIN, 403, 403, 200, 200), STAFF_405),
    *rows("evidence_public:image", "original", ALL_404, ALL_405),
    *rows("evidence_public:image", "public_image", ALL_200, ALL_405),

    # --- The staff site: records (documenters see their own), actors, protected sites. ------
    # Posting an empty form: 200 shows it again with errors; 302 after a delete or a bulk
    # action; 403 refused; 302 to the index for a record the user may not see ("not found").
    *rows("admin:incidents_incident_changelist", "",
          (LOGIN, LOGIN, 200, 200, 200, 200),
          (LOGIN, LOGIN, 200, 200, 200, 200)),
    *rows("admin:incidents_incident_add", "",
          (LOGIN, LOGIN, 403, 403, 403, 403),
          (LOGIN, LOGIN, 403, 403, 403, 403)),
    *rows("admin:incidents_incident_change", "draft",
          (LOGIN, LOGIN, 200, 302, 200, 200),
          (LOGIN, LOGIN, 200, 302, 403, 403)),
    *rows("admin:incidents_incident_history", "draft",
          (LOGIN, LOGIN, 200, 302, 200, 200),
          (LOGIN, LOGIN, 200, 302, 200, 200)),
    *rows("admin:incidents_incident_delete", "draft",
          (LOGIN, LOGIN, 403, 403, 403, 200),
          (LOGIN, LOGIN, 403, 403, 403, 302), data={"post": "yes"}),
    *rows("admin:incidents_actor_changelist", "",
          (LOGIN, LOGIN, 200, 200, 200, 200),
          (LOGIN, LOGIN, 200, 200, 200, 200)),
    *rows("admin:incidents_actor_add", "",
          (LOGIN, LOGIN, 200, 200, 200, 200),
          (LOGIN, LOGIN, 200, 200, 200, 200)),
    *rows("admin:incidents_actor_change", "actor",
          (LOGIN, LOGIN, 200, 200, 200, 200),
          (LOGIN, LOGIN, 403, 403, 200, 200)),
    *rows("admin:incidents_actor_history", "actor",
          (LOGIN, LOGIN, 200, 200, 200, 200),
          (LOGIN, LOGIN, 200, 200, 200, 200)),
    # Protected sites: verifiers and admins only; only admins delete.
    *rows("admin:incidents_protectedsite_changelist", "",
          (LOGIN, LOGIN, 403, 403, 200, 200),
          (LOGIN, LOGIN, 403, 403, 200, 200)),
    *rows("admin:incidents_protectedsite_add", "",
          (LOGIN, LOGIN, 403, 403, 200, 200),
          (LOGIN, LOGIN, 403, 403, 200, 200)),
    *rows("admin:incidents_protectedsite_change", "site",
          (LOGIN, LOGIN, 403, 403, 200, 200),
          (LOGIN, LOGIN, 403, 403, 200, 200)),
    *rows("admin:incidents_protectedsite_history", "site",
          (LOGIN, LOGIN, 403, 403, 200, 200),
          (LOGIN, LOGIN, 403, 403, 200, 200)),
    *rows("admin:incidents_protectedsite_delete", "site",
          (LOGIN, LOGIN, 403, 403, 403, 200),
          (LOGIN, LOGIN, 403, 403, 403, 302), data={"post": "yes"}),
    # An actor named in an attribution cannot be deleted: the page says why (200).
    *rows("admin:incidents_actor_delete", "actor",
          (LOGIN, LOGIN, 403, 403, 403, 200),
          (LOGIN, LOGIN, 403, 403, 403, 200), data={"post": "yes"}),
]
# fmt: on

SENT_TO_SIGN_IN = {"accounts:login", "admin:login"}


# --- The world every row is tried against ----------------------------------------------------


@dataclass
class World:
    people: dict[str, User | None]
    targets: dict[str, Any]
    secrets: tuple[str, ...]


def photo(colour: str) -> bytes:
    """A small JPEG as a phone writes it, with the camera's model in its EXIF."""
    exif = Image.Exif()
    exif[0x0110] = CAMERA  # Model
    stream = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(stream, "JPEG", exif=exif)
    return stream.getvalue()


def add_photo(incident: Incident, name: str, colour: str, user: User) -> Evidence:
    received = evidence.receive(io.BytesIO(photo(colour)))
    return evidence.add_file(incident, received, name, "Crater photo", user).item


def make_world(dana: User, huda: User, adel: User, omar: User) -> World:
    daoud = second_documenter()
    records = {status: make_record(dana, status) for status in Status.values}
    records["draft"].texts = {"en": {"title": DRAFT_TITLE, "narrative": ""}}
    records["draft"].save()
    published = records["published"]
    published.latitude, published.longitude = EXACT
    published.location_mode = LocationMode.HIDDEN
    published.published_at = datetime.datetime(2019, 12, 23, tzinfo=datetime.UTC)
    published.save()
    actor = Actor.objects.create(name="Russian Air Force", kind="state", country="RU")
    Attribution.objects.create(incident=published, actor=actor, status="likely")
    site = ProtectedSite.objects.create(
        name=SITE_NAME, kind="hospital", latitude=35.8125, longitude=36.6180,
        notified_on=datetime.date(2019, 6, 1), list_version="2019-06",
    )  # fmt: skip
    published.protected_hits.create(site=site, distance_m=80)
    original = add_photo(published, FILE_NAMES[0], "grey", dana)
    shown = add_photo(published, FILE_NAMES[1], "brown", dana)
    evidence.set_public(shown, True, huda)
    targets: dict[str, Any] = {
        **records,
        "own_submitted": make_record(huda, Status.SUBMITTED),
        "actor": actor,
        "site": site,
        "original": original,
        "public_image": shown,
        "day": DAY,
    }
    people: dict[str, User | None] = {
        "anonymous": None, "outsider": omar, "author": dana,
        "other documenter": daoud, "verifier": huda, "admin": adel,
    }  # fmt: skip
    return World(people, targets, (*SECRETS, original.sha256, shown.sha256))


ARGUMENTS = {
    "code": lambda obj: obj.code,
    "pk": lambda obj: obj.pk,
    "object_id": lambda obj: obj.pk,
    "day": lambda obj: obj.isoformat(),
}


def url_of(row: Row, world: World) -> str:
    """The row's URL, its arguments taken from the row's target."""
    target = world.targets.get(row.target)
    kwargs = {name: ARGUMENTS[name](target) for name in parameters(row.name)}
    url = reverse(row.name, kwargs=kwargs)
    return f"{url}?{row.query}" if row.query else url


def parameters(name: str) -> list[str]:
    namespace, _, short = name.partition(":")
    if namespace == "admin":
        patterns = list(walk(staff_site.get_urls()))
    else:
        patterns = list(walk(get_resolver().namespace_dict[namespace][1].url_patterns))
    [pattern] = [p for p in patterns if p.name == short]
    return list(pattern.pattern.regex.groupindex)


def walk(patterns: list[Any]) -> Iterator[URLPattern]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            yield entry


def outcome(response: Any) -> Any:
    if response.status_code == 302:
        target = urlsplit(response["Location"]).path
        if resolve(target).view_name in SENT_TO_SIGN_IN:
            return LOGIN
    return response.status_code


def client_for(user: User | None) -> Client:
    return Client() if user is None else sign_in(Client(), user)


def leaks(role: str, body: str, secrets: tuple[str, ...] = SECRETS) -> list[str]:
    if role in ("anonymous", "outsider"):
        return [secret for secret in secrets if secret in body]
    if role == "other documenter":
        return [DRAFT_TITLE] if DRAFT_TITLE in body else []
    return []


def content(response: Any) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return str(raw.decode(errors="replace"))


def attempt(row: Row, world: World, role: str) -> tuple[Any, list[str]]:
    """One request, rolled back afterwards, so that each person meets the same world."""
    client = client_for(world.people[role])
    url = url_of(row, world)
    for cache in caches.all():
        cache.clear()
    with transaction.atomic():
        response = client.get(url) if row.method == "GET" else client.post(url, row.data)
        # Headers too: a file name could travel in Content-Disposition.
        body = f"{response.headers}\n{content(response)}"
        transaction.set_rollback(True)
    found = leaks(role, body, world.secrets) if response.status_code == 200 else []
    return outcome(response), found


@pytest.fixture(autouse=True)
def _evidence_in_a_temporary_folder(settings: Any, tmp_path: Path) -> None:
    settings.NIDAA_EVIDENCE_ROOT = tmp_path / "evidence"


@pytest.mark.parametrize("row", TABLE, ids=Row.id)
def test_the_url_answers_each_person_as_declared(
    row: Row, documenter: User, verifier: User, admin_user: User, outsider: User
) -> None:
    world = make_world(documenter, verifier, admin_user, outsider)
    wrong, leaked = [], []

    for role, expected in zip(ROLES, row.expect, strict=True):
        got, found = attempt(row, world, role)
        if got != expected:
            wrong.append(f"{role}: {got}, declared {expected}")
        if found:
            leaked.append(f"{role} sees {found}")

    assert not wrong, f"{row.id()}:\n" + "\n".join(wrong)
    assert not leaked, f"{row.id()}:\n" + "\n".join(leaked)


# --- Every URL is declared ---------------------------------------------------------------------


def url_names() -> set[str]:
    """Every named URL of the record's namespaces, and the incidents app's staff-site pages."""
    resolver = get_resolver()
    names = {
        f"{namespace}:{pattern.name}"
        for namespace in NAMESPACES
        if namespace in resolver.namespace_dict
        for pattern in walk(resolver.namespace_dict[namespace][1].url_patterns)
        if pattern.name
    }
    names |= {
        f"admin:{pattern.name}"
        for pattern in walk(staff_site.get_urls())
        if (pattern.name or "").startswith("incidents_")
    }
    return names


def test_every_url_of_the_record_is_declared() -> None:
    declared = {(row.name, row.method) for row in TABLE}
    wanted = {(name, method) for name in url_names() for method in ("GET", "POST")}

    assert not wanted - declared, f"declare who may use these in TABLE: {sorted(wanted - declared)}"
    assert not declared - wanted, f"TABLE names URLs that do not exist: {sorted(declared - wanted)}"


def test_the_table_names_each_case_once() -> None:
    keys = [(row.name, row.target, row.method) for row in TABLE]
    assert len(keys) == len(set(keys))


def test_the_leak_search_would_see_a_leak() -> None:
    # The search passes vacuously if it cannot find what it looks for: show it each secret.
    for secret in SECRETS:
        assert leaks("outsider", f"<p>{secret}</p>") == [secret]
    assert leaks("other documenter", DRAFT_TITLE) == [DRAFT_TITLE]
    assert leaks("verifier", DRAFT_TITLE) == []


def test_what_the_leak_search_looks_for_is_really_in_the_world(
    documenter: User, verifier: User, admin_user: User, outsider: User
) -> None:
    world = make_world(documenter, verifier, admin_user, outsider)
    huda = client_for(verifier)

    def page(name: str, target: str) -> str:
        return content(huda.get(url_of(Row(name, target, "GET", ()), world)))

    assert DRAFT_TITLE in page("record:detail", "draft")
    assert SITE_NAME in page("admin:incidents_protectedsite_change", "site")
    item = page("evidence:detail", "original")
    assert FILE_NAMES[0] in item and world.targets["original"].sha256 in item
    assert CAMERA in content(
        huda.get(url_of(Row("evidence:download", "original", "GET", ()), world))
    )
