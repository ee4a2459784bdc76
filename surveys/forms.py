from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.formfields import BoundedModelMultipleChoiceField
from surveys.models import LIKERT_CHOICES, Question, QuestionKind, Survey


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "description", "stage", "audience", "anonymous"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "stage": forms.RadioSelect,
            "audience": forms.RadioSelect,
        }

    def __init__(self, *args, locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if locked:
            for name in ("stage", "audience", "anonymous"):
                self.fields[name].disabled = True
            self.fields["anonymous"].help_text = _("Answers have arrived: these settings are locked.")


class QuestionForm(forms.ModelForm):
    choices_text = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For one or several options: one option per line."),
    )

    class Meta:
        model = Question
        fields = ["text", "kind", "choices_text", "competence", "is_overall_satisfaction"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choices_text"].initial = "\n".join(self.instance.choices or [])

    def _post_clean(self):
        self.instance.choices = (self.cleaned_data.get("choices_text") or "").splitlines()
        super()._post_clean()


class AnswerForm(forms.Form):
    """One field per question: a scale and choices are required, free text is not."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[self.field_name(question)] = self._field(question)

    @staticmethod
    def field_name(question) -> str:
        return f"q{question.pk}"

    def _field(self, question):
        label = f"{question.position}. {question.text}"
        if question.kind == QuestionKind.LIKERT:
            message = _("Choose a value from 1 to 5.")
            return forms.TypedChoiceField(
                label=label,
                choices=LIKERT_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": message, "invalid_choice": message},
            )
        options = [(str(number), text) for number, text in enumerate(question.choices)]
        if question.kind == QuestionKind.SINGLE:
            message = _("Choose one option.")
            return forms.ChoiceField(
                label=label,
                choices=options,
                widget=forms.RadioSelect,
                error_messages={"required": message, "invalid_choice": message},
            )
        if question.kind == QuestionKind.MULTIPLE:
            message = _("Choose at least one option.")
            return forms.MultipleChoiceField(
                label=label,
                choices=options,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("You may choose several."),
                error_messages={"required": message, "invalid_choice": message},
            )
        return forms.CharField(
            label=label,
            required=False,
            max_length=4000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Not required."),
        )

    def values(self) -> dict:
        """Cleaned answers by question id, as ``answering.submit`` takes them."""
        values = {}
        for question in self.questions:
            value = self.cleaned_data.get(self.field_name(question))
            if question.kind == QuestionKind.SINGLE:
                value = [question.choices[int(value)]]
            elif question.kind == QuestionKind.MULTIPLE:
                value = [question.choices[int(number)] for number in value]
            values[question.pk] = value
        return values


class SendForm(forms.Form):
    survey = forms.ModelChoiceField(label=_("Survey"), queryset=Survey.objects.none())
    mentorships = BoundedModelMultipleChoiceField(
        label=_("Pairs and groups"),
        queryset=Survey.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one pair or group.")},
    )

    def __init__(self, *args, surveys, mentorships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = surveys
        self.fields["survey"].label_from_instance = lambda s: f"{s.title} ({s.get_stage_display()})"
        self.fields["mentorships"].queryset = mentorships
        self.fields["mentorships"].label_from_instance = _mentorship_label


def _mentorship_label(mentorship) -> str:
    return (
        f"{mentorship} — {mentorship.get_status_display()}, "
        f"{mentorship.planned_start:%d.%m.%Y} – {mentorship.end:%d.%m.%Y}"
    )
