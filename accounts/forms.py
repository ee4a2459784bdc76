from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError

from accounts.lockouts import password_is_right


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """A wrong old password counts as a failed login of the user (accounts.lockouts)."""

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        if not password_is_right(self.request, self.user, old_password):
            raise ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password
