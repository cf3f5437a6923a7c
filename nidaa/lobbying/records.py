"""What every target importer produces: records checked field by field, or a problem that
names where in the file it is (line, or record and path), which field, and why."""

import calendar
import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from nidaa.lobbying.areas import AreaRef

CHANNEL_KINDS = ("email", "phone", "contact_form", "postal", "website")
PHONE = re.compile(r"[0-9+()\-. /]{3,40}((;ext=|\s*(ext\.?|x)\s*)[0-9]{1,8})?", re.IGNORECASE)
COUNTRY = re.compile(r"[a-z]{2}")
MAX_TEXT = 200


class ImportProblem(Exception):
    """A record that cannot be imported; nothing of the file is written."""

    def __init__(self, where: str, field: str, reason: str) -> None:
        super().__init__(f"{where}, {field}: {reason}" if field else f"{where}: {reason}")
        self.where = where
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class Channel:
    kind: str
    value: str
    label: str = ""
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None


@dataclass
class Record:
    """One target as read from a file, before it meets the database."""

    where: str  # e.g. "line 14" or "persons[3]": for messages about the record as a whole
    source_id: str
    name: str
    sort_name: str = ""
    role: str = ""
    party: str = ""
    group: str = ""
    country: str = ""
    area: AreaRef | None = None
    committees: list[str] = field(default_factory=list)
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    channels: list[Channel] = field(default_factory=list)
    # Contact details left out because they were malformed (e.g. "hhttps://…" in a real file):
    # one bad web address should not keep a whole parliament out, but is reported.
    skipped: list[str] = field(default_factory=list)

    def add_channel(
        self, kind: str, value: object, where: str, name: str, required: bool = False, **extra: Any
    ) -> None:
        """Add a contact detail if it is well-formed; a malformed one is skipped and noted,
        unless the detail is required, which makes it the record's problem."""
        try:
            cleaned = channel_value(kind, value, where, name)
        except ImportProblem as problem:
            if required:
                raise
            self.skipped.append(str(problem))
            return
        if required and not cleaned:
            raise ImportProblem(where, name, "is empty")
        if cleaned:
            self.channels.append(Channel(kind, cleaned, **extra))


# --- checking one value ----------------------------------------------------------------------


def text(
    value: object, where: str, name: str, required: bool = False, limit: int = MAX_TEXT
) -> str:
    if value is None:
        value = ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ImportProblem(where, name, f"expected text, found {type(value).__name__}")
    cleaned = " ".join(str(value).split())
    if required and not cleaned:
        raise ImportProblem(where, name, "is empty")
    if len(cleaned) > limit:
        raise ImportProblem(where, name, f"is longer than {limit} characters")
    return cleaned


def country(value: object, where: str, name: str) -> str:
    code = text(value, where, name).lower()
    if code == "uk":
        return "gb"
    if code and not COUNTRY.fullmatch(code):
        raise ImportProblem(where, name, f"{code!r} is not a two-letter country code")
    return code


def partial_date(value: object, where: str, name: str, end: bool = False) -> datetime.date | None:
    """Popolo dates may be YYYY, YYYY-MM or YYYY-MM-DD; `end` takes the period's last day."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    raw = text(value, where, name)
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", raw)
    try:
        if match is None:
            raise ValueError
        year, month, day = int(match[1]), match[2], match[3]
        if day:
            return datetime.date(year, int(month), int(day))
        if month:
            last = calendar.monthrange(year, int(month))[1] if end else 1
            return datetime.date(year, int(month), last)
        return datetime.date(year, 12, 31) if end else datetime.date(year, 1, 1)
    except ValueError:
        raise ImportProblem(where, name, f"{raw!r} is not a date (YYYY-MM-DD)") from None


def channel_value(kind: str, value: object, where: str, name: str) -> str:
    """A contact detail checked for its kind; addresses the later pages link to must be safe."""
    limit = 500
    cleaned = text(value, where, name, limit=limit)
    if not cleaned:
        return ""
    if kind == "email":
        try:
            validate_email(cleaned)
        except ValidationError:
            raise ImportProblem(where, name, f"{cleaned!r} is not an email address") from None
    elif kind == "phone" and not PHONE.fullmatch(cleaned):
        raise ImportProblem(where, name, f"{cleaned!r} is not a phone number")
    elif kind in ("contact_form", "website"):
        cleaned = web_address(cleaned, where, name)
    return cleaned


def web_address(value: str, where: str, name: str) -> str:
    # Only http(s): a javascript: or data: address would run in the supporter's page.
    if not re.match(r"https?://[^\s/]+", value, re.IGNORECASE):
        if re.match(r"[a-z0-9.-]+\.[a-z]{2,}(/|$)", value, re.IGNORECASE):
            return "https://" + value
        raise ImportProblem(where, name, f"{value!r} is not a web address (http or https)")
    return value
