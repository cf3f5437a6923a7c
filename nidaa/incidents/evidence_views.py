"""Evidence pages: adding, reading and downloading items, the custody log, protected-site hits,
and the one public view (the clean copy of a public image).

Staff pages need a staff session with both factors, then: documenters reach the items of the
records they wrote, verifiers and admins every item; an item of a record a user may not open is
"not found". The custody log and the protected-site hits are for verifiers and admins. Every
view and download of an item is written to its chain of custody.
"""

import logging
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotModified,
)
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from nidaa.accounts.access import verified_staff_required
from nidaa.incidents import custody, evidence, workflow
from nidaa.incidents.models import CustodyEntry, Evidence, Incident, ProtectedSiteHit

log = logging.getLogger(__name__)

ADD = "incidents.add_evidence"
VIEW = "incidents.view_evidence"
VIEW_CUSTODY = "incidents.view_custodyentry"
VIEW_HITS = "incidents.view_protectedsitehit"
PAGE_SIZE = 100
# How long browsers and proxies may keep a public image: short, so that hiding it (or
# unpublishing the record) takes effect within minutes; the ETag makes a re-check cheap.
PUBLIC_MAX_AGE = 300
CLEAR_DRAFT = "evidence:clear_draft"
PUBLIC_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


# --- Who may see what -------------------------------------------------------------------------


def _incident(request: HttpRequest, code: str) -> Incident:
    """The record to add to: "not found" unless the user may open it, "forbidden" unless they
    may add evidence."""
    incident = Incident.objects.filter(code=code).first()
    if incident is None or not workflow.can_view(request.user, incident):
        raise Http404
    if not request.user.has_perm(ADD):
        raise PermissionDenied
    return incident


def _item(request: HttpRequest, pk: int) -> Evidence:
    item = Evidence.objects.select_related("incident", "added_by").filter(pk=pk).first()
    if item is None or not workflow.can_view(request.user, item.incident):
        raise Http404
    if not request.user.has_perm(VIEW):
        raise PermissionDenied
    return item


def _draft_key(request: HttpRequest, incident: Incident) -> str:
    """Where record.js keeps the typed description on the device, per person and record."""
    return f"evidence:{request.user.pk}:{incident.code}"


# --- Adding -----------------------------------------------------------------------------------


class EvidenceForm(forms.Form):
    # The description comes before the file in the page, so a browser sends it first and it
    # arrives even when the file is refused part-way.
    description = forms.CharField(
        label=_("What it shows"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: the crater in the market, photographed the next morning."),
    )
    url = forms.URLField(
        label=_("Address online"),
        max_length=1000,
        required=False,
        assume_scheme="https",
        help_text=_("Where the evidence is online, if it is: a post, a video, a report."),
    )
    file = forms.FileField(label=_("File"), required=False)

    def __init__(self, *args: Any, too_large: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        self.fields["file"].help_text = _(
            "A photo, video, sound recording or document, up to %(limit)s MB. It is kept "
            "exactly as sent; only staff can open it."
        ) % {"limit": settings.NIDAA_EVIDENCE_MAX_MB}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        limit = {"limit": settings.NIDAA_EVIDENCE_MAX_MB}
        if self.too_large:
            self.add_error("file", _("The file is larger than %(limit)s MB, the most this site accepts.") % limit)  # fmt: skip
        elif not data.get("file") and not data.get("url") and not self.errors:
            raise ValidationError(
                _("Choose a file to send, or give the address where the evidence is online.")
            )
        return data


@csrf_exempt  # checked below, once the upload handler is in place (see _add)
@verified_staff_required
@require_http_methods(["GET", "POST"])
def add(request: HttpRequest, code: str) -> HttpResponseBase:
    incident = _incident(request, code)
    handler = evidence.EvidenceUploadHandler(request)
    if request.method == "POST":
        # Before anything reads the body: the file then streams straight into private
        # storage, hashed on arrival, and only for someone allowed to add evidence here.
        request.upload_handlers = [handler]
    return _add(request, incident, handler)


@csrf_protect
def _add(
    request: HttpRequest, incident: Incident, handler: evidence.EvidenceUploadHandler
) -> HttpResponseBase:
    if request.method != "POST":
        return _render_add(request, incident, EvidenceForm())
    form = EvidenceForm(request.POST, request.FILES, too_large=handler.too_large)
    upload = request.FILES.get("file")
    try:
        if form.is_valid():
            added = _keep(request, incident, form, upload)
            if added is not None:
                return _added(request, incident, added)
    finally:
        if upload is not None:
            upload.close()  # removes the temporary file; a kept original is already linked
    return _render_add(request, incident, form, status=400)


def _keep(
    request: HttpRequest, incident: Incident, form: EvidenceForm, upload: Any
) -> evidence.Added | None:
    data = form.cleaned_data
    try:
        if upload is not None:
            return evidence.add_file(
                incident, upload.received, upload.name or "", data["description"],
                request.user, request, url=data["url"],
            )  # fmt: skip
        return evidence.add_url(incident, data["url"], data["description"], request.user, request)
    except ValidationError as error:
        form.add_error("file", error)
        return None


def _added(request: HttpRequest, incident: Incident, added: evidence.Added) -> HttpResponse:
    item = added.item
    if added.created and item.sha256:
        text = _("Received and kept unchanged. Its SHA-256 fingerprint is %(hash)s.")
        messages.success(request, text % {"hash": item.sha256})
    elif added.created:
        messages.success(request, _("The address was added as evidence."))
    else:
        messages.info(request, _("This record already has this evidence, so nothing was added."))
    request.session[CLEAR_DRAFT] = _draft_key(request, incident)
    return redirect("evidence:detail", pk=item.pk)


def _render_add(
    request: HttpRequest, incident: Incident, form: EvidenceForm, status: int = 200
) -> HttpResponse:
    context = {"incident": incident, "form": form, "draft_key": _draft_key(request, incident)}
    return render(request, "incidents/evidence/add.html", context, status=status)


# --- Reading and downloading ------------------------------------------------------------------


class PublicForm(forms.Form):
    public = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")


def _may_publish(request: HttpRequest, item: Evidence) -> bool:
    return workflow.is_verifier_for(request.user, item.incident)


@verified_staff_required
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    if request.method == "POST":
        return _set_public(request, item)
    custody.append(item, CustodyEntry.Action.VIEWED, request.user)
    entries = item.custody.order_by("pk")
    context = {
        "item": item,
        "incident": item.incident,
        # The item's entries are not neighbours in the chain: each is checked on its own here.
        "rows": [
            {"entry": entry, "intact": intact, "follows": True}
            for entry, intact in custody.each_intact(list(entries))
        ],
        "may_publish": _may_publish(request, item) and bool(item.public_copy),
        "clear_draft": request.session.pop(CLEAR_DRAFT, ""),
    }
    return render(request, "incidents/evidence/detail.html", context)


def _set_public(request: HttpRequest, item: Evidence) -> HttpResponse:
    if not _may_publish(request, item):
        raise PermissionDenied
    form = PublicForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Say whether to show the copy or not."), status=400)
    try:
        evidence.set_public(item, form.cleaned_data["public"], request.user, request)
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400)
    if item.public:
        messages.success(request, _("The clean copy will be shown once the record is published."))  # fmt: skip
    else:
        messages.success(request, _("The clean copy is no longer shown publicly."))
    return redirect("evidence:detail", pk=item.pk)


@verified_staff_required
@require_GET
def download(request: HttpRequest, pk: int) -> FileResponse:
    item = _item(request, pk)
    path = evidence.original_path(item)
    if path is None or not path.is_file():
        log.error("evidence %s: the original %r is missing", item.pk, item.file_path)
        raise Http404
    sha256 = evidence.file_sha256(path)
    note = "" if sha256 == item.sha256 else "the file no longer matches the hash taken on receipt"
    custody.append(item, CustodyEntry.Action.DOWNLOADED, request.user, note, sha256)
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=item.original_name or f"evidence-{item.pk}",
        content_type=item.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- The custody log and protected-site hits (verifiers and admins) ----------------------------


@verified_staff_required
@require_GET
def custody_log(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(VIEW_CUSTODY):
        raise PermissionDenied
    entries = CustodyEntry.objects.order_by("-pk")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    context = {"page": page, "rows": _with_links(rows)}
    return render(request, "incidents/evidence/custody.html", context)


def _with_links(rows: list[CustodyEntry]) -> list[dict[str, Any]]:
    """Each entry (newest first), whether its hash fits its fields, and whether it follows the
    entry listed after it (the one before it in the chain)."""
    result = []
    for index, (entry, intact) in enumerate(custody.each_intact(rows)):
        older = rows[index + 1] if index + 1 < len(rows) else None
        follows = older is None or entry.previous_hash == older.entry_hash
        result.append({"entry": entry, "intact": intact, "follows": follows})
    return result


@verified_staff_required
@require_GET
def protected_hits(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(VIEW_HITS):
        raise PermissionDenied
    hits = ProtectedSiteHit.objects.select_related("site", "incident").order_by(
        "-incident__started_on", "site__name", "pk"
    )
    page = Paginator(hits, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"hit": hit, "days": (hit.incident.started_on - hit.site.notified_on).days}
        for hit in page.object_list
    ]
    context = {
        "page": page,
        "rows": rows,
        "sites": hits.values("site").distinct().count(),
        "metres": settings.NIDAA_DECONFLICTION_METRES,
    }
    return render(request, "incidents/evidence/protected_hits.html", context)


# --- Public -----------------------------------------------------------------------------------


@require_safe
def public_image(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The clean copy of an image marked public, on a published record; "not found" otherwise."""
    item = Evidence.objects.select_related("incident").filter(pk=pk).first()
    if item is None or not evidence.is_public(item):
        raise Http404
    path = evidence.public_path(item)
    if path is None or not path.is_file():
        raise Http404
    etag = f'"{Path(item.public_copy).stem}"'  # the copy's own hash
    if etag in request.headers.get("If-None-Match", ""):
        response: HttpResponseBase = HttpResponseNotModified()
    else:
        extension = path.suffix.lstrip(".")
        response = FileResponse(path.open("rb"), content_type=PUBLIC_TYPES.get(extension))
        response["Content-Disposition"] = f'inline; filename="evidence-{item.pk}.{extension}"'
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
