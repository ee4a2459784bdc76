import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts.permissions import Action
from accounts.scoping import get_for_school
from audit.log import record
from audit.models import AuditAction
from monitoring import charts, reports
from monitoring.forms import RoadmapEventForm, TargetsForm
from monitoring.indicators import BY_CODE, DRILL_DOWN, compute, data_gaps, people_behind, target_for
from monitoring.models import IndicatorTarget, RoadmapEvent
from monitoring.xlsx import indicators_workbook
from people.services import academic_year_of

TREND_YEARS = 3


def _require(request, action):
    if request.school is None or not request.user.has_perm(action, request.school):
        raise PermissionDenied


def _year(request) -> int:
    current = academic_year_of(timezone.localdate())
    try:
        year = int(request.GET.get("year", current))
    except ValueError:
        raise Http404 from None
    if not 2000 <= year <= current + 1:
        raise Http404
    return year


def dashboard(request):
    _require(request, Action.VIEW_MONITORING)
    year = _year(request)
    indicators = compute(request.school, year)
    years = list(range(year - TREND_YEARS + 1, year + 1))
    trends = {}
    for past in years:
        for item in indicators if past == year else compute(request.school, past):
            trends.setdefault(item.code, {})[past] = item.value
    may_drill = request.user.has_perm(Action.VIEW_PEOPLE_BEHIND, request.school)
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "year": year,
            "years": range(year - 4, academic_year_of(timezone.localdate()) + 1),
            "indicators": indicators,
            "chart": mark_safe(charts.indicator_bars(indicators, title=_("Indicators against targets"))),  # noqa: S308 — our own SVG
            "trend": mark_safe(  # noqa: S308
                charts.trend_bars(trends["young_in_programs"], title=_("Young specialists in programs by year"))
            ),
            "gaps": data_gaps(request.school, year),
            "drillable": set(DRILL_DOWN) if may_drill else set(),
            "may_edit": request.user.has_perm(Action.EDIT_MONITORING, request.school),
        },
    )


def people(request):
    _require(request, Action.VIEW_PEOPLE_BEHIND)
    year, code = _year(request), request.GET.get("code", "")
    if code not in DRILL_DOWN:
        raise Http404
    inside, outside = people_behind(request.school, year, code)
    record(
        actor=request.user,
        school=request.school,
        action=AuditAction.VIEW,
        obj=request.school,
        changes={"indicator": code},
    )
    return render(
        request,
        "monitoring/people.html",
        {"year": year, "definition": BY_CODE[code], "inside": inside, "outside": outside},
    )


def targets(request):
    _require(request, Action.EDIT_MONITORING)
    year = _year(request)
    stored = {t.code: t.value for t in IndicatorTarget.objects.for_school(request.school).filter(year=year)}
    current = {d.code: target_for(d, year, stored.get(d.code)) for d in BY_CODE.values()}
    form = TargetsForm(request.POST or None, targets=current)
    if request.method == "POST" and form.is_valid():
        for code, value in form.cleaned_data.items():
            IndicatorTarget.objects.update_or_create(
                school=request.school, code=code, year=year, defaults={"value": value}
            )
        messages.success(request, _("The targets for %(year)s/%(next)s are saved.") % {"year": year, "next": year + 1})
        return redirect(f"{request.path}?year={year}")
    return render(request, "monitoring/targets.html", {"form": form, "year": year})


def roadmap(request):
    _require(request, Action.VIEW_MONITORING)
    year = _year(request)
    may_edit = request.user.has_perm(Action.EDIT_MONITORING, request.school)
    form = RoadmapEventForm(request.POST or None, initial={"starts_on": datetime.date(year, 9, 1)})
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            event = form.save(commit=False)
            event.school, event.year, event.created_by = request.school, year, request.user
            event.save()
            messages.success(request, _("The event is added to the roadmap."))
            return redirect(f"{request.path}?year={year}")
    events = RoadmapEvent.objects.for_school(request.school).filter(year=year)
    return render(
        request, "monitoring/roadmap.html", {"events": events, "form": form, "year": year, "may_edit": may_edit}
    )


def roadmap_event(request, pk):
    _require(request, Action.EDIT_MONITORING)
    event = get_for_school(request, RoadmapEvent, pk=pk)
    form = RoadmapEventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The roadmap is saved."))
        return redirect(f"/monitoring/roadmap/?year={event.year}")
    return render(request, "monitoring/roadmap_event.html", {"form": form, "event": event})


def export_xlsx(request):
    _require(request, Action.VIEW_MONITORING)
    year = _year(request)
    content = indicators_workbook([(request.school.full_name, compute(request.school, year))], year=year)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="indicators-{request.school.slug}-{year}.xlsx"'
    return response


def report_pdf(request, kind):
    _require(request, Action.VIEW_MONITORING)
    if kind not in reports.KINDS:
        raise Http404
    year = _year(request)
    pdf = reports.render(kind, school=request.school, year=year)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{kind}-{request.school.slug}-{year}.pdf"'
    return response
