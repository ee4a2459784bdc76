from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts import throttling


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


class ThrottledAuthenticationForm(AuthenticationForm):
    """The login form, refusing further tries after repeated wrong passwords."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": _("Too many wrong passwords. Try again in 15 minutes or reset your password."),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = client_address(self.request)
        if username and throttling.is_locked(username, address):
            raise ValidationError(self.error_messages["locked"], code="locked")
        try:
            data = super().clean()
        except ValidationError:
            if username:
                throttling.record_failure(username, address)
            raise
        throttling.forget(username, address)
        return data
