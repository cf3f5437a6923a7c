"""Moderating events in the staff site.

Moderators see the events waiting for them (new ones, and public ones whose host proposed
changes, with the changes side by side), and approve or reject them in bulk; a rejection asks
for a note the host receives. Every step goes through actions.py, which writes the audit log
and tells the host, and the attendees when a time or place changes. Fields are read-only here:
the host writes the event, moderators decide on it. Attendees' addresses are not shown to
moderators at all; admins see RSVPs, with the email masked to its domain.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from nidaa.accounts.admin_site import ReadOnlyModelAdmin, action_form_page, staff_site
from nidaa.accounts.audit import AuditedModelAdmin
from nidaa.core.privacy import mask_email
from nidaa.events import actions
from nidaa.events.models import RSVP, Event, Mail


class WaitingFilter(admin.SimpleListFilter):
    title = _("moderation")
    parameter_name = "waiting"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Waiting for a moderator"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(status=Event.Status.PENDING) | queryset.filter(
                status=Event.Status.APPROVED, proposed__isnull=False
            )
        return queryset


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the host"),
        max_length=300,
        help_text=_("Sent to the host and kept in the audit log, e.g. “please give the venue”."),
    )


@admin.register(Event, site=staff_site)
class EventAdmin(AuditedModelAdmin):
    list_display = ["title", "campaign", "kind", "city", "country", "starts_at", "status", "changes_waiting"]  # fmt: skip
    list_filter = [WaitingFilter, "status", "kind", "campaign", "country"]
    search_fields = ["title", "city", "venue", "host_name"]
    list_select_related = ["campaign"]
    actions = ["approve_selected", "reject_selected", "cancel_selected"]
    fieldsets = [
        (None, {"fields": ["campaign", "status", "kind", "language", "title", "description"]}),
        (_("When"), {"fields": ["starts_at", "ends_at", "time_zone"]}),
        (
            _("Where"),
            {
                "fields": [
                    "venue",
                    "city",
                    "country",
                    "address",
                    "address_visibility",
                    "latitude",
                    "longitude",
                    "capacity",
                ]
            },
        ),
        (_("Changes waiting for moderation"), {"fields": ["changes"]}),
        (_("Host"), {"fields": ["host_name", "host_email", "host_language", "ip_hash"]}),
        (
            _("Moderation"),
            {
                "fields": [
                    "moderation_note",
                    "created",
                    "confirmed_at",
                    "approved_at",
                    "cancelled_at",
                ]
            },
        ),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # events come from their hosts

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # rejecting or cancelling is audited and tells the people concerned

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("events.moderate_event")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        editable = [field.name for field in Event._meta.fields if field.editable]
        return [*editable, "created", "updated", "changes"]

    @admin.display(description=_("changes waiting"), boolean=True)
    def changes_waiting(self, event: Event) -> bool:
        return bool(event.proposed)

    @admin.display(description=_("changes"))
    def changes(self, event: Event) -> SafeString | str:
        if not event.proposed:
            return "-"
        rows = ((_field_label(name), getattr(event, name), value) for name, value in event.proposed.items())  # fmt: skip
        body = format_html_join("", "<tr><th>{}</th><td>{}</td><td>{}</td></tr>", rows)
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("field"), _("now"), _("proposed"), body,
        )  # fmt: skip

    # --- Steps ----------------------------------------------------------------------------------

    @admin.action(description=_("Approve the selected events, or their waiting changes"), permissions=["moderate"])  # fmt: skip
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        done = self._each(queryset, lambda e: actions.approve_event(e, request.user, request))
        message = ngettext("%(n)d event approved.", "%(n)d events approved.", done)
        self.message_user(request, message % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("Reject the selected events, or their waiting changes"), permissions=["moderate"])  # fmt: skip
    def reject_selected(self, request: HttpRequest, queryset: QuerySet[Event]) -> Any:
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            note = form.cleaned_data["note"]
            done = self._each(queryset, lambda e: actions.reject_event(e, request.user, note, request))  # fmt: skip
            message = ngettext("%(n)d event rejected.", "%(n)d events rejected.", done)
            self.message_user(request, message % {"n": done}, messages.SUCCESS)
            return None
        return action_form_page(
            self,
            request,
            "events/admin/reject.html",
            _("Reject events"),
            form,
            events=list(queryset),
        )

    @admin.action(description=_("Cancel the selected events (attendees are told)"), permissions=["moderate"])  # fmt: skip
    def cancel_selected(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        done = self._each(queryset, lambda e: actions.cancel_event(e, request.user, request))
        message = ngettext("%(n)d event cancelled.", "%(n)d events cancelled.", done)
        self.message_user(request, message % {"n": done}, messages.SUCCESS)

    @staticmethod
    def _each(queryset: QuerySet[Event], step: Any) -> int:
        """Take the step on every selected event where it applies; the others are skipped."""
        done = 0
        for event in queryset:
            try:
                step(event)
                done += 1
            except actions.StepRefused:
                continue
        return done


def _field_label(name: str) -> str:
    return str(getattr(Event._meta.get_field(name), "verbose_name", name))


RSVP_FIELDS = ("event", "name", "masked_email", "language", "share_name", "status", "created", "confirmed_at", "reminded_at", "cancelled_at")  # fmt: skip
MAIL_FIELDS = ("kind", "event", "created", "mail_due_at", "mail_attempts", "sent_at")


@admin.register(RSVP, site=staff_site)
class RSVPAdmin(ReadOnlyModelAdmin):
    """Admins only (moderators hold no permission on RSVPs): who answered, addresses masked."""

    list_display = ["name", "masked_email", "event", "status", "share_name", "created"]
    list_filter = ["status"]
    list_select_related = ["event"]
    fields = RSVP_FIELDS
    readonly_fields = RSVP_FIELDS

    @admin.display(description=_("email"))
    def masked_email(self, rsvp: RSVP) -> str:
        return mask_email(rsvp.email)


@admin.register(Mail, site=staff_site)
class MailAdmin(ReadOnlyModelAdmin):
    """The outbox, to see mail that waits or failed."""

    list_display = ["kind", "event", "created", "mail_due_at", "mail_attempts", "sent_at"]
    list_filter = ["kind"]
    list_select_related = ["event"]
    fields = MAIL_FIELDS
    readonly_fields = MAIL_FIELDS
