"""Filters of the municipal bank (the school bank's style, people/filters.py)."""

import django_filters
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import School
from municipal.bank import form_names, may_mentor_in_form
from people import experience
from people.models import MenteeCategory, MentorWillingness, QualificationCategory

MENTOR_ORDER = {
    "name": ("last_name", "first_name", "patronymic"),
    "school": ("school__short_name", "school__full_name", "last_name", "first_name"),
    # The longest experience first: the earliest start; no start date last.
    "experience": (F("teaching_started_on").asc(nulls_last=True), "last_name"),
    "free": (F("free").desc(), "last_name", "first_name"),
}
MENTEE_ORDER = {
    "name": ("last_name", "first_name", "patronymic"),
    "school": ("school__short_name", "school__full_name", "last_name", "first_name"),
}


class _MunicipalFilter(django_filters.FilterSet):
    school = django_filters.ModelChoiceFilter(
        label=_("School"), queryset=School.objects.none(), empty_label=_("All schools")
    )
    position = django_filters.CharFilter(label=_("Position"), field_name="position", lookup_expr="icontains")
    order = {}

    def __init__(self, data=None, *args, municipality, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.municipality = municipality
        self.filters["school"].queryset = School.objects.filter(municipality=municipality)

    def sort(self, queryset, name, value):
        return queryset.order_by(*self.order.get(value, self.order["name"]))


class MunicipalMentorFilter(_MunicipalFilter):
    subject = django_filters.CharFilter(label=_("Subject"), field_name="subjects", lookup_expr="icontains")
    min_experience = django_filters.NumberFilter(label=_("Experience from, years"), method="filter_min_experience")
    max_experience = django_filters.NumberFilter(label=_("Experience up to, years"), method="filter_max_experience")
    qualification = django_filters.ChoiceFilter(
        label=_("Qualification category"),
        field_name="qualification_category",
        choices=QualificationCategory.choices,
        empty_label=_("Any category"),
    )
    willingness = django_filters.ChoiceFilter(
        label=_("Willingness"),
        field_name="mentor_profile__willingness",
        choices=MentorWillingness.choices,
        empty_label=_("Any"),
    )
    free = django_filters.BooleanFilter(
        label=_("Has free places"),
        method="filter_free",
        widget=django_filters.widgets.BooleanWidget(),
    )
    form = django_filters.ChoiceFilter(label=_("Form of mentoring"), method="filter_form", empty_label=_("Any form"))
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[
            ("name", _("full name")),
            ("school", _("school")),
            ("experience", _("longest experience first")),
            ("free", _("most free places first")),
        ],
        method="sort",
        empty_label=None,
    )
    order = MENTOR_ORDER

    def __init__(self, data=None, *args, municipality, **kwargs):
        super().__init__(data, *args, municipality=municipality, **kwargs)
        self.filters["form"].extra["choices"] = [(name, name) for name in form_names(municipality)]

    def filter_min_experience(self, queryset, name, value):
        cutoff = experience.years_ago(timezone.localdate(), int(value))
        return queryset.filter(teaching_started_on__lte=cutoff)

    def filter_max_experience(self, queryset, name, value):
        # Fewer than value + 1 full years: started after the day value + 1 years ago.
        cutoff = experience.years_ago(timezone.localdate(), int(value) + 1)
        return queryset.filter(teaching_started_on__gt=cutoff)

    def filter_free(self, queryset, name, value):
        if value:
            return queryset.filter(load__lt=F("mentor_profile__max_mentees"))
        return queryset.filter(load__gte=F("mentor_profile__max_mentees"))

    def filter_form(self, queryset, name, value):
        return queryset.filter(may_mentor_in_form(self.municipality, value))


class MunicipalMenteeFilter(_MunicipalFilter):
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=MenteeCategory.choices, method="filter_category", empty_label=_("Any category")
    )
    deficit = django_filters.CharFilter(label=_("Deficit"), method="filter_deficit")
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[("name", _("full name")), ("school", _("school"))],
        method="sort",
        empty_label=None,
    )
    order = MENTEE_ORDER

    def filter_category(self, queryset, name, value):
        return queryset.with_category(value)

    def filter_deficit(self, queryset, name, value):
        return queryset.filter(deficits__description__icontains=value, deficits__resolved_on__isnull=True).distinct()
