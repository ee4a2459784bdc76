from portal.navigation import menu_for


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"nav_items": menu_for(request)}
