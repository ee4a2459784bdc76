"""What waits for the municipality's people: the coordinator's and the association's lists.

Each feature of issue 18 adds a function ``(user, municipality, roles, on) -> list[Task]`` to
``SOURCES`` (dotted paths, so this module imports none of them at load time); the municipality
page lists the tasks and the menu entry «Муниципалитет» sums them into its badge. Each function
asks only for the roles it concerns and costs at most two queries.
"""

from django.utils import timezone
from django.utils.module_loading import import_string

from accounts.memberships import municipal_roles_in

SOURCES: list[str] = []


def municipal_tasks(user, municipality, on=None) -> list:
    if municipality is None or not getattr(user, "is_authenticated", False):
        return []
    roles = municipal_roles_in(user, municipality)
    if not roles:
        return []
    on = on or timezone.localdate()
    found = []
    for source in SOURCES:
        found.extend(import_string(source)(user, municipality, roles, on))
    return found
