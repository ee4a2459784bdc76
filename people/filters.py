import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import Person, PersonKind


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PersonKind.choices, empty_label=_("Any kind"))
    archived = django_filters.BooleanFilter(label=_("Archived"), method="filter_archived")

    class Meta:
        model = Person
        fields = ["q", "kind", "archived"]

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

    def filter_archived(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.archived(today) if value else queryset.current(today)
