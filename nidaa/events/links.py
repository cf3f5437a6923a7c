"""The links hosts and attendees hold instead of accounts.

A link's secret is an HMAC of the row's id and its random `key` under the site's SECRET_KEY, so
every mail can repeat the same link (a reminder's link still works after the update that
followed it), a copy of the database alone does not give the links away, and a new `key`
revokes them.
"""

import secrets

from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac

from nidaa.core.emails import absolute_url
from nidaa.events.models import RSVP, Event


def new_key() -> str:
    return secrets.token_hex(16)


def token(purpose: str, pk: int, key: str) -> str:
    return salted_hmac(f"nidaa.events.{purpose}", f"{pk}:{key}").hexdigest()[:32]


def matches(purpose: str, pk: int, key: str, given: str) -> bool:
    return bool(key) and constant_time_compare(token(purpose, pk, key), given)


def host_path(event: Event, language: str | None = None) -> str:
    with translation.override(language or event.host_language):
        return reverse(
            "events:host", args=[event.campaign.slug, event.pk, token("host", event.pk, event.key)]
        )


def attendee_path(rsvp: RSVP, language: str | None = None) -> str:
    with translation.override(language or rsvp.language):
        secret = token("rsvp", rsvp.pk, rsvp.key)
        return reverse("events:attending", args=[rsvp.event.campaign.slug, rsvp.pk, secret])


def event_path(event: Event, language: str | None = None) -> str:
    with translation.override(language or event.language):
        return reverse("events:detail", args=[event.campaign.slug, event.pk])


def host_url(event: Event) -> str:
    return absolute_url(host_path(event))


def attendee_url(rsvp: RSVP) -> str:
    return absolute_url(attendee_path(rsvp))


def event_url(event: Event, language: str | None = None) -> str:
    return absolute_url(event_path(event, language))
