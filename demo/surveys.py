"""Demo surveys: the four ready templates and an anonymous poll, sent and answered over two years.

Academic year 2025/2026: the finished mathematics pair answered at entry and exit, the
reverse pair at entry. Academic year 2026/2027: the running pairs and the group answered
at entry, the short university pair's mentee at exit; the English pair's links (approved,
starting in December) and the university mentor's exit link wait for answers.
"""

import datetime
import zoneinfo

from django.db import transaction

from accounts.models import School, User
from mentoring.models import Mentorship, Status
from surveys import answering, builder, sending
from surveys.models import Audience, Invitation, Question, QuestionKind, Survey, SurveyStage

MSK = zoneinfo.ZoneInfo("Europe/Moscow")


def _at(year, month, day, hour=12, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=MSK)


ANONYMOUS_POLL = {
    "title": "Анонимный опрос об организации наставничества",
    "description": "Опрос анонимный: ответы хранятся без имени и без указания пары. "
    "Пожалуйста, отвечайте честно — это поможет улучшить наставничество в школе.",
    "questions": [
        ("Насколько удобно было организовано время для встреч наставника и наставляемого?", QuestionKind.LIKERT, ()),
        ("Насколько полезной была поддержка куратора?", QuestionKind.LIKERT, ()),
        ("Насколько открыто вы могли обсуждать трудности в паре?", QuestionKind.LIKERT, ()),
        (
            "Порекомендовали бы вы участие в наставничестве коллегам?",
            QuestionKind.SINGLE,
            ("да", "скорее да", "скорее нет", "нет"),
        ),
        (
            "Чего не хватало?",
            QuestionKind.MULTIPLE,
            (
                "времени в расписании",
                "методических материалов",
                "обратной связи от администрации",
                "встреч с другими парами",
                "всего хватало",
            ),
        ),
        ("Ваши предложения по организации наставничества", QuestionKind.TEXT, ()),
    ],
}

# Answers: (survey key, mentor's employee number, status of the mentorship, respondent's number,
# when, answers). Answers give the overall satisfaction, the competences in the order of
# ``SELF_ASSESSMENT`` (planning, discipline, parents, digital, assessment), the other scale
# questions in order, the chosen options of each single and multiple choice, and the free text.
COMPETENCES = ("planning", "discipline", "parents", "digital", "assessment")

ANSWERS = [
    # 2025/2026: the mathematics pair, from entry to exit.
    (
        "mentee_entry",
        "0027",
        Status.COMPLETED,
        "0006",
        _at(2025, 9, 3, 15, 20),
        {
            "competences": (2, 2, 3, 4, 2),
            "likert": [5],
            "single": [1],
            "multiple": [[0, 1, 2]],
            "text": "Не всегда успеваю пройти запланированное на уроке, теряюсь, когда класс шумит.",
        },
    ),
    (
        "mentor_entry",
        "0027",
        Status.COMPLETED,
        "0027",
        _at(2025, 9, 2, 16, 5),
        {
            "likert": [5, 4, 3],
            "single": [1, 1],
            "multiple": [[1, 2]],
            "text": "Совмещать наставничество с классным руководством в двух классах будет непросто.",
        },
    ),
    (
        "mentee_exit",
        "0027",
        Status.COMPLETED,
        "0006",
        _at(2026, 5, 25, 17, 40),
        {
            "overall": 5,
            "competences": (4, 4, 4, 5, 4),
            "likert": [5],
            "single": [1],
            "multiple": [[0, 1, 4]],
            "text": "Больше всего помогли разборы моих уроков и посещение уроков наставника. "
            "Хотелось бы больше встреч с другими молодыми учителями.",
        },
    ),
    (
        "mentor_exit",
        "0027",
        Status.COMPLETED,
        "0027",
        _at(2026, 5, 26, 14, 10),
        {
            "overall": 4,
            "likert": [4, 5, 3],
            "single": [0],
            "multiple": [[0, 1]],
            "text": "Заранее закладывать в расписание общее «окно» для взаимопосещений уроков.",
        },
    ),
    # 2025/2026: the reverse pair answered at entry, then ended early.
    (
        "mentee_entry",
        "0022",
        Status.TERMINATED,
        "0020",
        _at(2025, 11, 6, 13, 0),
        {
            "competences": (4, 4, 4, 2, 3),
            "likert": [3],
            "single": [1],
            "multiple": [[2, 3]],
            "text": "Хочу научиться работать в ФГИС «Моя школа» и проверять тесты онлайн.",
        },
    ),
    (
        "mentor_entry",
        "0022",
        Status.TERMINATED,
        "0022",
        _at(2025, 11, 5, 15, 30),
        {"likert": [4, 4, 4], "single": [0, 2], "multiple": [[0, 4]], "text": ""},
    ),
    # 2026/2027: entry surveys of the running pairs and the group.
    (
        "mentee_entry",
        "0027",
        Status.ACTIVE,
        "0006",
        _at(2026, 9, 4, 16, 0),
        {
            "competences": (3, 4, 3, 4, 3),
            "likert": [5],
            "single": [3],
            "multiple": [[1, 2]],
            "text": "Подготовка выпускников 9-х классов к ОГЭ и аттестация на первую категорию.",
        },
    ),
    (
        "mentor_entry",
        "0027",
        Status.ACTIVE,
        "0027",
        _at(2026, 9, 3, 15, 0),
        {"likert": [5, 5, 4], "single": [1, 1], "multiple": [[1]], "text": ""},
    ),
    (
        "mentor_entry",
        "0004",
        Status.ACTIVE,
        "0004",
        _at(2026, 9, 5, 14, 30),
        {
            "likert": [4, 4, 3],
            "single": [2, 1],
            "multiple": [[1, 3, 4]],
            "text": "Группа из двух молодых учителей: трудно найти общее время для встреч.",
        },
    ),
    (
        "mentee_entry",
        "0004",
        Status.ACTIVE,
        "0015",
        _at(2026, 9, 7, 18, 15),
        {
            "competences": (2, 2, 2, 3, 3),
            "likert": [4],
            "single": [0],
            "multiple": [[0, 2]],
            "text": "Первый год в школе: боюсь родительских собраний и не знаю, как вести журнал.",
        },
    ),
    (
        "mentee_entry",
        "0004",
        Status.ACTIVE,
        "0029",
        _at(2026, 9, 8, 17, 45),
        {
            "competences": (3, 2, 3, 3, 2),
            "likert": [5],
            "single": [2],
            "multiple": [[0, 1]],
            "text": "Дисциплина в 5 «Б» и критерии оценивания устных ответов.",
        },
    ),
    (
        "mentor_entry",
        "В-001",
        Status.ACTIVE,
        "В-001",
        _at(2026, 9, 4, 11, 0),
        {"likert": [5, 4, 3], "single": [2, 2], "multiple": [[1, 2]], "text": ""},
    ),
    (
        "mentee_entry",
        "В-001",
        Status.ACTIVE,
        "0006",
        _at(2026, 9, 5, 19, 10),
        {
            "competences": (3, 3, 3, 4, 3),
            "likert": [4],
            "single": [1],
            "multiple": [[3, 4]],
            "text": "Решение задач с параметром и олимпиадная математика.",
        },
    ),
    # 2026/2027: the short university pair finishes in December; its mentee has answered at exit.
    (
        "mentee_exit",
        "В-001",
        Status.ACTIVE,
        "0006",
        _at(2026, 11, 20, 18, 30),
        {
            "overall": 4,
            "competences": (4, 4, 3, 5, 4),
            "likert": [4],
            "single": [0],
            "multiple": [[2, 3]],
            "text": "Дистанционные консультации удобны, но не хватало разбора уроков вживую.",
        },
    ),
    # The anonymous poll at the end of the mathematics pair and of the university pair.
    (
        "anonymous",
        "0027",
        Status.COMPLETED,
        "0006",
        _at(2026, 5, 27, 20, 0),
        {"likert": [3, 5, 5], "single": [0], "multiple": [[0]], "text": "Выделять час в неделю в расписании."},
    ),
    (
        "anonymous",
        "0027",
        Status.COMPLETED,
        "0027",
        _at(2026, 5, 28, 9, 30),
        {"likert": [3, 4, 5], "single": [0], "multiple": [[0, 2]], "text": ""},
    ),
    (
        "anonymous",
        "В-001",
        Status.ACTIVE,
        "0006",
        _at(2026, 11, 21, 21, 5),
        {"likert": [4, 4, 5], "single": [1], "multiple": [[3]], "text": "Больше встреч всех пар вместе."},
    ),
]

# Links sent and not answered yet: (survey key, mentor's employee number, status, when sent).
WAITING = [
    ("mentor_exit", "В-001", Status.ACTIVE, _at(2026, 11, 16, 10, 0)),
    ("mentee_entry", "0008", Status.APPROVED, _at(2026, 11, 18, 9, 0)),
    ("mentor_entry", "0008", Status.APPROVED, _at(2026, 11, 18, 9, 0)),
]


def _anonymous_poll(school, curator) -> Survey:
    survey = builder.survey_create(
        school=school,
        by=curator,
        title=ANONYMOUS_POLL["title"],
        description=ANONYMOUS_POLL["description"],
        stage=SurveyStage.EXIT,
        audience=Audience.BOTH,
        anonymous=True,
    )
    for text, kind, choices in ANONYMOUS_POLL["questions"]:
        builder.question_save(question=Question(survey=survey, text=text, kind=kind, choices=list(choices)), by=curator)
    return survey


def _values(survey: Survey, answers: dict) -> dict:
    likert = list(answers.get("likert", []))
    singles = list(answers.get("single", []))
    multiples = list(answers.get("multiple", []))
    competences = dict(zip(COMPETENCES, answers.get("competences", ()), strict=False))
    values = {}
    for question in survey.questions.all():
        if question.is_overall_satisfaction:
            values[question.pk] = answers["overall"]
        elif question.competence:
            values[question.pk] = competences[question.competence]
        elif question.kind == QuestionKind.LIKERT:
            values[question.pk] = likert.pop(0)
        elif question.kind == QuestionKind.SINGLE:
            values[question.pk] = [question.choices[singles.pop(0)]]
        elif question.kind == QuestionKind.MULTIPLE:
            values[question.pk] = [question.choices[i] for i in multiples.pop(0)]
        else:
            values[question.pk] = answers.get("text", "")
    return values


def _invitation(survey, mentorship, number, sent_at, curator) -> Invitation:
    """The link of one participant: sent through the rules where they allow it today, and as it was
    sent back then for the pairs that have moved on since (the entry survey of a finished pair)."""
    if not sending.send_problems(survey=survey, mentorship=mentorship):
        sending.invite(survey=survey, mentorship=mentorship, by=curator)
    participant = next(p for p in mentorship.current_participants() if p.person.employee_number == number)
    invitation, _created = Invitation.objects.get_or_create(
        survey=survey,
        mentorship=mentorship,
        person=participant.person,
        defaults={"role": participant.role, "created_by": curator},
    )
    Invitation.objects.filter(pk=invitation.pk).update(created_at=sent_at)
    return invitation


@transaction.atomic
def seed_surveys(school: School | None = None) -> None:
    school = school or School.objects.get(slug="sosh-2")
    if Survey.objects.for_school(school).exists():
        return
    curator = User.objects.get(username="demo-curator")
    surveys = {
        key: builder.survey_from_template(school=school, key=key, by=curator)
        for key in ("mentee_entry", "mentee_exit", "mentor_entry", "mentor_exit")
    }
    surveys["anonymous"] = _anonymous_poll(school, curator)
    Survey.objects.filter(pk__in=[s.pk for s in surveys.values()]).update(created_at=_at(2025, 8, 28, 10, 0))
    mentorships = list(Mentorship.objects.for_school(school).prefetch_related("participants__person"))

    def find(mentor_no, status):
        return next(m for m in mentorships if m.mentors[0].employee_number == mentor_no and m.status == status)

    for key, mentor_no, status, number, when, answers in ANSWERS:
        survey = surveys[key]
        sent_at = when - datetime.timedelta(days=2)
        invitation = _invitation(survey, find(mentor_no, status), number, sent_at, curator)
        answering.submit(invitation=invitation, values=_values(survey, answers), at=when)
    for key, mentor_no, status, sent_at in WAITING:
        mentorship = find(mentor_no, status)
        sending.invite(survey=surveys[key], mentorship=mentorship, by=curator)
        Invitation.objects.filter(survey=surveys[key], mentorship=mentorship).update(created_at=sent_at)
