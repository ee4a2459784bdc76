"""What waits for the municipality's people: the coordinator's and the association's lists.

Each feature of issue 18 adds to ``SOURCES`` a pair of dotted paths (so this module imports none
of them at load time): ``counts(user, municipality, roles, on) -> {name: expression}``, whose
expressions are read together in one query on the municipality's row (an empty dict for roles
they do not concern), and ``tasks(user, municipality, roles, values) -> list[Task]``. The
municipality page lists the tasks and the menu entry «Муниципалитет» sums them into its badge.
"""

from django.utils import timezone
from django.utils.module_loading import import_string

from accounts.memberships import municipal_roles_in
from accounts.models import Municipality

SOURCES: list[tuple[str, str]] = [
    ("monitoring.roadmap_approval.coordinator_counts", "monitoring.roadmap_approval.coordinator_tasks"),
    ("association.todo.municipal_counts", "association.todo.municipal_tasks"),
    ("mentoring.cross_school.coordinator_counts", "mentoring.cross_school.coordinator_tasks"),
]


def municipal_tasks(user, municipality, on=None) -> list:
    if municipality is None or not getattr(user, "is_authenticated", False):
        return []
    roles = municipal_roles_in(user, municipality)
    if not roles:
        return []
    on = on or timezone.localdate()
    sources = [(import_string(counts), import_string(tasks)) for counts, tasks in SOURCES]
    expressions = {}
    for counts, _tasks in sources:
        expressions.update(counts(user, municipality, roles, on))
    values = Municipality.objects.filter(pk=municipality.pk).values(**expressions).get() if expressions else {}
    found = []
    for _counts, tasks in sources:
        found.extend(tasks(user, municipality, roles, values))
    return found
