from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import School
from association import rules
from association.models import ExpertReview, Meeting, Member, Subject, Verdict
from people.forms import DateInput
from portal.uploads import max_mb, validate_pdf


class MemberSearchForm(forms.Form):
    """The coordinator's search among the municipality's school staff (a NUL or an overlong query
    is simply no search)."""

    q = forms.CharField(required=False, max_length=100)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["held_on", "topic", "agenda", "attendees", "heard", "spoke", "decided", "minutes_file"]
        widgets = {
            "held_on": DateInput(),
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "heard": forms.Textarea(attrs={"rows": 4}),
            "spoke": forms.Textarea(attrs={"rows": 4}),
            "decided": forms.Textarea(attrs={"rows": 4}),
            "attendees": forms.CheckboxSelectMultiple,
            # a private file has no public address: a new upload replaces it, the page links to it
            "minutes_file": forms.FileInput(attrs={"accept": ".pdf"}),
        }
        help_texts = {
            "heard": _("СЛУШАЛИ: whose report, on what."),
            "spoke": _("ВЫСТУПИЛИ: who spoke and what they said."),
            "decided": _("РЕШИЛИ: the decisions taken."),
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        members = Member.objects.for_municipality(municipality)
        present = Q(left_at__isnull=True)
        if self.instance.pk:  # the minutes keep those present who have left since
            present |= Q(meetings=self.instance)
        self.fields["attendees"].queryset = members.filter(present).distinct().select_related("user")
        self.fields["attendees"].label_from_instance = lambda m: m.user.get_full_name()

    def clean_minutes_file(self):
        file = self.cleaned_data.get("minutes_file")
        if file and hasattr(file, "content_type"):  # a new upload, not the stored one
            validate_pdf(file, max_mb("EVIDENCE_MAX_MB"))
        return file


class RecommendationForm(forms.Form):
    school = forms.ModelChoiceField(label=_("School"), queryset=School.objects.none())
    mentorship = forms.ModelChoiceField(
        label=_("Pair or group (optional)"),
        queryset=None,
        required=False,
        help_text=_("Only pairs and groups fixed by an order."),
    )
    program = forms.ModelChoiceField(label=_("Program (optional)"), queryset=None, required=False)
    meeting = forms.ModelChoiceField(label=_("Decided at the meeting (optional)"), queryset=None, required=False)
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.filter(municipality=municipality)
        self.fields["mentorship"].queryset = rules.fixed_pairs(municipality)
        self.fields["mentorship"].label_from_instance = lambda m: f"{m.school}: {m}"
        self.fields["program"].queryset = rules.programs_of(municipality)
        self.fields["program"].label_from_instance = lambda p: f"{p.mentorship.school}: {p.title}"
        self.fields["meeting"].queryset = Meeting.objects.for_municipality(municipality)
        self.fields["meeting"].label_from_instance = lambda m: f"{m.held_on:%d.%m.%Y} — {m}"


class ReviewRequestForm(forms.Form):
    subject = forms.ChoiceField(label=_("What to review"), choices=Subject.choices, widget=forms.RadioSelect)
    program = forms.ModelChoiceField(label=_("Program"), queryset=None, required=False)
    note = forms.CharField(
        label=_("What to pay attention to (optional)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, school, **kwargs):
        from programs.models import Program

        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = (
            Program.objects.for_school(school).select_related("mentorship").order_by("title", "pk")
        )

    def clean(self):
        data = super().clean()
        if data.get("subject") == Subject.PROGRAM and not data.get("program"):
            raise ValidationError({"program": _("Choose the program to review.")})
        return data


class ConclusionForm(forms.ModelForm):
    class Meta:
        model = ExpertReview
        fields = ["verdict", "conclusion"]
        widgets = {"verdict": forms.RadioSelect, "conclusion": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verdict"].required = True
        self.fields["verdict"].choices = Verdict.choices
        self.fields["conclusion"].required = True
