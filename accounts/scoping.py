"""The one mechanism that scopes school data to the current school (and municipal data to the
current municipality).

Every model holding a school's data either has a ``school`` foreign key
(inherit :class:`SchoolOwned`) or names the path to it in ``school_path`` and
uses :class:`SchoolScopedQuerySet`. Views read through :class:`SchoolScopedMixin`
or :func:`get_for_school`; neither can return another school's row, so a view
cannot forget the scope. ``tests/test_school_isolation.py`` walks every URL that
takes an object id and proves it.

The municipality's own rows (its association, its report, the pairs across its schools) name
the way to their municipality in ``municipality_path`` and use :class:`MunicipalityScopedQuerySet`;
views read them through :func:`get_for_municipality`, so another municipality's coordinator
gets a 404.
"""

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _


class SchoolScopedQuerySet(models.QuerySet):
    def for_school(self, school):
        if school is None:
            return self.none()
        return self.filter(**{self.model.school_path: school})


SchoolScopedManager = models.Manager.from_queryset(SchoolScopedQuerySet)


class SchoolOwned(models.Model):
    school_path = "school"

    school = models.ForeignKey(
        "accounts.School",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_set",
        related_query_name="%(app_label)s_%(class)s",
    )

    objects = SchoolScopedManager()

    class Meta:
        abstract = True


class MunicipalityScopedQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        if municipality is None:
            return self.none()
        return self.filter(**{self.model.municipality_path: municipality})


class SchoolAndMunicipalityScopedQuerySet(SchoolScopedQuerySet, MunicipalityScopedQuerySet):
    """A school's row its municipality also reads (a roadmap sent for approval, a recommendation)."""


def require_municipality(request, action: str):
    """The request's municipality, if the user may do ``action`` there; otherwise 403."""
    from django.core.exceptions import PermissionDenied

    municipality = getattr(request, "municipality", None)
    if municipality is None or not request.user.has_perm(action, municipality):
        raise PermissionDenied
    return municipality


def get_for_municipality(request, model_or_queryset, **lookup):
    """Fetch one row of the request's current municipality, or raise 404."""
    municipality = getattr(request, "municipality", None)
    if municipality is None:
        raise Http404
    queryset = model_or_queryset if isinstance(model_or_queryset, models.QuerySet) else model_or_queryset.objects.all()
    return get_object_or_404(queryset.for_municipality(municipality), **lookup)


def school_of(obj):
    """The school an object belongs to, following its model's ``school_path``."""
    from accounts.models import School

    if obj is None or isinstance(obj, School):
        return obj
    target = obj
    for attr in type(obj).school_path.split("__"):
        target = getattr(target, attr)
    return target


def scoped(model_or_queryset, school):
    queryset = model_or_queryset if isinstance(model_or_queryset, models.QuerySet) else model_or_queryset.objects.all()
    return queryset.for_school(school)


def get_for_school(request, model_or_queryset, **lookup):
    """Fetch one object of the request's current school, or raise 404."""
    if getattr(request, "school", None) is None:
        raise Http404
    return get_object_or_404(scoped(model_or_queryset, request.school), **lookup)


class SchoolScopedMixin:
    """For class-based views: restricts ``get_queryset`` to the current school."""

    def get_queryset(self):
        if getattr(self.request, "school", None) is None:
            raise Http404
        return scoped(super().get_queryset(), self.request.school)
