"""Protected sites on the staff site (verifiers and admins only).

The list of notified sites is kept here by hand, or loaded in bulk with
`manage.py import_protected_sites FILE`. Every change is in the audit log and recomputes the
hits on the site (deconfliction.py).
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from nidaa.accounts.admin_site import staff_site
from nidaa.accounts.audit import AuditedModelAdmin
from nidaa.incidents import deconfliction
from nidaa.incidents.models import ProtectedSite


class ProtectedSiteForm(forms.ModelForm):
    class Meta:
        model = ProtectedSite
        fields = ["name", "kind", "operator", "latitude", "longitude", "notified_on", "list_version"]  # fmt: skip

    def clean_latitude(self) -> float:
        value = self.cleaned_data["latitude"]
        if not -90 <= value <= 90:
            raise forms.ValidationError(_("A latitude lies between -90 and 90."))
        return value

    def clean_longitude(self) -> float:
        value = self.cleaned_data["longitude"]
        if not -180 <= value <= 180:
            raise forms.ValidationError(_("A longitude lies between -180 and 180."))
        return value


@admin.register(ProtectedSite, site=staff_site)
class ProtectedSiteAdmin(AuditedModelAdmin):
    form = ProtectedSiteForm
    list_display = ["name", "kind", "operator", "notified_on", "list_version", "hit_count"]
    list_filter = ["kind", "list_version", "notified_on"]
    search_fields = ["name", "operator", "list_version"]
    date_hierarchy = "notified_on"

    def get_queryset(self, request: HttpRequest) -> QuerySet[ProtectedSite]:
        return super().get_queryset(request).annotate(hit_total=Count("hits"))

    @admin.display(description=_("incidents near it"), ordering="hit_total")
    def hit_count(self, obj: ProtectedSite) -> int:
        return int(getattr(obj, "hit_total", 0))

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        deconfliction.recheck_site(obj)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        incidents = deconfliction.remove_hits_on(ProtectedSite.objects.filter(pk=obj.pk))
        super().delete_model(request, obj)
        deconfliction.reflag(incidents)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        incidents = deconfliction.remove_hits_on(queryset)
        super().delete_queryset(request, queryset)
        deconfliction.reflag(incidents)
