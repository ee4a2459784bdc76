"""The annual analytical report and the mentoring part of the public report, as PDFs."""

from django.utils import timezone
from django.utils.safestring import mark_safe

from documents.rendering import render_pdf
from mentoring.models import Mentorship
from monitoring import charts
from monitoring.indicators import compute, data_gaps, year_bounds
from monitoring.models import RoadmapEvent
from programs.models import BestPractice

KINDS = {"analytical": "monitoring/report_analytical.html", "public": "monitoring/report_public.html"}


def context(school, year: int) -> dict:
    indicators = compute(school, year)
    start, end = year_bounds(year)
    trend = {
        past: next(
            i.value for i in (indicators if past == year else compute(school, past)) if i.code == "teachers_in_programs"
        )
        for past in (year - 2, year - 1, year)
    }
    return {
        "school": {
            "full_name": school.full_name,
            "short_name": school.short_name or school.full_name,
            "director_name": school.director_name,
            "director_position": str(school.director_position),
        },
        "year": year,
        "next_year": year + 1,
        "today": timezone.localdate().strftime("%d.%m.%Y"),
        "indicators": indicators,
        "chart": mark_safe(charts.indicator_bars(indicators, title="Показатели и целевые значения")),  # noqa: S308 — our own SVG
        "trend": mark_safe(charts.trend_bars(trend, title="Доля педагогов в программах наставничества")),  # noqa: S308
        "gaps": data_gaps(school, year),
        "roadmap": RoadmapEvent.objects.for_school(school).filter(year=year),
        "forms": Mentorship.objects.for_school(school).running_during(start, end).values_list("form__name", flat=True),
        "practices": BestPractice.objects.filter(
            program__mentorship__school=school, program__completed_on__range=(start, end), permission_to_publish=True
        ).select_related("program"),
    }


def render(kind: str, *, school, year: int) -> bytes:
    data = context(school, year)
    data["forms"] = sorted(set(data["forms"]))
    return render_pdf(KINDS[kind], data)
