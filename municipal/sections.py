"""The municipality's pages, linked from its home page to those allowed to open them.

Each feature of issue 18 adds its entry: (label, url name, the action on the municipality).
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _  # noqa: F401  -- the entries' labels


@dataclass(frozen=True)
class Section:
    label: str | Promise
    url_name: str
    action: str


SECTIONS: list[Section] = []


def sections_for(request) -> list[dict]:
    municipality = getattr(request, "municipality", None)
    if municipality is None:
        return []
    return [
        {"label": s.label, "url": reverse(s.url_name)}
        for s in SECTIONS
        if request.user.has_perm(s.action, municipality)
    ]
