"""Writing the audit log: every view of personal data by staff and every change to it."""

import csv
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models, router
from django.utils import timezone

from audit.models import AuditAction, AuditEvent


def plain(value):
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
    return {name: plain(getattr(instance, name)) for name in names}


def diff(before: dict, after: dict) -> dict:
    """``{field: [old, new]}`` for the fields that changed."""
    return {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value}


def event(*, actor, school, action: AuditAction, obj, changes: dict | None = None, label: str = "") -> dict:
    """An audit event's values: ``record`` saves one, ``record_many`` a batch of them. ``label``, if
    given, names the object instead of ``str(obj)`` (which may cost a query per object)."""
    return {
        "school_id": school.pk if school is not None else None,
        "actor_id": actor.pk if getattr(actor, "is_authenticated", False) else None,
        "action": action,
        "object_type": obj._meta.label_lower,
        "object_id": str(obj.pk or ""),
        "object_repr": (label or str(obj))[:255],
        "changes": changes or {},
    }


def record(*, actor, school, action: AuditAction, obj, changes: dict | None = None) -> AuditEvent:
    return AuditEvent.objects.create(**event(actor=actor, school=school, action=action, obj=obj, changes=changes))


COPIED_FIELDS = ("school", "actor", "action", "object_type", "object_id", "object_repr", "changes", "at")


def record_many(events: list[dict]) -> None:
    """Saves a batch of ``event()`` values (imports: one event per row written): on PostgreSQL with
    one COPY, elsewhere with one INSERT per thousand. Nothing reads their ids back."""
    if not events:
        return
    connection = connections[router.db_for_write(AuditEvent)]
    if connection.vendor != "postgresql":
        AuditEvent.objects.bulk_create([AuditEvent(**values) for values in events], batch_size=1000)
        return
    now = timezone.now().isoformat()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)  # "" is NULL for the actor alone
    for item in events:
        writer.writerow(
            [
                item["school_id"],
                "" if item["actor_id"] is None else item["actor_id"],
                item["action"],
                item["object_type"],
                item["object_id"],
                item["object_repr"],
                _json(item["changes"]),
                now,
            ]
        )
    buffer.seek(0)
    quote = connection.ops.quote_name
    columns = [quote(AuditEvent._meta.get_field(name).column) for name in COPIED_FIELDS]
    statement = (
        f"COPY {quote(AuditEvent._meta.db_table)} ({', '.join(columns)}) "
        f"FROM STDIN WITH (FORMAT csv, FORCE_NULL ({columns[1]}))"
    )
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(statement, buffer)


def _json(changes: dict) -> str:
    """The changes as JSON text. Made of ``plain`` values they need no encoder class, and building
    one per event costs more than the encoding itself."""
    try:
        return json.dumps(changes, ensure_ascii=False)
    except TypeError:  # a date, a Decimal, a UUID…
        return json.dumps(changes, ensure_ascii=False, cls=DjangoJSONEncoder)


def history_of(obj):
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).select_related("actor")
