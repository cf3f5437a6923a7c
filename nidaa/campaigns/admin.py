from django.contrib import admin

from nidaa.accounts.admin_site import staff_site
from nidaa.accounts.audit import AuditedModelAdmin
from nidaa.campaigns.forms import CampaignForm
from nidaa.campaigns.models import Campaign, CampaignTranslation, Demand, SuggestedPost, Update


class TranslationInline(admin.StackedInline):
    model = CampaignTranslation
    extra = 0
    show_change_link = True


class DemandInline(admin.TabularInline):
    model = Demand
    extra = 1


class SuggestedPostInline(admin.TabularInline):
    """The share kit's posts in this text's language."""

    model = SuggestedPost
    extra = 1


@admin.register(Campaign, site=staff_site)
class CampaignAdmin(AuditedModelAdmin):
    form = CampaignForm  # re-encodes uploaded artwork so no location metadata goes public
    list_display = ["slug", "status", "goal", "updated"]
    list_filter = ["status"]
    inlines = [TranslationInline]


@admin.register(CampaignTranslation, site=staff_site)
class CampaignTranslationAdmin(AuditedModelAdmin):
    list_display = ["campaign", "language", "title"]
    list_filter = ["language"]
    inlines = [DemandInline, SuggestedPostInline]


@admin.register(Update, site=staff_site)
class UpdateAdmin(AuditedModelAdmin):
    list_display = ["title", "campaign", "language", "published_at"]
    list_filter = ["campaign", "language"]
    search_fields = ["title", "body"]
    date_hierarchy = "published_at"
