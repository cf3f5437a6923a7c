"""Vetted appeals in the staff site: their texts per language, when each was last checked,
and a warning for appeals overdue for checking (which the public no longer sees)."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from nidaa.accounts.admin_site import HTTPS_BY_DEFAULT, staff_site
from nidaa.accounts.audit import AuditedModelAdmin, record, snapshot
from nidaa.accounts.models import AuditEntry
from nidaa.core.middleware import purge_public_pages
from nidaa.donations.models import Appeal, AppealText


class AppealTextInline(admin.StackedInline):
    model = AppealText
    extra = 1


@admin.register(Appeal, site=staff_site)
class AppealAdmin(AuditedModelAdmin):
    formfield_overrides = HTTPS_BY_DEFAULT
    list_display = (
        "__str__",
        "campaign",
        "vetted_by",
        "last_checked",
        "freshness",
        "shown",
        "clicks",
    )
    list_filter = ("campaign", "shown")
    list_select_related = ("campaign",)
    search_fields = ("url", "texts__organisation", "texts__title")
    inlines = (AppealTextInline,)
    actions = ("mark_checked",)
    fields = ("campaign", "url", "currencies", "vetted_by", "last_checked", "shown", "position", "clicks")  # fmt: skip
    readonly_fields = ("clicks",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Appeal]:
        # Each row is named by its text in the reader's language (Appeal.__str__).
        return super().get_queryset(request).prefetch_related("texts")

    @admin.display(description=_("freshness"))
    def freshness(self, appeal: Appeal) -> str:
        if appeal.is_stale:
            return str(_("⚠ hidden: check it again"))
        return str(_("checked recently"))

    @admin.action(description=_("Mark the selected appeals as checked today"))
    def mark_checked(self, request: HttpRequest, queryset: QuerySet[Appeal]) -> None:
        today = timezone.localdate()
        appeals = list(queryset)
        for appeal in appeals:
            before = snapshot(appeal)
            appeal.last_checked = today
            appeal.save(update_fields=["last_checked"])
            record(
                request.user, AuditEntry.Action.CHANGE, appeal, before, snapshot(appeal), request
            )
        purge_public_pages()
        self.message_user(
            request,
            ngettext(
                "%(count)d appeal marked as checked today.",
                "%(count)d appeals marked as checked today.",
                len(appeals),
            )
            % {"count": len(appeals)},
        )

    # The donate page shows a change (or a removal) at once, not when its cached copy expires.
    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        purge_public_pages()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        purge_public_pages()

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        super().delete_queryset(request, queryset)
        purge_public_pages()

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        stale = list(Appeal.objects.stale().select_related("campaign").prefetch_related("texts"))
        if stale and request.method == "GET":
            message = ngettext(
                "This appeal has not been checked for too long and is hidden from the public: %(names)s.",
                "These appeals have not been checked for too long and are hidden from the public: %(names)s.",
                len(stale),
            ) % {"names": "; ".join(str(appeal) for appeal in stale)}
            self.message_user(request, message, messages.WARNING)
        return super().changelist_view(request, extra_context)
