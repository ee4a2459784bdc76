"""Forms of the documents' settings page: the school's requisites, numbering, the wording of documents."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.template import Engine
from django.template.loader_tags import ExtendsNode, IncludeNode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.models import School
from documents.drafting import STANDARD_LEGAL_BASIS
from documents.models import DocumentSettings

INN_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
MAX_TEMPLATE_LENGTH = 200_000


def inn_is_valid(inn: str) -> bool:
    """An organisation's ИНН: 10 digits, the last one a checksum of the first nine."""
    if not re.fullmatch(r"\d{10}", inn):
        return False
    check = sum(int(digit) * weight for digit, weight in zip(inn, INN_WEIGHTS, strict=False)) % 11 % 10
    return check == int(inn[9])


def ogrn_is_valid(ogrn: str) -> bool:
    """ОГРН: 13 digits, the last one the remainder of the first twelve divided by 11 (its last digit)."""
    if not re.fullmatch(r"\d{13}", ogrn):
        return False
    return int(ogrn[:12]) % 11 % 10 == int(ogrn[12])


class SchoolRequisitesForm(forms.ModelForm):
    """The requisites every document prints: names, address, ИНН, ОГРН, site, the director."""

    website = forms.URLField(
        label=capfirst(School._meta.get_field("website").verbose_name),
        required=False,
        max_length=200,
        assume_scheme="https",
    )

    class Meta:
        model = School
        fields = [
            "full_name",
            "short_name",
            "address",
            "inn",
            "ogrn",
            "website",
            "director_name",
            "director_position",
        ]
        help_texts = {
            "full_name": _("As in the charter: it heads every document."),
            "short_name": _("As in the charter, for example «МБОУ «СОШ № 2»»."),
            "director_name": _("Surname, first name and patronymic: «Соколова Ирина Владимировна»."),
            "director_position": _("As it stands under a signature: «Директор», «И.о. директора»."),
        }
        widgets = {"full_name": forms.Textarea(attrs={"rows": 2})}

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_short_name(self):
        return " ".join(self.cleaned_data["short_name"].split())

    def clean_inn(self):
        inn = self.cleaned_data["inn"].strip()
        if not inn:
            return inn
        if not re.fullmatch(r"\d{10}", inn):
            raise ValidationError(_("An organisation's INN is 10 digits."))
        if not inn_is_valid(inn):
            raise ValidationError(_("The INN's check digit does not match: check the number."))
        return inn

    def clean_ogrn(self):
        ogrn = self.cleaned_data["ogrn"].strip()
        if not ogrn:
            return ogrn
        if not re.fullmatch(r"\d{13}", ogrn):
            raise ValidationError(_("An organisation's OGRN is 13 digits."))
        if not ogrn_is_valid(ogrn):
            raise ValidationError(_("The OGRN's check digit does not match: check the number."))
        return ogrn

    def clean_director_name(self):
        name = " ".join(self.cleaned_data["director_name"].split())
        if name and len(name.split()) < 2:
            raise ValidationError(_("Write the director's surname, first name and patronymic."))
        return name

    def clean_director_position(self):
        return " ".join(self.cleaned_data["director_position"].split())


class DocumentSettingsForm(forms.ModelForm):
    class Meta:
        model = DocumentSettings
        fields = [
            "signing_mode",
            "contest_days",
            "place",
            "number_prefix",
            "agreement_prefix",
            "consent_prefix",
            "internal_prefix",
            "legal_basis",
        ]
        labels = {"legal_basis": _("Legal basis of orders on mentoring")}
        help_texts = {
            "legal_basis": _(
                "One act per line, in the instrumental case as it follows «В соответствии с». "
                "Empty: the standard list shown in the field."
            ),
        }
        widgets = {"legal_basis": forms.Textarea(attrs={"rows": 6}), "signing_mode": forms.RadioSelect}

    def __init__(self, *args, may_choose_signing: bool = False, **kwargs):
        """How the director signs is the director's own choice: shown to the curator, not editable."""
        super().__init__(*args, **kwargs)
        self.fields["legal_basis"].widget.attrs["placeholder"] = "\n".join(STANDARD_LEGAL_BASIS)
        self.fields["contest_days"].validators.append(MaxValueValidator(30))
        self.fields["contest_days"].widget.attrs["max"] = 30
        if not may_choose_signing:
            for name in ("signing_mode", "contest_days"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Only the director changes how documents are signed.")

    def clean_legal_basis(self):
        lines = [line.strip() for line in self.cleaned_data["legal_basis"].splitlines()]
        return "\n".join(line for line in lines if line)


def _named_templates_are_documents(template) -> None:
    """A school's template may extend or include the portal's document templates only."""
    for node in template.nodelist.get_nodes_by_type((ExtendsNode, IncludeNode)):
        expression = node.parent_name if isinstance(node, ExtendsNode) else node.template
        name = getattr(expression, "var", None)
        if not isinstance(name, str) or not name.startswith("documents/"):
            raise ValidationError(
                _("A document template may extend or include only the portal's document templates «documents/…».")
            )


class TemplateForm(forms.Form):
    """The wording of one document type or appendix: a Django template, checked before it is saved."""

    html = forms.CharField(
        label=_("Template"),
        widget=forms.Textarea(attrs={"rows": 30, "class": "font-monospace", "spellcheck": "false"}),
        max_length=MAX_TEMPLATE_LENGTH,
        strip=False,
        help_text=_(
            "A Django template: the text between the tags is printed as written, {{ … }} inserts the "
            "school's data. Keep the first line {% extends … %}."
        ),
    )

    def __init__(self, *args, check=None, **kwargs):
        """``check(html)`` renders the template with a sample context; it raises what goes wrong."""
        super().__init__(*args, **kwargs)
        self.check = check

    def clean_html(self):
        html = self.cleaned_data["html"]
        if not html.strip():
            raise ValidationError(_("The template is empty."))
        try:
            template = Engine.get_default().from_string(html)
        except Exception as error:  # noqa: BLE001 — any compile error is the user's to fix, shown in words
            raise ValidationError(_("The template does not compile: %(error)s") % {"error": error}) from None
        _named_templates_are_documents(template)
        if self.check is not None:
            try:
                self.check(html)
            except Exception as error:  # noqa: BLE001 — a template that fails with sample data is refused
                raise ValidationError(
                    _("The template fails when filled with the school's data: %(error)s") % {"error": error}
                ) from None
        return html
