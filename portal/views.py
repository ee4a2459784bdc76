from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.memberships import schools_of
from accounts.middleware import SESSION_SCHOOL_KEY
from accounts.permissions import Action
from portal.dashboard import dashboard_context, municipality_summary
from portal.health import health_report


@login_not_required
@never_cache
def healthz(request):
    healthy, report = health_report()
    return JsonResponse(report, status=200 if healthy else 503)


def home(request):
    if request.school is None:
        if request.user.has_perm(Action.VIEW_MUNICIPALITY):
            return HttpResponseRedirect(reverse("municipality"))
        return render(request, "portal/no_school.html")
    if not request.user.has_perm(Action.VIEW_DASHBOARD, request.school):
        raise PermissionDenied
    return render(request, "portal/home.html", dashboard_context(request))


def municipality(request):
    if request.municipality is None or not request.user.has_perm(Action.VIEW_MUNICIPALITY):
        raise PermissionDenied
    return render(
        request,
        "portal/municipality.html",
        {"municipality": request.municipality, "schools": municipality_summary(request.municipality)},
    )


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
