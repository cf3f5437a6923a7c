"""Staff-site pages of this part: the audit log (read-only), users and roles (audited)."""

import json
from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.forms import BaseModelForm
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from nidaa.accounts.admin_site import ReadOnlyModelAdmin, staff_site
from nidaa.accounts.audit import AuditedModelAdmin, record
from nidaa.accounts.models import AuditEntry

AUDIT_FIELDS = (
    "when", "actor_username", "actor_id", "action", "content_type", "object_id",
    "object_repr", "ip_hash", "before_json", "after_json",
)  # fmt: skip


@admin.register(AuditEntry, site=staff_site)
class AuditEntryAdmin(ReadOnlyModelAdmin):
    """Readable by whoever holds accounts.view_auditentry (the admin role); writable by nobody."""

    list_display = ["when", "actor_username", "action", "content_type", "object_repr"]
    list_filter = ["action", "actor_username", "when", "content_type"]
    search_fields = ["actor_username", "object_repr", "object_id"]
    date_hierarchy = "when"
    list_select_related = ["content_type"]
    fields = AUDIT_FIELDS
    readonly_fields = AUDIT_FIELDS

    @admin.display(description=_("before"))
    def before_json(self, entry: AuditEntry) -> str:
        return _pretty(entry.before)

    @admin.display(description=_("after"))
    def after_json(self, entry: AuditEntry) -> str:
        return _pretty(entry.after)


def _pretty(value: Any) -> str:
    if value is None:
        return "-"
    text = json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True)
    return format_html('<pre dir="ltr">{}</pre>', text)


@admin.register(User, site=staff_site)
class StaffUserAdmin(AuditedModelAdmin, UserAdmin):
    list_display = ["username", "email", "is_staff", "is_active", "roles", "last_login"]
    list_filter = ["is_staff", "is_active", "groups"]

    @admin.display(description=_("roles"))
    def roles(self, user: User) -> str:
        return ", ".join(group.name for group in user.groups.all())

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).prefetch_related("groups")

    def save_related(
        self, request: HttpRequest, form: BaseModelForm, formsets: Any, change: bool
    ) -> None:
        before = getattr(form, "_audit_before", None) or {}
        super().save_related(request, form, formsets, change)
        old_roles = before.get("groups", [])
        new_roles = sorted(group.name for group in form.instance.groups.all())
        if old_roles != new_roles:
            record(
                request.user,
                AuditEntry.Action.ROLE_CHANGE,
                form.instance,
                {"roles": old_roles},
                {"roles": new_roles},
                request,
            )

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            after = {"password": "changed"}
            record(request.user, AuditEntry.Action.CHANGE, user, None, after, request)
        return response


@admin.register(Group, site=staff_site)
class RoleAdmin(AuditedModelAdmin, GroupAdmin):
    pass
