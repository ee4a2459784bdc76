from django import forms
from django.core.files.base import ContentFile
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from accounts.formfields import BoundedModelMultipleChoiceField
from people.models import (
    CHOSEN_CATEGORIES,
    SCAN_EXTENSIONS,
    Award,
    Consent,
    ConsentKind,
    Deficit,
    MenteeProfile,
    MentorProfile,
    MentorTraining,
    PartnerOrganization,
    Person,
    PersonKind,
    validate_scan_content,
)
from people.services import pedagogical_after
from portal.uploads import check_size, max_mb


class DateInput(forms.DateInput):
    """The phone's native date picker; it submits ISO dates, which the Russian formats accept."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "last_name",
            "first_name",
            "patronymic",
            "sex",
            "birth_date",
            "kind",
            "position",
            "is_pedagogical",
            "subjects",
            "school_class",
            "employee_number",
            "teaching_started_on",
            "hired_on",
            "qualification_category",
            "partner_organization",
            "email",
            "phone",
        ]
        widgets = {
            "birth_date": DateInput(),
            "teaching_started_on": DateInput(),
            "hired_on": DateInput(),
        }

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school
        self.instance.school = school
        self.fields["partner_organization"].queryset = PartnerOrganization.objects.for_school(school)
        self.fields["is_pedagogical"].help_text = _(
            "Set from the position by the nomenclature of pedagogical positions (Government Decree of "
            "21.02.2022 No. 225) whenever the position changes; tick or untick it to override. "
            "Employees only: heads and other staff are not pedagogical workers unless marked."
        )
        # What the card said before this edit: the flag follows the position only when it changes.
        self.stored = (
            {
                "kind": self.instance.kind,
                "position": self.instance.position,
                "is_pedagogical": self.instance.is_pedagogical,
            }
            if self.instance.pk
            else None
        )
        if self.stored is None and "is_pedagogical" not in self.initial:
            self.initial["is_pedagogical"] = self.instance.pedagogical_by_position

    @property
    def pedagogical_choice(self) -> bool | None:
        """The checkbox as the user set it, if they changed it from what the card showed; else None."""
        if not hasattr(self, "cleaned_data") or "is_pedagogical" not in self.changed_data:
            return None
        return self.cleaned_data.get("is_pedagogical")

    def clean_employee_number(self):
        number = self.cleaned_data["employee_number"].strip()
        if number:
            taken = Person.objects.for_school(self.school).filter(employee_number=number).exclude(pk=self.instance.pk)
            if taken.exists():
                raise forms.ValidationError(
                    _("Employee number %(number)s already belongs to %(person)s."),
                    params={"number": number, "person": taken.first()},
                )
        return number

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == PersonKind.PUPIL and not data.get("school_class"):
            self.add_error("school_class", _("Give the pupil's class."))
        if kind == PersonKind.EXTERNAL and not data.get("partner_organization"):
            self.add_error("partner_organization", _("An external mentor comes from a partner organization."))
        birth, began, hired = data.get("birth_date"), data.get("teaching_started_on"), data.get("hired_on")
        if birth and began and began <= birth:
            self.add_error("teaching_started_on", _("Pedagogical work cannot begin before birth."))
        if birth and hired and hired <= birth:
            self.add_error("hired_on", _("The hiring date cannot precede the birth date."))
        if "is_pedagogical" in data:
            data["is_pedagogical"] = self._pedagogical(data)
        return data

    def _pedagogical(self, data) -> bool:
        """The flag to store: the user's change of the checkbox wins, else it follows a new position."""
        return pedagogical_after(
            kind=data.get("kind"),
            position=data.get("position") or "",
            before=self.stored,
            chosen=self.pedagogical_choice,
        )


class MentorProfileForm(forms.ModelForm):
    class Meta:
        model = MentorProfile
        fields = ["competence_areas", "max_mentees", "willingness", "questionnaire_notes"]
        widgets = {
            "competence_areas": forms.Textarea(attrs={"rows": 3}),
            "questionnaire_notes": forms.Textarea(attrs={"rows": 3}),
        }


class MenteeProfileForm(forms.ModelForm):
    categories = forms.MultipleChoiceField(
        label=_("Mentee categories"),
        choices=[(c.value, c.label) for c in CHOSEN_CATEGORIES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Young specialist, new at this school and practicum student are computed from the card."),
    )

    class Meta:
        model = MenteeProfile
        fields = ["categories", "requests", "strengths", "growth_direction"]
        widgets = {"requests": forms.Textarea(attrs={"rows": 3}), "strengths": forms.Textarea(attrs={"rows": 3})}


class DeficitForm(forms.ModelForm):
    class Meta:
        model = Deficit
        fields = ["description", "diagnosed_on", "method", "resolved_on"]
        widgets = {"diagnosed_on": DateInput(), "resolved_on": DateInput()}


class TrainingForm(forms.ModelForm):
    class Meta:
        model = MentorTraining
        fields = ["title", "provider", "hours", "completed_on"]
        widgets = {"completed_on": DateInput()}


class AwardForm(forms.ModelForm):
    class Meta:
        model = Award
        fields = ["kind", "title", "awarded_on"]
        widgets = {"awarded_on": DateInput()}


class ScanFormMixin:
    """The scan of a signed paper form: it is kept as a PDF that opens."""

    def clean_scan(self):
        """A PDF must parse, a photo becomes one (which also drops what the camera wrote into it,
        such as where it was taken)."""
        from documents.paper import scan_as_pdf

        upload = self.cleaned_data.get("scan")
        if not upload:
            return upload
        # The model's checks first, by name, size and first bytes: cheap, and their messages say what to upload.
        FileExtensionValidator(SCAN_EXTENSIONS)(upload)
        check_size(upload, max_mb("CONSENT_SCAN_MAX_MB"))
        validate_scan_content(upload)
        upload.seek(0)
        pdf, _pages = scan_as_pdf(upload)
        return ContentFile(pdf, name="scan.pdf")


def _consent_field(name: str, **kwargs):
    """The form field of a Consent model field, with its label and help."""
    return Consent._meta.get_field(name).formfield(**kwargs)


def _scan_field():
    field = _consent_field("scan", widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
    field.required = True
    field.help_text = _("The scan of the form the person signed, PDF, JPG or PNG, up to 10 MB")
    return field


class ConsentForm(ScanFormMixin, forms.Form):
    """Consents given on paper, one signed form: each ticked kind becomes a consent, and counts only
    with the scan of that form (the subject may instead sign the portal's form themself, see
    documents.signing.sign_as_party)."""

    kind = forms.MultipleChoiceField(
        label=_("Consents"),
        choices=ConsentKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every consent the signed form gives: each is recorded with the same date and scan."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_on"] = _consent_field("given_on", widget=DateInput())
        self.fields["valid_until"] = _consent_field("valid_until", widget=DateInput())
        self.fields["guardian_name"] = _consent_field("guardian_name")
        self.fields["scan"] = _scan_field()

    def clean(self):
        """The model's rules for each kind (a guardian's name, the term), told once on their fields."""
        data = super().clean()
        for kind in data.get("kind", []):
            consent = Consent(
                kind=kind,
                given_on=data.get("given_on"),
                valid_until=data.get("valid_until"),
                guardian_name=data.get("guardian_name", ""),
            )
            try:
                consent.clean()
            except forms.ValidationError as error:
                for name, messages in error.message_dict.items():
                    if name in self.fields and not self.has_error(name):
                        self.add_error(name, messages)
        return data


class ConsentsGivenForm(ScanFormMixin, forms.Form):
    """«Согласие получено» for the people ticked in the bank: the same kinds, date and scan (a stack of
    signed forms scanned into one PDF) for each. A guardian's consent names its guardian, so it is
    recorded on the person's card instead."""

    people = BoundedModelMultipleChoiceField(
        queryset=Person.objects.none(),
        error_messages={"required": _("Tick the people who gave the consent.")},
    )
    kind = forms.MultipleChoiceField(
        label=_("Consents"),
        choices=[(value, label) for value, label in ConsentKind.choices if value != ConsentKind.GUARDIAN],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = Person.objects.for_school(school)
        self.fields["given_on"] = _consent_field("given_on", widget=DateInput())
        self.fields["valid_until"] = _consent_field("valid_until", widget=DateInput())
        self.fields["scan"] = _scan_field()
        self.fields["scan"].help_text = _(
            "The signed forms of everyone ticked, scanned into one file: PDF, JPG or PNG, up to 10 MB"
        )

    def clean(self):
        data = super().clean()
        given, until = data.get("given_on"), data.get("valid_until")
        if given and until and until < given:
            self.add_error("valid_until", _("A consent cannot end before it was given."))
        return data


class DateForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput())
