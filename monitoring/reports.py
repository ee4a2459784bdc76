"""The annual analytical report and the mentoring part of the public report, as PDFs."""

from decimal import Decimal

from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from documents.declension import NBSP, initials_and_last_name
from documents.rendering import render_pdf
from mentoring.models import Mentorship
from monitoring import charts, overview
from monitoring.indicators import year_bounds
from monitoring.models import RoadmapEvent
from programs.models import BestPractice
from public.publication import publishable

KINDS = {"analytical": "monitoring/report_analytical.html", "public": "monitoring/report_public.html"}
TREND_YEARS = 3
COUNTS = {"mentorships", "groups", "mentors", "mentees", "programs_completed"}


def _number(value: Decimal) -> str:
    """«70», «52,5»: as a Russian text writes a figure."""
    return f"{value.normalize():f}".replace(".", ",")


def _amount(indicator, value: Decimal, *, exact: bool = False) -> str:
    """A value as the table prints it (exact: «50,0 %») or a target without trailing zeros («70 %»)."""
    figure = str(value).replace(".", ",") if exact else _number(value)
    return f"{figure}{NBSP}%" if indicator.percent else figure


def conclusion(indicator) -> str:
    """One sentence on one indicator with a target: reached or not, value against target."""
    target = _amount(indicator, indicator.target)
    if indicator.value is None:
        return (
            f"Показатель «{indicator.label}» не рассчитан: в отчётном году нет данных для расчёта "
            f"(целевое значение — {target})."
        )
    value = _amount(indicator, indicator.value, exact=True)
    if indicator.denominator is not None:
        value += f" ({indicator.numerator} из {indicator.denominator}"
        if indicator.response_rate is not None:
            rate = _amount(indicator, indicator.response_rate, exact=True)
            value += f"; ответили {indicator.responded} из {indicator.denominator} — {rate}"
        value += ")"
    verdict = "целевое значение достигнуто" if indicator.met else "целевое значение не достигнуто"
    return f"Показатель «{indicator.label}» — {value} при цели {target}: {verdict}."


def conclusions(indicators) -> list[str]:
    """The «Выводы» section: a sentence per indicator with a target, then the year's pairs and programs."""
    sentences = [conclusion(i) for i in indicators if i.target is not None]
    counts = {i.code: i.numerator for i in indicators if i.code in COUNTS}
    if counts.get("mentorships"):
        sentences.append(
            f"Всего в отчётном году наставнических пар и групп — {counts['mentorships']} "
            f"(из них групп — {counts.get('groups', 0)}), наставников — {counts.get('mentors', 0)}, "
            f"наставляемых — {counts.get('mentees', 0)}; "
            f"завершено программ наставничества — {counts.get('programs_completed', 0)}."
        )
    else:
        sentences.append(
            "В отчётном году наставнические пары и группы не действовали; "
            f"завершено программ наставничества — {counts.get('programs_completed', 0)}."
        )
    return sentences


def director_signature(school) -> dict:
    """The signature under the report: the position and «И. В. Соколова» (ГОСТ Р 7.0.97)."""
    last, first, patronymic = [*school.director_name.split(), "", "", ""][:3]
    return {
        "position": str(school.director_position),
        "short": initials_and_last_name(last, first, patronymic) if last else "",
    }


def source_note(result) -> str:
    """Where the figures come from, as the reports and the XLSX say it."""
    if result is not None:
        return f"Данные зафиксированы {result.frozen_on.strftime('%d.%m.%Y')}"
    return f"Текущие данные на {timezone.localdate().strftime('%d.%m.%Y')}"


def practices(school, year: int, *, public: bool) -> list:
    """The year's best practices: the public report takes them through the public section's one
    filter (participants' consent as of today, so a withdrawal removes them from a frozen year's
    report too); the school's own analytical report lists every one permitted to publish."""
    start, end = year_bounds(year)
    if public:
        return publishable(school).results_completed(start, end)
    return list(
        BestPractice.objects.filter(
            program__mentorship__school=school, program__completed_on__range=(start, end), permission_to_publish=True
        ).select_related("program")
    )


def context(school, year: int, *, public: bool = False) -> dict:
    shown = overview.official(school, year, trend_code="teachers_in_programs", trend_count=TREND_YEARS)
    indicators, result = shown.indicators, shown.result
    start, end = year_bounds(year)
    return {
        "school": {
            "full_name": school.full_name,
            "short_name": school.short_name or school.full_name,
            "director_name": school.director_name,
            "director_position": str(school.director_position),
        },
        "director": director_signature(school),
        "conclusions": conclusions(indicators),
        "year": year,
        "next_year": year + 1,
        "today": timezone.localdate().strftime("%d.%m.%Y"),
        "frozen_on": result.frozen_on.strftime("%d.%m.%Y") if result else "",
        "source_note": source_note(result),
        "indicators": indicators,
        "chart": mark_safe(charts.indicator_bars(indicators, title="Показатели и целевые значения")),  # noqa: S308 — our own SVG
        "trend": mark_safe(charts.trend_bars(shown.trend, title="Доля педагогов в программах наставничества")),  # noqa: S308
        "gaps": shown.gaps,
        "roadmap": RoadmapEvent.objects.for_school(school).filter(year=year),
        "forms": Mentorship.objects.for_school(school).running_during(start, end).values_list("form__name", flat=True),
        "practices": practices(school, year, public=public),
    }


def render(kind: str, *, school, year: int) -> bytes:
    # The report is a Russian document whatever the language of the page that asked for it.
    with translation.override("ru"):
        data = context(school, year, public=kind == "public")
        data["forms"] = sorted(set(data["forms"]))
        return render_pdf(KINDS[kind], data)
