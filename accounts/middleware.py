import zoneinfo

from django.utils import timezone

from accounts.memberships import municipalities_of, regions_of, roles_in, schools_of

SESSION_SCHOOL_KEY = "current_school_id"


class CurrentSchoolMiddleware:
    """Sets ``request.school``, ``request.roles``, ``request.municipality``, ``request.region`` and
    the school's time zone.

    The current school is the one chosen in the header (kept in the session) if
    the user still holds a role there, otherwise the first school they belong to.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.school = None
        request.roles = frozenset()
        request.municipality = None
        request.region = None
        user = request.user
        if user.is_authenticated:
            schools = schools_of(user)
            chosen = request.session.get(SESSION_SCHOOL_KEY)
            request.school = next((s for s in schools if s.pk == chosen), schools[0] if schools else None)
            request.roles = roles_in(user, request.school)
            municipalities = municipalities_of(user)
            request.municipality = municipalities[0] if municipalities else None
            regions = regions_of(user)
            request.region = regions[0] if regions else None
        zone = request.school.time_zone if request.school else None
        if zone:
            timezone.activate(zoneinfo.ZoneInfo(zone))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
