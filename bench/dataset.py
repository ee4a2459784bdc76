"""A municipality-size dataset for benchmarks and load tests, written with ``bulk_create``.

    from bench.dataset import build, load
    data = build()                         # 50 schools, 3,000 staff, 1,000 mentorships, ...
    data.logins(data.schools[0]).curator   # "bench-01-curator"; the password is data.password
    data = load()                          # the same, read back from a database built earlier

or from the shell, into the database ``DATABASE_URL`` names:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentoring_bench .venv/bin/python bench/dataset.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentoring_region .venv/bin/python bench/dataset.py --region

``--region`` builds 20 such municipalities in one region (1,000 schools, 60,000 people, 20,000
mentorships, 200,000 plan items and 200,000 log entries) and its regional coordinator
(``REGION_LOGIN``); the first municipality is the one-municipality dataset, same slugs and logins.

Every school gets its own director, curator, secretary, council member (also a mentor), mentors
and mentees with user accounts and role memberships (password ``BENCH_PASSWORD``), mentor and
mentee profiles, consents, deficits, mentorships in every status with programs, stages, plan
items and log entries, three surveys copied from the ready templates with answers, documents
in the registry, audit events and roadmap events. Schools differ in size like a real
municipality's: the first, «СОШ № 1», is about three times the average, so the pages measured
on it show the largest school. Numbers are spread over schools in proportion to their size.

``build()`` refuses to run twice into one database (the slugs are fixed); drop and create the
database to rebuild. ``fill_school()`` fills one existing school and is what the query-budget
tests use to make the same kind of data small and large.
"""

import datetime
import math
import os
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH_PASSWORD = "bench-nastavnik-2026"  # noqa: S105 — a throwaway dataset's accounts
MUNICIPALITY_SLUG = "bench-district"
OFFICER_LOGIN = "bench-officer"
REGION_SLUG = "bench-region"
REGION_NAME = "Бенчмарк-область"
REGION_LOGIN = "bench-region"
REGION_MUNICIPALITIES = 20

MALE_LAST = [
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров",
    "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев",
    "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев",
]  # fmt: skip
MALE_FIRST = ["Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Иван", "Олег", "Николай", "Павел"]
FEMALE_FIRST = ["Анна", "Елена", "Ольга", "Наталья", "Мария", "Татьяна", "Ирина", "Светлана", "Екатерина", "Юлия"]
FATHERS = ["Александр", "Дмитри", "Сергее", "Андрее", "Ивано", "Петро", "Николае", "Михайло", "Владимиро", "Викторо"]
SUBJECTS = [
    ("Учитель математики", "Математика"),
    ("Учитель русского языка и литературы", "Русский язык, Литература"),
    ("Учитель физики", "Физика"),
    ("Учитель истории и обществознания", "История, Обществознание"),
    ("Учитель начальных классов", "Начальные классы"),
    ("Учитель английского языка", "Английский язык"),
    ("Учитель информатики", "Информатика"),
    ("Учитель химии и биологии", "Химия, Биология"),
    ("Учитель физической культуры", "Физическая культура"),
    ("Педагог-психолог", ""),
]
TOWNS = ["Лодейное Поле", "Свирьстрой", "Алеховщина", "Янега", "Рассвет", "Доможирово", "Шамокша", "Вахнова Кара"]
DEFICITS = [
    "Планирование урока по ФГОС",
    "Дисциплина на уроке",
    "Работа с родителями",
    "Цифровые инструменты: ФГИС «Моя школа»",
    "Оценивание образовательных результатов",
    "Подготовка обучающихся к ОГЭ",
]
PLAN = [
    ("Знакомство, диагностика затруднений, анкета самооценки", "consultation", "Карта профессиональных дефицитов"),
    ("Изучение ФОП и рабочей программы по предмету", "self_study", "Рабочая программа скорректирована"),
    ("Посещение уроков наставника", "visit_mentor", "Лист наблюдения"),
    ("Конструирование урока в логике системно-деятельностного подхода", "consultation", "Технологическая карта"),
    ("Посещение и разбор урока наставляемого", "observed", "Анализ урока, рекомендации"),
    ("Приёмы управления дисциплиной на уроке", "seminar", "Памятка приёмов"),
    ("Подготовка к родительскому собранию", "consultation", "Сценарий собрания"),
    ("Открытый урок для методического объединения", "observed", "Отзыв МО"),
    ("Участие в конкурсе «Педагогический дебют»", "competition", "Конкурсные материалы"),
    ("Итоговая рефлексия и отчёт", "consultation", "Отчёт наставника и самооценка"),
]
LOG_TEXTS = [
    "Разобрали технологическую карту урока, наметили приёмы мотивации.",
    "Посетили урок наставляемой в 6 «Б», обсудили организацию групповой работы.",
    "Подготовили вопросы к родительскому собранию, отрепетировали выступление.",
    "Проанализировали результаты контрольной работы, составили план коррекции.",
]
REFLECTIONS = ["Стало понятнее, как выстроить этапы урока.", "Полезно, попробую на следующей неделе.", ""]
# Twenty mentorships in a row get these statuses: most are running, every stage is present.
STATUS_CYCLE = [
    "active", "completed", "proposed", "active", "draft", "active", "approved", "active", "completed", "terminated",
    "active", "proposed", "active", "draft", "active", "approved", "active", "completed", "proposed", "active",
]  # fmt: skip
DOCUMENT_TYPES = ["order_pairs", "consent_participation", "consent_personal_data", "order_completion", "program"]
DOCUMENT_STATUSES = ["signed", "signed", "awaiting", "draft", "returned"]


@dataclass
class SchoolLogins:
    director: str
    curator: str
    secretary: str
    council_member: str
    mentor: str  # a mentor of at least one active pair with an approved program
    mentee: str  # that pair's mentee
    mentors: list[str] = field(default_factory=list)
    mentees: list[str] = field(default_factory=list)


@dataclass
class Dataset:
    municipality: object
    schools: list
    officer: str
    school_logins: dict  # school slug -> SchoolLogins
    password: str = BENCH_PASSWORD
    seconds: float = 0.0
    counts: dict = field(default_factory=dict)
    region: object = None
    municipalities: list = field(default_factory=list)

    def logins(self, school) -> SchoolLogins:
        return self.school_logins[school.slug]


def _shares(total: int, weights: list[float]) -> list[int]:
    """``total`` split in proportion to ``weights``; the parts add up to ``total`` exactly."""
    whole = sum(weights)
    parts = [int(total * w / whole) for w in weights]
    for i in range(total - sum(parts)):
        parts[i % len(parts)] += 1
    return parts


def _school_weights(schools: int) -> list[float]:
    pattern = [1.0, 1.5, 0.5, 1.0, 0.6, 1.2, 0.8]
    return [3.0] + [pattern[i % len(pattern)] for i in range(schools - 1)]


class _Names:
    def __init__(self, seed: int):
        self.random = random.Random(seed)  # noqa: S311 — made-up names, not secrets

    def person(self) -> dict:
        female = self.random.random() < 0.8  # Russian schools' staff is mostly women
        last = self.random.choice(MALE_LAST)
        father = self.random.choice(FATHERS)
        if female:
            return {
                "last_name": last[:-1] + "ва" if last.endswith("в") else last + "а",
                "first_name": self.random.choice(FEMALE_FIRST),
                "patronymic": father + ("ична" if father.endswith("ч") else "вна"),
                "sex": "f",
            }
        return {
            "last_name": last,
            "first_name": self.random.choice(MALE_FIRST),
            "patronymic": father + "вич",
            "sex": "m",
        }


def _academic_start(today: datetime.date) -> datetime.date:
    return datetime.date(today.year if today.month >= 9 else today.year - 1, 9, 1)


def _terms(status: str, today: datetime.date, n: int) -> tuple[datetime.date, datetime.date, datetime.date | None]:
    """Start, planned end and actual end of a mentorship in ``status``, around today."""
    year_start = _academic_start(today)
    shift = datetime.timedelta(days=n % 20)
    if status in ("active",):
        start = min(year_start + shift, today)
        return start, start + datetime.timedelta(days=272), None
    if status == "completed":
        start = year_start.replace(year=year_start.year - 1) + shift
        end = start + datetime.timedelta(days=270)
        return start, end, end
    if status == "terminated":
        start = year_start.replace(year=year_start.year - 1) + datetime.timedelta(days=60) + shift
        return start, start + datetime.timedelta(days=180), start + datetime.timedelta(days=100)
    start = today + datetime.timedelta(days=14) + shift  # draft, proposed, approved: not started yet
    return start, start + datetime.timedelta(days=240), None


def fill_school(
    school,
    *,
    staff: int,
    mentorships: int,
    plan_items: int,
    log_entries: int,
    survey_answers: int,
    documents: int,
    audit_events: int = 0,
    mentors=None,
    mentees=None,
    password_hash: str = "",
    seed: int = 0,
    label: str = "",
    today: datetime.date | None = None,
) -> dict:
    """Fills one school with ``staff`` people and the rest; returns what it made (people, accounts...).

    ``mentors``/``mentees``: existing people (the tests' cast) taking part in every mentorship in
    turn instead of the school's generated pools. ``label`` keeps employee numbers and logins unique
    when one school is filled more than once.
    """
    from django.utils import timezone

    from accounts.models import Membership, User
    from accounts.roles import Role
    from people.models import Consent, Deficit, MenteeProfile, MentorProfile, Person

    today = today or timezone.localdate()
    names = _Names(seed)
    n_mentors = max(2, math.ceil(staff * 0.25))
    n_mentees = max(2, math.ceil(staff * 0.3))
    people = []
    for i in range(staff):
        position, subjects = SUBJECTS[i % len(SUBJECTS)]
        young = 4 + n_mentors <= i < 4 + n_mentors + n_mentees
        began = datetime.date(today.year - 1 - i % 3, 9, 1) if young else datetime.date(1988 + (i * 7) % 30, 9, 1)
        position = ["Директор", "Заместитель директора по УВР", "Секретарь учебной части"][i] if i < 3 else position
        people.append(
            Person(
                school=school,
                **names.person(),
                birth_date=datetime.date(began.year - 22 - i % 5, 1 + i % 12, 1 + i % 28),
                kind="staff",
                position=position,
                subjects=subjects,
                employee_number=f"{label}{i + 1:04d}",
                teaching_started_on=began,
                hired_on=began if i % 4 else began + datetime.timedelta(days=365 * 3),
                left_on=today - datetime.timedelta(days=30) if i == staff - 1 and staff > 10 else None,
                qualification_category=["highest", "first", "none", "methodist", "conformity"][i % 5],
                email=f"{school.slug}{label}-{i + 1}@example.org",
                phone=f"+7 921 {seed:03d} {i:04d}"[:32],
            )
        )
    Person.objects.bulk_create(people)
    own_mentors = people[3 : 3 + n_mentors]
    own_mentees = people[4 + n_mentors : 4 + n_mentors + n_mentees]

    # Accounts: the management roles and every mentor and mentee of the generated pools.
    wanted = {
        "director": people[0],
        "curator": people[1],
        "secretary": people[2],
        "council_member": people[3],
    }
    accounts = []  # (person, role key, username)
    for key, person in wanted.items():
        accounts.append((person, key, f"{school.slug}{label}-{key.replace('_member', '')}"))
    for k, person in enumerate(own_mentors[1:], start=1):
        accounts.append((person, "mentor", f"{school.slug}{label}-mentor-{k}"))
    for k, person in enumerate(own_mentees, start=1):
        accounts.append((person, "mentee", f"{school.slug}{label}-mentee-{k}"))
    new_users = []
    for person, _key, username in accounts:
        user = User(
            username=username,
            last_name=person.last_name,
            first_name=person.first_name,
            patronymic=person.patronymic,
            email=f"{username}@example.org",
            password=password_hash,
        )
        new_users.append(user)
        person.user = user
    User.objects.bulk_create(new_users)
    for person, _key, _username in accounts:
        person.user_id = person.user.pk  # bulk_create set the users' ids after they were assigned
    Person.objects.bulk_update([a[0] for a in accounts], ["user"])
    roles = {
        "director": [Role.DIRECTOR],
        "curator": [Role.CURATOR],
        "secretary": [Role.SECRETARY],
        "council_member": [Role.COUNCIL_MEMBER, Role.MENTOR],
        "mentor": [Role.MENTOR],
        "mentee": [Role.MENTEE],
    }
    existing = set(Membership.objects.filter(school=school).values_list("user_id", "role"))
    Membership.objects.bulk_create(
        Membership(user_id=person.user_id, school=school, role=role)
        for person, key, _username in accounts
        for role in roles[key]
        if (person.user_id, role) not in existing
    )

    mentors = list(mentors or own_mentors)
    mentees = list(mentees or own_mentees)
    MentorProfile.objects.bulk_create(
        MentorProfile(person=p, max_mentees=2 + i % 3, competence_areas=p.subjects, willingness="ready")
        for i, p in enumerate(own_mentors)
    )
    MenteeProfile.objects.bulk_create(
        MenteeProfile(
            person=p, requests="Планирование уроков, дисциплина, работа с родителями", growth_direction="subject"
        )
        for p in own_mentees
    )
    consent_day = today - datetime.timedelta(days=200)
    consents = []
    for i, p in enumerate(own_mentors + own_mentees):
        consents.append(Consent(person=p, kind="personal_data", given_on=consent_day))
        if i % 10 != 9:  # one in ten has not signed the participation consent yet
            consents.append(Consent(person=p, kind="mentor" if p in own_mentors else "mentee", given_on=consent_day))
    Consent.objects.bulk_create(consents)
    Deficit.objects.bulk_create(
        Deficit(person=p, description=DEFICITS[(i + j) % len(DEFICITS)], diagnosed_on=consent_day, method="анкета")
        for i, p in enumerate(own_mentees)
        for j in range(1 + i % 2)
    )

    made = _mentorships(school, mentorships, mentors, mentees, today=today, by=people[1].user_id)
    programs = _programs(made, plan_items, log_entries, today=today)
    _surveys(school, made, survey_answers, today=today, by=people[1].user)
    _documents(school, documents, made, people, today=today)
    _roadmap_and_audit(school, audit_events, people, today=today)
    return {
        "people": people,
        "mentors": own_mentors,
        "mentees": own_mentees,
        "mentorships": made,
        "programs": programs,
        "usernames": {key: username for _p, key, username in accounts},
        "accounts": accounts,
    }


def _mentorships(school, count, mentors, mentees, *, today, by) -> list:
    from mentoring.models import MentoringForm, Mentorship, RoleModel

    form = MentoringForm.objects.get(school=school, name="педагог – педагог")
    role_model = RoleModel.objects.filter(school=school, form=form).first()
    made = []
    for n in range(count):
        status = STATUS_CYCLE[n % len(STATUS_CYCLE)]
        start, end, actual_end = _terms(status, today, n)
        ordered = status in ("approved", "active", "completed", "terminated")  # «прекращена» follows an order
        made.append(
            Mentorship(
                school=school,
                form=form,
                role_model=role_model,
                direction="адаптация молодого специалиста" if n % 2 else "предметная деятельность",
                planned_start=start,
                planned_end=end,
                actual_end=actual_end,
                status=status,
                order_number=f"01-10/{100 + n}" if ordered else "",
                order_date=start - datetime.timedelta(days=5) if ordered else None,
                termination_reason="mutual" if status == "terminated" else "",
                created_by_id=by,
            )
        )
    Mentorship.objects.bulk_create(made)
    add_participants(made, mentors, mentees, group_every=8)
    return made


def add_participants(mentorships, mentors, mentees, *, group_every: int | None = None) -> None:
    """A mentor and a mentee for each mentorship, in turn from the lists (``bench_mentor`` names
    the mentor); every ``group_every``-th is a group of two mentees."""
    from mentoring.models import Participant

    participants = []
    for n, mentorship in enumerate(mentorships):
        mentorship_mentees = [mentees[n % len(mentees)]]
        if group_every and n % group_every == group_every - 1 and len(mentees) > 1:
            mentorship_mentees.append(mentees[(n + 1) % len(mentees)])
        mentorship.bench_mentor = mentors[n % len(mentors)]
        participants.append(
            Participant(
                mentorship=mentorship,
                person=mentorship.bench_mentor,
                role="mentor",
                started_on=mentorship.planned_start,
            )
        )
        participants.extend(
            Participant(mentorship=mentorship, person=p, role="mentee", started_on=mentorship.planned_start)
            for p in mentorship_mentees
        )
    Participant.objects.bulk_create(participants)


PROGRAM_STATUS = {"active": "approved", "completed": "completed", "approved": "agreed", "proposed": "draft"}


def _programs(mentorships, plan_items, log_entries, *, today) -> list:
    from programs.models import LogEntry, PlanItem, Program, Stage
    from programs.rules import default_stages

    with_program = [m for m in mentorships if m.status in PROGRAM_STATUS]
    programs = [
        Program(
            mentorship=m,
            title=f"Профессиональное становление: {m.direction}",
            goal="Адаптация молодого специалиста к профессии и коллективу",
            tasks="1. Выявить и преодолеть профессиональные дефициты.\n2. Подготовить и провести открытый урок.",
            expected_results="Наставляемый самостоятельно проектирует и проводит уроки по ФГОС.",
            directions=m.direction,
            start=m.planned_start,
            end=m.planned_end,
            status=PROGRAM_STATUS[m.status],
            completion_reason="plan_done" if m.status == "completed" else "",
            completed_on=m.actual_end if m.status == "completed" else None,
            mentor_report_results="Дефициты в планировании преодолены." if m.status == "completed" else "",
        )
        for m in with_program
    ]
    Program.objects.bulk_create(programs)
    Stage.objects.bulk_create(
        Stage(program=p, kind=kind, start=start, end=end)
        for p in programs
        for kind, start, end in default_stages(p.start, p.end)
    )
    items = []
    per_program = _shares(plan_items, [1] * len(programs)) if programs else []
    for program, count in zip(programs, per_program, strict=True):
        span = max((program.end - program.start).days, 1)
        for k in range(count):
            title, kind, result = PLAN[k % len(PLAN)]
            day = program.start + datetime.timedelta(days=span * k // max(count, 1))
            done = program.status == "completed" or (day < today and k % 5 != 4)  # one in five past items overdue
            items.append(
                PlanItem(
                    program=program,
                    title=title,
                    kind=kind,
                    planned_on=day,
                    responsible="наставник и наставляемый",
                    expected_result=result,
                    status="done" if done else "planned",
                    done_on=day if done else None,
                )
            )
    PlanItem.objects.bulk_create(items)
    running = [p for p in programs if p.status in ("approved", "completed")]
    entries = []
    per_running = _shares(log_entries, [1] * len(running)) if running else []
    for program, count in zip(running, per_running, strict=True):
        author = program.mentorship.bench_mentor.user_id
        last = min(program.end, today)
        span = max((last - program.start).days, 1)
        for k in range(count):
            entries.append(
                LogEntry(
                    program=program,
                    occurred_on=program.start + datetime.timedelta(days=span * k // max(count, 1)),
                    duration_minutes=45,
                    format="online" if k % 3 == 2 else "in_person",
                    what_done=LOG_TEXTS[k % len(LOG_TEXTS)],
                    result="Согласован следующий шаг",
                    author_id=author,
                    reflection=REFLECTIONS[k % len(REFLECTIONS)],
                )
            )
    LogEntry.objects.bulk_create(entries)
    return programs


def _surveys(school, mentorships, answers_wanted, *, today, by) -> None:
    from mentoring.models import Participant
    from surveys.builder import survey_from_template
    from surveys.models import Answer, Invitation, Response

    surveys = [
        survey_from_template(school=school, key=key, by=by) for key in ("mentee_entry", "mentee_exit", "mentor_exit")
    ]
    questions = {s.pk: list(s.questions.all()) for s in surveys}
    targets = []  # (survey, mentorship, participant)
    participants = Participant.objects.filter(mentorship__in=mentorships).order_by("pk")
    by_mentorship = {}
    for participant in participants:
        by_mentorship.setdefault(participant.mentorship_id, []).append(participant)
    for mentorship in mentorships:
        for participant in by_mentorship.get(mentorship.pk, []):
            if mentorship.status == "active" and participant.role == "mentee":
                targets.append((surveys[0], mentorship, participant))
            elif mentorship.status == "completed":
                targets.append((surveys[1] if participant.role == "mentee" else surveys[2], mentorship, participant))
    invitations, responses, answers = [], [], []
    made_answers = 0
    submitted = timezone_now()
    for survey, mentorship, participant in targets:
        if made_answers >= answers_wanted:
            break
        invitations.append(
            Invitation(
                survey=survey,
                mentorship=mentorship,
                person_id=participant.person_id,
                role=participant.role,
                answered=True,
                answered_at=submitted,
            )
        )
        made_answers += len(questions[survey.pk])
    Invitation.objects.bulk_create(invitations)
    year = _academic_start(today).year
    for invitation in invitations:
        mentorship = next(m for m in mentorships if m.pk == invitation.mentorship_id)
        responses.append(
            Response(
                survey=invitation.survey,
                invitation=invitation,
                mentorship=mentorship,
                respondent_role=invitation.role,
                academic_year=year - 1 if mentorship.status == "completed" else year,
                submitted_at=submitted,
            )
        )
    Response.objects.bulk_create(responses)
    for n, response in enumerate(responses):
        for question in questions[response.survey_id]:
            value = 3 + (n + question.position) % 3
            if question.kind == "likert":
                answers.append(Answer(response=response, question=question, likert=value))
            elif question.kind in ("single", "multiple"):
                answers.append(Answer(response=response, question=question, choices=question.choices[:1]))
            else:
                answers.append(Answer(response=response, question=question, text="Всё понравилось, спасибо."))
    Answer.objects.bulk_create(answers)


def timezone_now():
    from django.utils import timezone

    return timezone.now()


# A one-page PDF: the registry's signed documents and previews point at one copy per school,
# so opening a document never waits for WeasyPrint.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _documents(school, count, mentorships, people, *, today) -> None:
    import hashlib

    from django.core.files.base import ContentFile

    from documents.drafting import TITLES
    from documents.models import Document, DocumentSettings, NumberSequence
    from people.storage import private_storage

    if not count:
        return
    name = private_storage.save(f"documents/{school.pk}/bench.pdf", ContentFile(TINY_PDF))
    digest = hashlib.sha256(TINY_PDF).hexdigest()
    DocumentSettings.objects.get_or_create(school=school, defaults={"place": f"г. {TOWNS[school.pk % len(TOWNS)]}"})
    director = people[0].user_id
    documents = []
    per_year = dict(NumberSequence.objects.filter(school=school).values_list("year", "last"))
    known_years = set(per_year)
    for n in range(count):
        day = today - datetime.timedelta(days=(count - n) * 400 // count)  # the last thirteen months
        sequence = per_year[day.year] = per_year.get(day.year, 0) + 1
        kind = DOCUMENT_TYPES[n % len(DOCUMENT_TYPES)]
        status = DOCUMENT_STATUSES[n % len(DOCUMENT_STATUSES)]
        signed = status == "signed"
        documents.append(
            Document(
                school=school,
                type=kind,
                title=TITLES[kind],
                number=f"01-10/{sequence}",
                year=day.year,
                sequence=sequence,
                date=day,
                status=status,
                context={"school": {"full_name": school.full_name, "director_name": school.director_name}},
                return_comment="Уточните дату приказа" if status == "returned" else "",
                created_by_id=people[1].user_id,
                render_state="done",
                preview=name,
                pdf=name if signed else "",
                sha256=digest if signed else "",
                signed_by_id=director if signed else None,
                signed_at=timezone_now() if signed else None,
                person=people[4 + n % max(len(people) - 4, 1)] if kind.startswith("consent") else None,
            )
        )
    Document.objects.bulk_create(documents)
    for year, last in per_year.items():
        if year in known_years:
            NumberSequence.objects.filter(school=school, year=year).update(last=last)
        else:
            NumberSequence.objects.create(school=school, year=year, last=last)
    pairs_orders = [d for d in documents if d.type == "order_pairs"]
    through = Document.mentorships.through
    through.objects.bulk_create(
        through(document=d, mentorship=m) for i, d in enumerate(pairs_orders) for m in mentorships[i * 3 : i * 3 + 3]
    )


def _roadmap_and_audit(school, audit_events, people, *, today) -> None:
    from audit.models import AuditEvent
    from monitoring.models import RoadmapEvent

    year = _academic_start(today).year
    RoadmapEvent.objects.bulk_create(
        RoadmapEvent(
            school=school,
            year=year,
            stage="Реализация программ наставничества",
            title=title,
            starts_on=_academic_start(today) + datetime.timedelta(days=offset),
            for_pairs=True,
            status="held" if offset < (today - _academic_start(today)).days else "planned",
        )
        for title, offset in [
            ("Установочная встреча наставников и наставляемых", 10),
            ("Методический семинар «Современный урок»", 45),
            ("Фестиваль открытых уроков молодых педагогов", 120),
            ("Итоговая конференция «Наставничество: результаты года»", 260),
        ]
    )
    actions = ["view", "view", "update", "view", "create", "export"]
    AuditEvent.objects.bulk_create(
        AuditEvent(
            school=school,
            actor_id=people[1 + n % 3].user_id,
            action=actions[n % len(actions)],
            object_type="people.person",
            object_id=str(people[n % len(people)].pk),
            object_repr=people[n % len(people)].full_name,
            changes={"phone": ["", people[n % len(people)].phone]} if actions[n % len(actions)] == "update" else {},
        )
        for n in range(audit_events)
    )


def build(
    *,
    schools: int = 50,
    staff: int = 3000,
    mentorships: int = 1000,
    plan_items: int = 10000,
    log_entries: int = 10000,
    survey_answers: int = 5000,
    documents: int = 1000,
    audit_events: int = 10000,
    municipalities: int = 1,
    verbose: bool = False,
) -> Dataset:
    """Builds the municipality «Бенчмарк-район» into the configured database; see the module doc.

    With ``municipalities`` above one, builds a region of that many such municipalities, each
    with ``schools`` schools and the other numbers *per municipality* (``--region``: 20 × 50
    schools). The first municipality is the 50-school one, slugs and logins unchanged, so the
    pages measured on its largest school are measured the same way in both datasets.
    """
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Membership, Region, User
    from accounts.roles import Role

    started = time.perf_counter()
    if Region.objects.filter(slug=REGION_SLUG).exists() or _municipality_exists():
        raise RuntimeError(f"the bench municipality «{MUNICIPALITY_SLUG}» exists already: use a fresh database")
    password_hash = make_password(BENCH_PASSWORD)
    today = timezone.localdate()
    with transaction.atomic():  # one municipality is a region of one, so both datasets have a region page
        region = Region.objects.create(name=REGION_NAME, slug=REGION_SLUG)
        coordinator = User.objects.create(
            username=REGION_LOGIN, last_name="Громова", first_name="Алла", patronymic="Викторовна",
            password=password_hash,
        )  # fmt: skip
        Membership.objects.create(user=coordinator, role=Role.REGIONAL_COORDINATOR, region=region)
    numbers = {
        "staff": staff,
        "mentorships": mentorships,
        "plan_items": plan_items,
        "log_entries": log_entries,
        "survey_answers": survey_answers,
        "documents": documents,
        "audit_events": audit_events,
    }
    built = [
        _municipality(m, schools, numbers, region=region, password_hash=password_hash, today=today, verbose=verbose)
        for m in range(municipalities)
    ]
    _analyze()
    first = built[0]
    return Dataset(
        municipality=first["municipality"],
        schools=first["schools"],
        officer=OFFICER_LOGIN,
        school_logins={slug: logins for b in built for slug, logins in b["logins"].items()},
        seconds=time.perf_counter() - started,
        counts=_counts(),
        region=region,
        municipalities=[b["municipality"] for b in built],
    )


def _analyze() -> None:
    """Gathers the planner's statistics on the new rows, as autovacuum would in a while (it may be
    off, as on the benchmark machines): without them PostgreSQL plans the pages for empty tables."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _municipality_exists() -> bool:
    from accounts.models import Municipality

    return Municipality.objects.filter(slug=MUNICIPALITY_SLUG).exists()


def municipality_slug(m: int) -> str:
    return MUNICIPALITY_SLUG if m == 0 else f"{MUNICIPALITY_SLUG}-{m + 1:02d}"


def officer_login(m: int) -> str:
    return OFFICER_LOGIN if m == 0 else f"{OFFICER_LOGIN}-{m + 1:02d}"


def _municipality(m: int, schools: int, numbers: dict, *, region, password_hash, today, verbose) -> dict:
    """The m-th municipality of the dataset, in one transaction: its officer and its schools."""
    from django.db import transaction

    from accounts.models import Membership, Municipality, School, User
    from accounts.roles import Role

    weights = _school_weights(schools)
    split = {name: _shares(total, weights) for name, total in numbers.items()}
    area = "Бенчмарк-район" if m == 0 else f"Бенчмарк-район № {m + 1}"
    prefix = "bench" if m == 0 else f"bench-m{m + 1:02d}"
    with transaction.atomic():
        municipality = Municipality.objects.create(
            name=f"{area} Ленинградской области", slug=municipality_slug(m), region=region
        )
        officer = User.objects.create(
            username=officer_login(m),
            last_name="Белякова",
            first_name="Инна",
            patronymic="Сергеевна",
            password=password_hash,
        )
        Membership.objects.create(user=officer, role=Role.MUNICIPAL_OFFICER, municipality=municipality)
        made, logins = [], {}
        for i in range(schools):
            town = TOWNS[(i + m) % len(TOWNS)]
            kind = "СОШ" if weights[i] >= 1 else "ООШ"
            school = School.objects.create(
                slug=f"{prefix}-{i + 1:02d}",
                full_name=f"Муниципальное бюджетное общеобразовательное учреждение «{kind} № {i + 1} {town}»",
                short_name=f"МБОУ «{kind} № {i + 1}»",
                municipality=municipality,
                address=f"1877{i:02d}, Ленинградская область, {town}, ул. Школьная, д. {1 + i % 30}",
                director_name="",
            )
            filled = fill_school(
                school,
                **{name: parts[i] for name, parts in split.items()},
                password_hash=password_hash,
                seed=m * schools + i,
                today=today,
            )
            director = filled["people"][0]
            School.objects.filter(pk=school.pk).update(director_name=director.full_name)
            logins[school.slug] = SchoolLogins(
                director=filled["usernames"]["director"],
                curator=filled["usernames"]["curator"],
                secretary=filled["usernames"]["secretary"],
                council_member=filled["usernames"]["council_member"],
                mentor=_active_login(school, "mentor"),
                mentee=_active_login(school, "mentee"),
                mentors=[u for _p, k, u in filled["accounts"] if k in ("mentor", "council_member")],
                mentees=[u for _p, k, u in filled["accounts"] if k == "mentee"],
            )
            made.append(school)
            if verbose:
                print(f"  {school.slug}: {split['staff'][i]} staff, {split['mentorships'][i]} mentorships", flush=True)
    return {"municipality": municipality, "schools": made, "logins": logins}


def _counts() -> dict:
    from accounts.models import School, User
    from documents.models import Document
    from mentoring.models import Mentorship
    from people.models import Person
    from programs.models import LogEntry, PlanItem, Program
    from surveys.models import Answer

    models = [School, User, Person, Mentorship, Program, PlanItem, LogEntry, Answer, Document]
    return {model.__name__: model.objects.count() for model in models}


def load(municipality_slug: str = MUNICIPALITY_SLUG) -> Dataset:
    """The dataset ``build()`` made earlier in this database, without building it again."""
    from accounts.models import Municipality, School

    municipality = Municipality.objects.get(slug=municipality_slug)
    schools = list(School.objects.filter(municipality=municipality).order_by("slug"))
    logins = {school.slug: logins_of(school) for school in schools}
    return Dataset(
        municipality=municipality,
        schools=schools,
        officer=OFFICER_LOGIN,
        school_logins=logins,
        counts=_counts(),
        region=municipality.region,
        municipalities=list(municipality.region.municipalities.all()),
    )


def logins_of(school) -> SchoolLogins:
    """The accounts ``fill_school`` made in ``school``, read back from the database."""
    from accounts.models import Membership

    members = Membership.objects.filter(school=school).select_related("user").order_by("user__username")
    by_role = {}
    for membership in members:
        by_role.setdefault(membership.role, []).append(membership.user.username)
    prefix = school.slug
    return SchoolLogins(
        director=f"{prefix}-director",
        curator=f"{prefix}-curator",
        secretary=f"{prefix}-secretary",
        council_member=f"{prefix}-council",
        mentor=_active_login(school, "mentor"),
        mentee=_active_login(school, "mentee"),
        mentors=by_role.get("mentor", []),
        mentees=by_role.get("mentee", []),
    )


def _active_login(school, role: str) -> str:
    from mentoring.models import Participant

    participant = (
        Participant.objects.filter(
            mentorship__school=school, mentorship__status="active", role=role, person__user__isnull=False
        )
        .exclude(person__user__username__endswith="-council")
        .select_related("person__user")
        .order_by("mentorship__pk")
        .first()
    )
    return participant.person.user.username if participant else ""


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("CELERY_BROKER_URL", "")
    import django

    django.setup()
    import argparse

    from django.core.management import call_command

    parser = argparse.ArgumentParser(description="Builds the benchmark dataset into DATABASE_URL.")
    parser.add_argument(
        "--region",
        action="store_true",
        help=f"a region of {REGION_MUNICIPALITIES} municipalities × 50 schools instead of one municipality",
    )
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    data = build(municipalities=REGION_MUNICIPALITIES if options.region else 1, verbose=True)
    print(f"Built in {data.seconds:.0f} s: {data.counts}")
    print(f"Region «{data.region}» of {len(data.municipalities)}: the regional coordinator logs in as {REGION_LOGIN}")
    first = data.logins(data.schools[0])
    print(f"Password {data.password}; the largest school {data.schools[0].slug}: {first}")


if __name__ == "__main__":
    main()
