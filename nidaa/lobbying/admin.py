"""Target directories, the campaign's letters, and what supporters did, in the staff site.

Staff see every directory with when and from what file it was last imported, and a warning
for stale ones. Imported targets are read-only here (the next import would overwrite an edit);
targets of custom lists (UN Security Council missions, embassies, ministries) are added and
edited here, each contact detail with its source and validity. Every change is audited and
makes cached look-ups stale.

Editors write the campaign's letters and call scripts. Letters and calls are read-only:
moderators read them (the writer's address shown only by its domain; opening a letter is
audited), and the report counts letters, calls and replies per target and per country for
editors and moderators alike (its CSV download is audited).
"""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from nidaa.accounts.admin_site import ReadOnlyModelAdmin, staff_site
from nidaa.accounts.audit import AuditedModelAdmin, record
from nidaa.campaigns.models import Campaign
from nidaa.core.privacy import mask_email
from nidaa.core.spreadsheet import CSVStream
from nidaa.lobbying import report
from nidaa.lobbying.lookup import purge_lookups
from nidaa.lobbying.models import (
    Area,
    Call,
    ContactChannel,
    Directory,
    Letter,
    LetterTemplate,
    LobbyingReport,
    Target,
)


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


# --- the campaign's letters, and what supporters did ------------------------------------------


@admin.register(LetterTemplate, site=staff_site)
class LetterTemplateAdmin(AuditedModelAdmin):
    """Editors write the campaign's letter and call script per target group and language."""

    list_display = ("campaign", "group", "language", "subject", "updated")
    list_filter = ("campaign", "language", "directory")
    search_fields = ("subject", "body")
    list_select_related = ("campaign", "directory")
    fields = ("campaign", "directory", "language", "subject", "body", "call_script")

    @admin.display(description=_("target group"), ordering="directory__name")
    def group(self, template: LetterTemplate) -> str:
        return template.directory.name if template.directory else str(_("every group"))


@admin.register(Letter, site=staff_site)
class LetterAdmin(ReadOnlyModelAdmin):
    """Letters as supporters wrote them, read-only; opening one is in the audit log."""

    list_display = (
        "target_name", "target_country", "channel", "state", "unedited", "created",
        "sent_at", "replied",
    )  # fmt: skip
    list_filter = ("campaign", "state", "channel", "unedited", "replied", "target_country")
    search_fields = ("target_name",)
    date_hierarchy = "created"
    fields = (
        "campaign", "target", "target_name", "target_country", "channel", "state", "language",
        "letter_language", "name", "writer_email", "town", "subject", "body", "unedited",
        "created", "confirmed_at", "sent_at", "mail_due_at", "mail_attempts", "reply_asked_at",
        "replied", "replied_at", "erased_at",
    )  # fmt: skip

    @admin.display(description=_("writer's email"))
    def writer_email(self, letter: Letter) -> str:
        return mask_email(letter.email)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        letter = self.get_object(request, object_id)
        if response.status_code == 200 and letter is not None:
            record(request.user, "view", letter, request=request)
        return response


@admin.register(Call, site=staff_site)
class CallAdmin(ReadOnlyModelAdmin):
    list_display = ("target_name", "target_country", "outcome", "language", "created")
    list_filter = ("campaign", "outcome", "target_country")
    search_fields = ("target_name",)
    date_hierarchy = "created"


@admin.register(LobbyingReport, site=staff_site)
class LobbyingReportAdmin(ReadOnlyModelAdmin):
    """Counts per target and per country (report.py) on one page, and as CSV (audited)."""

    def changelist_view(  # type: ignore[override]
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponseBase:
        if not self.has_view_permission(request):
            raise PermissionDenied
        campaigns = list(Campaign.objects.order_by("slug"))
        campaign = next((c for c in campaigns if c.slug == request.GET.get("campaign")), None)
        by = request.GET.get("by", "")
        if by in ("target", "country"):
            return self._csv(request, campaign, by)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Lobbying report"),
            "opts": self.model._meta,
            "campaigns": campaigns,
            "campaign": campaign,
            "countries": report.by_country(campaign),
            "targets": report.by_target(campaign),
        }
        return TemplateResponse(request, "admin/lobbying/report.html", context)

    def _csv(
        self, request: HttpRequest, campaign: Campaign | None, by: str
    ) -> StreamingHttpResponse:
        rows = report.by_target(campaign) if by == "target" else report.by_country(campaign)
        header = ["target" if by == "target" else "country", "country", "letters", *report.COUNTED]
        cells = ([r.name, r.country, r.letters, *(getattr(r, n) for n in report.COUNTED)] for r in rows)  # fmt: skip
        details = {"file": f"lobbying-{by}", "campaign": campaign.slug if campaign else "", "rows": len(rows)}  # fmt: skip
        record(request.user, "export", campaign, after=details, request=request)
        response = StreamingHttpResponse(CSVStream(header, cells), content_type="text/csv; charset=utf-8")  # fmt: skip
        name = f"lobbying-{by}-{timezone.now():%Y%m%d-%H%M}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
