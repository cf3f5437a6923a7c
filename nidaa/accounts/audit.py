"""Writing the audit log: `record()` for any part of Nidaa, and an audited ModelAdmin base."""

import datetime
import decimal
import hashlib
import uuid
from typing import Any

from django.contrib import admin
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile
from django.forms import BaseModelForm
from django.forms.models import BaseModelFormSet
from django.http import HttpRequest

from nidaa.accounts.models import AuditEntry
from nidaa.core.privacy import request_ip_hash

Actor = AbstractBaseUser | AnonymousUser | None
Snapshot = dict[str, Any]

# Field values that must not be copied into a log many people can read. A short digest still
# shows that the value changed.
SECRET_FIELDS = {"password", "key", "token"}


def record(
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    before: Snapshot | None = None,
    after: Snapshot | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Append one entry: who did `action` to `obj`, with its state before and after."""
    user = actor if isinstance(actor, AbstractBaseUser) else None
    entry = AuditEntry(
        actor_id=user.pk if user else None,
        actor_username=user.get_username() if user else "",
        action=action,
        before=before,
        after=after,
        ip_hash=request_ip_hash(request) if request is not None else "",
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        entry.object_id = _object_id(obj, before)
        entry.object_repr = str(obj)[:200]
    entry.save()
    return entry


def _object_id(obj: models.Model, before: Snapshot | None) -> str:
    # A deleted object has lost its pk; the snapshot taken before deletion still has it.
    if obj.pk is not None:
        return str(obj.pk)
    return str((before or {}).get(obj._meta.pk.attname, "")) if obj._meta.pk else ""


def json_safe(value: Any) -> Any:
    """A field value as JSON: files by name, dates as ISO 8601, decimals and UUIDs as text."""
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return f"<{len(value)} bytes>"
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    return value


def _digest(value: Any) -> str:
    return "sha256:" + hashlib.sha256(str(value).encode()).hexdigest()[:12] if value else ""


def snapshot(obj: models.Model) -> Snapshot:
    """Every concrete field and many-to-many of `obj`, JSON-safe (like model_to_dict)."""
    data: Snapshot = {}
    for field in obj._meta.concrete_fields:
        value = field.value_from_object(obj)
        data[field.attname] = _digest(value) if field.name in SECRET_FIELDS else json_safe(value)
    if obj.pk is not None:
        for m2m in obj._meta.many_to_many:
            related = getattr(obj, m2m.attname).all()
            data[m2m.name] = sorted(str(item) for item in related)
    return data


def stored_snapshot(obj: models.Model) -> Snapshot | None:
    """The state of `obj` in the database, before an admin form's changes are saved."""
    if obj.pk is None:
        return None
    stored = type(obj)._default_manager.filter(pk=obj.pk).first()
    return snapshot(stored) if stored is not None else None


class AuditedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose every save and delete (inlines included) lands in the audit log."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Many-to-many values are saved later (save_related), so the entry is written there.
        setattr(form, "_audit_before", stored_snapshot(obj) if change else None)  # noqa: B010
        super().save_model(request, obj, form, change)

    def save_related(
        self, request: HttpRequest, form: BaseModelForm, formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        before = getattr(form, "_audit_before", None)
        after = snapshot(form.instance)
        if before != after:
            action = AuditEntry.Action.CHANGE if change else AuditEntry.Action.CREATE
            record(request.user, action, form.instance, before, after, request)

    def save_formset(
        self, request: HttpRequest, form: Any, formset: BaseModelFormSet, change: bool
    ) -> None:
        befores = {id(f.instance): stored_snapshot(f.instance) for f in formset.initial_forms}
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            record(request.user, AuditEntry.Action.CREATE, obj, None, snapshot(obj), request)
        for obj, _fields in formset.changed_objects:
            before = befores.get(id(obj))
            record(request.user, AuditEntry.Action.CHANGE, obj, before, snapshot(obj), request)
        for obj in formset.deleted_objects:
            record(request.user, AuditEntry.Action.DELETE, obj, befores.get(id(obj)), None, request)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        before = snapshot(obj)
        super().delete_model(request, obj)
        record(request.user, AuditEntry.Action.DELETE, obj, before, None, request)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        doomed = [(obj, snapshot(obj)) for obj in queryset]
        super().delete_queryset(request, queryset)
        for obj, before in doomed:
            record(request.user, AuditEntry.Action.DELETE, obj, before, None, request)
