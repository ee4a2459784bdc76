import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import Action
from programs.calendar import UPCOMING_DAYS, ical_for_user, items_for_school, items_for_user
from programs.models import CalendarFeed, new_calendar_token


def calendar(request):
    if request.school is None:
        raise PermissionDenied
    today = timezone.localdate()
    until = today + datetime.timedelta(days=UPCOMING_DAYS)
    feed, _created = CalendarFeed.objects.get_or_create(user=request.user)
    school_items = None
    if request.user.has_perm(Action.VIEW_SCHOOL_CALENDAR, request.school):
        school_items = items_for_school(request.school, since=today, until=until).prefetch_related(
            "program__mentorship__participants__person"
        )
    return render(
        request,
        "programs/calendar.html",
        {
            "mine": items_for_user(request.user, since=today, until=until),
            "school_items": school_items,
            "feed_url": request.build_absolute_uri(reverse("programs:ical", kwargs={"token": feed.token})),
        },
    )


@require_POST
def revoke_feed(request):
    CalendarFeed.objects.update_or_create(user=request.user, defaults={"token": new_calendar_token()})
    messages.success(request, _("The old calendar address no longer works; here is a new one."))
    return redirect("programs:calendar")


@login_not_required
def ical(request, token):
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed is None:
        raise Http404
    response = HttpResponse(
        ical_for_user(feed.user, host=request.get_host()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="nastavnichestvo.ics"'
    return response
