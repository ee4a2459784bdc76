"""Demo roadmap for two academic years (seed 002's table as the model) and a target the school set."""

import datetime
from decimal import Decimal

from django.db import transaction

from accounts.models import School
from monitoring.models import IndicatorTarget, RoadmapEvent, RoadmapStatus

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


@transaction.atomic
def seed_monitoring(school: School | None = None) -> None:
    school = school or School.objects.get(slug="sosh-2")
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
