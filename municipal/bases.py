"""The municipal bases «по установленной форме» (seed 004 §III.6, seed 003 §6.4): curators, mentors
among teachers, among partner organizations and among pupils, as XLSX for the coordinator.

Personal data only of those who consented to share it with the municipality
(``ConsentKind.MUNICIPAL_SHARING``); contacts only where that consent covers them
(``municipal.bank.sharing_contacts``). The others are not listed: the sheet ends with the line
«ещё N чел. без согласия на передачу данных», so the coordinator knows the base is incomplete.
"""

import datetime
import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from accounts.models import Membership
from accounts.roles import Role
from mentoring.models import FIXED, Participant
from municipal.bank import forms_by_school, forms_for, shares_with_municipality, sharing_contacts
from people.models import Person, PersonKind

DATE = "%d.%m.%Y"


@dataclass(frozen=True)
class Base:
    key: str
    title: str
    third_column: str  # position, organization or class
    kind: str = ""  # the PersonKind of the mentors; "" for the curators


BASES = (
    Base("curators", "База кураторов", "Должность"),
    Base("teachers", "База наставников из числа педагогов", "Должность", PersonKind.STAFF),
    Base(
        "partners",
        "База наставников из числа представителей организаций-партнёров",
        "Организация, должность",
        PersonKind.EXTERNAL,
    ),
    Base("pupils", "База наставников из числа обучающихся", "Класс", PersonKind.PUPIL),
)
BY_KEY = {base.key: base for base in BASES}


@dataclass
class Result:
    exported_by_school: dict = field(default_factory=dict)  # School → short names exported
    rows: int = 0
    withheld: int = 0


def _safe(value):
    # A cell starting with «=» would be stored as a formula; a phone «+7 …» stays as it is.
    if value == "":
        return None
    return f"'{value}" if isinstance(value, str) and value.startswith("=") else value


def mentees_in_fixed_pairs(people) -> dict[int, int]:
    """Person id → the number of distinct mentees of the pairs and groups fixed by an order (approved
    or active) in which the person is a mentor now."""
    mentorships = Participant.objects.filter(
        person__in=people, role=Participant.Role.MENTOR, ended_on__isnull=True, mentorship__status__in=FIXED
    ).values_list("mentorship_id", "person_id")
    mentors_of: dict[int, set[int]] = {}
    for mentorship_id, person_id in mentorships:
        mentors_of.setdefault(mentorship_id, set()).add(person_id)
    mentees: dict[int, set[int]] = {}
    for mentorship_id, mentee_id in Participant.objects.filter(
        mentorship_id__in=mentors_of, role=Participant.Role.MENTEE, ended_on__isnull=True
    ).values_list("mentorship_id", "person_id"):
        for mentor_id in mentors_of[mentorship_id]:
            mentees.setdefault(mentor_id, set()).add(mentee_id)
    return {person_id: len(ids) for person_id, ids in mentees.items()}


def _contacts(person, shared: set[int]) -> str:
    if person is None or person.pk not in shared:
        return ""
    return ", ".join(part for part in (person.phone, person.email) if part)


def _curator_rows(municipality, on, result: Result) -> list[list]:
    memberships = (
        Membership.objects.filter(role=Role.CURATOR, school__municipality=municipality, user__is_active=True)
        .select_related("school", "user")
        .order_by("school__short_name", "school__full_name", "user__last_name")
    )
    people = {
        p.user_id: p
        for p in Person.objects.current(on)
        .filter(user__in=[m.user_id for m in memberships])
        .annotate(shares=shares_with_municipality(on))
    }
    shared = sharing_contacts([p for p in people.values() if p.shares], on)
    rows = []
    for membership in memberships:
        person = people.get(membership.user_id)
        if person is None or not person.shares:
            result.withheld += 1
            continue
        rows.append(
            [
                str(membership.school),
                person.full_name,
                person.position,
                _contacts(person, shared),
            ]
        )
        result.exported_by_school.setdefault(membership.school, []).append(person.short_name)
    return rows


def _mentor_rows(base: Base, municipality, on, result: Result) -> list[list]:
    people = list(
        Person.objects.current(on)
        .filter(school__municipality=municipality, kind=base.kind, mentor_profile__isnull=False)
        .annotate(shares=shares_with_municipality(on))
        .select_related("school", "partner_organization")
        .order_by("school__short_name", "school__full_name", "last_name", "first_name", "patronymic")
    )
    consenting = [p for p in people if p.shares]
    result.withheld += len(people) - len(consenting)
    shared = sharing_contacts(consenting, on)
    catalog = forms_by_school(p.school_id for p in consenting)
    mentees = mentees_in_fixed_pairs(consenting)
    rows = []
    for person in consenting:
        if base.kind == PersonKind.PUPIL:
            third = person.school_class
        elif base.kind == PersonKind.EXTERNAL:
            organization = person.partner_organization.name if person.partner_organization_id else ""
            third = ", ".join(part for part in (organization, person.position) if part)
        else:
            third = person.position
        rows.append(
            [
                str(person.school),
                person.full_name,
                third,
                _contacts(person, shared),
                ", ".join(forms_for(person, catalog)),
                mentees.get(person.pk, 0),
            ]
        )
        result.exported_by_school.setdefault(person.school, []).append(person.short_name)
    return rows


def workbook(base: Base, municipality, on: datetime.date) -> tuple[bytes, Result]:
    result = Result()
    if base.kind:
        header = [
            "Образовательная организация",
            "ФИО",
            base.third_column,
            "Контакты",
            "Формы наставничества",
            "Наставляемых сейчас (в закреплённых парах и группах)",
        ]
        rows = _mentor_rows(base, municipality, on, result)
    else:
        header = ["Образовательная организация", "ФИО", base.third_column, "Контакты"]
        rows = _curator_rows(municipality, on, result)
    result.rows = len(rows)
    book = Workbook()
    sheet = book.active
    sheet.title = base.title[:31]
    sheet.append([f"{base.title}: {municipality.name}, на {on.strftime(DATE)}"])
    sheet["A1"].font = Font(bold=True)
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([_safe(value) for value in row])
    if result.withheld:
        sheet.append([f"ещё {result.withheld} чел. без согласия на передачу данных"])
    if not rows and not result.withheld:
        sheet.append(["нет никого"])
    for letter, width in zip("ABCDEF", (40, 40, 40, 36, 40, 18), strict=False):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), result
