"""Staff exports: the signatures as CSV, and the delivery document as PDF.

Both hold personal data (the CSV: names and email addresses), so only staff who passed both
factors of sign-in and hold ``signatures.export_signature`` get them, and every export is in
the audit log: who, which campaign, which filter, how many rows. The same rows and the same
formula-safe writer serve the download and ``manage.py export_signatures``.
"""

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from nidaa.accounts.access import verified_staff_required
from nidaa.accounts.audit import record
from nidaa.campaigns.models import Campaign
from nidaa.core.spreadsheet import CSVStream
from nidaa.signatures import delivery as delivery_document
from nidaa.signatures.models import Signature

PERMISSION = "signatures.export_signature"
# The audit log's action for an export (reading personal data out of the site).
EXPORT = "export"
# Rows fetched from the database at a time: memory stays flat whatever the campaign's size.
CHUNK_SIZE = 2000

# Column heading → Signature field, in the order of the file. Headings are fixed English
# words so that scripts reading the file do not depend on the staff member's language.
COLUMNS = [
    ("kind", "kind"),
    ("name", "name"),
    ("organisation", "organisation_name"),
    ("organisation type", "organisation_type"),
    ("email", "email"),
    ("country", "country"),
    ("city", "city"),
    ("show publicly", "show_publicly"),
    ("keep informed", "keep_informed"),
    ("language", "language"),
    ("signed at", "created"),
    ("verified at", "verified_at"),
    ("approved at", "approved_at"),
    ("voided at", "voided_at"),
    ("void reason", "void_reason"),
    ("flagged", "flagged"),
]
HEADER = [heading for heading, _field in COLUMNS]
DATETIME_FIELDS = {"created", "verified_at", "approved_at", "voided_at"}


def signatures_to_export(campaign: Campaign, verified_only: bool = False) -> QuerySet[Signature]:
    signatures = Signature.objects.filter(campaign=campaign)
    if verified_only:
        signatures = signatures.filter(verified_at__isnull=False)
    return signatures.order_by("id")


def _moment(value: datetime) -> str:
    """ISO 8601 in UTC to the second, e.g. 2026-11-20T09:30:00Z (isoformat is fast in C)."""
    if value.utcoffset():
        value = value.astimezone(UTC)
    return value.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def export_rows(signatures: QuerySet[Signature]) -> Iterator[list[Any]]:
    """One list of cells per signature, read in chunks (a server-side cursor on PostgreSQL)."""
    fields = [field for _heading, field in COLUMNS]
    moments = [i for i, field in enumerate(fields) if field in DATETIME_FIELDS]
    for values in signatures.values_list(*fields).iterator(chunk_size=CHUNK_SIZE):
        row = list(values)
        for i in moments:
            if row[i] is not None:
                row[i] = _moment(row[i])
        yield row


def record_export(
    actor: AbstractBaseUser | AnonymousUser | None,
    campaign: Campaign,
    details: dict[str, Any],
    request: HttpRequest | None = None,
) -> None:
    record(actor, EXPORT, campaign, after=details, request=request)


# --- the staff views ---------------------------------------------------------------------------


def _campaign_for_export(request: HttpRequest, slug: str) -> Campaign:
    """The campaign, if this verified staff member may export its signatures."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    return get_object_or_404(Campaign, slug=slug)


@require_GET
@never_cache
@verified_staff_required
def download(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    campaign = _campaign_for_export(request, slug)
    verified_only = request.GET.get("verified") in ("1", "on", "yes")
    signatures = signatures_to_export(campaign, verified_only)
    details = {"format": "csv", "verified_only": verified_only, "rows": signatures.count()}
    record_export(request.user, campaign, {"file": "signatures", **details}, request)
    response = StreamingHttpResponse(
        CSVStream(HEADER, export_rows(signatures)), content_type="text/csv; charset=utf-8"
    )
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{campaign.slug}-signatures-{stamp}.csv"'  # fmt: skip
    return response


def _delivery_language(request: HttpRequest) -> str:
    wanted = request.GET.get("language") or translation.get_language() or "en"
    return wanted if wanted in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@require_GET
@never_cache
@verified_staff_required
def delivery(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _campaign_for_export(request, slug)
    language = _delivery_language(request)
    pdf, document = delivery_document.delivery_pdf(campaign, language)
    details = {
        "file": "delivery",
        "format": "pdf",
        "language": language,
        "organisations": len(document.organisations),
        "individuals": document.individuals,
    }
    record_export(request.user, campaign, details, request)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"{campaign.slug}-delivery-{language}-{document.printed:%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
