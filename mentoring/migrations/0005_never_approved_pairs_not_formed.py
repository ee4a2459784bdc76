"""Pairs «terminated» before any order fixed them were never formed (seed 000 §4.2, seed 002 VII.2).

Until now terminating a draft or a proposed pair gave it the status «прекращена». From now on
«прекращена» only ever means terminated after the director's order, and a pair dropped before it
is «не сформирована». This moves the old records: a terminated pair with no order number and no
step to «утверждена» (or «действует») in its history becomes not formed. Its history is rewritten
to say so (the step's who, when and note stay, with a remark appended), so the last step always
names the current status. Backwards, every not-formed pair becomes terminated again, as the old
code had no other word for it.
"""

from django.db import migrations

TERMINATED, NOT_FORMED = "terminated", "not_formed"
APPROVED_STATUSES = ("approved", "active", "completed")
REMARK = "[Не утверждалась приказом: «прекращена» исправлено на «не сформирована».]"


def never_approved(Mentorship, StatusChange):
    """The terminated mentorships no order ever fixed."""
    approved = StatusChange.objects.filter(to_status__in=APPROVED_STATUSES).values("mentorship_id")
    return Mentorship.objects.filter(status=TERMINATED, order_number="").exclude(pk__in=approved)


def mark_not_formed(apps, schema_editor):
    Mentorship = apps.get_model("mentoring", "Mentorship")
    StatusChange = apps.get_model("mentoring", "StatusChange")
    ids = list(never_approved(Mentorship, StatusChange).values_list("pk", flat=True))
    if not ids:
        return
    for change in StatusChange.objects.filter(mentorship_id__in=ids, to_status=TERMINATED).exclude(
        from_status=TERMINATED
    ):
        change.note = f"{change.note} {REMARK}".strip()
        change.save(update_fields=["note"])
    StatusChange.objects.filter(mentorship_id__in=ids, from_status=TERMINATED).update(from_status=NOT_FORMED)
    StatusChange.objects.filter(mentorship_id__in=ids, to_status=TERMINATED).update(to_status=NOT_FORMED)
    Mentorship.objects.filter(pk__in=ids, termination_reason="").update(termination_reason=NOT_FORMED)
    Mentorship.objects.filter(pk__in=ids).update(status=NOT_FORMED)


def mark_terminated(apps, schema_editor):
    Mentorship = apps.get_model("mentoring", "Mentorship")
    StatusChange = apps.get_model("mentoring", "StatusChange")
    ids = list(Mentorship.objects.filter(status=NOT_FORMED).values_list("pk", flat=True))
    for change in StatusChange.objects.filter(mentorship_id__in=ids, note__contains=REMARK):
        change.note = change.note.replace(REMARK, "").strip()
        change.save(update_fields=["note"])
    StatusChange.objects.filter(mentorship_id__in=ids, from_status=NOT_FORMED).update(from_status=TERMINATED)
    StatusChange.objects.filter(mentorship_id__in=ids, to_status=NOT_FORMED).update(to_status=TERMINATED)
    Mentorship.objects.filter(pk__in=ids).update(status=TERMINATED)


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0004_status_not_formed")]

    operations = [migrations.RunPython(mark_not_formed, mark_terminated)]
