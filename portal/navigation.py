"""The main menu: each entry shows only to those allowed to open it."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.permissions import Action


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    action: str
    needs_school: bool = True


MENU = [
    NavEntry(_("Home"), "home", Action.VIEW_DASHBOARD),
    NavEntry(_("Pairs and groups"), "mentoring:board", Action.VIEW_BOARD),
    NavEntry(_("My mentoring"), "mentoring:mine", Action.VIEW_OWN_MENTORSHIPS),
    NavEntry(_("Programs"), "programs:bank", Action.VIEW_PROGRAM_BANK),
    NavEntry(_("Bank"), "people:mentors", Action.VIEW_BANK),
    NavEntry(_("For signature"), "documents:inbox", Action.SIGN_DOCUMENTS),
    NavEntry(_("Documents"), "documents:registry", Action.VIEW_DOCUMENTS),
    NavEntry(_("Monitoring"), "monitoring:dashboard", Action.VIEW_MONITORING),
    NavEntry(_("Site"), "public_manage", Action.EDIT_PUBLIC),
    NavEntry(_("Municipality"), "municipality", Action.VIEW_MUNICIPALITY, needs_school=False),
]


def menu_for(request) -> list[dict]:
    entries = []
    for entry in MENU:
        target = request.school if entry.needs_school else None
        if entry.needs_school and target is None:
            continue
        if request.user.has_perm(entry.action, target):
            url = reverse(entry.url_name)
            entries.append({"label": entry.label, "url": url, "active": request.path == url})
    return entries
