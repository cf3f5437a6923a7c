from django.contrib import admin

from nidaa.accounts.admin_site import ReadOnlyModelAdmin, staff_site
from nidaa.boundaries.models import AdminArea


@admin.register(AdminArea, site=staff_site)
class AdminAreaAdmin(ReadOnlyModelAdmin):
    """Areas are written only by `import_boundaries`; staff may look them up."""

    list_display = ("pcode", "name_en", "name_ar", "level", "parent", "source", "imported_at")
    list_filter = ("level", "source")
    search_fields = ("pcode", "name_en", "name_ar")
    list_select_related = ("parent",)
    fields = ("pcode", "level", "name_en", "name_ar", "parent", "source", "imported_at")
    show_full_result_count = False
