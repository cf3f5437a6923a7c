"""The news page: stories from the sources the campaign trusts, newest first, filtered by
language and source; a page per story that links to the original; the campaign's own updates
on top. Everything shown was sanitised when it was stored (cleaning.py)."""

from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from nidaa.campaigns.models import Campaign
from nidaa.campaigns.pages import live_campaign, share_meta
from nidaa.campaigns.updates import feed_url, updates_for
from nidaa.core.cache import public_page
from nidaa.news.models import Item, Source

PER_PAGE = 20
LATEST_UPDATES = 3
LIST_FIELDS = ("pk", "title", "excerpt", "link", "language", "published_at", "source__name")


class NewsFilter(forms.Form):
    language = forms.ChoiceField(label=_("Language"), required=False)
    source = forms.TypedChoiceField(label=_("Source"), required=False, coerce=int, empty_value=None)

    def __init__(self, data: Mapping[str, Any] | None, sources: list[Source]) -> None:
        super().__init__(data, label_suffix="")
        languages = sorted({source.language for source in sources})
        cast(forms.ChoiceField, self.fields["language"]).choices = [("", _("All languages"))] + [
            (code, _language_name(code)) for code in languages
        ]
        cast(forms.ChoiceField, self.fields["source"]).choices = [("", _("All sources"))] + [
            (str(source.pk), source.name) for source in sources
        ]


def _language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def campaign_sources(campaign: Campaign) -> list[Source]:
    return list(campaign.news_sources.prefetch_related("accounts"))


def filtered_items(campaign: Campaign, form: NewsFilter) -> QuerySet[Item] | None:
    """The public items the filters ask for, newest first; None while the form has errors."""
    if form.is_bound and not form.is_valid():
        return None
    items = Item.objects.public().filter(campaign=campaign)
    values = form.cleaned_data if form.is_bound else {}
    if values.get("language"):
        items = items.filter(language=values["language"])
    if values.get("source"):
        items = items.filter(source_id=values["source"])
    return items.select_related("source").only(*LIST_FIELDS).order_by("-published_at", "-id")


@require_safe
@public_page
def index(request: HttpRequest, slug: str) -> HttpResponse:
    campaign, content = live_campaign(slug)
    sources = campaign_sources(campaign)
    form = NewsFilter(request.GET if _filtering(request) else None, sources)
    items = filtered_items(campaign, form)
    page = (
        Paginator(items, PER_PAGE).get_page(request.GET.get("page")) if items is not None else None
    )
    context = {
        "campaign": campaign,
        "content": content,
        "form": form,
        "page": page,
        "sources": sources,
        "updates": list(updates_for(campaign)[:LATEST_UPDATES]),
        "updates_feed_url": feed_url(campaign),
        "share_meta": share_meta(request, campaign, content),
    }
    return render(request, "news/index.html", context)


def _filtering(request: HttpRequest) -> bool:
    return bool(request.GET.get("language") or request.GET.get("source"))


@require_safe
@public_page
def item(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    campaign, content = live_campaign(slug)
    found = get_object_or_404(
        Item.objects.public().select_related("source"), campaign=campaign, pk=pk
    )
    context = {
        "campaign": campaign,
        "content": content,
        "item": found,
        "share_meta": share_meta(request, campaign, content, title=found.title),
    }
    return render(request, "news/item.html", context)
