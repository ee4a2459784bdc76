"""Who is told, and what one notification to one user is: shared by the daily reminders and the
events. Imports nothing of the apps that announce events, so they may import ``events``."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from accounts.roles import Role


@dataclass(frozen=True)
class Reminder:
    key: str
    user: object
    school: object
    kind: str
    title: str
    body: str = ""
    url: str = ""


def members(school, *roles: Role) -> list:
    """Active users holding any of ``roles`` in the school."""
    return list(
        get_user_model()
        .objects.filter(memberships__school=school, memberships__role__in=roles, is_active=True)
        .distinct()
        .order_by("pk")
    )


def municipal_members(municipality, *roles: Role) -> list:
    """Active users holding any of the municipal ``roles`` in the municipality."""
    return list(
        get_user_model()
        .objects.filter(memberships__municipality=municipality, memberships__role__in=roles, is_active=True)
        .distinct()
        .order_by("pk")
    )


def participant_users(mentorship, role=None) -> list:
    """Current mentors and mentees (or one ``role`` of them) of the mentorship who have an active
    user account."""
    found = {}
    for participant in mentorship.current_participants(role):
        user = participant.person.user
        if user is not None and user.is_active:
            found.setdefault(user.pk, user)
    return list(found.values())


def unique(users) -> list:
    found = {}
    for user in users:
        found.setdefault(user.pk, user)
    return list(found.values())


def in_school(school, users) -> list:
    """The users (``None`` skipped) who still hold a role in the school, each once."""
    from accounts.models import Membership

    users = {user.pk: user for user in users if user is not None}
    inside = set(Membership.objects.filter(school=school, user_id__in=users).values_list("user_id", flat=True))
    return [user for pk, user in users.items() if pk in inside]
