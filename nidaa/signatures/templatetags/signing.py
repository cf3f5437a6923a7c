"""{% sign_form campaign %}: the individual sign form, for pages of other parts (the campaign
page) that may name this tag but not import this app."""

from typing import Any

from django import template

from nidaa.signatures.forms import IndividualForm

register = template.Library()


@register.inclusion_tag("signatures/_individual_form.html")
def sign_form(campaign: Any) -> dict[str, Any]:
    return {"campaign": campaign, "form": IndividualForm()}
