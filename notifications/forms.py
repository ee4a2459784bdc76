from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from notifications.models import MAX_DAYS_BEFORE, Kind, Preference


class PreferenceForm(forms.ModelForm):
    """E-mails per kind as checkboxes (checked = e-mailed); stored as the kinds turned off."""

    emails = forms.MultipleChoiceField(
        label=_("Also send by e-mail"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every notification is always shown in the portal."),
    )

    class Meta:
        model = Preference
        fields = ["days_before"]
        labels = {"days_before": _("Remind of plan events, days before")}

    field_order = ["emails", "days_before"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["emails"].initial = [kind for kind in Kind.values if self.instance.emails(kind)]
        days_before = self.fields["days_before"]
        days_before.help_text = gettext("From 1 to %(max)s days.") % {"max": MAX_DAYS_BEFORE}
        days_before.widget.attrs.update({"min": 1, "max": MAX_DAYS_BEFORE})

    def save(self, commit=True):
        chosen = set(self.cleaned_data["emails"])
        self.instance.email_off = [kind for kind in Kind.values if kind not in chosen]
        return super().save(commit=commit)
