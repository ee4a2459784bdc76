from django.views.generic import DetailView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from accounts.permissions import Action
from accounts.scoping import SchoolScopedMixin
from people.filters import PersonFilter
from people.models import Person


class BankView(SchoolScopedMixin, PermissionRequiredMixin, FilterView):
    model = Person
    filterset_class = PersonFilter
    permission_required = Action.VIEW_BANK
    template_name = "people/bank.html"
    paginate_by = 50
    raise_exception = True

    def get_permission_object(self):
        return self.request.school

    def get_queryset(self):
        return super().get_queryset().select_related("partner_organization")


class PersonDetailView(SchoolScopedMixin, PermissionRequiredMixin, DetailView):
    model = Person
    permission_required = Action.VIEW_PERSON
    template_name = "people/person_detail.html"
    raise_exception = True

    def get_queryset(self):
        return super().get_queryset().select_related("partner_organization", "user")
