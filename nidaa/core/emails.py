"""Sending one message: subject, text and HTML from templates, in the reader's language.

Each part of the product has one function per message type that calls `send_templated`, with
templates named after it: `<name>_subject.txt`, `<name>.txt` and `<name>.html`.
"""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context, Engine
from django.template.loader import render_to_string
from django.utils import translation


def send_templated(
    name: str,
    to: str,
    context: dict[str, Any],
    language: str,
    reply_to: str | None = None,
) -> None:
    """Render the three templates of `name` in `language` and send them, raising on failure."""
    with translation.override(language):
        context = {**context, "SITE_NAME": settings.SITE_NAME, "LANGUAGE_CODE": language}
        subject = " ".join(render_text(f"{name}_subject.txt", context).split())
        text = render_to_string(f"{name}.txt", context)
        html = render_to_string(f"{name}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[to],
        reply_to=[reply_to] if reply_to else None,
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    message.send(fail_silently=False)


def render_text(name: str, context: dict[str, Any]) -> str:
    """A template rendered as plain text, unescaped: a subject is a mail header, not HTML, so
    an event called "Tom & Jerry's vigil" keeps its "&" and "'" (render_to_string would send
    "Tom &amp; Jerry&#x27;s vigil")."""
    return Engine.get_default().get_template(name).render(Context(context, autoescape=False))


def absolute_url(path: str) -> str:
    """Links in mail need the site's address; NIDAA_SITE_URL sets it."""
    return settings.NIDAA_SITE_URL.rstrip("/") + path
