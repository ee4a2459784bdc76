"""Writes on the bank: every change is validated, audited and atomic."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.log import diff, record, snapshot
from audit.models import AuditAction
from people.models import BankConfirmation, CategoryMark, Consent, MenteeProfile, MentorProfile, Person, PersonKind
from people.nomenclature import normalize as normalize_position
from people.nomenclature import pedagogical_flag
from people.signals import consent_withdrawn


def pedagogical_after(*, kind: str, position: str, before: dict | None, chosen: bool | None = None) -> bool:
    """A person's pedagogical flag after an edit or an import row: the business rule.

    ``before`` is the stored card (``snapshot(person)`` or at least its ``kind``, ``position``
    and ``is_pedagogical``; None for a new person), ``chosen`` what the user explicitly set
    (None if they left it alone). An explicit choice wins; otherwise the flag follows the
    position by the nomenclature when the person is new or their position (case, «ё» and
    spacing aside) or kind changed, and stays as stored when not, so an override survives
    later edits and re-imports. Only an employee is a pedagogical worker.
    """
    if before is None:
        current, changed = None, True
    else:
        current = bool(before.get("is_pedagogical"))
        changed = before.get("kind") != kind or normalize_position(before.get("position") or "") != normalize_position(
            position
        )
    return pedagogical_flag(
        employee=kind == PersonKind.STAFF,
        position=position,
        chosen=chosen,
        current=current,
        position_changed=changed,
    )


@transaction.atomic
def person_save(*, person: Person, actor, before: dict | None = None, pedagogical_choice: bool | None = None) -> Person:
    """Create or update a person of ``person.school``; records what changed.

    The pedagogical flag follows the position (see ``pedagogical_after``) unless
    ``pedagogical_choice`` says what the user set on the card.
    """
    creating = person.pk is None
    if creating or before is not None:
        person.is_pedagogical = pedagogical_after(
            kind=person.kind, position=person.position, before=None if creating else before, chosen=pedagogical_choice
        )
    elif pedagogical_choice is not None:
        person.is_pedagogical = pedagogical_choice
    person.full_clean()
    person.save()
    after = snapshot(person)
    changes = after if creating else diff(before or {}, after)
    if creating or changes:
        record(
            actor=actor,
            school=person.school,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            obj=person,
            changes=changes,
        )
    return person


@transaction.atomic
def person_archive(*, person: Person, actor, left_on: datetime.date | None = None) -> Person:
    """Leaving the school archives a person; their history stays."""
    left_on = left_on or timezone.localdate()
    if person.hired_on and left_on < person.hired_on:
        raise ValidationError(_("The leaving date cannot precede the hiring date."))
    before = snapshot(person, ["left_on"])
    person.left_on = left_on
    person.save(update_fields=["left_on", "updated_at"])
    record(
        actor=actor,
        school=person.school,
        action=AuditAction.ARCHIVE,
        obj=person,
        changes=diff(before, snapshot(person, ["left_on"])),
    )
    return person


@transaction.atomic
def person_restore(*, person: Person, actor) -> Person:
    before = snapshot(person, ["left_on"])
    person.left_on = None
    person.save(update_fields=["left_on", "updated_at"])
    record(
        actor=actor,
        school=person.school,
        action=AuditAction.RESTORE,
        obj=person,
        changes=diff(before, snapshot(person, ["left_on"])),
    )
    return person


@transaction.atomic
def categories_set(*, person: Person, categories: list[str], actor) -> None:
    before = sorted(person.category_marks.values_list("category", flat=True))
    wanted = sorted(set(categories))
    if before == wanted:
        return
    person.category_marks.exclude(category__in=wanted).delete()
    for category in wanted:
        CategoryMark.objects.get_or_create(person=person, category=category)
    record(
        actor=actor,
        school=person.school,
        action=AuditAction.UPDATE,
        obj=person,
        changes={"categories": [before, wanted]},
    )


@transaction.atomic
def profile_save(*, profile: MentorProfile | MenteeProfile, actor, before: dict | None = None):
    creating = profile.pk is None
    profile.full_clean()
    profile.save()
    after = snapshot(
        profile, [f.name for f in profile._meta.concrete_fields if f.name not in {"id", "person", "created_at"}]
    )
    label = profile._meta.model_name
    changes = diff(before or {}, after)
    changes = {f"{label}.{key}": value for key, value in changes.items()}
    if creating or changes:
        record(
            actor=actor, school=profile.person.school, action=AuditAction.UPDATE, obj=profile.person, changes=changes
        )
    return profile


def profile_snapshot(profile) -> dict:
    return snapshot(
        profile, [f.name for f in profile._meta.concrete_fields if f.name not in {"id", "person", "created_at"}]
    )


@transaction.atomic
def related_record_add(*, item, actor):
    """Adds a dated entry to a person's card (deficit, training, award)."""
    item.full_clean()
    item.save()
    record(
        actor=actor,
        school=item.person.school,
        action=AuditAction.UPDATE,
        obj=item.person,
        changes={item._meta.model_name: [None, str(item)]},
    )
    return item


@transaction.atomic
def consent_record(*, consent: Consent, actor) -> Consent:
    consent.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    consent.full_clean()
    consent.save()
    record(
        actor=actor,
        school=consent.person.school,
        action=AuditAction.CONSENT_GIVEN,
        obj=consent.person,
        changes={"consent.kind": [None, consent.kind], "consent.given_on": [None, consent.given_on.isoformat()]},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, actor, on: datetime.date | None = None) -> Consent:
    """Withdrawal takes effect at once (today unless a date is given) and cannot be undone."""
    on = on or timezone.localdate()
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    if on < consent.given_on:
        raise ValidationError(_("A consent cannot be withdrawn before it was given."))
    consent.withdrawn_on = on
    consent.save(update_fields=["withdrawn_on"])
    record(
        actor=actor,
        school=consent.person.school,
        action=AuditAction.CONSENT_WITHDRAWN,
        obj=consent.person,
        changes={"consent.kind": consent.kind, "consent.withdrawn_on": [None, on.isoformat()]},
    )
    consent_withdrawn.send(sender=Consent, consent=consent, on=on)
    return consent


def academic_year_of(day: datetime.date) -> int:
    """The academic year runs 1 September – 31 August; it is named by its first calendar year."""
    return day.year if day.month >= 9 else day.year - 1


@transaction.atomic
def bank_confirm(*, school, actor, academic_year: int | None = None) -> BankConfirmation:
    academic_year = academic_year or academic_year_of(timezone.localdate())
    if BankConfirmation.objects.filter(school=school, academic_year=academic_year).exists():
        raise ValidationError(_("The bank has already been confirmed for this academic year."))
    confirmation = BankConfirmation.objects.create(school=school, academic_year=academic_year, confirmed_by=actor)
    record(
        actor=actor,
        school=school,
        action=AuditAction.CONFIRM,
        obj=confirmation,
        changes={"academic_year": academic_year},
    )
    return confirmation
