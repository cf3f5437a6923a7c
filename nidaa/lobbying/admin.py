"""Target directories in the staff site.

Staff see every directory with when and from what file it was last imported, and a warning
for stale ones. Imported targets are read-only here (the next import would overwrite an edit);
targets of custom lists (UN Security Council missions, embassies, ministries) are added and
edited here, each contact detail with its source and validity. Every change is audited and
makes cached look-ups stale.
"""

from typing import Any

from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from nidaa.accounts.admin_site import staff_site
from nidaa.accounts.audit import AuditedModelAdmin
from nidaa.lobbying.lookup import purge_lookups
from nidaa.lobbying.models import Area, ContactChannel, Directory, Target


@admin.register(Directory, site=staff_site)
class DirectoryAdmin(AuditedModelAdmin):
    list_display = (
        "name",
        "slug",
        "kind",
        "country",
        "imported_at",
        "source_file",
        "active_targets",
        "freshness",
    )
    list_filter = ("kind",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = (
        "source_format",
        "source_file",
        "source_sha256",
        "imported_at",
        "imported_count",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Directory]:
        return (
            super()
            .get_queryset(request)
            .annotate(active_count=Count("targets", filter=Q(targets__active=True)))
        )

    @admin.display(description=_("active targets"), ordering="active_count")
    def active_targets(self, directory: Any) -> int:
        return int(directory.active_count)

    @admin.display(description=_("freshness"))
    def freshness(self, directory: Directory) -> str:
        if directory.imported_at is None:
            return str(_("⚠ never filled in"))
        since = directory.stale_since()
        if since is not None:
            return str(_("⚠ stale since %(date)s") % {"date": since.date().isoformat()})
        return str(_("up to date"))

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        stale = [d.name for d in Directory.objects.all() if d.is_stale]
        if stale and request.method == "GET":
            message = ngettext(
                "This directory is stale; import a newer file or check its targets: %(names)s.",
                "These directories are stale; import newer files or check their targets: %(names)s.",
                len(stale),
            ) % {"names": ", ".join(stale)}
            self.message_user(request, message, messages.WARNING)
        return super().changelist_view(request, extra_context)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        purge_lookups()


class ContactChannelInline(admin.TabularInline):
    model = ContactChannel
    extra = 1
    fields = ("kind", "value", "label", "source", "valid_from", "valid_until", "position")


@admin.register(Target, site=staff_site)
class TargetAdmin(AuditedModelAdmin):
    list_display = ("name", "role", "directory", "area", "country", "party", "active")
    list_filter = ("directory", "active", "country")
    search_fields = ("name", "source_id", "role", "party")
    list_select_related = ("directory", "area")
    autocomplete_fields = ("area",)
    inlines = (ContactChannelInline,)
    fields = (
        "directory", "source_id", "name", "sort_name", "role", "party", "group", "country",
        "area", "committees", "valid_from", "valid_until", "active",
    )  # fmt: skip

    def _editable(self, target: Target | None) -> bool:
        # Imported targets belong to their file: an edit here would be lost at the next import.
        return target is None or target.directory.kind == Directory.Kind.CUSTOM

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and self._editable(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and self._editable(obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "directory":
            kwargs["queryset"] = Directory.objects.filter(kind=Directory.Kind.CUSTOM)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        Directory.objects.filter(pk=form.instance.directory_id).update(imported_at=timezone.now())
        purge_lookups()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        purge_lookups()

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        super().delete_queryset(request, queryset.filter(directory__kind=Directory.Kind.CUSTOM))
        purge_lookups()


@admin.register(Area, site=staff_site)
class AreaAdmin(AuditedModelAdmin):
    list_display = ("name", "country", "kind", "ocd_id", "code")
    list_filter = ("country", "kind")
    search_fields = ("name", "ocd_id", "code")
    fields = ("name", "country", "kind", "ocd_id", "code")
