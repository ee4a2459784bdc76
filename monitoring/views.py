import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import Action
from accounts.scoping import get_for_school
from audit.log import record
from audit.models import AuditAction
from monitoring import charts, overview, reports, roadmap_approval, snapshot
from monitoring.forms import RoadmapEventForm, TargetsForm
from monitoring.indicators import BY_CODE, DRILL_DOWN, people_behind, target_for
from monitoring.models import IndicatorTarget, RoadmapEvent, SubmissionState
from monitoring.xlsx import indicators_workbook
from people.services import academic_year_of
from portal import freshness

TREND_YEARS = 3


def _require(request, action):
    if request.school is None or not request.user.has_perm(action, request.school):
        raise PermissionDenied


def _year(request) -> int:
    current = academic_year_of(timezone.localdate())
    try:
        year = int(request.POST.get("year") or request.GET.get("year", current))
    except ValueError:
        raise Http404 from None
    if not 2000 <= year <= current + 1:
        raise Http404
    return year


def _frozen_refusal(request, year: int) -> str:
    """A frozen year is read-only for everyone: why its targets and roadmap are not changed, or ''."""
    if snapshot.frozen_result(request.school, year) is None:
        return ""
    return _(
        "The indicators of %(year)s/%(next)s are frozen: their targets and roadmap can no longer be changed. Only the director can unfreeze them."  # noqa: E501
    ) % {"year": year, "next": year + 1}


def dashboard(request):
    _require(request, Action.VIEW_MONITORING)
    year = _year(request)
    # The figures are kept in the shared cache until the school's data changes (portal.freshness).
    shown = freshness.remembered(
        "dashboard",
        request.school,
        [year, timezone.localdate().isoformat()],
        lambda: overview.current(request.school, year, trend_code="young_in_programs", trend_count=TREND_YEARS),
    )
    indicators, result = shown.indicators, shown.result
    frozen = {i.code: i for i in snapshot.indicators_of(result)} if result else {}
    may_drill = request.user.has_perm(Action.VIEW_PEOPLE_BEHIND, request.school)
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "year": year,
            "years": range(year - 4, academic_year_of(timezone.localdate()) + 1),
            "indicators": indicators,
            "result": result,
            "frozen": frozen,
            "changed": snapshot.changed_codes(list(frozen.values()), indicators) if result else set(),
            "freeze_day": snapshot.freeze_day(year),
            "may_freeze": result is None
            and snapshot.may_freeze(year, today=snapshot.local_today(request.school))
            and request.user.has_perm(Action.FREEZE_MONITORING, request.school),
            "may_unfreeze": result is not None and request.user.has_perm(Action.UNFREEZE_MONITORING, request.school),
            "chart": mark_safe(charts.indicator_bars(indicators, title=_("Indicators against targets"))),  # noqa: S308 — our own SVG
            "trend": mark_safe(  # noqa: S308
                charts.trend_bars(shown.trend, title=_("Young specialists in programs by year"))
            ),
            "gaps": shown.gaps,
            "drillable": set(DRILL_DOWN) if may_drill else set(),
            "may_edit": request.user.has_perm(Action.EDIT_MONITORING, request.school),
        },
    )


@require_POST
def freeze(request):
    """The curator freezes the year's figures before the 30 June job does."""
    _require(request, Action.FREEZE_MONITORING)
    year = _year(request)
    try:
        result = snapshot.freeze(request.school, year, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The indicators of %(year)s/%(next)s are frozen on %(day)s: the reports print these figures.")
            % {"year": year, "next": year + 1, "day": result.frozen_on.strftime("%d.%m.%Y")},
        )
    return redirect(f"{reverse('monitoring:dashboard')}?year={year}")


@require_POST
def unfreeze(request):
    """Only the director unfreezes: the reports print the current figures again."""
    _require(request, Action.UNFREEZE_MONITORING)
    year = _year(request)
    try:
        snapshot.unfreeze(request.school, year, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The indicators of %(year)s/%(next)s are unfrozen: the reports print the current figures.")
            % {"year": year, "next": year + 1},
        )
    return redirect(f"{reverse('monitoring:dashboard')}?year={year}")


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
    refusal = _frozen_refusal(request, year)
    if refusal and request.method == "POST":
        messages.error(request, refusal)
        return redirect(f"{request.path}?year={year}")
    form = TargetsForm(request.POST or None, targets=current)
    for field in form.fields.values() if refusal else ():
        field.disabled = True
    if request.method == "POST" and form.is_valid():
        for code in form.fields:
            value = form.cleaned_data.get(code)
            if value is None:  # left blank: no target of the school's own
                IndicatorTarget.objects.filter(school=request.school, code=code, year=year).delete()
                continue
            IndicatorTarget.objects.update_or_create(
                school=request.school, code=code, year=year, defaults={"value": value}
            )
        messages.success(request, _("The targets for %(year)s/%(next)s are saved.") % {"year": year, "next": year + 1})
        return redirect(f"{request.path}?year={year}")
    return render(request, "monitoring/targets.html", {"form": form, "year": year, "frozen_notice": refusal})


def roadmap(request):
    _require(request, Action.VIEW_MONITORING)
    year = _year(request)
    may_edit = request.user.has_perm(Action.EDIT_MONITORING, request.school)
    refusal = _frozen_refusal(request, year)
    form = RoadmapEventForm(request.POST or None, initial={"starts_on": datetime.date(year, 9, 1)})
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if refusal:
            messages.error(request, refusal)
            return redirect(f"{request.path}?year={year}")
        if form.is_valid():
            event = form.save(commit=False)
            event.school, event.year, event.created_by = request.school, year, request.user
            event.save()
            messages.success(request, _("The event is added to the roadmap."))
            return redirect(f"{request.path}?year={year}")
    events = RoadmapEvent.objects.for_school(request.school).filter(year=year)
    return render(
        request,
        "monitoring/roadmap.html",
        {
            "events": events,
            "form": form,
            "year": year,
            "may_edit": may_edit and not refusal,
            "frozen_notice": refusal if may_edit else "",
            **_approval(request, year),
        },
    )


def _approval(request, year: int) -> dict:
    """The roadmap's approval by the municipality (issue 18): the latest sending, what changed in
    the plan since the approved one, and whether it may be sent (again)."""
    latest = roadmap_approval.current(request.school, year)
    approved = roadmap_approval.last_approved(request.school, year)
    changes = roadmap_approval.changes_since(approved, roadmap_approval.events_now(request.school, year))
    changed = roadmap_approval.has_changes(changes)
    may_submit = (
        request.school.municipality_id is not None
        and request.user.has_perm(Action.SUBMIT_ROADMAP, request.school)
        and not (latest and latest.state == SubmissionState.SENT)
        and not (latest and latest.state == SubmissionState.APPROVED and not changed)
    )
    return {
        "submission": latest,
        "approved": approved,
        "changes": changes,
        "changed": changed,
        "may_submit": may_submit,
    }


@require_POST
def roadmap_submit(request):
    """The curator or the director sends the year's roadmap to the municipality for approval."""
    _require(request, Action.SUBMIT_ROADMAP)
    year = _year(request)
    try:
        roadmap_approval.submit(request.school, year, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The roadmap is sent to the municipality for approval."))
    return redirect(f"{reverse('monitoring:roadmap')}?year={year}")


def roadmap_event(request, pk):
    _require(request, Action.EDIT_MONITORING)
    event = get_for_school(request, RoadmapEvent, pk=pk)
    refusal = _frozen_refusal(request, event.year)
    if refusal:
        messages.error(request, refusal)
        return redirect(f"{reverse('monitoring:roadmap')}?year={event.year}")
    form = RoadmapEventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The roadmap is saved."))
        return redirect(f"/monitoring/roadmap/?year={event.year}")
    return render(request, "monitoring/roadmap_event.html", {"form": form, "event": event})


def export_xlsx(request):
    _require(request, Action.VIEW_MONITORING)
    year = _year(request)
    indicators, result = snapshot.official(request.school, year)
    content = indicators_workbook([(request.school.full_name, indicators, reports.source_note(result))], year=year)
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
