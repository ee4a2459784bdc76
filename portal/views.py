from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.memberships import schools_of
from accounts.middleware import SESSION_SCHOOL_KEY
from accounts.models import School
from accounts.permissions import Action
from config.routers import reads_from_replica
from monitoring import municipal
from monitoring.indicators import BY_CODE, Indicator
from monitoring.reports import source_note
from monitoring.xlsx import indicators_workbook
from municipal.figures import oldest
from municipal.sections import sections_for
from people.services import academic_year_of
from portal.dashboard import dashboard_context
from portal.health import health_report
from portal.todo import grouped, tasks_for
from region.table import school_table, version_of


@login_not_required
@never_cache
def healthz(request):
    healthy, report = health_report()
    return JsonResponse(report, status=200 if healthy else 503)


def home(request):
    if request.school is None:
        if request.user.has_perm(Action.VIEW_MUNICIPALITY):
            return HttpResponseRedirect(reverse("municipality"))
        if request.user.has_perm(Action.VIEW_REGION):
            return HttpResponseRedirect(reverse("region:index"))
        return render(request, "portal/no_school.html")
    if not request.user.has_perm(Action.VIEW_DASHBOARD, request.school):
        raise PermissionDenied
    return render(request, "portal/home.html", dashboard_context(request))


MUNICIPAL_COLUMNS = municipal.COLUMNS
OWN_INDICATOR = gettext_lazy("Schools where the mentoring system is implemented")


def _municipality_rows(request):
    if request.municipality is None or not request.user.has_perm(Action.VIEW_MUNICIPALITY):
        raise PermissionDenied
    current = academic_year_of(timezone.localdate())
    try:
        year = int(request.GET.get("year", current))
    except ValueError:
        raise Http404 from None
    if not 2000 <= year <= current + 1:  # as the school's monitoring: no indicators outside these years
        raise Http404
    schools = list(School.objects.filter(municipality=request.municipality).order_by("short_name", "full_name"))
    rows, own = municipal.rows_for(schools, year, label=str(OWN_INDICATOR), stored=True)
    return year, current, rows, own


@reads_from_replica
def municipality(request):
    """The municipality's schools side by side: aggregates only, never a person, never a small share."""
    year, current, rows, own = _municipality_rows(request)
    return render(
        request,
        "portal/municipality.html",
        {
            "municipality": request.municipality,
            "year": year,
            "years": range(current - 4, current + 1),
            "rows": SimpleLazyObject(lambda: school_table(rows)),  # laid out only when the cached table is stale
            "table_version": version_of(rows, year),
            "own": own,
            "as_of": oldest(row.computed_at for row in rows),
            "mask": municipal.MASK,
            "columns": [BY_CODE[code] for code in MUNICIPAL_COLUMNS],
            "todo": grouped(tasks_for(request)),
            "sections": sections_for(request),
        },
    )


@reads_from_replica
def municipality_export(request):
    year, _current, rows, own = _municipality_rows(request)
    lines = []
    for row in rows:
        implemented = Indicator(
            code="system_implemented",
            label="Система наставничества реализуется (1 — да, 0 — нет)",
            numerator=int(row.implemented),
            denominator=None,
            percent=False,
            definition="Подписан приказ об утверждении Положения о системе наставничества и действовала хотя бы "
            "одна пара или группа учебного года, закреплённая приказом.",
        )
        lines.append((row.school.full_name, [*row.indicators, implemented], source_note(row.result)))
    lines.append((str(request.municipality), [own], ""))
    content = indicators_workbook(lines, year=year, mask_small=True)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="municipality-{year}.xlsx"'
    return response


@require_POST
def switch_school(request):
    try:
        school_id = int(request.POST.get("school", ""))
    except ValueError:
        raise Http404 from None
    school = next((s for s in schools_of(request.user) if s.pk == school_id), None)
    if school is None:
        raise Http404
    request.session[SESSION_SCHOOL_KEY] = school.pk
    messages.success(request, _("Current school: %(school)s") % {"school": school})
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return HttpResponseRedirect(target)
