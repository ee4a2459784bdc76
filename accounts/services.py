"""Writes on schools and role memberships."""

from django.db import transaction

from accounts.models import Membership, Municipality, Region, School
from accounts.roles import Role


@transaction.atomic
def school_create(
    *,
    slug: str,
    full_name: str,
    short_name: str = "",
    municipality_name: str = "",
    time_zone: str = "Europe/Moscow",
    **fields,
) -> School:
    municipality = None
    if municipality_name:
        municipality = municipality_get_or_create(name=municipality_name)
    school = School(
        slug=slug,
        full_name=full_name,
        short_name=short_name,
        municipality=municipality,
        time_zone=time_zone,
        **fields,
    )
    school.full_clean()
    school.save()
    return school


def municipality_get_or_create(*, name: str, slug: str = "") -> Municipality:
    from django.utils.text import slugify

    existing = Municipality.objects.filter(name=name).first()
    if existing:
        return existing
    base = slug or slugify(name, allow_unicode=False) or "municipality"
    candidate, n = base, 1
    while Municipality.objects.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return Municipality.objects.create(name=name, slug=candidate)


def role_grant(
    *,
    user,
    role: Role,
    school: School | None = None,
    municipality: Municipality | None = None,
    region: Region | None = None,
) -> Membership:
    if Role(role).is_regional_role:
        membership, _ = Membership.objects.get_or_create(user=user, role=role, region=region)
    elif Role(role).is_municipal_role:
        membership, _ = Membership.objects.get_or_create(user=user, role=role, municipality=municipality)
    else:
        membership, _ = Membership.objects.get_or_create(user=user, role=role, school=school)
    return membership


def role_revoke(
    *,
    user,
    role: Role,
    school: School | None = None,
    municipality: Municipality | None = None,
    region: Region | None = None,
) -> bool:
    """Takes a school role (or, with ``municipality``, a municipal role; with ``region``, a
    regional one) away; True if the user held it."""
    if Role(role).is_regional_role:
        deleted, _ = Membership.objects.filter(user=user, role=role, region=region).delete()
    elif Role(role).is_municipal_role:
        deleted, _ = Membership.objects.filter(user=user, role=role, municipality=municipality).delete()
    else:
        deleted, _ = Membership.objects.filter(user=user, role=role, school=school).delete()
    return bool(deleted)
