"""Who holds which role where, read once per request and cached on the user."""

from accounts.roles import MUNICIPAL_ROLES, REGIONAL_ROLES, Role

_CACHE_ATTR = "_membership_cache"


def memberships_of(user) -> list:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(user.memberships.select_related("school", "municipality", "region"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_memberships(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles_in(user, school) -> frozenset[Role]:
    if school is None:
        return frozenset()
    return frozenset(Role(m.role) for m in memberships_of(user) if m.school_id == school.pk)


def _places_of(user, field: str, roles=None) -> list:
    """The distinct ``field`` (school, municipality, region) of the user's memberships, by name;
    only of memberships in ``roles`` when given."""
    seen = {}
    for membership in memberships_of(user):
        place = getattr(membership, field)
        if place is not None and (roles is None or membership.role in roles):
            seen.setdefault(place.pk, place)
    return sorted(seen.values(), key=str)


def _roles_at(user, field: str, roles, place) -> frozenset[Role]:
    if place is None:
        return frozenset()
    return frozenset(
        Role(m.role) for m in memberships_of(user) if m.role in roles and getattr(m, f"{field}_id") == place.pk
    )


def schools_of(user) -> list:
    return _places_of(user, "school")


def municipalities_of(user) -> list:
    return _places_of(user, "municipality", MUNICIPAL_ROLES)


def municipal_roles_in(user, municipality) -> frozenset[Role]:
    return _roles_at(user, "municipality", MUNICIPAL_ROLES, municipality)


def regions_of(user) -> list:
    return _places_of(user, "region", REGIONAL_ROLES)


def regional_roles_in(user, region) -> frozenset[Role]:
    return _roles_at(user, "region", REGIONAL_ROLES, region)
