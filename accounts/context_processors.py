from accounts.memberships import schools_of


def school_and_roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "current_school": getattr(request, "school", None),
        "current_roles": getattr(request, "roles", frozenset()),
        "user_schools": schools_of(user),
    }
