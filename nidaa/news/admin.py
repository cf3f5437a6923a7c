"""News sources and items in the staff site.

A source that could not be fetched shows its problem in the list, with a warning above it, so
that staff notice a broken feed. Items are read-only (the feed is their author); staff may hide
one from the news page.
"""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from nidaa.accounts.admin_site import HTTPS_BY_DEFAULT, staff_site
from nidaa.accounts.audit import AuditedModelAdmin
from nidaa.news.models import FollowAccount, Item, Source
from nidaa.news.tasks import fetch_chosen_news


class FollowAccountInline(admin.TabularInline):
    formfield_overrides = HTTPS_BY_DEFAULT
    model = FollowAccount
    extra = 1
    fields = ("network", "name", "url", "position")


@admin.register(Source, site=staff_site)
class SourceAdmin(AuditedModelAdmin):
    formfield_overrides = HTTPS_BY_DEFAULT
    list_display = ("name", "campaign", "language", "format", "active", "fetched_at", "status")
    list_filter = ("campaign", "language", "active", "problem")
    search_fields = ("name", "url")
    inlines = (FollowAccountInline,)
    actions = ("fetch_now",)
    fields = (
        "campaign", "name", "url", "site_url", "language", "time_zone", "active",
        "format", "checked_at", "fetched_at", "problem", "problem_detail", "problem_since",
    )  # fmt: skip
    readonly_fields = (
        "format", "checked_at", "fetched_at", "problem", "problem_detail", "problem_since",
    )  # fmt: skip

    @admin.display(description=_("status"), ordering="problem")
    def status(self, source: Source) -> str:
        if source.problem:
            return f"⚠ {source.get_problem_display()}"
        if source.fetched_at is None:
            return str(_("not fetched yet"))
        return str(_("working"))

    @admin.action(description=_("Fetch the selected sources now"))
    def fetch_now(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        fetch_chosen_news.enqueue(ids)
        self.message_user(
            request,
            ngettext(
                "%(count)d source will be fetched in a moment.",
                "%(count)d sources will be fetched in a moment.",
                len(ids),
            )
            % {"count": len(ids)},
        )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        broken = list(
            Source.objects.filter(active=True).exclude(problem="").values_list("name", flat=True)
        )
        if broken and request.method == "GET":
            message = ngettext(
                "This source has a problem; see its status: %(names)s.",
                "These sources have problems; see their status: %(names)s.",
                len(broken),
            ) % {"names": ", ".join(broken)}
            self.message_user(request, message, messages.WARNING)
        return super().changelist_view(request, extra_context)


@admin.register(Item, site=staff_site)
class ItemAdmin(AuditedModelAdmin):
    list_display = ("title", "source", "language", "published_at", "hidden")
    list_filter = ("hidden", "language", "source__campaign", "source")
    search_fields = ("title", "link")
    list_select_related = ("source",)
    date_hierarchy = "published_at"
    fields = ("title", "source", "link", "guid", "author", "language", "published_at", "fetched_at", "excerpt", "hidden")  # fmt: skip
    readonly_fields = ("title", "source", "link", "guid", "author", "language", "published_at", "fetched_at", "excerpt")  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
