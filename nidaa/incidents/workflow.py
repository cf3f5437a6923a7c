"""Where a record is in verification, who may do what to it, and the named moves themselves.

    draft → submitted → in verification → verified → published
                 ╰──────────┴→ rejected            (published → verified: unpublished to correct)

Two people act on a record: its author, who writes drafts and submits them, and verifiers who are
not its author, who check, grade, verify and publish. Nobody verifies their own record. A
verifier may return a record to its author as a draft with a note, or reject it with a reason;
the author may reopen a rejected record as a draft. A record imported without an author is the
verifiers' draft: any verifier may correct and submit it. Every move and every edit runs in one
transaction with the row locked, and lands in the audit log with the record before and after,
which is also the record's history on its staff page.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.db.models import Q, QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nidaa.accounts.audit import record, snapshot, stored_snapshot
from nidaa.accounts.models import AuditEntry
from nidaa.core.middleware import purge_public_pages
from nidaa.incidents.models import (
    Attribution,
    CivilianObject,
    Evidence,
    Grade,
    Incident,
    ProtectedSiteHit,
    Source,
    Status,
)

User = AbstractUser | AnonymousUser

ADD = "incidents.add_incident"
WRITE = "incidents.change_incident"
VIEW = "incidents.view_incident"
VIEW_ALL = "incidents.view_draft_incident"
VERIFY = "incidents.verify_incident"
# The key under which a move's note or reason is kept in its audit entry.
NOTE = "note"
# The audit action of import_incidents, and the key of the codes of the records it wrote.
IMPORTED = "import"
CODES = "codes"

# A verifier corrects a record while checking it, or after unpublishing it; never a draft (that
# is the author's) and never a published record (the public would see the change unchecked).
VERIFIER_EDITS = frozenset({Status.IN_VERIFICATION, Status.VERIFIED})


class WorkflowError(Exception):
    """A move that cannot be made now: the record is no longer where it was, or input is missing."""


# --- Who may do what ------------------------------------------------------------------------


def is_author(user: User, incident: Incident) -> bool:
    return incident.created_by_id is not None and incident.created_by_id == user.pk


def owns(user: User, incident: Incident) -> bool:
    """The author; for a record without one (imported from elsewhere), any verifier."""
    if incident.created_by_id is None:
        return user.has_perm(VERIFY)
    return is_author(user, incident)


def is_verifier_for(user: User, incident: Incident) -> bool:
    """A verifier who did not write this record."""
    return user.has_perm(VERIFY) and not is_author(user, incident)


def visible_to(user: User) -> QuerySet[Incident]:
    """The records a user may open on the staff pages: all for verifiers, else their own."""
    if user.has_perm(VIEW_ALL):
        return Incident.objects.all()
    if user.has_perm(VIEW) and user.pk is not None:
        return Incident.objects.filter(created_by=user.pk)
    return Incident.objects.none()


def can_view(user: User, incident: Incident) -> bool:
    return user.has_perm(VIEW_ALL) or (user.has_perm(VIEW) and is_author(user, incident))


def can_create(user: User) -> bool:
    return user.has_perm(ADD)


def can_edit(user: User, incident: Incident) -> bool:
    if incident.status == Status.DRAFT:
        return owns(user, incident) and user.has_perm(WRITE)
    return is_verifier_for(user, incident) and incident.status in VERIFIER_EDITS


def can_grade(user: User, incident: Incident) -> bool:
    return can_edit(user, incident) and is_verifier_for(user, incident)


# --- The moves ------------------------------------------------------------------------------

AUTHOR = "author"
VERIFIER = "verifier"


@dataclass(frozen=True)
class Transition:
    name: str
    label: Any  # a lazily translated string
    sources: frozenset[str]
    target: str
    by: str  # AUTHOR or VERIFIER
    needs_note: bool = False
    note_label: Any = field(default=_("Note"))

    def allows(self, user: User, incident: Incident) -> bool:
        return incident.status in self.sources and self.permits(user, incident)

    def permits(self, user: User, incident: Incident) -> bool:
        """Whether the user is the kind of person who makes this move on this record."""
        if self.by == AUTHOR:
            return owns(user, incident) and user.has_perm(WRITE)
        return is_verifier_for(user, incident)


CHECKING = frozenset({Status.SUBMITTED, Status.IN_VERIFICATION})

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("submit", _("Submit for verification"), frozenset({Status.DRAFT}), Status.SUBMITTED, AUTHOR),
        Transition("start_verification", _("Start verifying"), frozenset({Status.SUBMITTED}), Status.IN_VERIFICATION, VERIFIER),
        Transition("verify", _("Mark as verified"), frozenset({Status.IN_VERIFICATION}), Status.VERIFIED, VERIFIER),
        Transition("publish", _("Publish"), frozenset({Status.VERIFIED}), Status.PUBLISHED, VERIFIER),
        Transition("unpublish", _("Unpublish to correct"), frozenset({Status.PUBLISHED}), Status.VERIFIED, VERIFIER, True, _("What needs correcting")),
        Transition("return_to_draft", _("Return to the author"), CHECKING, Status.DRAFT, VERIFIER, True, _("Note for the author")),
        Transition("reject", _("Reject"), CHECKING, Status.REJECTED, VERIFIER, True, _("Reason for rejecting")),
        Transition("reopen", _("Reopen as a draft"), frozenset({Status.REJECTED}), Status.DRAFT, AUTHOR),
    )
}  # fmt: skip


def available(user: User, incident: Incident) -> list[Transition]:
    """The moves this user may make on the record as it stands, in workflow order."""
    return [t for t in TRANSITIONS.values() if t.allows(user, incident)]


def perform(
    user: User,
    incident: Incident,
    name: str,
    note: str = "",
    grade: str = "",
    request: HttpRequest | None = None,
) -> Incident:
    """Make the move `name` on the record, if this user may make it now; return the record.

    Raises PermissionDenied when the user may not make this move on this record at all, and
    WorkflowError when the record is not (or no longer) where the move starts, or a note or
    grade it needs is missing.
    """
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise WorkflowError(_("There is no such step."))
    note = note.strip()
    with transaction.atomic():
        locked = Incident.objects.select_for_update().get(pk=incident.pk)
        _check(transition, user, locked, note)
        before = snapshot(locked)
        _apply(transition, user, locked, grade)
        locked.save()
        after = {**snapshot(locked), NOTE: note} if note else snapshot(locked)
        record(user, AuditEntry.Action.CHANGE, locked, before, after, request)
        if Status.PUBLISHED in (before["status"], locked.status):
            # After commit: a page cached between the purge and the commit would be stale.
            transaction.on_commit(purge_public_pages)
    return locked


def _check(transition: Transition, user: User, incident: Incident, note: str) -> None:
    if not transition.permits(user, incident):
        raise PermissionDenied
    if incident.status not in transition.sources:
        raise WorkflowError(
            _("This record is now “%(status)s”; the page you acted on was out of date.")
            % {"status": incident.get_status_display()}
        )
    if transition.needs_note and not note:
        raise WorkflowError(_("Please write a note saying why."))


def _apply(transition: Transition, user: User, incident: Incident, grade: str) -> None:
    incident.status = transition.target
    if transition.name == "verify":
        incident.grade = grade or incident.grade
        if incident.grade not in Grade.values:
            raise WorkflowError(_("Choose the civilian-harm grade before verifying."))
        incident.verified_by_id = user.pk
    elif transition.name == "publish":
        incident.published_at = timezone.now()
        incident.verified_by_id = incident.verified_by_id or user.pk
    elif transition.name == "unpublish":
        incident.published_at = None


def submit(user: User, incident: Incident, request: HttpRequest | None = None) -> Incident:
    return perform(user, incident, "submit", request=request)


def start_verification(
    user: User, incident: Incident, request: HttpRequest | None = None
) -> Incident:
    return perform(user, incident, "start_verification", request=request)


def verify(
    user: User, incident: Incident, grade: str = "", request: HttpRequest | None = None
) -> Incident:
    return perform(user, incident, "verify", grade=grade, request=request)


def publish(user: User, incident: Incident, request: HttpRequest | None = None) -> Incident:
    return perform(user, incident, "publish", request=request)


def unpublish(
    user: User, incident: Incident, note: str, request: HttpRequest | None = None
) -> Incident:
    return perform(user, incident, "unpublish", note=note, request=request)


def reject(
    user: User, incident: Incident, note: str, request: HttpRequest | None = None
) -> Incident:
    return perform(user, incident, "reject", note=note, request=request)


def return_to_draft(
    user: User, incident: Incident, note: str, request: HttpRequest | None = None
) -> Incident:
    return perform(user, incident, "return_to_draft", note=note, request=request)


def reopen(user: User, incident: Incident, request: HttpRequest | None = None) -> Incident:
    return perform(user, incident, "reopen", request=request)


# --- Writing records ------------------------------------------------------------------------

# What the recording form may change; status, grade by workflow, authorship and publication
# are written only by the moves above. Admin areas follow the point (Incident.save).
ADMIN_AREA_FIELDS = [
    f"admin{level}_{part}" for level in (1, 2, 3) for part in ("pcode", "en", "ar")
]


def create_incident(
    user: User,
    form: Any,
    formsets: Iterable[BaseInlineFormSet],
    request: HttpRequest | None = None,
) -> tuple[Incident, bool]:
    """A new draft by `user` from a valid recording form; (record, created).

    The form carries a one-off token. Sent twice (a retry after a dropped connection, a double
    tap), the second send finds the record the first one made, even when both arrive at once:
    the token is unique in the database, so the slower insert fails and finds the faster.
    """
    token = form.cleaned_data.get("client_token")
    existing = _made_with(token)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            incident = form.save(commit=False)
            incident.created_by_id = user.pk
            incident.status = Status.DRAFT
            incident.client_token = token
            incident.save()
            record(user, AuditEntry.Action.CREATE, incident, None, snapshot(incident), request)
            _save_formsets(user, incident, formsets, request)
    except IntegrityError:
        existing = _made_with(token)
        if existing is None:
            raise
        return existing, False
    return incident, True


def _made_with(token: Any) -> Incident | None:
    return Incident.objects.filter(client_token=token).first() if token else None


def save_incident(
    user: User,
    form: Any,
    formsets: Iterable[BaseInlineFormSet],
    request: HttpRequest | None = None,
) -> Incident:
    """Save an edit of an existing record, if the user may still edit it.

    Only the form's own fields are written, so a move another person made while the form was
    open (say, a verifier starting verification) is never undone by saving stale values.
    """
    incident: Incident = form.instance
    with transaction.atomic():
        stored = Incident.objects.select_for_update().get(pk=incident.pk)
        if not can_edit(user, stored):
            raise WorkflowError(
                _("This record is now “%(status)s” and can no longer be changed here.")
                % {"status": stored.get_status_display()}
            )
        before = snapshot(stored)
        form.save(commit=False)
        incident.save(update_fields=[*form.fields_to_save(), *ADMIN_AREA_FIELDS, "updated_at"])
        incident.refresh_from_db()
        _save_formsets(user, incident, formsets, request)
        after = snapshot(incident)
        if _changed(before, after):
            record(user, AuditEntry.Action.CHANGE, incident, before, after, request)
    return incident


def _changed(before: dict[str, Any], after: dict[str, Any]) -> bool:
    """Whether saving changed anything a person typed (the save time always changes)."""
    return {**before, "updated_at": None} != {**after, "updated_at": None}


def _save_formsets(
    user: User,
    incident: Incident,
    formsets: Iterable[BaseInlineFormSet],
    request: HttpRequest | None,
) -> None:
    for formset in formsets:
        formset.instance = incident
        # Actors named for the first time (forms.AttributionFormSet) exist before their rows.
        for actor in getattr(formset, "new_actors", list)():
            actor.save()
            record(user, AuditEntry.Action.CREATE, actor, None, snapshot(actor), request)
        _save_rows(user, formset, request)


def _save_rows(user: User, formset: BaseInlineFormSet, request: HttpRequest | None) -> None:
    """Save one inline formset, with an audit entry for each row added, changed or removed."""
    stored = {
        id(form.instance): stored_snapshot(form.instance)
        for form in formset.initial_forms
        if form.has_changed()
    }
    formset.save()
    entries: list[tuple[str, models.Model, Any, Any]] = [
        *((AuditEntry.Action.CREATE, row, None, snapshot(row)) for row in formset.new_objects),
        *(
            (AuditEntry.Action.CHANGE, row, stored.get(id(row)), snapshot(row))
            for row, _fields in formset.changed_objects
        ),
        *(
            (AuditEntry.Action.DELETE, row, stored.get(id(row)), None)
            for row in formset.deleted_objects
        ),
    ]
    for action, row, before, after in entries:
        record(user, action, row, before, after, request)


# --- History --------------------------------------------------------------------------------

# Rows whose audit entries belong to a record's history; they all point at it by incident_id.
RELATED = [Attribution, CivilianObject, Source, Evidence]
# Bookkeeping that changes on every save or says nothing to a reader.
UNSHOWN = {"id", "updated_at", "client_token", "incident_id", "texts"}


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class HistoryItem:
    entry: AuditEntry
    subject: str
    changes: list[Change]
    note: str
    action: str = ""

    def __post_init__(self) -> None:
        self.action = self.action or str(self.entry.get_action_display())


def history(user: User, incident: Incident, limit: int = 200) -> list[HistoryItem]:
    """The audit entries of the record and of its rows, newest first, as a reader sees them.

    Rows that are gone (a removed attribution) are found by the incident_id their snapshots
    keep. Protected-site hits appear only to people who may see protected sites. Imports that
    wrote the record (import_incidents) appear too.
    """
    items = own_history(user, incident, limit) + imports_of(incident)
    items.sort(key=lambda item: (item.entry.when, item.entry.pk), reverse=True)
    return items[:limit]


def imports_of(incident: Incident) -> list[HistoryItem]:
    """The imports whose file carried this record, as history items.

    The import's entry lists the codes it wrote; a search of its text for the quoted code
    finds the candidates in the database, and the list itself decides (the search ignores
    case, codes do not). A code with other than ASCII letters is looked for in every import.
    """
    entries = AuditEntry.objects.filter(action=IMPORTED, content_type=None)
    if incident.code.isascii():
        entries = entries.filter(after__icontains=json.dumps(incident.code))
    return [
        HistoryItem(entry, _import_subject(entry.after), [], "", str(_("imported from a file")))
        for entry in entries
        if incident.code in (entry.after or {}).get(CODES, [])
    ]


def _import_subject(details: dict[str, Any] | None) -> str:
    details = details or {}
    return f"{details.get('file', '')} ({details.get('format', '')})"


def own_history(user: User, incident: Incident, limit: int) -> list[HistoryItem]:
    """The audit entries of the record and of its rows (see history)."""
    related = [*RELATED, *([ProtectedSiteHit] if user.has_perm("incidents.view_protectedsitehit") else [])]  # fmt: skip
    types = ContentType.objects.get_for_models(*related, for_concrete_models=False)
    own = ContentType.objects.get_for_model(Incident, for_concrete_model=False)
    rows = Q(before__incident_id=incident.pk) | Q(after__incident_id=incident.pk)
    entries = AuditEntry.objects.filter(
        Q(content_type=own, object_id=str(incident.pk))
        | (Q(content_type__in=types.values()) & rows)
    ).select_related("content_type")[:limit]
    labels = {ct.pk: model._meta.verbose_name for model, ct in types.items()}
    return [_item(entry, labels) for entry in entries]


def _item(entry: AuditEntry, labels: dict[int, Any]) -> HistoryItem:
    model = entry.content_type.model_class() if entry.content_type else None
    before, after = entry.before or {}, entry.after or {}
    is_incident = model is Incident
    subject = (
        "" if is_incident else f"{labels.get(entry.content_type_id or 0, '')}: {entry.object_repr}"
    )
    changes = _changes(model, before, after) if entry.action == AuditEntry.Action.CHANGE else []
    return HistoryItem(entry, subject, changes, str(after.get(NOTE, "")))


def _changes(model: type[models.Model] | None, before: dict, after: dict) -> list[Change]:
    if model is None:
        return []
    fields = {f.attname: f for f in model._meta.concrete_fields}
    found = [
        Change(str(fields[key].verbose_name), _shown(fields[key], before.get(key)), _shown(fields[key], after.get(key)))
        for key in fields
        if key not in UNSHOWN and before.get(key) != after.get(key)
    ]  # fmt: skip
    return _text_changes(before.get("texts") or {}, after.get("texts") or {}) + found


def _shown(model_field: models.Field, value: Any) -> str:
    if value is None or value == "":
        return "—"
    choices = dict(model_field.flatchoices) if model_field.choices else {}
    return str(choices.get(value, value))


def _text_changes(before: dict, after: dict) -> list[Change]:
    labels = {"title": _("title"), "narrative": _("narrative")}
    found = []
    for language in sorted(set(before) | set(after)):
        for part, label in labels.items():
            old = (before.get(language) or {}).get(part, "")
            new = (after.get(language) or {}).get(part, "")
            if old != new:
                found.append(Change(f"{label} ({language})", old or "—", new or "—"))
    return found
