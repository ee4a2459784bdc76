"""The school's own catalogs: forms of mentoring, their role models, modes, the load cap."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import Action
from accounts.scoping import get_for_school
from mentoring.models import MentoringForm, MentoringSettings, Mode, RoleModel
from people.models import PersonKind


class FormOfMentoringForm(forms.ModelForm):
    mentor_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Who may be a mentor"), choices=PersonKind.choices, widget=forms.CheckboxSelectMultiple
    )
    mentee_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Who may be a mentee"), choices=PersonKind.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = MentoringForm
        fields = ["name", "mentor_kinds", "mentee_kinds", "is_active", "position"]

    def _get_validation_exclusions(self):
        # The school is set on the instance, not typed; «one name per school» must still be checked.
        return super()._get_validation_exclusions() - {"school"}


class RoleModelForm(forms.ModelForm):
    class Meta:
        model = RoleModel
        fields = ["form", "name"]


class ModeForm(forms.ModelForm):
    class Meta:
        model = Mode
        fields = ["name"]


class SettingsForm(forms.ModelForm):
    class Meta:
        model = MentoringSettings
        fields = ["mentor_hard_cap"]


def _require(request):
    if request.school is None or not request.user.has_perm(Action.EDIT_CATALOG, request.school):
        raise PermissionDenied


def catalog(request):
    _require(request)
    school = request.school
    settings_obj, _created = MentoringSettings.objects.get_or_create(school=school)
    bound = {"form": None, "role_model": None, "mode": None, "settings": None}
    if request.method == "POST":
        kind = request.POST.get("catalog")
        if kind in bound:
            bound[kind] = request.POST
    form_form = FormOfMentoringForm(bound["form"], instance=MentoringForm(school=school), prefix="form")
    role_form = RoleModelForm(bound["role_model"], instance=RoleModel(school=school), prefix="role")
    role_form.fields["form"].queryset = MentoringForm.objects.for_school(school)
    mode_form = ModeForm(bound["mode"], instance=Mode(school=school), prefix="mode")
    settings_form = SettingsForm(bound["settings"], instance=settings_obj, prefix="settings")
    for submitted in (form_form, role_form, mode_form, settings_form):
        if submitted.is_bound and submitted.is_valid():
            submitted.save()
            messages.success(request, _("The catalog is saved."))
            return redirect("mentoring:catalog")
    return render(
        request,
        "mentoring/catalog.html",
        {
            "forms": MentoringForm.objects.for_school(school).prefetch_related("role_models"),
            "modes": Mode.objects.for_school(school),
            "form_form": form_form,
            "role_form": role_form,
            "mode_form": mode_form,
            "settings_form": settings_form,
        },
    )


def form_edit(request, pk):
    _require(request)
    item = get_for_school(request, MentoringForm, pk=pk)
    edit = FormOfMentoringForm(request.POST or None, instance=item)
    if request.method == "POST" and edit.is_valid():
        edit.save()
        messages.success(request, _("The catalog is saved."))
        return redirect("mentoring:catalog")
    return render(request, "mentoring/form.html", {"form": edit, "title": item.name, "submit": _("Save")})
