"""Staff pages for recording and verifying incidents, under /<lang>/record/.

Every page needs a staff session with both factors, then the right permission: a record a user
may not open is "not found" (a draft's existence is not given away), a record they may open but
not change is "forbidden". The decisions live in workflow.py; the views parse, call, render.
"""

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import BaseForm, BaseFormSet
from django.forms.utils import ErrorDict, ErrorList
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nidaa.accounts.access import verified_staff_required
from nidaa.incidents import workflow
from nidaa.incidents.forms import FORMSET_TITLES, FORMSETS, IncidentForm, TransitionForm
from nidaa.incidents.models import Incident, Status

# The success page tells the browser to forget the copy of the form it kept (record.js).
CLEAR_DRAFT = "record:clear_draft"
PAGE_SIZE = 50
DONE = {
    "submit": _("Submitted for verification."),
    "start_verification": _("You are now verifying this record."),
    "verify": _("Marked as verified."),
    "publish": _("Published."),
    "unpublish": _("Unpublished; the record is back to verified for correcting."),
    "return_to_draft": _("Returned to the author as a draft."),
    "reject": _("Rejected."),
    "reopen": _("Reopened as a draft."),
}


def _visible(request: HttpRequest, code: str) -> Incident:
    """The record, if this user may open it; otherwise "not found", whether it exists or not."""
    incident = Incident.objects.select_related("created_by", "verified_by").filter(code=code).first()  # fmt: skip
    if incident is None or not workflow.can_view(request.user, incident):
        raise Http404
    return incident


def _draft_key(request: HttpRequest, incident: Incident) -> str:
    """Where record.js keeps this form's copy on the device: per person and per record."""
    return f"{request.user.pk}:{incident.code if incident.pk else 'new'}"


# --- The list -------------------------------------------------------------------------------


@verified_staff_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not (user.has_perm(workflow.VIEW) or user.has_perm(workflow.VIEW_ALL)):
        raise PermissionDenied
    status = request.GET.get("status", "")
    records = workflow.visible_to(user).select_related("created_by")
    if status in Status.values:
        records = records.filter(status=status)
    queue = None
    if user.has_perm(workflow.VERIFY):
        queue = list(
            Incident.objects.filter(status__in=workflow.CHECKING)
            .exclude(created_by=user.pk)
            .select_related("created_by")
            .order_by("updated_at")[:PAGE_SIZE]
        )
    context = {
        "page": Paginator(records, PAGE_SIZE).get_page(request.GET.get("page")),
        "queue": queue,
        "status": status,
        "statuses": Status.choices,
        "can_create": workflow.can_create(user),
        "sees_all": user.has_perm(workflow.VIEW_ALL),
    }
    return render(request, "incidents/record/index.html", context)


# --- Recording and editing ------------------------------------------------------------------


@verified_staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    if not workflow.can_create(request.user):
        raise PermissionDenied
    already = _made_by_this_form(request)
    if already is not None:
        return _saved(request, already, f"{request.user.pk}:new", created=False)
    incident = Incident(created_by_id=request.user.pk)
    form, formsets = _bind(request, incident)
    if request.method == "POST" and "add_row" not in request.POST and _valid(form, formsets):
        incident, created = workflow.create_incident(request.user, form, formsets.values(), request)
        if incident.created_by_id != request.user.pk:
            raise PermissionDenied
        return _saved(request, incident, f"{request.user.pk}:new", created)
    return _render_form(request, incident, form, formsets)


def _made_by_this_form(request: HttpRequest) -> Incident | None:
    """The record a form with this token already made (the same form sent again), if any."""
    if request.method != "POST":
        return None
    try:
        token = uuid.UUID(request.POST.get("client_token", ""))
    except ValueError:
        return None  # none, or malformed: the form says so
    found = Incident.objects.filter(client_token=token).first()
    if found is not None and found.created_by_id != request.user.pk:
        raise PermissionDenied
    return found


@verified_staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: HttpRequest, code: str) -> HttpResponse:
    incident = _visible(request, code)
    if not workflow.can_edit(request.user, incident):
        raise PermissionDenied
    form, formsets = _bind(request, incident)
    if request.method == "POST" and "add_row" not in request.POST and _valid(form, formsets):
        try:
            workflow.save_incident(request.user, form, formsets.values(), request)
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
            return _render_form(request, incident, form, formsets, status=409)
        return _saved(request, incident, _draft_key(request, incident), created=False)
    return _render_form(request, incident, form, formsets)


def _bind(request: HttpRequest, incident: Incident) -> tuple[IncidentForm, dict[str, Any]]:
    data = _with_added_row(request.POST) if request.method == "POST" else None
    form = IncidentForm(data, instance=incident, user=request.user)
    formsets = {
        prefix: formset(data, instance=incident, prefix=prefix)
        for prefix, formset in FORMSETS.items()
    }
    if data is not None and "add_row" in data:
        # Another row was asked for (without JavaScript): show what was typed, unjudged.
        _unjudged(form, *formsets.values())
    return form, formsets


def _with_added_row(data: QueryDict) -> QueryDict:
    prefix = data.get("add_row", "")
    if prefix not in FORMSETS:
        return data
    data = data.copy()
    total = f"{prefix}-TOTAL_FORMS"
    count = data.get(total, "0")
    data[total] = str(int(count) + 1 if count.isdigit() else 1)
    return data


def _unjudged(*forms: BaseForm | BaseFormSet) -> None:
    """Mark bound forms as checked and clean, so a page shows what was typed with no errors.

    Django validates a bound form the first time its errors are read, and keeps the result
    in these attributes (which django-stubs does not declare).
    """
    for form in forms:
        if isinstance(form, BaseFormSet):
            form._errors = []  # type: ignore[attr-defined]
            form._non_form_errors = ErrorList()  # type: ignore[attr-defined]
            _unjudged(*form.forms)
        else:
            form._errors = ErrorDict()  # type: ignore[attr-defined]


def _valid(form: IncidentForm, formsets: dict[str, Any]) -> bool:
    # Every part is checked (no short cut), so every problem is shown at once.
    results = [form.is_valid(), *(formset.is_valid() for formset in formsets.values())]
    return all(results)


def _render_form(
    request: HttpRequest,
    incident: Incident,
    form: IncidentForm,
    formsets: dict[str, Any],
    status: int | None = None,
) -> HttpResponse:
    has_errors = bool(form.errors) or any(
        formset.total_error_count() for formset in formsets.values()
    )
    if status is None:
        status = 400 if has_errors else 200
    context = {
        "incident": incident,
        "form": form,
        "sections": form.sections(),
        "formsets": [(p, f, *FORMSET_TITLES[p]) for p, f in formsets.items()],
        "has_errors": has_errors,
        "draft_key": _draft_key(request, incident),
    }
    return render(request, "incidents/record/form.html", context, status=status)


def _saved(request: HttpRequest, incident: Incident, draft_key: str, created: bool) -> HttpResponse:
    request.session[CLEAR_DRAFT] = draft_key
    messages.success(request, _("The record is saved.") if created else _("Saved."))
    return redirect("record:detail", code=incident.code)


# --- One record -----------------------------------------------------------------------------


@verified_staff_required
@require_GET
def detail(request: HttpRequest, code: str) -> HttpResponse:
    return _render_detail(request, _visible(request, code))


@verified_staff_required
@require_POST
def transition(request: HttpRequest, code: str) -> HttpResponse:
    incident = _visible(request, code)
    move = workflow.TRANSITIONS.get(request.POST.get("action", ""))
    if move is None:
        return _render_detail(request, incident, status=400)
    if not move.permits(request.user, incident):
        raise PermissionDenied
    form = TransitionForm(request.POST, transition=move)
    if not form.is_valid() or not _has_grade(form, incident):
        return _render_detail(request, incident, bound=form, status=400)
    try:
        workflow.perform(request.user, incident, move.name, request=request, **form.cleaned_data)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, DONE[move.name])
    return redirect("record:detail", code=incident.code)


def _has_grade(form: TransitionForm, incident: Incident) -> bool:
    if "grade" in form.fields and not (form.cleaned_data.get("grade") or incident.grade):
        form.add_error("grade", _("Choose the civilian-harm grade before verifying."))
        return False
    return True


def _render_detail(
    request: HttpRequest,
    incident: Incident,
    bound: TransitionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    moves = [
        bound
        if bound is not None and bound.transition == move
        else TransitionForm(transition=move, initial={"grade": incident.grade})
        for move in workflow.available(user, incident)
    ]
    history = workflow.history(user, incident)
    context = {
        "incident": incident,
        "texts": _texts(incident),
        "attributions": incident.attributions.select_related("actor"),
        "objects_hit": incident.objects_hit.all(),
        "sources": incident.sources.all(),
        "evidence": incident.evidence.all(),
        "evidence_add_url": reverse("evidence:add", kwargs={"code": incident.code})
        if user.has_perm("incidents.add_evidence") and workflow.can_view(user, incident)
        else "",
        "can_edit": workflow.can_edit(user, incident),
        "moves": moves,
        "history": history,
        "latest_note": _latest_note(incident, history),
        "clear_draft": request.session.pop(CLEAR_DRAFT, ""),
    }
    return render(request, "incidents/record/detail.html", context, status=status)


def _latest_note(incident: Incident, history: list[workflow.HistoryItem]) -> Any:
    """The note of the step that sent the record back (returned, rejected, unpublished)."""
    if incident.status not in (Status.DRAFT, Status.REJECTED, Status.VERIFIED):
        return None
    return next((item for item in history if item.note), None)


def _texts(incident: Incident) -> list[tuple[str, dict[str, str]]]:
    return [(code, entry) for code, entry in (incident.texts or {}).items() if entry]
