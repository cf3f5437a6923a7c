"""The staff site: Django's admin, reachable only after both factors of sign-in."""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from nidaa.accounts.access import is_verified_staff


class StaffSite(AdminSite):
    site_header = _("Nidaa staff")
    site_title = _("Nidaa staff")
    index_title = _("Campaign administration")

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and is_verified_staff(request)

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        query = urlencode({"next": request.GET.get("next", reverse("admin:index"))})
        return redirect(f"{reverse('accounts:login')}?{query}")

    def logout(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:  # type: ignore[override]
        # Signing out goes through the same action as everywhere, so it is in the audit log.
        from nidaa.accounts.actions import sign_out

        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        sign_out(request)
        return redirect("accounts:login")


staff_site = StaffSite(name="admin")

# For a ModelAdmin's or inline's formfield_overrides: an address typed without a scheme is read
# as https (Django 6's default; Django 5 would read it as http).
HTTPS_BY_DEFAULT: dict[type[models.Field], dict[str, object]] = {
    models.URLField: {"assume_scheme": "https"}
}


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """For records only the system writes (the audit log, the public counts): staff may read."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def action_form_page(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    template: str,
    title: Any,
    form: forms.Form,
    **context: Any,
) -> TemplateResponse:
    """The page an admin action shows to ask for something first (a reason, a note): it
    carries the selection on, and "apply" in the next POST says the form was sent. `template`
    extends admin/action_form.html."""
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": model_admin.model._meta,
        "form": form,
        "action": request.POST.get("action", ""),
        "select_across": request.POST.get("select_across", "0"),
        "index": request.POST.get("index", "0"),
        "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        **context,
    }
    return TemplateResponse(request, template, context)
