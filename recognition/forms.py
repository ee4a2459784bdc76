from django import forms
from django.utils.translation import gettext_lazy as _

from people.models import Person
from recognition.models import DEFAULT_NAME, Contest


class ContestForm(forms.ModelForm):
    class Meta:
        model = Contest
        fields = ["name", "year"]
        help_texts = {"year": _("The first calendar year of the academic year: 2025 for 2025/26.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].initial = DEFAULT_NAME
        self.fields["year"].min_value = 2000


class MentorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name}, {obj.position}" if obj.position else obj.full_name


class NominationForm(forms.Form):
    mentor = MentorChoice(label=_("Mentor"), queryset=Person.objects.none())
    statement = forms.CharField(label=_("Why this mentor"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = (
            Person.objects.for_school(contest.school)
            .current()
            .filter(mentor_profile__isnull=False)
            .exclude(nominations__contest=contest)
            .order_by("last_name", "first_name")
        )


class WinnersForm(forms.Form):
    winners = forms.ModelMultipleChoiceField(
        label=_("Winners"), queryset=None, widget=forms.CheckboxSelectMultiple, required=True
    )

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["winners"].queryset = contest.nominations.select_related("mentor")
        self.fields["winners"].label_from_instance = lambda n: n.mentor.full_name
