from django import forms
from django.utils.translation import gettext_lazy as _

from monitoring.indicators import DEFINITIONS
from monitoring.models import RoadmapEvent
from people.forms import DateInput


class TargetsForm(forms.Form):
    """One number field per indicator that has a target."""

    def __init__(self, *args, targets: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for definition in DEFINITIONS:
            if definition.default_target is None:
                continue
            self.fields[definition.code] = forms.DecimalField(
                label=definition.label,
                min_value=0,
                max_value=100 if definition.percent else 1000,
                decimal_places=1,
                initial=targets.get(definition.code),
                help_text=_("percent") if definition.percent else _("events"),
            )


class RoadmapEventForm(forms.ModelForm):
    class Meta:
        model = RoadmapEvent
        fields = ["stage", "title", "starts_on", "ends_on", "responsible", "result", "for_pairs", "status"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def clean(self):
        data = super().clean()
        if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end cannot precede the start."))
        return data
