"""Everything that changes an event or an RSVP goes through these functions.

Each step is one transaction, is written to the audit log (hosts and attendees as nobody, staff
by name), and owes its mail through the outbox (`owe`), which the task worker sends: mail is
never sent in a request. Steps that change what the public sees purge the public pages after
the commit.
"""

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from nidaa.accounts.audit import json_safe, record, snapshot
from nidaa.accounts.models import AuditEntry
from nidaa.campaigns.models import Campaign
from nidaa.core.forms import normalise_email
from nidaa.core.middleware import purge_public_pages
from nidaa.events import places
from nidaa.events.forms import proposed_values
from nidaa.events.links import new_key
from nidaa.events.models import RSVP, Event, Mail

Actor = AbstractBaseUser | AnonymousUser | None
# A change to any of these is news for the attendees: they get an update.
TIME_AND_PLACE = {"starts_at", "ends_at", "time_zone", "venue", "address", "city", "country"}
ATTENDING = (RSVP.Status.GOING, RSVP.Status.WAITLISTED)


class StepRefused(Exception):
    """The event is not (or no longer) where this step starts."""


# --- Mail -------------------------------------------------------------------------------------


def owe(kind: str, event: Event, rsvp: RSVP | None = None, **payload: Any) -> Mail:
    """Put one message in the outbox; the worker is woken when the transaction commits."""
    mail = Mail.objects.create(
        kind=kind, event=event, rsvp=rsvp, payload=payload, mail_due_at=timezone.now()
    )
    transaction.on_commit(_wake_worker)
    return mail


def owe_attendees(
    kind: str, event: Event, statuses: tuple[str, ...] = ATTENDING, **payload: Any
) -> int:
    """One message to everyone going or on the waiting list (or with one of `statuses`)."""
    now = timezone.now()
    attending = event.rsvps.filter(status__in=statuses)
    rows = [
        Mail(kind=kind, event=event, rsvp=r, payload=payload, mail_due_at=now) for r in attending
    ]
    Mail.objects.bulk_create(rows)
    if rows:
        transaction.on_commit(_wake_worker)
    return len(rows)


def _wake_worker() -> None:
    from nidaa.events.tasks import wake_mail_worker

    wake_mail_worker()


# --- Hosts ------------------------------------------------------------------------------------


def place(event: Event) -> None:
    """Where the event shows on the map and in "near me": the host's pin only when the address
    is public, otherwise the centre of its city (so a private pin never leaks)."""
    if event.latitude is not None and event.longitude is not None and event.address_is_public:
        event.map_latitude, event.map_longitude = event.latitude, event.longitude
        return
    city = places.find_city(event.city, event.country)
    event.map_latitude = city.latitude if city else None
    event.map_longitude = city.longitude if city else None


def submit_event(
    campaign: Campaign,
    fields: dict[str, Any],
    host_name: str,
    host_email: str,
    language: str,
    ip_hash: str = "",
) -> Event:
    """A host's new event. It waits for the host to confirm their email (the mail owed here
    carries the link), then for a moderator."""
    event = Event(
        campaign=campaign,
        host_name=host_name,
        host_email=host_email,
        host_email_key=normalise_email(host_email),
        host_language=language,
        key=new_key(),
        ip_hash=ip_hash,
        **fields,
    )
    place(event)
    with transaction.atomic():
        event.save()
        record(None, AuditEntry.Action.CREATE, event, None, snapshot(event))
        owe(Mail.Kind.HOST_CONFIRM, event)
    return event


def confirm_host(event: Event) -> bool:
    """The host followed their link: the event goes to the moderators. True the first time."""
    with transaction.atomic():
        done = Event.objects.filter(pk=event.pk, status=Event.Status.UNCONFIRMED).update(
            status=Event.Status.PENDING, confirmed_at=timezone.now()
        )
        if done:
            before = snapshot(event)
            event.refresh_from_db()
            record(None, AuditEntry.Action.CHANGE, event, before, snapshot(event))
    return bool(done)


def change_event(event: Event, fields: dict[str, Any]) -> bool:
    """The host's edit. Before approval it changes the event (still waiting for moderation);
    after approval it is proposed, and the public keeps seeing the approved version until a
    moderator applies it. Returns True when the change waits for moderation."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        before = snapshot(locked)
        if locked.status in (Event.Status.UNCONFIRMED, Event.Status.PENDING):
            _set_fields(locked, fields)
        elif locked.status == Event.Status.APPROVED:
            changed = {k: json_safe(v) for k, v in fields.items() if getattr(locked, k) != v}
            locked.proposed = changed or None
            locked.proposed_at = timezone.now() if changed else None
            locked.save(update_fields=["proposed", "proposed_at", "updated"])
        else:
            raise StepRefused(locked.status)
        record(None, AuditEntry.Action.CHANGE, locked, before, snapshot(locked))
    event.refresh_from_db()
    return event.status == Event.Status.APPROVED and event.proposed is not None


def _set_fields(event: Event, fields: dict[str, Any]) -> set[str]:
    """Set `fields` on the event, place it again and save; the names that changed."""
    changed = {name for name, value in fields.items() if getattr(event, name) != value}
    for name, value in fields.items():
        setattr(event, name, value)
    place(event)
    event.save()
    return changed


def approve_event(event: Event, actor: Actor, request: HttpRequest | None = None) -> Event:
    """A moderator makes a waiting event public, or applies a public event's waiting changes
    (attendees then hear of a new time or place, and a bigger capacity lets people in from the
    waiting list)."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        before = snapshot(locked)
        if locked.status == Event.Status.PENDING:
            locked.status, locked.approved_at = Event.Status.APPROVED, timezone.now()
            locked.moderation_note = ""
            locked.save()
            owe(Mail.Kind.HOST_REVIEW, locked, outcome="approved")
        elif locked.status == Event.Status.APPROVED and locked.proposed:
            _apply_changes(locked)
        else:
            raise StepRefused(locked.status)
        record(actor, AuditEntry.Action.CHANGE, locked, before, snapshot(locked), request)
        transaction.on_commit(purge_public_pages)
    return locked


def _apply_changes(event: Event) -> None:
    changed = _set_fields(event, proposed_values(event))
    event.proposed, event.proposed_at, event.moderation_note = None, None, ""
    event.save(update_fields=["proposed", "proposed_at", "moderation_note", "updated"])
    if changed & TIME_AND_PLACE:
        owe_attendees(Mail.Kind.UPDATE, event, changed=sorted(changed & TIME_AND_PLACE))
    if "capacity" in changed:
        promote_waitlist(event)
    owe(Mail.Kind.HOST_REVIEW, event, outcome="changes_approved")


def reject_event(
    event: Event, actor: Actor, note: str = "", request: HttpRequest | None = None
) -> Event:
    """A moderator refuses a waiting event, or a public event's waiting changes (the approved
    version stays public). The note goes to the host."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        before = snapshot(locked)
        locked.moderation_note = note[:300]
        if locked.status == Event.Status.PENDING:
            locked.status = Event.Status.REJECTED
            outcome = "rejected"
        elif locked.status == Event.Status.APPROVED and locked.proposed:
            locked.proposed, locked.proposed_at = None, None
            outcome = "changes_rejected"
        else:
            raise StepRefused(locked.status)
        locked.save()
        owe(Mail.Kind.HOST_REVIEW, locked, outcome=outcome)
        record(actor, AuditEntry.Action.CHANGE, locked, before, snapshot(locked), request)
    return locked


def cancel_event(event: Event, actor: Actor = None, request: HttpRequest | None = None) -> Event:
    """The host (or a moderator) calls the event off; everyone attending is told."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.status in (Event.Status.CANCELLED, Event.Status.REJECTED):
            raise StepRefused(locked.status)
        before = snapshot(locked)
        was_public = locked.status == Event.Status.APPROVED
        locked.status, locked.cancelled_at = Event.Status.CANCELLED, timezone.now()
        locked.proposed, locked.proposed_at = None, None
        locked.save()
        if was_public:
            owe_attendees(Mail.Kind.CANCELLED, locked)
            transaction.on_commit(purge_public_pages)
        record(actor, AuditEntry.Action.CHANGE, locked, before, snapshot(locked), request)
    return locked


def message_attendees(event: Event, subject: str, body: str, include_waitlist: bool) -> int:
    """The host writes to the people going (and, if they choose, those waiting) through the
    platform: the host never sees an address. Returns how many messages are owed."""
    statuses = ATTENDING if include_waitlist else (RSVP.Status.GOING,)
    with transaction.atomic():
        owed = owe_attendees(Mail.Kind.HOST_MESSAGE, event, statuses, subject=subject, body=body)
        after = {"message_subject": subject, "recipients": owed}
        record(None, AuditEntry.Action.CHANGE, event, None, after)
    return owed


# --- Attendees --------------------------------------------------------------------------------


def rsvp(
    event: Event, name: str, email: str, share_name: bool, language: str, ip_hash: str = ""
) -> RSVP:
    """An RSVP, or the one this address already made. Either way its owner gets mail (the link
    to confirm, or their place again), and the page that answers is the same: nobody learns
    whether an address had answered."""
    key = normalise_email(email)
    fields = {"name": name, "email": email, "share_name": share_name, "language": language}
    with transaction.atomic():
        try:
            with transaction.atomic():
                found = RSVP.objects.create(
                    event=event, email_key=key, key=new_key(), ip_hash=ip_hash, **fields
                )
        except IntegrityError:
            found = RSVP.objects.select_for_update().get(event=event, email_key=key)
            if found.status == RSVP.Status.CANCELLED:  # coming after all: confirm again
                RSVP.objects.filter(pk=found.pk).update(status=RSVP.Status.UNCONFIRMED, **fields)
                found.refresh_from_db()
        kind = Mail.Kind.RSVP_CONFIRM if found.status == RSVP.Status.UNCONFIRMED else Mail.Kind.RSVP_STATUS  # fmt: skip
        owe(kind, event, found)
    return found


def going_count(event: Event) -> int:
    return event.rsvps.filter(status=RSVP.Status.GOING).count()


def has_room(event: Event) -> bool:
    return event.capacity is None or going_count(event) < event.capacity


def confirm_rsvp(rsvp: RSVP) -> RSVP:
    """The attendee followed their link: going, or on the waiting list when the event is full.
    The event's row is locked, so two people cannot take the last place at once."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=rsvp.event_id)
        found = RSVP.objects.select_for_update().get(pk=rsvp.pk)
        if found.status != RSVP.Status.UNCONFIRMED:
            return found
        found.status = RSVP.Status.GOING if has_room(event) else RSVP.Status.WAITLISTED
        found.confirmed_at = timezone.now()
        found.save(update_fields=["status", "confirmed_at"])
        owe(Mail.Kind.RSVP_STATUS, event, found)
    return found


def cancel_rsvp(rsvp: RSVP) -> RSVP:
    """The attendee cannot come after all; the first on the waiting list takes the place."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=rsvp.event_id)
        found = RSVP.objects.select_for_update().get(pk=rsvp.pk)
        if found.status == RSVP.Status.CANCELLED:
            return found
        was_going = found.status == RSVP.Status.GOING
        found.status, found.cancelled_at = RSVP.Status.CANCELLED, timezone.now()
        found.save(update_fields=["status", "cancelled_at"])
        if was_going:
            promote_waitlist(event)
    return found


def promote_waitlist(event: Event) -> int:
    """Move people from the waiting list while there is room, first come first served."""
    waiting = event.rsvps.filter(status=RSVP.Status.WAITLISTED).order_by("confirmed_at", "pk")
    free = None if event.capacity is None else max(0, event.capacity - going_count(event))
    chosen = list(waiting if free is None else waiting[:free])
    for found in chosen:
        RSVP.objects.filter(pk=found.pk).update(status=RSVP.Status.GOING)
        owe(Mail.Kind.RSVP_STATUS, event, found, promoted=True)
    return len(chosen)


# --- Periodic jobs ----------------------------------------------------------------------------


def queue_reminders(now: datetime.datetime | None = None) -> int:
    """Clock job: a reminder to everyone going to a public event that starts within a day.
    Safe to run late or twice: each RSVP is reminded once."""
    now = now or timezone.now()
    with transaction.atomic():
        due = RSVP.objects.filter(
            status=RSVP.Status.GOING,
            reminded_at__isnull=True,
            event__status=Event.Status.APPROVED,
            event__starts_at__gt=now,
            event__starts_at__lte=now + datetime.timedelta(days=1),
        ).select_related("event")
        found = list(due.select_for_update())
        sent_from = timezone.now()  # `now` may be a moment the caller chose; mail goes now
        Mail.objects.bulk_create(
            Mail(kind=Mail.Kind.REMINDER, event=r.event, rsvp=r, mail_due_at=sent_from)
            for r in found
        )
        RSVP.objects.filter(pk__in=[r.pk for r in found]).update(reminded_at=now)
        if found:
            transaction.on_commit(_wake_worker)
    return len(found)


def delete_expired(now: datetime.datetime | None = None) -> int:
    """Clock job: personal data no longer needed. Unconfirmed events and RSVPs after
    NIDAA_UNVERIFIED_RETENTION_DAYS; RSVPs and sent mail NIDAA_EVENT_RETENTION_DAYS after the
    event ended, and then the host too (`erase_hosts`). Returns how many rows went or were
    erased."""
    now = now or timezone.now()
    unconfirmed = now - datetime.timedelta(days=settings.NIDAA_UNVERIFIED_RETENTION_DAYS)
    ended = now - datetime.timedelta(days=settings.NIDAA_EVENT_RETENTION_DAYS)
    deleted = 0
    for doomed in (
        Event.objects.filter(status=Event.Status.UNCONFIRMED, created__lt=unconfirmed),
        RSVP.objects.filter(status=RSVP.Status.UNCONFIRMED, created__lt=unconfirmed),
        RSVP.objects.filter(event__ends_at__lt=ended),
        Mail.objects.filter(mail_due_at__isnull=True, event__ends_at__lt=ended),
    ):
        deleted += _delete(doomed)
    return deleted + erase_hosts(ended)


def erase_hosts(ended: datetime.datetime) -> int:
    """The host of an event that ended before `ended` is forgotten: name, address, hashed
    network address and their link (a new salt revokes it); and where only attendees were to
    see the exact address, that address and the pin. The event itself stays, so the campaign
    can still count what was held. Returns how many events were erased."""
    past = Event.objects.filter(ends_at__lt=ended).exclude(host_email_key="")
    private = past.filter(address_visibility=Event.AddressVisibility.ATTENDEES)
    private.update(address="", latitude=None, longitude=None)
    erased = past.update(
        host_name="", host_email="", host_email_key="", ip_hash="", key=new_key(), proposed=None
    )
    if erased:
        purge_public_pages()  # the event's page named its host
    return erased


def _delete(rows: QuerySet[Any]) -> int:
    count, _ = rows.delete()
    return count
