"""The analytical report: its conclusions from the indicators and the director's signature."""

import datetime
import os
import shutil
from decimal import Decimal

import pytest

from monitoring.indicators import Indicator
from monitoring.reports import conclusions, director_signature
from monitoring.reports import render as render_report
from tests.monitoring.test_indicators import SEPT_1, Y, mentorship, teacher

NBSP = "\u00a0"


def indicator(code, label, numerator, denominator=None, *, percent=True, target=None):
    return Indicator(
        code=code, label=label, numerator=numerator, denominator=denominator, percent=percent, target=target
    )


def test_each_target_gets_a_sentence_and_the_year_a_closing_one():
    indicators = [
        indicator("young_in_programs", "Доля молодых специалистов", 1, 2, target=Decimal(70)),
        indicator("teachers_in_programs", "Доля педагогов в программах", 3, 4, target=Decimal("70.0")),
        indicator("mentee_satisfaction", "Удовлетворённость наставляемых", 0, 0, target=Decimal(90)),
        indicator("school_events", "Проведено мероприятий", 3, percent=False, target=Decimal(2)),
        indicator("mentorships", "Пар", 5, percent=False),
        indicator("groups", "Групп", 1, percent=False),
        indicator("mentors", "Наставников", 4, percent=False),
        indicator("mentees", "Наставляемых", 6, percent=False),
        indicator("programs_completed", "Завершено программ", 2, percent=False),
        indicator("best_practices", "Практик", 1, percent=False),
    ]
    assert conclusions(indicators) == [
        f"Показатель «Доля молодых специалистов» — 50,0{NBSP}% (1 из 2) при цели 70{NBSP}%: "
        "целевое значение не достигнуто.",
        f"Показатель «Доля педагогов в программах» — 75,0{NBSP}% (3 из 4) при цели 70{NBSP}%: "
        "целевое значение достигнуто.",
        "Показатель «Удовлетворённость наставляемых» не рассчитан: в отчётном году нет данных для расчёта "
        f"(целевое значение — 90{NBSP}%).",
        "Показатель «Проведено мероприятий» — 3 при цели 2: целевое значение достигнуто.",
        "Всего в отчётном году наставнических пар и групп — 5 (из них групп — 1), наставников — 4, "
        "наставляемых — 6; завершено программ наставничества — 2.",
    ]


def test_a_year_without_pairs_says_so():
    indicators = [
        indicator("mentorships", "Пар", 0, percent=False),
        indicator("programs_completed", "Завершено программ", 0, percent=False),
    ]
    assert conclusions(indicators) == [
        "В отчётном году наставнические пары и группы не действовали; завершено программ наставничества — 0."
    ]


@pytest.mark.django_db
def test_the_director_signs_with_initials_before_the_surname(cast):
    cast.school.director_name = "Соколова Ирина Владимировна"
    cast.school.director_position = "Директор"
    assert director_signature(cast.school) == {"position": "Директор", "short": f"И.{NBSP}В.{NBSP}Соколова"}
    cast.school.director_name = ""
    assert director_signature(cast.school)["short"] == ""


@pytest.mark.django_db
@pytest.mark.skipif(
    shutil.which("pdftotext") is None and os.environ.get("CI") != "true",
    reason="poppler-utils (pdftotext) is not installed",
)
def test_the_analytical_report_has_conclusions_and_a_short_signature(cast):
    from documents.rendering import pdf_text

    cast.school.director_name = "Соколова Ирина Владимировна"
    cast.school.director_position = "Директор"
    cast.school.save()
    mentor = teacher(cast.school, last_name="Наставникова")
    mentee = teacher(cast.school, teaching_started_on=datetime.date(2025, 9, 1), last_name="Молодая")
    teacher(cast.school, teaching_started_on=datetime.date(2025, 9, 1), last_name="Безпары")
    mentorship(cast.school, mentors=[mentor], mentees=[mentee], start=SEPT_1, end=datetime.date(2027, 5, 31))

    text = " ".join(pdf_text(render_report("analytical", school=cast.school, year=Y)).split())
    assert "Выводы" in text
    assert (
        "Показатель «Доля молодых специалистов (стаж до 3 лет), вошедших в программы наставничества в роли "
        "наставляемых» — 50,0 % (1 из 2) при цели 70 %: целевое значение не достигнуто." in text
    )
    assert (
        "Всего в отчётном году наставнических пар и групп — 1 (из них групп — 0), наставников — 1, "
        "наставляемых — 1; завершено программ наставничества — 0." in text
    )
    assert "Директор И. В. Соколова" in text
    assert "Соколова Ирина Владимировна" not in text
