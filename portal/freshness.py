"""The to-do lists kept in the shared cache between changes (issue 19).

Counting a user's to-do list takes one query, but building that query of some thirty subqueries
costs the ORM tens of milliseconds, on every page (the menu's badges). The list is therefore kept
in the cache (Redis, or the database's cache table: never a process's memory) under a key that
holds the school's *generation*, and every change to the school's data moves the generation on,
so the next page counts again:

- every form a signed-in user sends (any method but GET, HEAD, OPTIONS), for the request's
  school; for a user of a municipality or a region, whose action may concern any school, for
  every school;
- every row saved or deleted outside such a request (Celery, commands, an answer by a survey
  link) or in another school than the request's (a pair across schools), through
  ``post_save``/``post_delete``, for the row's school (``school_of``);
- a new day, a new language, other roles: they are in the key.

Changes no signal announces (``QuerySet.update()`` outside a request) are seen after ``TTL``.
"""

import contextvars
import time

from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils.translation import get_language

TTL = 60  # seconds: the longest a change no signal announces stays unseen
EVERY_SCHOOL = "all"
_KEY = "todo:generation:{}"
# Rows written on every page or login that never change what waits for anyone.
IGNORED_APPS = frozenset({"audit", "sessions", "axes", "admin", "contenttypes", "django_celery_results"})

_request_school = contextvars.ContextVar("request_school", default=None)


def _generations(school_id) -> tuple:
    """The generations of every school and of this one. One the cache no longer holds (evicted, or
    never set) starts anew at the present moment, never at a value an older list was kept under."""
    keys = [_KEY.format(EVERY_SCHOOL), _KEY.format(school_id)]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, time.time_ns(), None)  # another process may have started it first
        found.update(cache.get_many(missing))
    return tuple(found.get(key, 0) for key in keys)


def _move_on(school_id) -> None:
    cache.set(_KEY.format(school_id), time.time_ns(), None)


def school_changed(school_id=EVERY_SCHOOL) -> None:
    """The school's to-do lists are counted again on the next page, and again after the commit
    (a page counted between the change and its commit would otherwise keep the old counts)."""
    _move_on(school_id)
    transaction.on_commit(lambda: _move_on(school_id))


def generation(school) -> str:
    """A token that changes with every change to the school's data: a cache key holding it is
    never read again once the school changed."""
    return "-".join(str(g) for g in _generations(school.pk))


def remembered(name: str, school, parts, compute):
    """``compute()``, from the cache when nothing changed in the school since it was computed;
    ``parts``: whatever else the result depends on (a user, roles, a day, a year)."""
    key = ":".join(["fresh", name, str(school.pk), *(str(part) for part in parts), get_language(), generation(school)])
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TTL)
    return value


def cached_tasks(user, school, roles, on, count):
    """``count()``'s list, from the cache when nothing changed in the school since it was counted."""
    roles_key = ",".join(sorted(str(role) for role in roles))
    return remembered("todo", school, [user.pk, roles_key, on.isoformat()], count)


def school_of(instance):
    """The school whose to-do lists a saved row may change: by its ``school_path``; a school's own
    row and a membership by their school; None for rows of no school (a user, a municipality's own
    rows); EVERY_SCHOOL when the way to the school is gone (deleted with its parent)."""
    model = type(instance)
    path = getattr(model, "school_path", None)
    if not path:
        if model._meta.label == "accounts.School":
            return instance.pk
        return getattr(instance, "school_id", None)
    *hops, last = path.split("__")
    target = instance
    try:
        for hop in hops:
            target = getattr(target, hop, None)
            if target is None:
                return EVERY_SCHOOL
    except ObjectDoesNotExist:
        return EVERY_SCHOOL
    return getattr(target, f"{last}_id", None) or EVERY_SCHOOL


def row_changed(sender, instance, **kwargs) -> None:
    if sender._meta.app_label in IGNORED_APPS or kwargs.get("raw"):
        return
    request_school = _request_school.get()
    # The request's own school moves on when the request ends (ChangesMiddleware); a row of
    # another school, with a school of its own, moves that school on now.
    if request_school is not None and (
        getattr(sender, "school_path", None) != "school" or instance.school_id == request_school
    ):
        return
    school = school_of(instance)
    if school is not None:
        school_changed(school)


class ChangesMiddleware:
    """Moves the school's generation on after every form sent to it (see the module's text)."""

    SAFE = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in self.SAFE or not request.user.is_authenticated:
            return self.get_response(request)  # an answer by a survey link: its rows name their school
        school = getattr(request, "school", None)
        token = _request_school.set(school.pk if school is not None else EVERY_SCHOOL)
        try:
            return self.get_response(request)
        finally:
            _request_school.reset(token)
            wide = getattr(request, "municipality", None) is not None or getattr(request, "region", None) is not None
            school_changed(EVERY_SCHOOL if school is None or wide else school.pk)
