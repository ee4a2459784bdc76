from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import lockouts
from accounts.feedback import show_errors
from accounts.forms import PasswordChangeForm
from accounts.ids import parse_id
from accounts.permissions import Action


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, with the old password counted like a login attempt."""

    form_class = PasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, sending at most so many mails an hour (accounts.lockouts).

    Over the limit the requester sees the same «sent» page, so the limit tells nothing about
    which addresses have an account.
    """

    def form_valid(self, form):
        if lockouts.reset_mail_allowed(self.request, form.cleaned_data["email"]):
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())


def _require_unlock(request):
    if request.school is None or not request.user.has_perm(Action.UNLOCK_LOGIN, request.school):
        raise PermissionDenied


def locked_logins(request):
    """The director sees which of the school's logins are locked after wrong passwords."""
    _require_unlock(request)
    return render(
        request,
        "accounts/lockouts.html",
        {
            "locked": lockouts.locked_out_users(request.school),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
    )


@require_POST
def unlock_login(request):
    _require_unlock(request)
    user = get_user_model().objects.filter(pk=parse_id(request.POST.get("user"))).first()
    try:
        if user is None:
            raise ValidationError(_("This person does not belong to your school."))
        lockouts.unlock(user=user, school=request.school, by=request.user)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("%(name)s can log in again.") % {"name": user.get_full_name()})
    return redirect("locked_logins")
