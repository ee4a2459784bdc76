import django_filters
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people import experience
from people.consents import filter_by_consent_state
from people.models import MenteeCategory, MentorWillingness, Person, PersonKind, QualificationCategory

CONSENT_STATES = [
    ("complete", _("all required consents in force")),
    ("missing", _("a required consent is missing")),
    ("withdrawn", _("a consent was withdrawn")),
]


PEDAGOGICAL_CHOICES = [("yes", _("yes")), ("no", _("no"))]


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PersonKind.choices, empty_label=_("Any kind"))
    pedagogical = django_filters.ChoiceFilter(
        label=_("Pedagogical worker"),
        choices=PEDAGOGICAL_CHOICES,
        method="filter_pedagogical",
        empty_label=_("all"),
    )
    subject = django_filters.CharFilter(label=_("Subject"), field_name="subjects", lookup_expr="icontains")
    archived = django_filters.BooleanFilter(label=_("Archived"), method="filter_archived")

    class Meta:
        model = Person
        fields = ["q", "kind", "pedagogical", "subject", "archived"]

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(last_name__icontains=word)
                | Q(first_name__icontains=word)
                | Q(patronymic__icontains=word)
                | Q(position__icontains=word)
                | Q(subjects__icontains=word)
                | Q(employee_number__iexact=word)
            )
        return queryset

    def filter_pedagogical(self, queryset, name, value):
        return queryset.filter(is_pedagogical=value == "yes")

    def filter_archived(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.archived(today) if value else queryset.current(today)


class MentorFilter(PersonFilter):
    as_mentor = True
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
    min_experience = django_filters.NumberFilter(label=_("Experience from, years"), method="filter_min_experience")
    load = django_filters.ChoiceFilter(
        label=_("Load"),
        choices=[("free", _("has free places")), ("full", _("at or over own maximum"))],
        method="filter_load",
        empty_label=_("Any"),
    )
    consent = django_filters.ChoiceFilter(
        label=_("Consents"), choices=CONSENT_STATES, method="filter_consent", empty_label=_("Any")
    )

    class Meta(PersonFilter.Meta):
        fields = [
            "q",
            "kind",
            "pedagogical",
            "subject",
            "qualification",
            "willingness",
            "min_experience",
            "load",
            "consent",
            "archived",
        ]

    def filter_min_experience(self, queryset, name, value):
        cutoff = experience.years_ago(timezone.localdate(), int(value))
        return queryset.filter(teaching_started_on__lte=cutoff)

    def filter_consent(self, queryset, name, value):
        return filter_by_consent_state(queryset, value, as_mentor=self.as_mentor)

    def filter_load(self, queryset, name, value):
        if value == "free":
            return queryset.filter(load__lt=F("mentor_profile__max_mentees"))
        return queryset.filter(load__gte=F("mentor_profile__max_mentees"))


class MenteeFilter(PersonFilter):
    as_mentor = False
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=MenteeCategory.choices, method="filter_category", empty_label=_("Any category")
    )
    consent = django_filters.ChoiceFilter(
        label=_("Consents"), choices=CONSENT_STATES, method="filter_consent", empty_label=_("Any")
    )

    class Meta(PersonFilter.Meta):
        fields = ["q", "kind", "pedagogical", "subject", "category", "consent", "archived"]

    def filter_category(self, queryset, name, value):
        return queryset.with_category(value)

    def filter_consent(self, queryset, name, value):
        return filter_by_consent_state(queryset, value, as_mentor=self.as_mentor)
