from django import forms
from django.utils.translation import gettext_lazy as _

from monitoring.indicators import DEFINITIONS
from monitoring.models import RoadmapEvent
from people.forms import DateInput


class TargetsForm(forms.Form):
    """One number field per indicator that may have a target: the shares and the school events.

    An indicator no seed gives a target (teachers under 35) may be left blank: no target. The
    cleaned data then leaves it out, and saving removes a target set before.
    """

    def __init__(self, *args, targets: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for definition in DEFINITIONS:
            if not (definition.percent or definition.default_target is not None):
                continue
            optional = definition.default_target is None
            self.fields[definition.code] = forms.DecimalField(
                label=definition.label,
                min_value=0,
                max_value=100 if definition.percent else 1000,
                decimal_places=1,
                required=not optional,
                initial=targets.get(definition.code),
                help_text=(_("percent; empty: no target") if optional else _("percent"))
                if definition.percent
                else _("events"),
            )

    def clean(self):
        data = super().clean()
        return {code: value for code, value in data.items() if value is not None}


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
