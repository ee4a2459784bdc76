"""Writing the audit log: every view of personal data by staff and every change to it."""

from django.db import models

from audit.models import AuditAction, AuditEvent


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def snapshot(instance, fields=None) -> dict:
    """Field values of an instance, as plain JSON-ready data, for diffing later."""
    names = fields or [
        f.name for f in instance._meta.concrete_fields if f.name not in {"id", "created_at", "updated_at"}
    ]
    return {name: _plain(getattr(instance, name)) for name in names}


def diff(before: dict, after: dict) -> dict:
    """``{field: [old, new]}`` for the fields that changed."""
    return {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value}


def record(*, actor, school, action: AuditAction, obj, changes: dict | None = None) -> AuditEvent:
    return AuditEvent.objects.create(
        school=school,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk or ""),
        object_repr=str(obj)[:255],
        changes=changes or {},
    )


def history_of(obj):
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).select_related("actor")
