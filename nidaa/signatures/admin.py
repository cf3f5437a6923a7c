"""Moderating signatures in the staff site.

Moderators see the list with each email masked down to its domain (the record itself shows it
whole), find floods by email domain ("@example.com" in the search box), by hashed network
address or by time, and void or restore them in bulk. Every bulk action goes through
actions.py, lands in the audit log with who did it, how many it touched and the filter used,
is followed by an exact recount (counts follow at once) and purges the public pages.
"""

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Max, Min, Q, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from nidaa.accounts.admin_site import ReadOnlyModelAdmin, action_form_page, staff_site
from nidaa.accounts.audit import AuditedModelAdmin, record
from nidaa.accounts.models import AuditEntry
from nidaa.campaigns.models import Campaign
from nidaa.core.middleware import purge_public_pages
from nidaa.core.privacy import mask_email
from nidaa.signatures import actions, counts
from nidaa.signatures.models import Signature, SignatureCount

HASHED_ADDRESS = re.compile(r"[0-9a-f]{16,64}")
# The audit entry lists the signatures a bulk action touched, up to this many.
AUDIT_IDS = 1000


def email_domain(signature: Signature) -> str:
    return signature.email_key.rpartition("@")[2]


class IsSetFilter(admin.SimpleListFilter):
    """Yes/no on whether a date field is set (verified, voided, approved)."""

    field = ""

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() in ("yes", "no"):
            return queryset.filter(**{f"{self.field}__isnull": self.value() == "no"})
        return queryset


class VerifiedFilter(IsSetFilter):
    title = _("verified")
    parameter_name = "verified"
    field = "verified_at"


class VoidedFilter(IsSetFilter):
    title = _("voided")
    parameter_name = "voided"
    field = "voided_at"


class ApprovedFilter(IsSetFilter):
    title = _("approved")
    parameter_name = "approved"
    field = "approved_at"


class MailFilter(admin.SimpleListFilter):
    """Mail still owed to signers, and mail that failed (retrying, or given up)."""

    title = _("mail")
    parameter_name = "mail"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("waiting", _("Waiting to be sent")), ("failed", _("Failed at least once"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "waiting":
            return queryset.filter(mail_due_at__isnull=False)
        if self.value() == "failed":
            return queryset.filter(mail_attempts__gt=0)
        return queryset


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for voiding"),
        max_length=200,
        help_text=_(
            "Kept with each signature and in the audit log, e.g. “flood from one address”."
        ),
    )


Scope = Callable[[QuerySet[Signature]], tuple[QuerySet[Signature], str]]


def _selected(queryset: QuerySet[Signature]) -> tuple[QuerySet[Signature], str]:
    return queryset, "selected"


def _same_domain(queryset: QuerySet[Signature]) -> tuple[QuerySet[Signature], str]:
    keys = queryset.values_list("email_key", flat=True)
    domains = sorted({key.rpartition("@")[2] for key in keys})
    match = Q(pk__in=[])
    for domain in domains:
        match |= Q(email_key__endswith=f"@{domain}")
    campaigns = queryset.values("campaign")
    found = Signature.objects.filter(match, campaign__in=campaigns)
    return found, "email domain " + ", ".join(f"@{d}" for d in domains)


def _same_address(queryset: QuerySet[Signature]) -> tuple[QuerySet[Signature], str]:
    hashes = sorted(set(queryset.exclude(ip_hash="").values_list("ip_hash", flat=True)))
    found = Signature.objects.filter(ip_hash__in=hashes, campaign__in=queryset.values("campaign"))
    return found, "hashed address " + ", ".join(hashes)


def _time_window(queryset: QuerySet[Signature]) -> tuple[QuerySet[Signature], str]:
    window: dict[str, datetime | None] = queryset.aggregate(
        start=Min("created"), end=Max("created")
    )
    found = Signature.objects.filter(
        campaign__in=queryset.values("campaign"),
        created__gte=window["start"],
        created__lte=window["end"],
    )
    start, end = window["start"], window["end"]
    return (
        found,
        f"signed from {start.isoformat() if start else ''} to {end.isoformat() if end else ''}",
    )


@admin.register(Signature, site=staff_site)
class SignatureAdmin(AuditedModelAdmin):
    list_display = [
        "signatory", "masked_email", "kind", "country", "created", "is_verified", "counted",
        "flagged", "is_voided", "address",
    ]  # fmt: skip
    list_filter = [
        "campaign", "kind", VerifiedFilter, VoidedFilter, "flagged", ApprovedFilter, MailFilter,
        "country", "created",
    ]  # fmt: skip
    search_fields = ["name", "organisation_name"]
    search_help_text = _(
        "A name; “@example.com” for every address at that domain; a whole email address; "
        "or a hashed network address."
    )
    list_select_related = ["campaign"]
    list_per_page = 100
    # Counting every signature on each page load is slow past a million; filtered counts stay.
    show_full_result_count = False
    actions = [
        "void_selected", "void_same_domain", "void_same_address", "void_time_window",
        "restore_selected", "approve_selected",
    ]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["campaign", "kind", "name", "email", "country", "city", "language"]}),
        (_("Organisation"), {"fields": ["organisation_name", "organisation_type", "website"]}),
        (_("Choices"), {"fields": ["show_publicly", "keep_informed"]}),
        (
            _("Moderation"),
            {
                "fields": [
                    "created",
                    "verified_at",
                    "approved_at",
                    "voided_at",
                    "void_reason",
                    "flagged",
                    "flag_reason",
                    "ip_hash",
                ]
            },
        ),
        # A mail server that is down shows here: the failed attempts and the next one.
        (_("Mail"), {"fields": ["mail_due_at", "mail_attempts"]}),
    ]

    # --- What moderators may do ---------------------------------------------------------------

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # signatures come from the public form only

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Voiding is reversible and audited; deleting is for the signer (withdrawal) and for
        # retention, and would copy the signer's personal data into the audit log.
        return False

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("signatures.moderate_signature")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Every change of state goes through a bulk action (and actions.py), none through a form.
        return [field.name for field in Signature._meta.fields if field.editable] + ["created"]

    # --- Search: by email domain, whole address or hashed address -----------------------------

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Signature], search_term: str
    ) -> tuple[QuerySet[Signature], bool]:
        term = search_term.strip()
        if term.startswith("@"):
            return queryset.filter(email_key__endswith=actions.normalise_email(term)), False
        if "@" in term:
            return queryset.filter(email_key=actions.normalise_email(term)), False
        if HASHED_ADDRESS.fullmatch(term):
            return queryset.filter(ip_hash=term), False
        return super().get_search_results(request, queryset, search_term)

    # --- Columns ------------------------------------------------------------------------------

    @admin.display(description=_("signatory"), ordering="name")
    def signatory(self, signature: Signature) -> str:
        return str(signature)

    @admin.display(description=_("email"))
    def masked_email(self, signature: Signature) -> str:
        domain = email_domain(signature)
        link = "?" + urlencode({"q": f"@{domain}"})
        return format_html('<a href="{}">{}</a>', link, mask_email(signature.email))

    @admin.display(description=_("verified"), boolean=True, ordering="verified_at")
    def is_verified(self, signature: Signature) -> bool:
        return signature.verified_at is not None

    @admin.display(description=_("voided"), boolean=True, ordering="voided_at")
    def is_voided(self, signature: Signature) -> bool:
        return signature.voided_at is not None

    @admin.display(description=_("counts"), boolean=True)
    def counted(self, signature: Signature) -> bool:
        return signature.counts

    @admin.display(description=_("network address (hashed)"))
    def address(self, signature: Signature) -> str:
        if not signature.ip_hash:
            return "-"
        link = "?" + urlencode({"q": signature.ip_hash})
        return format_html('<a href="{}"><code>{}</code></a>', link, signature.ip_hash[:8])

    # --- Bulk actions -------------------------------------------------------------------------

    @admin.action(description=_("Void the selected signatures"), permissions=["moderate"])
    def void_selected(self, request: HttpRequest, queryset: QuerySet[Signature]) -> Any:
        return self._void(request, queryset, _selected)

    @admin.action(
        description=_("Void every signature from the selected ones’ email domains"),
        permissions=["moderate"],
    )
    def void_same_domain(self, request: HttpRequest, queryset: QuerySet[Signature]) -> Any:
        return self._void(request, queryset, _same_domain)

    @admin.action(
        description=_("Void every signature from the selected ones’ hashed network addresses"),
        permissions=["moderate"],
    )
    def void_same_address(self, request: HttpRequest, queryset: QuerySet[Signature]) -> Any:
        return self._void(request, queryset, _same_address)

    @admin.action(
        description=_("Void every signature made between the first and last selected"),
        permissions=["moderate"],
    )
    def void_time_window(self, request: HttpRequest, queryset: QuerySet[Signature]) -> Any:
        return self._void(request, queryset, _time_window)

    @admin.action(description=_("Restore the selected signatures"), permissions=["moderate"])
    def restore_selected(self, request: HttpRequest, queryset: QuerySet[Signature]) -> None:
        done = self._apply(request, queryset, "restore", "selected", actions.restore_signatures)
        self.message_user(
            request,
            ngettext("%(n)d signature restored.", "%(n)d signatures restored.", done) % {"n": done},
            messages.SUCCESS,
        )

    @admin.action(description=_("Approve the selected organisations"), permissions=["moderate"])
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[Signature]) -> None:
        done = self._apply(request, queryset, "approve", "selected", actions.approve_organisations)
        self.message_user(
            request,
            ngettext("%(n)d organisation approved.", "%(n)d organisations approved.", done)
            % {"n": done},
            messages.SUCCESS,
        )

    def _void(self, request: HttpRequest, queryset: QuerySet[Signature], scope: Scope) -> Any:
        """Ask for a reason (an intermediate page), then void what `scope` makes of the selection."""
        targets, described = scope(queryset)
        form = VoidForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            done = self._apply(
                request, targets, "void", described,
                lambda found: actions.void_signatures(found, reason), reason=reason,
            )  # fmt: skip
            message = ngettext("%(n)d signature voided.", "%(n)d signatures voided.", done)
            self.message_user(request, message % {"n": done}, messages.SUCCESS)
            return None
        to_void = targets.filter(voided_at__isnull=True).count()
        return action_form_page(
            self, request, "signatures/admin/void.html", _("Void signatures"), form,
            scope=described, to_void=to_void,
        )  # fmt: skip

    def _apply(
        self,
        request: HttpRequest,
        targets: QuerySet[Signature],
        what: str,
        scope: str,
        change: Callable[[QuerySet[Signature]], int],
        reason: str = "",
    ) -> int:
        """Change `targets` campaign by campaign: audit, recount, and purge the public pages."""
        total = 0
        for campaign in Campaign.objects.filter(pk__in=targets.values("campaign")):
            found = targets.filter(campaign=campaign)
            ids = list(found.order_by("pk").values_list("pk", flat=True)[: AUDIT_IDS + 1])
            done = change(found)
            total += done
            after = {
                "moderation": what,
                "signatures": done,
                "scope": scope,
                "filter": request.GET.urlencode(),
                "reason": reason,
                "ids": ids[:AUDIT_IDS],
                "more_ids": len(ids) > AUDIT_IDS,
            }
            record(request.user, AuditEntry.Action.CHANGE, campaign, None, after, request)
            counts.recount(campaign)
        purge_public_pages()
        return total


@admin.register(SignatureCount, site=staff_site)
class SignatureCountAdmin(ReadOnlyModelAdmin):
    """The public counts, read-only: only the counting jobs write them."""

    list_display = ["campaign", "signatures", "organisations", "counted_until", "recounted_at"]
    readonly_fields = ["campaign", "signatures", "organisations", "by_country", "counted_until", "recounted_at", "updated"]  # fmt: skip
