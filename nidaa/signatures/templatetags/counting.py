"""`{% load counting %}{% progress campaign %}`: the counter and progress bar of a campaign."""

from typing import Any

from django import template
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.html import format_html

from nidaa.campaigns.models import Campaign
from nidaa.core import numbers
from nidaa.signatures import counts

register = template.Library()


@register.inclusion_tag("signatures/_progress.html")
def progress(campaign: Campaign) -> dict[str, Any]:
    """The published counts, rendered on the server; counter.js keeps them current.

    The script formats numbers exactly as the server does, from the digits and separator
    given here (the catalog's digits, the language's format module), so a number never
    changes its look when the script updates it.
    """
    document = counts.current(campaign)
    signatures, goal = document["signatures"], document["goal"]
    bar_max = max(goal, 1)
    return {
        "campaign": campaign,
        "signatures": format_html(
            '<strong data-count="signatures">{}</strong>', numbers.format_number(signatures)
        ),
        "goal": format_html('<span data-count="goal">{}</span>', numbers.format_number(goal)),
        "bar_max": bar_max,
        "bar_value": min(signatures, bar_max),
        "percent": min(100, 100 * signatures // bar_max),
        "reached": signatures >= goal,
        "count_url": reverse("signatures_api:count", args=[campaign.slug]),
        "digits": numbers.localise_digits(numbers.WESTERN),
        "separator": get_format("THOUSAND_SEPARATOR"),
    }
