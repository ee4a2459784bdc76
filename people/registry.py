"""Hooks the apps above ``people`` fill in, so the bank can ask without importing them.

``ACTIVE_MENTORSHIP_PROVIDERS`` holds callables ``(school, on) -> iterable of person ids``
of people who are mentees of a running mentorship; the mentoring app registers one
in its ``AppConfig.ready``. With none registered, nobody counts as mentored yet.
"""

ACTIVE_MENTORSHIP_PROVIDERS: list = []


def people_with_active_mentorship(school, on) -> set[int]:
    ids: set[int] = set()
    for provider in ACTIVE_MENTORSHIP_PROVIDERS:
        ids.update(provider(school, on))
    return ids


# A callable returning a query expression that counts a mentor's current mentees, for
# annotating Person querysets (the bank's «load» column and filter). Set by mentoring.
MENTOR_LOAD_EXPRESSION: list = []


def with_mentor_load(queryset):
    """Annotates ``load`` (0 while no provider is registered)."""
    from django.db.models import Value

    expression = MENTOR_LOAD_EXPRESSION[0]() if MENTOR_LOAD_EXPRESSION else Value(0)
    return queryset.annotate(load=expression)
