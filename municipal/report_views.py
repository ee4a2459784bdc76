"""The municipal analytical report: the page (year, the coordinator's conclusions) and its PDF."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import Action
from accounts.scoping import require_municipality
from municipal import report
from municipal.models import MunicipalReport
from people.services import academic_year_of

MAX_CONCLUSIONS = 20000


class ConclusionsForm(forms.Form):
    conclusions = forms.CharField(
        label=gettext_lazy("The coordinator's conclusions"),
        required=False,
        max_length=MAX_CONCLUSIONS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("Printed after the generated conclusions; one paragraph per line."),
    )


def _year(value) -> tuple[int, int]:
    """The chosen academic year (the current one by default) and the current one; a year outside
    the portal's years is not found."""
    current = academic_year_of(timezone.localdate())
    try:
        year = int(value if value not in (None, "") else current)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 2000 <= year <= current:
        raise Http404
    return year, current


def report_page(request):
    municipality = require_municipality(request, Action.VIEW_MUNICIPAL_REPORT)
    year, current = _year(request.POST.get("year") if request.method == "POST" else request.GET.get("year"))
    saved = MunicipalReport.objects.filter(municipality=municipality, year=year).first()
    can_edit = request.user.has_perm(Action.EDIT_MUNICIPAL_REPORT, municipality)
    form = ConclusionsForm(initial={"conclusions": saved.conclusions if saved else ""})
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = ConclusionsForm(request.POST)
        if form.is_valid():
            MunicipalReport.objects.update_or_create(
                municipality=municipality,
                year=year,
                defaults={"conclusions": form.cleaned_data["conclusions"].strip(), "updated_by": request.user},
            )
            messages.success(
                request, _("The conclusions for %(year)s/%(next)s are saved.") % {"year": year, "next": year + 1}
            )
            return HttpResponseRedirect(f"{reverse('municipal:report')}?year={year}")
    return render(
        request,
        "municipal/report.html",
        {
            "municipality": municipality,
            "year": year,
            "years": range(current - 4, current + 1),
            "saved": saved,
            "form": form,
            "can_edit": can_edit,
        },
    )


def report_pdf(request):
    municipality = require_municipality(request, Action.VIEW_MUNICIPAL_REPORT)
    year, _current = _year(request.GET.get("year"))
    pdf = report.render(municipality, year)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="municipal-report-{municipality.slug}-{year}.pdf"'
    return response
