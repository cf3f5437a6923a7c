"""Template helpers shared by every part: numbers, dates, language links."""

import datetime

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language_info

from nidaa.core import numbers
from nidaa.core.markdown import render_markdown

register = template.Library()


@register.filter
def localnum(value: int | float | None) -> str:
    return "" if value is None else numbers.format_number(value)


@register.filter
def localdate(value: datetime.date | None, fmt: str = "DATE_FORMAT") -> str:
    return "" if value is None else numbers.format_date(value, fmt)


@register.filter
def markdown(text: str) -> str:
    return render_markdown(text or "")


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[dict[str, str]]:
    """The current page in every other language, for the switcher."""
    request: HttpRequest | None = context.get("request")
    path = request.get_full_path() if request else "/"
    current = context.get("LANGUAGE_CODE")
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(path, code),
        }
        for code, _ in settings.LANGUAGES
        if code != current
    ]
