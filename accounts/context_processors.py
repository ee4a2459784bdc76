from accounts.memberships import schools_of
from accounts.permissions import Action


def school_and_roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    school = getattr(request, "school", None)
    return {
        "current_school": school,
        "current_roles": getattr(request, "roles", frozenset()),
        "user_schools": schools_of(user),
        "may_unlock_logins": school is not None and user.has_perm(Action.UNLOCK_LOGIN, school),
    }
