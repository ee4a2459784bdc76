"""Drafts of pairs saved by members of the mentor council (002 §IV.5: the council helps form pairs).

A council member who does not form pairs (not the curator nor the director) saves drafts only;
the curator checks them and proposes them for the order. Such a draft is recognised by its author's
roles, so nothing is stored besides ``Mentorship.created_by``.
"""

from django.db.models import Exists, OuterRef

from accounts.models import Membership
from accounts.roles import Role
from mentoring.models import Mentorship, Status
from notifications import events

FORMS_PAIRS = (Role.CURATOR, Role.DIRECTOR)


def _council_authored(school):
    roles = Membership.objects.filter(user=OuterRef("created_by"), school=school)
    return Exists(roles.filter(role=Role.COUNCIL_MEMBER)) & ~Exists(roles.filter(role__in=FORMS_PAIRS))


def council_drafts(school):
    """The school's drafts saved by council members, waiting for the curator."""
    return Mentorship.objects.for_school(school).filter(status=Status.DRAFT).filter(_council_authored(school))


def council_author(mentorship: Mentorship):
    """The council member who saved this draft, or None (the draft is the curator's, or no longer a draft)."""
    if mentorship.status != Status.DRAFT or mentorship.created_by_id is None:
        return None
    found = Mentorship.objects.filter(pk=mentorship.pk).filter(_council_authored(mentorship.school_id)).exists()
    return mentorship.created_by if found else None


def drafted_by_council(mentorship: Mentorship, *, by) -> None:
    """Tells the curators that a council member saved a draft for them to check and propose."""
    if council_author(mentorship) is not None:
        events.announce("pair_proposed", mentorship_id=mentorship.pk, by_id=by.pk)
