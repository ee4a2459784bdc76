"""The municipal bank of best practices: what the municipality's schools published, with search."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from accounts.permissions import Action
from municipal import practices


def municipality_for(request):
    """The coordinator's or the association's municipality, or the current school's for its people."""
    if request.municipality is not None and request.user.has_perm(
        Action.VIEW_MUNICIPAL_PRACTICES, request.municipality
    ):
        return request.municipality
    school = request.school
    if (
        school is not None
        and school.municipality_id is not None
        and request.user.has_perm(Action.VIEW_MUNICIPAL_PRACTICES, school.municipality)
    ):
        return school.municipality
    raise PermissionDenied


def practice_bank(request):
    municipality = municipality_for(request)
    schools = practices.schools_of(municipality)
    everything = practices.bank(municipality, schools)
    query = practices.Query.from_params(request.GET)
    found = practices.search(everything, query)
    return render(
        request,
        "municipal/practices.html",
        {
            "municipality": municipality,
            "practices": found,
            "total": len(everything),
            "query": query,
            **practices.choices(everything, schools),
        },
    )
