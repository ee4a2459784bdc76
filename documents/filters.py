import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from documents.models import Document, DocumentStatus, DocumentType


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Number or title"), method="search")
    type = django_filters.ChoiceFilter(label=_("Type"), choices=DocumentType.choices, empty_label=_("Any type"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=DocumentStatus.choices, empty_label=_("Any status"))
    year = django_filters.NumberFilter(label=_("Year"))

    class Meta:
        model = Document
        fields = ["q", "type", "status", "year"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(number__icontains=value) | Q(title__icontains=value))
