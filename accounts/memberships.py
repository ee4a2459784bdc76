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


def schools_of(user) -> list:
    seen = {}
    for membership in memberships_of(user):
        if membership.school is not None:
            seen.setdefault(membership.school_id, membership.school)
    return sorted(seen.values(), key=str)


def municipalities_of(user) -> list:
    seen = {}
    for membership in memberships_of(user):
        if membership.role in MUNICIPAL_ROLES:
            seen.setdefault(membership.municipality_id, membership.municipality)
    return sorted(seen.values(), key=str)


def municipal_roles_in(user, municipality) -> frozenset[Role]:
    if municipality is None:
        return frozenset()
    return frozenset(
        Role(m.role) for m in memberships_of(user) if m.role in MUNICIPAL_ROLES and m.municipality_id == municipality.pk
    )


def regions_of(user) -> list:
    seen = {}
    for membership in memberships_of(user):
        if membership.role in REGIONAL_ROLES:
            seen.setdefault(membership.region_id, membership.region)
    return sorted(seen.values(), key=str)


def regional_roles_in(user, region) -> frozenset[Role]:
    if region is None:
        return frozenset()
    return frozenset(
        Role(m.role) for m in memberships_of(user) if m.role in REGIONAL_ROLES and m.region_id == region.pk
    )
