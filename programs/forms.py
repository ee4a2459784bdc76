from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from accounts.formfields import BoundedModelMultipleChoiceField
from people.forms import DateInput
from people.models import Deficit
from portal.uploads import validate_evidence
from programs.models import CompletionReason, LogEntry, PlanItem, Program


class ProgramForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = [
            "title",
            "goal",
            "tasks",
            "expected_results",
            "directions",
            "deficits",
            "strengths_supported",
            "start",
            "end",
        ]
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 2}),
            "tasks": forms.Textarea(attrs={"rows": 3}),
            "expected_results": forms.Textarea(attrs={"rows": 3}),
            "strengths_supported": forms.Textarea(attrs={"rows": 2}),
            "deficits": forms.CheckboxSelectMultiple,
            "start": DateInput(),
            "end": DateInput(),
        }
        field_classes = {"deficits": BoundedModelMultipleChoiceField}

    def __init__(self, *args, mentorship, **kwargs):
        super().__init__(*args, **kwargs)
        mentee_ids = [p.pk for p in mentorship.mentees]
        self.fields["deficits"].queryset = Deficit.objects.filter(person_id__in=mentee_ids, resolved_on__isnull=True)
        self.fields["deficits"].label_from_instance = lambda d: f"{d.person.short_name}: {d.description}"
        self.fields["deficits"].help_text = _("Chosen from the mentees' profiles")


class PlanItemForm(forms.ModelForm):
    class Meta:
        model = PlanItem
        fields = ["title", "kind", "stage", "planned_on", "planned_until", "responsible", "expected_result"]
        widgets = {"planned_on": DateInput(), "planned_until": DateInput()}


class PlanItemProgressForm(forms.ModelForm):
    """Execution, not a correction: status and evidence change without a new version."""

    evidence_link = forms.URLField(label=_("Link"), required=False, assume_scheme="https")

    def clean_evidence_file(self):
        file = self.cleaned_data.get("evidence_file")
        if isinstance(file, UploadedFile):  # a new upload; the kept file was checked when it came
            validate_evidence(file)
        return file

    class Meta:
        model = PlanItem
        fields = ["status", "done_on", "evidence_notes", "evidence_link", "evidence_file"]
        widgets = {
            "done_on": DateInput(),
            "evidence_notes": forms.Textarea(attrs={"rows": 2}),
            # The file is private: a clearable input would link it by its storage URL, which it has none of.
            "evidence_file": forms.FileInput,
        }


class LogEntryForm(forms.ModelForm):
    mark_done = forms.BooleanField(label=_("Mark the plan item done"), required=False, initial=True)

    class Meta:
        model = LogEntry
        fields = ["occurred_on", "duration_minutes", "format", "plan_item", "what_done", "result"]
        widgets = {
            "occurred_on": DateInput(),
            "what_done": forms.Textarea(attrs={"rows": 3}),
            "result": forms.Textarea(attrs={"rows": 2}),
            "format": forms.RadioSelect,
        }

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_item"].queryset = program.items.exclude(status="cancelled")
        self.fields["duration_minutes"].widget.attrs.update({"inputmode": "numeric", "min": 5, "step": 5})


class ReflectionForm(forms.Form):
    reflection = forms.CharField(label=_("Your reflection"), widget=forms.Textarea(attrs={"rows": 3}))


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    override_reason = forms.CharField(
        label=_("Curator: why the term may exceed 12 months"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class CompletionForm(forms.Form):
    reason = forms.ChoiceField(label=_("How the program ends"), choices=CompletionReason.choices)
    on = forms.DateField(label=_("Date"), widget=DateInput())
    results = forms.CharField(label=_("Results against the expected"), widget=forms.Textarea(attrs={"rows": 3}))
    worked = forms.CharField(label=_("What worked"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    recommendations = forms.CharField(
        label=_("Recommendations"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class SelfAssessmentForm(forms.Form):
    text = forms.CharField(label=_("Self-assessment"), widget=forms.Textarea(attrs={"rows": 4}))


class BestPracticeForm(forms.Form):
    summary = forms.CharField(label=_("What is worth copying"), widget=forms.Textarea(attrs={"rows": 3}))
    permission = forms.BooleanField(label=_("The participants permitted publication"), required=False)
    permission_note = forms.CharField(label=_("How the permission was given"), required=False, max_length=500)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class ReturnForm(forms.Form):
    text = forms.CharField(
        label=_("What is to be corrected"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )
