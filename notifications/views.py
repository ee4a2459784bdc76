"""A user's own notifications and e-mail settings: every page reads only ``request.user``'s rows."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from accounts.memberships import schools_of
from accounts.middleware import SESSION_SCHOOL_KEY
from notifications.forms import PreferenceForm
from notifications.models import Notification, preference_for


class NotificationListView(ListView):
    template_name = "notifications/list.html"
    context_object_name = "notifications"
    paginate_by = 50

    def get_queryset(self):
        return Notification.objects.for_user(self.request.user).select_related("school")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unread_count"] = Notification.objects.for_user(self.request.user).unread().count()
        return context


def is_same_site_path(url: str, request) -> bool:
    """Only a path on this site («/mentoring/5/»), never another host or scheme."""
    return (
        url.startswith("/")
        and not url.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=False)
    )


def open_notification(request, pk):
    """Marks the notification read and goes where it points, in the school it is about."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
    if notification.school_id and any(s.pk == notification.school_id for s in schools_of(request.user)):
        request.session[SESSION_SCHOOL_KEY] = notification.school_id
    if notification.url and is_same_site_path(notification.url, request):
        return redirect(notification.url)
    return redirect("notifications:list")


@require_POST
def mark_all_read(request):
    count = Notification.objects.for_user(request.user).unread().update(read_at=timezone.now())
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


def preferences(request):
    preference = preference_for(request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Notification settings saved."))
        return redirect(reverse("notifications:preferences"))
    return render(request, "notifications/preferences.html", {"form": form, "has_email": bool(request.user.email)})
