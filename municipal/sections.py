"""The municipality's pages, linked from its home page to those allowed to open them.

Each feature of issue 18 adds its entry: (label, url name, the action on the municipality).
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.permissions import Action


@dataclass(frozen=True)
class Section:
    label: str | Promise
    url_name: str
    action: str


SECTIONS: list[Section] = [
    Section(_("Municipal bank of mentors"), "municipal:bank_mentors", Action.VIEW_MUNICIPAL_BANK),
    Section(_("Municipal bases"), "municipal:bases", Action.EXPORT_MUNICIPAL_BASES),
    Section(_("Pairs across schools"), "municipal:cross_pairs", Action.PROPOSE_CROSS_PAIR),
    Section(_("Best practices of the schools"), "municipal:practices", Action.VIEW_MUNICIPAL_PRACTICES),
    Section(_("Analytical report"), "municipal:report", Action.VIEW_MUNICIPAL_REPORT),
    Section(_("Roadmaps of the schools"), "municipal:roadmaps", Action.VIEW_MUNICIPAL_ROADMAPS),
    Section(_("Methodical association"), "association:index", Action.VIEW_ASSOCIATION),
]


def sections_for(request) -> list[dict]:
    municipality = getattr(request, "municipality", None)
    if municipality is None:
        return []
    return [
        {"label": s.label, "url": reverse(s.url_name)}
        for s in SECTIONS
        if request.user.has_perm(s.action, municipality)
    ]
