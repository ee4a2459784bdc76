"""Demo programs in every stage, with realistic plans, logs, reflections and a correction."""

import datetime

from django.db import transaction

from accounts.models import School, User
from mentoring.models import Mentorship
from programs import rules
from programs.models import (
    CompletionReason,
    LogEntry,
    PlanItem,
    PlanItemStatus,
    Program,
    ProgramStatus,
    ProgramVersion,
)
from programs.rules import snapshot

D = datetime.date

ADAPTATION_PLAN = [
    ("Знакомство, диагностика затруднений, анкета самооценки", "consultation", 0, "Карта профессиональных дефицитов"),
    (
        "Изучение ФГОС ООО и ФОП по математике, разбор рабочей программы",
        "self_study",
        10,
        "Рабочая программа скорректирована",
    ),
    ("Посещение уроков наставника в 7-х классах", "visit_mentor", 20, "Лист наблюдения"),
    (
        "Конструирование урока в логике системно-деятельностного подхода",
        "consultation",
        35,
        "Технологическая карта урока",
    ),
    ("Посещение и разбор урока наставляемого «Действия с дробями»", "observed", 50, "Анализ урока, рекомендации"),
    ("Приёмы управления дисциплиной на уроке", "seminar", 65, "Памятка приёмов"),
    ("Подготовка к родительскому собранию", "consultation", 80, "Сценарий собрания"),
    ("Открытый урок наставляемого для МО учителей математики", "observed", 120, "Отзыв МО"),
    ("Участие в муниципальном конкурсе «Педагогический дебют»", "competition", 170, "Конкурсные материалы"),
    ("Итоговая рефлексия, самоанализ, отчёт", "consultation", 250, "Отчёт наставника и самооценка"),
]

LOGS = [
    (
        0,
        60,
        "in_person",
        "Провели входную диагностику, заполнили анкету самооценки, определили три дефицита.",
        "Согласованы цели программы",
        "Поняла, с чего начинать, стало спокойнее.",
    ),
    (
        10,
        45,
        "online",
        "Разобрали рабочую программу и тематическое планирование 7-х классов.",
        "Исправлено распределение часов",
        "Полезно было увидеть, как связаны ФОП и мои уроки.",
    ),
    (
        21,
        45,
        "in_person",
        "Наставляемая посетила два урока наставника, заполнила лист наблюдения.",
        "Выделены приёмы мотивации",
        "",
    ),
    (
        36,
        40,
        "in_person",
        "Составили технологическую карту урока «Сложение дробей».",
        "Карта урока готова",
        "Получилось выстроить этапы урока, не хватает времени на рефлексию.",
    ),
]


def _plan(program: Program, plan, *, start: datetime.date, done_until: datetime.date | None) -> list[PlanItem]:
    items = []
    for title, kind, offset, result in plan:
        day = start + datetime.timedelta(days=offset)
        done = done_until is not None and day <= done_until
        items.append(
            PlanItem.objects.create(
                program=program,
                title=title,
                kind=kind,
                planned_on=day,
                responsible="наставник и наставляемый",
                expected_result=result,
                status=PlanItemStatus.DONE if done else PlanItemStatus.PLANNED,
                done_on=day if done else None,
            )
        )
    return items


def _program(mentorship, by, *, title, goal, plan, done_until=None, stage="approved", mentee_user=None):
    create = rules.program_create if mentorship.status != "completed" else _historical_program
    program = create(
        mentorship=mentorship,
        by=by,
        title=title,
        goal=goal,
        tasks="1. Выявить и преодолеть профессиональные дефициты.\n2. Освоить современные приёмы организации урока.\n"
        "3. Подготовить и провести открытый урок.",
        expected_results="Наставляемый самостоятельно проектирует и проводит уроки по ФГОС, уверенно работает с классом и родителями.",
        directions=mentorship.direction or "предметная деятельность",
        deficits=[d for m in mentorship.mentees for d in m.deficits.all()],
        start=mentorship.planned_start,
        end=mentorship.planned_end,
    )
    items = _plan(program, plan, start=mentorship.planned_start, done_until=done_until)
    if stage == "draft":
        return program, items
    if mentorship.status == "completed":
        _approved_last_year(program, mentee_user)
        return program, items
    rules.program_agree(program=program, by=mentee_user)
    if stage == "agreed":
        return program, items
    rules.program_approve(program=program, by=User.objects.get(username="demo-curator"))
    return program, items


def _historical_program(*, mentorship, by, deficits, **fields) -> Program:
    """Last year's program of a pair that has already ended (the demo's history)."""
    program = Program.objects.create(mentorship=mentorship, created_by=by, **fields)
    program.deficits.set(deficits)
    for kind, start, end in rules.default_stages(program.start, program.end):
        program.stages.create(kind=kind, start=start, end=end)
    return program


def _approved_last_year(program: Program, mentee_user) -> None:
    """The history as it was: agreed and approved while the pair was running (the rules now
    refuse to approve a program of an ended pair)."""
    curator = User.objects.get(username="demo-curator")
    program.status = ProgramStatus.APPROVED
    program.agreed_by, program.agreed_at = mentee_user, _moment(program.start)
    program.approved_by, program.approved_at = curator, _moment(program.start)
    program.version = 1
    program.save(update_fields=["status", "agreed_by", "agreed_at", "approved_by", "approved_at", "version"])
    ProgramVersion.objects.create(
        program=program,
        number=1,
        snapshot=snapshot(program),
        mentor_agreed_by=program.created_by,
        mentee_agreed_by=mentee_user,
    )


def _moment(day) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=datetime.UTC)


@transaction.atomic
def seed_programs(school: School | None = None) -> None:
    school = school or School.objects.get(slug="sosh-2")
    if Program.objects.filter(mentorship__school=school).exists():
        return
    mentor_user = User.objects.get(username="demo-mentor")
    mentee_user = User.objects.get(username="demo-mentee")
    curator = User.objects.get(username="demo-curator")
    mentorships = list(Mentorship.objects.for_school(school).prefetch_related("participants__person__deficits"))

    def find(mentor_no, status):
        return next(m for m in mentorships if m.mentors[0].employee_number == mentor_no and m.status == status)

    # Completed last year: a finished program, the mentor's report, a best practice.
    done_pair = find("0027", "completed")
    program, _items = _program(
        done_pair,
        curator,
        title="Адаптация молодого учителя математики (2025/2026)",
        goal="Адаптация молодого специалиста к профессии и коллективу",
        plan=ADAPTATION_PLAN[:8],
        done_until=D(2026, 6, 1),
        mentee_user=mentee_user,
    )
    Program.objects.filter(pk=program.pk).update(
        status="completed",
        completion_reason=CompletionReason.PLAN_DONE,
        completed_on=done_pair.actual_end,
        mentor_report_results="Дефициты в планировании и дисциплине преодолены; открытый урок получил высокую оценку МО.",
        mentor_report_worked="Регулярные взаимопосещения уроков и разбор по листу наблюдения.",
        mentor_report_recommendations="Продолжить наставничество по подготовке к ОГЭ во втором году работы.",
        mentee_self_assessment="Чувствую себя увереннее, научилась планировать урок от результата.",
    )
    rules.best_practice_mark(
        program=Program.objects.get(pk=program.pk),
        by=curator,
        summary="Чёткий план взаимопосещений с листом наблюдения и еженедельной рефлексией.",
        permission=True,
        permission_note="Письменное согласие наставника и наставляемой от 15.06.2026",
    )

    # Running now: approved, half done, logs with reflections, one event overdue, a correction (version 2).
    current = find("0027", "active")
    program, items = _program(
        current,
        curator,
        title="Профессиональное становление учителя математики: второй год",
        goal="Освоение технологий подготовки обучающихся к ГИА и управления дисциплиной",
        plan=ADAPTATION_PLAN,
        done_until=D(2026, 10, 10),
        mentee_user=mentee_user,
    )
    for offset, minutes, fmt, what, result, reflection in LOGS:
        LogEntry.objects.create(
            program=program,
            plan_item=next(
                (i for i in items if i.planned_on == current.planned_start + datetime.timedelta(days=offset)), None
            ),
            occurred_on=current.planned_start + datetime.timedelta(days=offset),
            duration_minutes=minutes,
            format=fmt,
            what_done=what,
            result=result,
            author=mentor_user,
            reflection=reflection,
        )
    moved = items[6]
    moved.planned_on = moved.planned_on + datetime.timedelta(days=14)
    moved.status = PlanItemStatus.MOVED
    moved.save()
    rules.correction_agree(
        program=program, by=mentor_user, as_mentor=True, reason="Родительское собрание перенесено администрацией"
    )
    rules.correction_agree(program=program, by=mentee_user, as_mentor=False)

    # The group of two young primary teachers: approved, early days.
    group = find("0004", "active")
    _program(
        group,
        curator,
        title="Групповое наставничество: первые шаги в начальной школе",
        goal="Адаптация молодых учителей начальных классов",
        plan=ADAPTATION_PLAN[:7],
        done_until=D(2026, 9, 25),
        mentee_user=mentee_user,
    )
    # Pupils: agreed by the mentee, waiting for the curator.
    _program(
        find("У-101", "active"),
        curator,
        title="Ученик – ученику: информатика в 7 классе",
        goal="Повышение успеваемости по информатике",
        plan=[
            ("Разбор темы «Алгоритмы»", "consultation", 5, "Решённые задачи"),
            ("Подготовка к олимпиаде", "competition", 60, "Участие в школьном этапе"),
        ],
        stage="agreed",
        mentee_user=mentee_user,
    )
    # Approved pair that starts in December: the mentor's draft.
    _program(
        find("0008", "approved"),
        curator,
        title="Работа с родителями молодого учителя английского языка",
        goal="Освоение форм взаимодействия с родителями",
        plan=[("Консультация «Родительское собрание»", "consultation", 7, "План собрания")],
        stage="draft",
    )
