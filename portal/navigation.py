"""The main menu: each entry shows only to those allowed to open it."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.permissions import Action
from portal.todo import badge_counts, tasks_for


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    action: str
    needs_school: bool = True
    # Shown only to a region's coordinator: asking everyone else would cost Django's permission reads.
    needs_region: bool = False


MENU = [
    NavEntry(_("Home"), "home", Action.VIEW_DASHBOARD),
    NavEntry(_("Pairs and groups"), "mentoring:board", Action.VIEW_BOARD),
    NavEntry(_("My mentoring"), "mentoring:mine", Action.VIEW_OWN_MENTORSHIPS),
    NavEntry(_("Programs"), "programs:bank", Action.VIEW_PROGRAM_BANK),
    NavEntry(_("Bank"), "people:mentors", Action.VIEW_BANK),
    NavEntry(_("For signature"), "documents:inbox", Action.SIGN_DOCUMENTS),
    NavEntry(_("Documents"), "documents:registry", Action.VIEW_DOCUMENTS),
    NavEntry(_("Monitoring"), "monitoring:dashboard", Action.VIEW_MONITORING),
    NavEntry(_("Site"), "public_manage", Action.PREPARE_PUBLIC),
    NavEntry(_("Municipality"), "municipality", Action.VIEW_MUNICIPALITY, needs_school=False),
    NavEntry(_("Region"), "region:index", Action.VIEW_REGION, needs_school=False, needs_region=True),
]


def badge_label(count: int) -> str:
    return ngettext("%(count)s waits for your action", "%(count)s wait for your action", count) % {"count": count}


def menu_for(request) -> list[dict]:
    """The entries the user may open; each with ``badge``, the sum of the counts of the user's
    tasks (``portal.todo``) done there, and ``badge_label`` saying it in words."""
    badges = badge_counts(tasks_for(request))
    entries = []
    for entry in MENU:
        target = request.school if entry.needs_school else None
        if entry.needs_school and target is None:
            continue
        if entry.needs_region and getattr(request, "region", None) is None:
            continue
        if request.user.has_perm(entry.action, target):
            url = reverse(entry.url_name)
            badge = badges.get(entry.url_name, 0)
            entries.append(
                {
                    "label": entry.label,
                    "url": url,
                    "active": request.path == url,
                    "badge": badge,
                    "badge_label": badge_label(badge) if badge else "",
                }
            )
    return entries
