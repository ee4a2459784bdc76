from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.formfields import BoundedModelMultipleChoiceField
from mentoring import lifecycle
from mentoring.models import MentoringForm, Mode, PetitionKind, ReplacementReason, RoleModel, TerminationReason
from people.forms import DateInput
from people.models import Person


class PersonChoice(BoundedModelMultipleChoiceField):
    def label_from_instance(self, person):
        return f"{person.full_name} — {person.position or person.school_class or person.get_kind_display()}"


class MentorshipForm(forms.Form):
    form = forms.ModelChoiceField(label=_("Form of mentoring"), queryset=MentoringForm.objects.none())
    role_model = forms.ModelChoiceField(label=_("Role model"), queryset=RoleModel.objects.none(), required=False)
    modes = BoundedModelMultipleChoiceField(
        label=_("Modes"), queryset=Mode.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    mentors = PersonChoice(label=_("Mentor"), queryset=Person.objects.none())
    mentees = PersonChoice(label=_("Mentees"), queryset=Person.objects.none(), help_text=_("Two or more make a group."))
    planned_start = forms.DateField(label=_("Start"), widget=DateInput())
    planned_end = forms.DateField(label=_("End"), widget=DateInput(), help_text=_("From 3 to 12 months."))
    direction = forms.CharField(label=_("Direction"), required=False, max_length=500)

    def __init__(self, *args, school, keep_role_model=None, **kwargs):
        """``keep_role_model``: the edited pair's own role model, offered even if no longer offered to new pairs."""
        super().__init__(*args, **kwargs)
        self.school = school
        self.fields["form"].queryset = MentoringForm.objects.for_school(school).filter(is_active=True)
        offered = Q(is_active=True) | Q(pk=getattr(keep_role_model, "pk", None))
        self.fields["role_model"].queryset = RoleModel.objects.for_school(school).filter(offered).select_related("form")
        self.fields["modes"].queryset = Mode.objects.for_school(school)
        people = Person.objects.for_school(school).current()
        self.fields["mentors"].queryset = people.mentors()
        self.fields["mentees"].queryset = people.mentees()

    def clean(self):
        data = super().clean()
        role_model, form = data.get("role_model"), data.get("form")
        if role_model and form and role_model.form_id != form.pk:
            self.add_error("role_model", _("This role model belongs to another form."))
        return data

    def save(self, *, by):
        """The draft of a valid form, by the lifecycle's rules: (mentorship, warnings), or ValidationError."""
        data = self.cleaned_data
        return lifecycle.mentorship_create(
            school=self.school,
            form=data["form"],
            role_model=data["role_model"],
            modes=data["modes"],
            mentors=list(data["mentors"]),
            mentees=list(data["mentees"]),
            start=data["planned_start"],
            end=data["planned_end"],
            direction=data["direction"],
            by=by,
        )


class OwnIds:
    """Several forms share one page (the pair's actions): each keeps its field names but gets ids
    of its own, so every label points at its own field."""

    id_prefix = "id"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class TerminateForm(OwnIds, forms.Form):
    """Ending early a pair an order fixed: «not formed» is no reason for it."""

    id_prefix = "end"

    reason = forms.ChoiceField(
        label=_("Reason"), choices=[c for c in TerminationReason.choices if c[0] != TerminationReason.NOT_FORMED]
    )
    on = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


# Why a pair was dropped before its order: not formed, or one of the reasons that end a pair.
DROP_REASONS = (
    TerminationReason.NOT_FORMED,
    TerminationReason.MUTUAL,
    TerminationReason.MENTOR_INITIATIVE,
    TerminationReason.MENTEE_INITIATIVE,
    TerminationReason.PARTICIPANT_LEFT,
)


class DropForm(OwnIds, forms.Form):
    """Marking a draft or proposed pair as not formed."""

    id_prefix = "drop"

    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[(reason.value, reason.label) for reason in DROP_REASONS],
        initial=TerminationReason.NOT_FORMED,
    )
    on = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReplacementForm(OwnIds, forms.Form):
    id_prefix = "replace"

    outgoing = forms.ModelChoiceField(label=_("Outgoing mentor"), queryset=Person.objects.none())
    incoming = forms.ModelChoiceField(label=_("New mentor"), queryset=Person.objects.none())
    reason = forms.ChoiceField(label=_("Reason"), choices=ReplacementReason.choices)
    effective_on = forms.DateField(label=_("From"), widget=DateInput())
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, mentorship, **kwargs):
        super().__init__(*args, **kwargs)
        current = [p.person_id for p in mentorship.current_participants()]
        self.fields["outgoing"].queryset = Person.objects.filter(pk__in=[p.pk for p in mentorship.mentors])
        self.fields["incoming"].queryset = (
            Person.objects.for_school(mentorship.school).current().mentors().exclude(pk__in=current)
        )


class PetitionForm(forms.Form):
    """A participant's request: only the requests and reasons their role has."""

    kind = forms.ChoiceField(label=_("I ask"), widget=forms.RadioSelect)
    reason = forms.ChoiceField(label=_("Reason"))
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Required for «other reasons»: say which."),
    )

    def __init__(self, *args, participant, **kwargs):
        from mentoring.petitions import kinds_for, reasons_for

        super().__init__(*args, **kwargs)
        kinds = kinds_for(participant)
        self.fields["kind"].choices = [(kind, label) for kind, label in PetitionKind.choices if kind in kinds]
        self.fields["reason"].choices = [("", "—"), *reasons_for(participant)]


class PetitionAnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("Answer"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_("Required when refusing: the requester reads it."),
    )
