"""A second demo municipality, so that the isolation between municipalities shows (issue 18).

«Тихвинский муниципальный район Ленинградской области» with one school, its director
(demo-director3), curator (demo-curator3) and coordinator (demo-officer2), a few teachers and one
completed program whose best practice its participants consented to publish: it shows on the
municipality's public page (/m/tikhvin/) and in its bank of practices, and nowhere in the first
municipality. Idempotent: keyed on slugs, logins, employee numbers and the program's title.
"""

import datetime

from django.db import transaction

from accounts.models import Municipality, School
from accounts.roles import Role
from accounts.services import role_grant
from mentoring.models import MentoringForm, Mentorship, Participant, Status
from people.models import Consent, ConsentKind, MenteeProfile, MentorProfile, Person, PersonKind
from programs.models import BestPractice, Program, ProgramStatus
from public.models import SectionText

MUNICIPALITY = {"name": "Тихвинский муниципальный район Ленинградской области", "slug": "tikhvin"}
SCHOOL = {
    "slug": "tikhvin-sosh-1",
    "full_name": "Муниципальное общеобразовательное учреждение «Средняя общеобразовательная школа № 1 г. Тихвина»",
    "short_name": "МОУ «СОШ № 1 г. Тихвина»",
    "address": "187556, Ленинградская область, г. Тихвин, 1-й микрорайон, д. 30",
    "director_name": "Егорова Татьяна Викторовна",
    "director_position": "Директор",
    "time_zone": "Europe/Moscow",
}
OFFICER = ("demo-officer2", "Никитина", "Ольга", "Андреевна")
# employee number, last, first, patronymic, position, pedagogical work began, hired, login, role
STAFF = [
    (
        "Т-01",
        "Егорова",
        "Татьяна",
        "Викторовна",
        "Директор",
        "1996-09-01",
        "2012-08-27",
        "demo-director3",
        Role.DIRECTOR,
    ),
    (
        "Т-02",
        "Захарова",
        "Светлана",
        "Игоревна",
        "Заместитель директора по УВР",
        "2001-09-01",
        "2008-08-25",
        "demo-curator3",
        Role.CURATOR,
    ),
    ("Т-03", "Лебедева", "Галина", "Петровна", "Учитель математики", "1993-09-01", "1999-08-30", "", None),
    ("Т-04", "Фомина", "Дарья", "Сергеевна", "Учитель математики", "2024-09-01", "2024-08-26", "", None),
    ("Т-05", "Гусев", "Артём", "Олегович", "Учитель истории", "2025-09-01", "2025-08-25", "", None),
]
PRACTICE_TITLE = "Математика без страха: адаптация молодого учителя"
START = datetime.date(2024, 9, 16)
COMPLETED = datetime.date(2025, 5, 28)


def _person(school, number, last, first, patronymic, position, began, hired, user) -> Person:
    person, _ = Person.objects.update_or_create(
        school=school,
        employee_number=number,
        defaults={
            "last_name": last,
            "first_name": first,
            "patronymic": patronymic,
            "sex": "m" if last.endswith("ев") else "f",
            "kind": PersonKind.STAFF,
            "position": position,
            "is_pedagogical": position.startswith("Учитель"),
            "teaching_started_on": datetime.date.fromisoformat(began),
            "hired_on": datetime.date.fromisoformat(hired),
            "email": f"{user.username if user else 'tikhvin-' + number}@example.org",
            "user": user,
        },
    )
    return person


def _practice(school, mentor: Person, mentee: Person) -> None:
    if Program.objects.filter(mentorship__school=school, title=PRACTICE_TITLE).exists():
        return
    form, _ = MentoringForm.objects.get_or_create(school=school, name="педагог – педагог")
    mentorship = Mentorship.objects.create(
        school=school,
        form=form,
        direction="Методика преподавания математики",
        planned_start=START,
        planned_end=COMPLETED,
        actual_end=COMPLETED,
        status=Status.COMPLETED,
        order_number="54-о",
        order_date=datetime.date(2024, 9, 13),
    )
    Participant.objects.create(mentorship=mentorship, person=mentor, role=Participant.Role.MENTOR, started_on=START)
    Participant.objects.create(mentorship=mentorship, person=mentee, role=Participant.Role.MENTEE, started_on=START)
    program = Program.objects.create(
        mentorship=mentorship,
        title=PRACTICE_TITLE,
        goal="Помочь молодому учителю уверенно вести уроки математики в 5–6 классах.",
        directions="методика, работа с классом",
        start=START,
        end=COMPLETED,
        status=ProgramStatus.COMPLETED,
        completed_on=COMPLETED,
        mentor_report_results="Дефициты в планировании урока и в работе с отстающими преодолены.",
    )
    BestPractice.objects.create(
        program=program,
        summary="Взаимные посещения уроков раз в неделю и «банк заданий» для дифференцированной работы на уроке.",
        permission_to_publish=True,
        permission_note="Письменное разрешение наставника и наставляемой от 30.05.2025",
    )


@transaction.atomic
def seed_second_municipality() -> dict:
    from demo.seed import _user  # the demo's users, with the demo password

    municipality, _ = Municipality.objects.update_or_create(
        slug=MUNICIPALITY["slug"], defaults={"name": MUNICIPALITY["name"]}
    )
    school, _ = School.objects.update_or_create(slug=SCHOOL["slug"], defaults={**SCHOOL, "municipality": municipality})
    people = {}
    for number, last, first, patronymic, position, began, hired, login, role in STAFF:
        user = _user(login, last, first, patronymic) if login else None
        people[number] = _person(school, number, last, first, patronymic, position, began, hired, user)
        if role is not None:
            role_grant(user=user, role=role, school=school)
    mentor, mentee = people["Т-03"], people["Т-04"]
    MentorProfile.objects.get_or_create(person=mentor)
    MenteeProfile.objects.get_or_create(person=mentee)
    MenteeProfile.objects.get_or_create(person=people["Т-05"])
    for person in (mentor, mentee):
        for kind in (ConsentKind.PERSONAL_DATA, ConsentKind.PUBLICATION):
            Consent.objects.get_or_create(person=person, kind=kind, defaults={"given_on": datetime.date(2024, 9, 2)})
    _practice(school, mentor, mentee)
    SectionText.objects.update_or_create(
        school=school,
        defaults={
            "intro": "Наставничество в школе № 1 г. Тихвина: опытные учителя помогают молодым коллегам "
            "войти в профессию.",
            "contacts": "Куратор: Захарова Светлана Игоревна, заместитель директора по УВР",
        },
    )
    officer = _user(*OFFICER)
    role_grant(user=officer, role=Role.MUNICIPAL_OFFICER, municipality=municipality)
    return {"municipality": municipality, "school": school}
