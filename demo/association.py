"""Demo of issue 18, items 4–5: the municipality's methodical association (two members, the chair
from СОШ № 2 and «demo-methodist» from Алеховщинская ООШ), a meeting with its minutes, a
recommendation to СОШ № 2, an expert review answered and one waiting; the roadmaps of 2026/27:
СОШ № 2's approved by the coordinator, Алеховщинская's sent and waiting. Idempotent."""

import datetime

from accounts.models import School, User
from accounts.roles import Role
from accounts.services import role_grant
from association import rules
from association.models import ExpertReview, Meeting, Member, Recommendation, ReviewState, Subject, Verdict
from mentoring.models import FIXED, Mentorship
from monitoring import roadmap_approval
from monitoring.models import RoadmapEvent, RoadmapStatus, RoadmapSubmission
from people.models import Person
from programs.models import Program

YEAR = 2026
METHODIST = ("demo-methodist", "1004")  # Киселева Тамара Ивановна, учитель русского языка, высшая категория
CHAIR = "demo-council"  # Сорокина, учитель-методист of СОШ № 2

SMALL_ROADMAP = [
    ("Подготовительный", "Приказ о внедрении системы наставничества", datetime.date(2026, 9, 5), RoadmapStatus.HELD),
    (
        "Формирование пар",
        "Закрепление наставника за молодым педагогом начальных классов",
        datetime.date(2026, 9, 20),
        RoadmapStatus.HELD,
    ),
    ("Реализация", "Открытые уроки наставника", datetime.date(2026, 11, 25), RoadmapStatus.PLANNED),
    ("Итоговый", "Отчёт куратора на педагогическом совете", datetime.date(2027, 5, 25), RoadmapStatus.PLANNED),
]


def _methodist_user(small: School) -> User:
    from demo.seed import DEMO_PASSWORD

    login, number = METHODIST
    person = Person.objects.get(school=small, employee_number=number)
    user, created = User.objects.get_or_create(
        username=login,
        defaults={
            "last_name": person.last_name,
            "first_name": person.first_name,
            "patronymic": person.patronymic,
            "email": f"{login}@example.org",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    if person.user_id != user.pk:
        Person.objects.filter(pk=person.pk).update(user=user)
    role_grant(user=user, role=Role.MENTOR, school=small)  # an experienced teacher of her school
    return user


def _members(municipality, small, officer) -> tuple[Member, Member]:
    found = []
    for user in (User.objects.get(username=CHAIR), _methodist_user(small)):
        member = Member.objects.for_municipality(municipality).current().filter(user=user).first()
        found.append(member or rules.add_member(municipality, user, by=officer))
    chair, methodist = found
    if not chair.is_chair:
        rules.set_chair(chair, municipality=municipality, by=officer)
    return chair, methodist


def _meeting(municipality, officer, members) -> Meeting:
    topic = "Сопровождение молодых педагогов в первый год работы"
    meeting = Meeting.objects.filter(municipality=municipality, year=YEAR, topic=topic).first()
    if meeting is not None:
        return meeting
    return rules.record_meeting(
        Meeting(
            held_on=datetime.date(2026, 10, 21),
            topic=topic,
            agenda="1. Итоги формирования пар наставников и наставляемых в школах района.\n"
            "2. Персонализированные программы: типичные ошибки.",
            heard="Сорокину Е. В., руководителя методического объединения, об итогах формирования пар.",
            spoke="Киселева Т. И. предложила включать в программы взаимопосещение уроков не реже раза в месяц.",
            decided="1. Рекомендовать школам включить взаимопосещение уроков в планы программ.\n"
            "2. Провести экспертизу программ по запросам школ до 1 декабря 2026 г.",
        ),
        municipality=municipality,
        by=officer,
        attendees=members,
    )


def _recommendation(municipality, main, meeting, chair_user) -> None:
    text = (
        "Включить в программу пары взаимопосещение уроков не реже одного раза в месяц и обсуждение "
        "посещённых уроков с наставником."
    )
    if Recommendation.objects.filter(school=main, text=text).exists():
        return
    pair = Mentorship.objects.for_school(main).filter(status__in=FIXED).order_by("pk").first()
    rules.recommend(
        municipality=municipality,
        school=main,
        mentorship=pair,
        program=Program.objects.filter(mentorship=pair).first() if pair else None,
        meeting=meeting,
        text=text,
        by=chair_user,
    )


def _reviews(main, small, methodist_user) -> None:
    program = Program.objects.filter(mentorship__school=main).order_by("pk").first()
    if program is not None and not ExpertReview.objects.for_school(main).filter(program=program).exists():
        curator = User.objects.get(username="demo-curator")
        review = rules.request_review(
            main, subject=Subject.PROGRAM, program=program, note="Соответствие плана дефицитам", by=curator
        )
        rules.write_conclusion(
            review,
            municipality=main.municipality,
            by=methodist_user,
            verdict=Verdict.WITH_REMARKS,
            conclusion="Программа соответствует выявленным дефицитам наставляемой. Рекомендуется конкретизировать "
            "ожидаемые результаты второго этапа и добавить открытый урок наставляемой.",
        )
    if not ExpertReview.objects.for_school(small).exclude(state=ReviewState.WRITTEN).exists():
        rules.request_review(
            small,
            subject=Subject.REGULATION,
            note="Просим оценить раздел о формах наставничества.",
            by=User.objects.get(username="demo-director2"),
        )


def _roadmaps(main, small, officer) -> None:
    for stage, title, day, status in SMALL_ROADMAP:
        RoadmapEvent.objects.update_or_create(
            school=small,
            year=YEAR,
            title=title,
            defaults={"stage": stage, "starts_on": day, "status": status, "responsible": "Куратор"},
        )
    curator = User.objects.get(username="demo-curator")
    if not RoadmapSubmission.objects.filter(school=main, year=YEAR).exists():
        sent = roadmap_approval.submit(main, YEAR, by=curator)
        roadmap_approval.approve(
            sent, municipality=main.municipality, by=officer, comment="Согласовано. Сроки реалистичны."
        )
    if not RoadmapSubmission.objects.filter(school=small, year=YEAR).exists():
        roadmap_approval.submit(small, YEAR, by=User.objects.get(username="demo-director2"))


def seed_association() -> None:
    main = School.objects.get(slug="sosh-2")
    small = School.objects.get(slug="alekhovshchina")
    municipality = main.municipality
    officer = User.objects.get(username="demo-officer")
    chair, methodist = _members(municipality, small, officer)
    meeting = _meeting(municipality, officer, [chair, methodist])
    _recommendation(municipality, main, meeting, chair.user)
    _reviews(main, small, methodist.user)
    _roadmaps(main, small, officer)
