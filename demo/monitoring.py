"""Demo roadmap for two academic years (seed 002's table as the model), a target the school set, and
the figures of 2025/26 frozen on 30 June 2026 as the yearly job freezes them."""

import datetime
from decimal import Decimal

from django.db import transaction

from accounts.models import School
from monitoring.models import IndicatorTarget, MonitoringResult, RoadmapEvent, RoadmapStatus
from monitoring.snapshot import freeze

D = datetime.date

# stage, event, from, to, responsible, for pairs, status (relative to the academic year's start)
ROADMAP = [
    (
        "Подготовительный",
        "Издание приказа о внедрении системы наставничества, назначение куратора",
        (0, 5),
        None,
        "Директор",
        False,
        "held",
    ),
    (
        "Подготовительный",
        "Информирование педагогов о системе наставничества на педагогическом совете",
        (0, 28),
        None,
        "Куратор",
        False,
        "held",
    ),
    (
        "Формирование базы наставляемых",
        "Анкетирование педагогов, выявление профессиональных дефицитов",
        (1, 1),
        (1, 20),
        "Куратор",
        False,
        "held",
    ),
    (
        "Формирование базы наставников",
        "Сбор согласий, формирование банка наставников",
        (1, 10),
        (1, 30),
        "Куратор, секретарь",
        False,
        "held",
    ),
    (
        "Отбор и обучение наставников",
        "Обучающий семинар «Технологии наставничества»",
        (2, 12),
        None,
        "Совет наставников",
        True,
        "held",
    ),
    (
        "Формирование пар и групп",
        "Встреча-знакомство наставников и наставляемых",
        (2, 25),
        None,
        "Куратор",
        True,
        "held",
    ),
    (
        "Организация работы пар",
        "Фестиваль открытых уроков наставнических пар",
        (6, 18),
        None,
        "Совет наставников",
        True,
        "planned",
    ),
    (
        "Завершение наставничества",
        "Итоговая конференция «Наставничество: опыт и результаты»",
        (8, 20),
        None,
        "Куратор",
        True,
        "planned",
    ),
    (
        "Завершение наставничества",
        "Мониторинг, анализ, внесение результатов в публичный доклад",
        (9, 25),
        None,
        "Куратор, директор",
        False,
        "planned",
    ),
]


def _day(year: int, offset) -> datetime.date:
    months, day = offset
    month = 9 + months
    return D(year + (month - 1) // 12, (month - 1) % 12 + 1, day)


# The yearly job's run of 30 June 2026 (11:00 UTC): the demo's past year is frozen.
FROZEN_YEAR = 2025
FROZEN_AT = datetime.datetime(2026, 6, 30, 11, 0, tzinfo=datetime.UTC)


@transaction.atomic
def seed_monitoring(school: School | None = None) -> None:
    """The roadmap and a target; called with a school by the documents step (the regulation order
    approves the roadmap), and without one as the last monitoring step, which also freezes the
    municipality's schools' figures of 2025/26 — pairs and surveys exist by then."""
    last_step = school is None
    school = school or School.objects.get(slug="sosh-2")
    _roadmap_and_targets(school)
    if last_step:
        for each in School.objects.filter(municipality=school.municipality).order_by("pk"):
            if not MonitoringResult.objects.filter(school=each, year=FROZEN_YEAR).exists():
                freeze(each, FROZEN_YEAR, by=None, at=FROZEN_AT)


def _roadmap_and_targets(school: School) -> None:
    if RoadmapEvent.objects.for_school(school).exists():
        return
    for year in (2025, 2026):
        for stage, title, start, end, responsible, for_pairs, status in ROADMAP:
            RoadmapEvent.objects.create(
                school=school,
                year=year,
                stage=stage,
                title=title,
                starts_on=_day(year, start),
                ends_on=_day(year, end) if end else None,
                responsible=responsible,
                for_pairs=for_pairs,
                status=RoadmapStatus.HELD if year == 2025 else status,
            )
    IndicatorTarget.objects.get_or_create(
        school=school, code="young_in_programs", year=2026, defaults={"value": Decimal(80)}
    )
