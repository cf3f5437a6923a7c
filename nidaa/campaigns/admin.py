from django.conf import settings
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

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
    readonly_fields = ["pamphlet"]

    @admin.display(description=_("pamphlet"))
    def pamphlet(self, campaign: Campaign) -> SafeString | str:
        """Links to preview the printable pamphlet, draft or live, once the events part serves
        it (found by URL name: campaigns sits below events and does not import it)."""
        if campaign.pk is None:
            return "-"
        try:
            url = reverse("events_api:pamphlet", args=[campaign.slug])
        except NoReverseMatch:
            return "-"
        codes = [code for code, _name in settings.LANGUAGES]
        versions = [*codes, "+".join(codes)] if len(codes) == 2 else codes
        links = ((f"{url}?lang={code}&size={size}", f"{code} {size.upper()}") for code in versions for size in ("a4", "letter"))  # fmt: skip
        return format_html_join(
            " · ", '<a href="{}" target="_blank" rel="noopener">{}</a>', links
        ) or format_html("-")


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
