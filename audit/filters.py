import django_filters
from django.utils.translation import gettext_lazy as _

from audit.models import AuditAction, AuditEvent


class AuditEventFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(label=_("Action"), choices=AuditAction.choices, empty_label=_("Any"))
    object_repr = django_filters.CharFilter(label=_("Object"), lookup_expr="icontains")
    actor = django_filters.CharFilter(label=_("Who"), field_name="actor__last_name", lookup_expr="icontains")
    since = django_filters.DateFilter(label=_("From"), field_name="at", lookup_expr="date__gte")
    until = django_filters.DateFilter(label=_("To"), field_name="at", lookup_expr="date__lte")

    class Meta:
        model = AuditEvent
        fields = ["action", "object_repr", "actor", "since", "until"]
