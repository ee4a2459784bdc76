"""Demo pairs and groups in every status, so the board shows the whole lifecycle (and a pair not formed)."""

import datetime

from django.db import transaction

from accounts.models import School, User
from mentoring import lifecycle
from mentoring.models import MentoringForm, Mentorship, Mode, RoleModel, TerminationReason
from people.models import Person

YEAR_START = datetime.date(2025, 9, 1)

# key, form, role model, mentor, mentees, start, end, target status, modes
PAIRS = [
    (
        "young-math",
        "педагог – педагог",
        "опытный педагог – молодой специалист",
        "0027",
        ["0006"],
        YEAR_START,
        datetime.date(2026, 5, 31),
        "completed",
        ["традиционное «один на один»"],
    ),
    (
        "young-math-2",
        "педагог – педагог",
        "опытный предметник – неопытный предметник",
        "0027",
        ["0006"],
        datetime.date(2026, 9, 1),
        datetime.date(2027, 5, 31),
        "active",
        ["традиционное «один на один»"],
    ),
    (
        "primary-group",
        "педагог – педагог",
        "опытный педагог – молодой специалист",
        "0004",
        ["0015", "0029"],
        datetime.date(2026, 9, 1),
        datetime.date(2027, 5, 31),
        "active",
        ["в группе"],
    ),
    (
        "english",
        "педагог – педагог",
        "лидер педагогического сообщества – педагог, испытывающий профессиональные затруднения в сфере коммуникации",
        "0008",
        ["0011"],
        datetime.date(2026, 12, 7),
        datetime.date(2027, 6, 6),
        "approved",
        ["ситуационное"],
    ),
    (
        "informatics",
        "педагог – педагог",
        "опытный предметник – неопытный предметник",
        "0005",
        ["0022"],
        datetime.date(2026, 10, 1),
        datetime.date(2027, 3, 31),
        "proposed",
        ["виртуальное (дистанционное)"],
    ),
    (
        "history-back",
        "педагог – педагог",
        "опытный педагог – молодой специалист",
        "0023",
        ["0028"],
        datetime.date(2026, 12, 1),
        datetime.date(2027, 5, 31),
        "draft",
        [],
    ),
    (
        # Proposed, then dropped before the order: the mentee chose the primary teacher's draft instead.
        "history-not-formed",
        "педагог – педагог",
        "опытный предметник – неопытный предметник",
        "0010",
        ["0028"],
        datetime.date(2026, 11, 16),
        datetime.date(2027, 5, 31),
        "not_formed",
        [],
    ),
    (
        "digital-reverse",
        "педагог – педагог",
        "педагог-новатор – консервативный педагог",
        "0022",
        ["0020"],
        datetime.date(2025, 11, 1),
        datetime.date(2026, 2, 28),
        "terminated",
        ["реверсивное"],
    ),
    (
        "university",
        "педагог вуза (колледжа) – молодой педагог",
        "опытный педагог – молодой специалист",
        "В-001",
        ["0006"],
        datetime.date(2026, 9, 1),
        datetime.date(2026, 12, 20),
        "active",
        ["краткосрочное (целеполагающее)"],
    ),
    (
        "pupils",
        "ученик – ученик",
        "равный – равному",
        "У-101",
        ["У-103"],
        datetime.date(2026, 10, 1),
        datetime.date(2027, 4, 30),
        "active",
        ["скоростное"],
    ),
]


@transaction.atomic
def seed_mentorships(school: School | None = None) -> None:
    school = school or School.objects.get(slug="sosh-2")
    if Mentorship.objects.for_school(school).exists():
        return  # demo pairs exist; the lifecycle is not replayed
    curator = User.objects.get(username="demo-curator")
    director = User.objects.get(username="demo-director")
    people = {p.employee_number: p for p in Person.objects.for_school(school)}
    for _key, form_name, role_name, mentor_no, mentee_nos, start, end, target, modes in PAIRS:
        form = MentoringForm.objects.get(school=school, name=form_name)
        mentorship, _warnings = lifecycle.mentorship_create(
            school=school,
            form=form,
            role_model=RoleModel.objects.get(school=school, form=form, name=role_name),
            modes=Mode.objects.filter(school=school, name__in=modes),
            mentors=[people[mentor_no]],
            mentees=[people[n] for n in mentee_nos],
            start=start,
            end=end,
            by=curator,
        )
        if target == "draft":
            continue
        lifecycle.mentorship_propose(mentorship=mentorship, by=curator)
        if target == "proposed":
            continue
        if target == "not_formed":
            lifecycle.mentorship_drop(
                mentorship=mentorship,
                by=curator,
                reason=TerminationReason.MENTEE_INITIATIVE,
                note="Наставляемый выбрал наставника с опытом работы по обновлённым ФГОС",
                on=datetime.date(2026, 11, 12),
            )
            continue
        order_day = start - datetime.timedelta(days=3)
        lifecycle.mentorship_approve(
            mentorship=mentorship,
            by=director,
            order_number=f"01-10/{start:%m}{start:%d}",
            order_date=order_day,
            on=order_day,
        )
        if target == "approved":
            continue
        lifecycle.activate_due(on=start)
        mentorship.refresh_from_db()
        if target == "completed":
            lifecycle.mentorship_complete(mentorship=mentorship, by=curator, on=end, note="План выполнен полностью")
        if target == "terminated":  # «прекращена» only ever follows the order
            lifecycle.mentorship_terminate(
                mentorship=mentorship,
                by=curator,
                reason=TerminationReason.MUTUAL,
                note="Наставляемый перешёл на другую программу повышения квалификации",
                on=datetime.date(2025, 12, 20),
            )
