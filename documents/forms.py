import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.formfields import BoundedModelMultipleChoiceField
from documents.models import DocumentType
from documents.orders import (
    PENDING,
    extensions_without_order,
    mentorships_in_pending_orders,
    terminations_without_order,
)
from mentoring.models import Mentorship, Replacement, Status
from people.forms import DateInput
from people.models import Person
from programs.models import Program


class MentorshipChoice(BoundedModelMultipleChoiceField):
    def label_from_instance(self, mentorship):
        return (
            f"{mentorship} ({mentorship.form}, {mentorship.planned_start:%d.%m.%Y} – {mentorship.planned_end:%d.%m.%Y})"
        )


class PairsOrderForm(forms.Form):
    mentorships = MentorshipChoice(
        label=_("Pairs and groups"), queryset=Mentorship.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    basis = forms.CharField(label=_("Basis"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    order_type = DocumentType.ORDER_PAIRS
    status = Status.PROPOSED

    def __init__(self, *args, school, **kwargs):
        """Offers the pairs this order can move and no other pending order of its kind holds."""
        super().__init__(*args, **kwargs)
        self.fields["mentorships"].queryset = (
            self.candidates(school).prefetch_related("participants__person").select_related("form")
        )

    def candidates(self, school):
        found = (
            Mentorship.objects.for_school(school)
            .filter(status=self.status)
            .exclude(pk__in=mentorships_in_pending_orders(school, self.order_type))
        )
        if self.order_type == DocumentType.ORDER_PAIRS:  # a mentor from another school: that school's order first
            from mentoring.cross_school import awaiting_mentor_order

            found = found.exclude(pk__in=awaiting_mentor_order())
        return found


class CompletionOrderForm(PairsOrderForm):
    basis = None
    order_type = DocumentType.ORDER_COMPLETION
    status = Status.ACTIVE


class TerminationOrderForm(PairsOrderForm):
    basis = None
    order_type = DocumentType.ORDER_TERMINATION

    def candidates(self, school):
        return terminations_without_order(school)


class ExtensionOrderForm(PairsOrderForm):
    basis = None
    order_type = DocumentType.ORDER_EXTENSION

    def candidates(self, school):
        return extensions_without_order(school)


class ReplacementOrderForm(forms.Form):
    replacement = forms.ModelChoiceField(label=_("Replacement"), queryset=Replacement.objects.none())

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replacement"].queryset = (
            Replacement.objects.for_school(school)
            .filter(state=Replacement.State.AWAITING_ORDER)
            .exclude(documents__status__in=PENDING)
            .select_related("outgoing__person", "incoming")
        )


class PersonForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.for_school(school).current()


class CuratorOrderForm(PersonForm):
    academic_year = forms.CharField(label=_("Academic year"), max_length=9, initial=lambda: _academic_year())


def _academic_year() -> str:
    today = datetime.date.today()  # noqa: DTZ011 — only a suggestion in the form
    start = today.year if today.month >= 9 else today.year - 1
    return f"{start}/{start + 1}"


class AwardOrderForm(forms.Form):
    people = BoundedModelMultipleChoiceField(
        label=_("Mentors"), queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    award = forms.CharField(label=_("Award"), max_length=255, initial="Почётной грамотой")

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = Person.objects.for_school(school).current().mentors()


class CouncilOrderForm(forms.Form):
    chair = forms.ModelChoiceField(label=_("Chair of the council"), queryset=Person.objects.none())
    academic_year = forms.CharField(label=_("Academic year"), max_length=9, initial=lambda: _academic_year())

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = Person.objects.for_school(school).current()
        self.fields["chair"].help_text = _(
            "The other members are the people with the role «mentor council member» in the school."
        )


class RegulationOrderForm(forms.Form):
    regulation_date = forms.DateField(label=_("Date of the regulation"), widget=DateInput())
    roadmap_year = forms.CharField(
        label=_("Academic year of the roadmap"), max_length=9, initial=lambda: _academic_year()
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)


class ConsentForm(PersonForm):
    kind = forms.ChoiceField(
        label=_("Consent"),
        choices=[
            (DocumentType.CONSENT_PARTICIPATION, DocumentType.CONSENT_PARTICIPATION.label),
            (DocumentType.CONSENT_PERSONAL_DATA, DocumentType.CONSENT_PERSONAL_DATA.label),
            (DocumentType.CONSENT_GUARDIAN, DocumentType.CONSENT_GUARDIAN.label),
            (DocumentType.CONSENT_PUBLICATION, DocumentType.CONSENT_PUBLICATION.label),
            (DocumentType.CONSENT_MUNICIPAL, DocumentType.CONSENT_MUNICIPAL.label),
        ],
    )
    role = forms.ChoiceField(label=_("As"), choices=[("mentor", _("mentor")), ("mentee", _("mentee"))])
    guardian_name = forms.CharField(label=_("Legal guardian's full name"), required=False)
    guardian_address = forms.CharField(label=_("Legal guardian's registered address"), required=False)
    share_contacts = forms.BooleanField(
        label=_("Share the phone and e-mail too"),
        required=False,
        help_text=_("Only for the consent to share data with the municipality: the person agrees to be contacted"),
    )


class ContractSupplementForm(forms.Form):
    mentorship = forms.ModelChoiceField(label=_("Pair or group"), queryset=Mentorship.objects.none())
    monthly_pay = forms.DecimalField(
        label=_("Monthly extra pay, roubles"), min_value=1, max_digits=9, decimal_places=2, initial=3000
    )
    contract_number = forms.CharField(label=_("Employment contract No."), max_length=64)
    contract_date = forms.DateField(label=_("Employment contract date"), widget=DateInput())

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentorship"].queryset = (
            Mentorship.objects.for_school(school).open().prefetch_related("participants__person")
        )


class ProgramChoiceForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.none())

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.for_school(school)


class SignForm(forms.Form):
    password = forms.CharField(
        label=_("Your password, to sign"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class PartySignForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have read the document and sign it with my simple electronic signature"), required=True
    )
    password = forms.CharField(
        label=_("Your password, to sign"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("What to correct"), widget=forms.Textarea(attrs={"rows": 2}))


class ScanForm(forms.Form):
    scan = forms.FileField(
        label=_("Scan of the signed original"),
        help_text=_("PDF, or a photo of the pages (JPEG, PNG, TIFF); at most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.tif,.tiff"}),
    )
