from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from accounts.permissions import Action
from accounts.scoping import SchoolScopedMixin
from audit.filters import AuditEventFilter
from audit.models import AuditEvent


class AuditLogView(SchoolScopedMixin, PermissionRequiredMixin, FilterView):
    """The director reads who viewed or changed personal data, and when."""

    model = AuditEvent
    filterset_class = AuditEventFilter
    permission_required = Action.VIEW_AUDIT_LOG
    template_name = "audit/log.html"
    paginate_by = 100
    raise_exception = True

    def get_permission_object(self):
        return self.request.school

    def get_queryset(self):
        return super().get_queryset().select_related("actor")
