"""The record on the staff site.

Records are written on the recording pages (/record/), which walk them through verification;
here staff find, read and correct them under the same rules: a documenter sees and changes only
their own drafts, a verifier corrects other people's records while checking them, and the status
moves only through the workflow (each record links to its recording page for that).
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse

from nidaa.accounts.admin_site import HTTPS_BY_DEFAULT, staff_site
from nidaa.accounts.audit import AuditedModelAdmin
from nidaa.incidents import (
    sites_admin,  # noqa: F401 - registers the protected-site pages
    workflow,
)
from nidaa.incidents.models import Actor, Attribution, CivilianObject, Incident, Source

# Written by the workflow, by the point's boundaries, or once when the record is made.
SYSTEM_FIELDS = (
    "code", "status", "created_by", "verified_by", "created_at", "updated_at", "published_at",
    "near_protected_site", *workflow.ADMIN_AREA_FIELDS,
)  # fmt: skip


class RecordInline(admin.TabularInline):
    """A record's rows change with the record, under the same rule."""

    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is not None and workflow.can_edit(request.user, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is not None and workflow.can_edit(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is not None and workflow.can_edit(request.user, obj)


class AttributionInline(RecordInline):
    model = Attribution
    autocomplete_fields = ["actor"]


class CivilianObjectInline(RecordInline):
    model = CivilianObject


class SourceInline(RecordInline):
    model = Source
    formfield_overrides = HTTPS_BY_DEFAULT


@admin.register(Incident, site=staff_site)
class IncidentAdmin(AuditedModelAdmin):
    list_display = ["code", "started_on", "admin1_en", "means", "status", "grade"]
    list_filter = ["status", "grade", "means", "admin1_en", "started_on"]
    search_fields = ["code", "place_en", "place_ar", "admin3_en", "admin3_ar"]
    date_hierarchy = "started_on"
    list_select_related = ["created_by"]
    readonly_fields = SYSTEM_FIELDS
    exclude = ["texts"]
    inlines = [AttributionInline, CivilianObjectInline, SourceInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Incident]:
        visible = workflow.visible_to(request.user)
        return super().get_queryset(request).filter(pk__in=visible.values("pk"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # new records go through /record/new/, which keeps a dropped form safe

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return super().has_change_permission(request)
        return workflow.can_edit(request.user, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and workflow.can_grade(request.user, obj):
            return SYSTEM_FIELDS
        return (*SYSTEM_FIELDS, "grade")

    def view_on_site(self, obj: Incident) -> str:
        return reverse("record:detail", kwargs={"code": obj.code})


@admin.register(Actor, site=staff_site)
class ActorAdmin(AuditedModelAdmin):
    list_display = ["name", "name_ar", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "name_ar"]
