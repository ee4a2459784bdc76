from portal.navigation import menu_for


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    from accounts.permissions import Action

    school = getattr(request, "school", None)
    return {
        "nav_items": menu_for(request),
        "may_read_audit": school is not None and request.user.has_perm(Action.VIEW_AUDIT_LOG, school),
        "may_export_school": school is not None and request.user.has_perm(Action.EXPORT_SCHOOL, school),
    }
