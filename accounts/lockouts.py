"""Lockouts after repeated wrong passwords (django-axes), and the password-reset mail limits.

Axes counts every failed ``authenticate(request, …)`` per login and address together, in the
database (settings «Lockouts»). The portal login and /admin/ authenticate that way already;
the signing password and the password change go through ``password_is_right`` so that a wrong
password there counts the same and a locked login cannot sign or change its password.
"""

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited
from ipware import get_client_ip

from accounts.models import Membership

LOCKED_MESSAGE = _("Too many wrong passwords. Try again in 15 minutes or reset your password.")


def client_address(request) -> str | None:
    """The visitor's address: the connection's, or the one the trusted proxies saw (TRUSTED_PROXY_COUNT)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return request.META.get("REMOTE_ADDR")
    # The last proxy is REMOTE_ADDR; each proxy before it appended what it saw to X-Forwarded-For,
    # so the visitor is the proxies-th address from the right. Whatever is left of it the visitor wrote.
    address, _routable = get_client_ip(
        request, proxy_count=proxies - 1, request_header_order=["HTTP_X_FORWARDED_FOR"], strict=False
    )
    return address or request.META.get("REMOTE_ADDR")


USERNAME_LENGTH = 150  # auth.User.username: no longer login exists, and axes stores at most 255


def attempted_username(request, credentials=None) -> str:
    """AXES_USERNAME_CALLABLE: the login typed, cut to what a login can be, so that a forged
    megabyte-long one is just another wrong login (PostgreSQL refuses to store it whole)."""
    source = credentials if credentials else getattr(request, "POST", {})
    return str(source.get(settings.AXES_USERNAME_FORM_FIELD) or "")[:USERNAME_LENGTH]


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the page a locked-out login attempt gets, status 429."""
    return render(request, "registration/locked_out.html", {"message": LOCKED_MESSAGE}, status=429)


def password_is_right(request, user, password: str) -> bool:
    """Re-checks a logged-in user's password; a wrong one counts as a failed login of theirs.

    Raises ValidationError when the login is locked out from this address. Without a request
    (scripts, the demo seed) there is no address to count against: the password is only checked.
    """
    if request is None:
        return user.check_password(password or "")
    authenticated = authenticate(request, username=user.get_username(), password=password or "")
    if getattr(request, "axes_locked_out", False):
        # Said on the page that asked for the password, not by the lockout page of the login.
        request.axes_locked_out = False
        raise ValidationError(LOCKED_MESSAGE, code="locked")
    return authenticated is not None and authenticated.pk == user.pk


# --- the director's list of locked logins -------------------------------------------------------


def locked_out_users(school) -> list[dict]:
    """The school's people whose login is locked from some address now, most recent first."""
    users = {
        user.username: user
        for user in get_user_model()
        .objects.filter(pk__in=Membership.objects.for_school(school).values("user_id"))
        .distinct()
    }
    attempts = AccessAttempt.objects.filter(
        username__in=list(users),
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=timezone.now() - get_cool_off(),
    ).order_by("-attempt_time")
    locked = {}
    for attempt in attempts:
        entry = locked.setdefault(
            attempt.username, {"user": users[attempt.username], "last_attempt": None, "addresses": 0}
        )
        entry["last_attempt"] = entry["last_attempt"] or attempt.attempt_time
        entry["addresses"] += 1
    return list(locked.values())


def unlock(*, user, school, by) -> int:
    """Forgets the wrong passwords of a login of this school; returns how many records went."""
    from audit.log import record
    from audit.models import AuditAction

    if not Membership.objects.for_school(school).filter(user=user).exists():
        raise ValidationError(_("This person does not belong to your school."))
    removed = reset(username=user.get_username())
    # Stored in the words of the day: the audit page shows an unknown key as it is.
    record(
        actor=by, school=school, action=AuditAction.UPDATE, obj=user, changes={gettext("login locked"): [True, False]}
    )
    return removed


# --- password-reset mails -----------------------------------------------------------------------


def reset_mail_allowed(request, email: str) -> bool:
    """Counts one more reset request; False once the e-mail or the visitor's address had its mails this hour."""
    by_email = is_ratelimited(
        request,
        group="password-reset:email",
        key=lambda _group, _request: email.strip().lower(),
        rate=f"{settings.PASSWORD_RESET_MAILS_PER_EMAIL}/h",
        increment=True,
    )
    by_address = is_ratelimited(
        request,
        group="password-reset:address",
        key=lambda _group, request: client_address(request) or "",
        rate=f"{settings.PASSWORD_RESET_MAILS_PER_ADDRESS}/h",
        increment=True,
    )
    return not (by_email or by_address)
