"""Reading Popolo JSON (popoloproject.com): persons, organizations, memberships, posts, areas.

Accepted shapes: an export document ``{"persons": [...], "organizations": [...],
"memberships": [...], "posts": [...], "areas": [...]}`` (EveryPolitician style), a list of
persons, or one person; memberships may also be embedded in persons or organizations. Each
person is one target, keyed by its ``id``. Its seat is its current membership (no end date, or
one not yet passed; else the latest) outside parties and committees: the role comes from the
membership or its post, the area from the membership or its post, the party from
``on_behalf_of_id`` or a party membership, committees from committee memberships.
"""

import json
from pathlib import Path
from typing import Any

from django.utils import timezone

from nidaa.lobbying import records
from nidaa.lobbying.areas import OCD_PREFIX, AreaRef, country_of
from nidaa.lobbying.records import ImportProblem, Record

CONTACT_TYPES = {
    "email": "email",
    "voice": "phone", "phone": "phone", "cell": "phone", "tel": "phone",
    "address": "postal", "postal": "postal",
    "url": "website", "website": "website", "homepage": "website",
    "contact_form": "contact_form", "form": "contact_form", "webform": "contact_form",
}  # fmt: skip
SIDE_ORGANISATIONS = {"party", "committee"}

Object = dict[str, Any]


def read(path: Path, country: str = "") -> list[Record]:
    try:
        with path.open(encoding="utf-8") as file:
            data = json.load(file)
    except json.JSONDecodeError as error:
        raise ImportProblem(f"line {error.lineno}", "", f"not valid JSON: {error.msg}") from None
    except UnicodeDecodeError:
        raise ImportProblem("line 1", "", "not UTF-8 text") from None
    document = Document(as_document(data), country)
    return [document.record(i, person) for i, person in enumerate(document.persons)]


def as_document(data: Any) -> Object:
    if isinstance(data, list):
        return {"persons": data}
    if isinstance(data, dict) and "persons" not in data and "name" in data:
        return {"persons": [data]}  # one person, perhaps with embedded memberships
    if not isinstance(data, dict) or not isinstance(data.get("persons", []), list):
        raise ImportProblem("$", "persons", "expected a Popolo document with a list of persons")
    return data


class Document:
    """A Popolo document indexed for finding each person's memberships, posts and areas."""

    def __init__(self, data: Object, country: str) -> None:
        self.country = country
        self.persons: list[Any] = data.get("persons") or []
        self.organizations = self._by_id(data, "organizations")
        self.posts = self._by_id(data, "posts")
        self.areas = self._by_id(data, "areas")
        self.memberships: dict[str, list[Object]] = {}
        for membership in self._objects(data, "memberships"):
            self._add_membership(membership)
        for organization in self.organizations.values():
            for membership in organization.get("memberships") or []:
                if isinstance(membership, dict):
                    self._add_membership({"organization_id": organization["id"], **membership})

    @staticmethod
    def _objects(data: Object, key: str) -> list[Object]:
        found = data.get(key) or []
        if not isinstance(found, list):
            raise ImportProblem("$", key, "expected a list")
        return [item for item in found if isinstance(item, dict)]

    def _by_id(self, data: Object, key: str) -> dict[str, Object]:
        return {str(item["id"]): item for item in self._objects(data, key) if item.get("id")}

    def _add_membership(self, membership: Object) -> None:
        person = membership.get("person_id") or (membership.get("person") or {}).get("id")
        if person:
            self.memberships.setdefault(str(person), []).append(membership)

    # --- one person ------------------------------------------------------------------------

    def record(self, index: int, person: Any) -> Record:
        where = f"persons[{index}]"
        if not isinstance(person, dict):
            raise ImportProblem(where, "", "expected a person object")
        source_id = records.text(person.get("id"), where, "id", required=True)
        memberships = [
            *self.memberships.get(source_id, []),
            *(m for m in person.get("memberships") or [] if isinstance(m, dict)),
        ]
        seat = self._seat(memberships)
        record = Record(
            where=where,
            source_id=source_id,
            name=self._name(person, where),
            sort_name=self._sort_name(person, where),
            role=self._role(seat, where),
            party=self._party(seat, memberships, where),
            committees=self._committees(memberships),
        )
        if seat is not None:
            record.valid_from = records.partial_date(
                seat.get("start_date"), where, "memberships.start_date"
            )
            record.valid_until = records.partial_date(
                seat.get("end_date"), where, "memberships.end_date", end=True
            )
        record.area = self._area(seat, where)
        record.country = self._country(record.area, where)
        self._channels(record, person, where)
        if seat is not None:
            self._channels(record, seat, f"{where}.memberships[current]")
        return record

    def _name(self, person: Object, where: str) -> str:
        name = person.get("name") or " ".join(
            str(person[k]) for k in ("given_name", "family_name") if person.get(k)
        )
        return records.text(name, where, "name", required=True)

    def _sort_name(self, person: Object, where: str) -> str:
        if person.get("sort_name"):
            return records.text(person["sort_name"], where, "sort_name")
        if person.get("family_name") and person.get("given_name"):
            return records.text(
                f"{person['family_name']}, {person['given_name']}", where, "family_name"
            )
        return ""

    def _classification(self, membership: Object) -> str:
        organization = (
            self.organizations.get(str(membership.get("organization_id")))
            or membership.get("organization")
            or {}
        )
        return str(organization.get("classification") or "").lower()

    def _seat(self, memberships: list[Object]) -> Object | None:
        """The current membership outside parties and committees (else the latest one)."""
        seats = [m for m in memberships if self._classification(m) not in SIDE_ORGANISATIONS]
        if not seats:
            return None
        today = timezone.localdate().isoformat()
        current = [m for m in seats if str(m.get("end_date") or "9999") >= today]
        return max(current or seats, key=lambda m: str(m.get("start_date") or ""))

    def _role(self, seat: Object | None, where: str) -> str:
        if seat is None:
            return ""
        post = self.posts.get(str(seat.get("post_id"))) or seat.get("post") or {}
        role = seat.get("role") or post.get("role") or post.get("label") or ""
        return records.text(role, where, "memberships.role")

    def _organisation_name(self, organisation_id: Any) -> str:
        return str((self.organizations.get(str(organisation_id)) or {}).get("name") or "")

    def _party(self, seat: Object | None, memberships: list[Object], where: str) -> str:
        if seat is not None and seat.get("on_behalf_of_id"):
            return records.text(
                self._organisation_name(seat["on_behalf_of_id"]),
                where,
                "memberships.on_behalf_of_id",
            )
        parties = [m for m in memberships if self._classification(m) == "party"]
        name = self._organisation_name(parties[-1].get("organization_id")) if parties else ""
        return records.text(name, where, "memberships.organization_id")

    def _committees(self, memberships: list[Object]) -> list[str]:
        today = timezone.localdate().isoformat()
        return sorted(
            {
                self._organisation_name(m.get("organization_id"))
                for m in memberships
                if self._classification(m) == "committee"
                and str(m.get("end_date") or "9999") >= today
            }
            - {""}
        )

    def _area(self, seat: Object | None, where: str) -> AreaRef | None:
        if seat is None:
            return None
        post = self.posts.get(str(seat.get("post_id"))) or seat.get("post") or {}
        area_id = seat.get("area_id") or post.get("area_id")
        area = seat.get("area") or post.get("area") or self.areas.get(str(area_id))
        if area is None and not area_id:
            return None
        area = area if isinstance(area, dict) else {"id": area_id}
        identifier = str(area.get("identifier") or area.get("id") or "")
        ocd_id = identifier if identifier.startswith(OCD_PREFIX) else ""
        name = records.text(area.get("name") or identifier, where, "areas.name", required=True)
        code = "" if ocd_id else records.text(identifier, where, "areas.id", limit=40)
        area_country = country_of(ocd_id) or self.country
        kind = records.text(area.get("classification"), where, "areas.classification", limit=40)
        return AreaRef(area_country, name, ocd_id=ocd_id, code=code, kind=kind)

    def _country(self, area: AreaRef | None, where: str) -> str:
        found = self.country or (area.country if area else "")
        if not found:
            raise ImportProblem(where, "", "no country: give --country, or areas with OCD ids")
        return found

    def _channels(self, record: Record, holder: Object, where: str) -> None:
        if holder.get("email"):
            record.add_channel("email", holder["email"], where, "email")
        for j, detail in enumerate(holder.get("contact_details") or []):
            path = f"{where}.contact_details[{j}]"
            if not isinstance(detail, dict):
                raise ImportProblem(path, "", "expected a contact detail object")
            kind = CONTACT_TYPES.get(str(detail.get("type") or "").lower())
            if kind is None:
                continue  # fax, social media: not channels the campaign uses
            record.add_channel(
                kind,
                detail.get("value"),
                path,
                "value",
                label=records.text(detail.get("label"), path, "label"),
                valid_from=records.partial_date(detail.get("valid_from"), path, "valid_from"),
                valid_until=records.partial_date(
                    detail.get("valid_until"), path, "valid_until", end=True
                ),
            )
