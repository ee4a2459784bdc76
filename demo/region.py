"""The demo region (issue 19): «Ленинградская область» holding both demo municipalities, and its
regional coordinator (demo-region), who sees them side by side. Idempotent: keyed on slugs and the login."""

from accounts.models import Municipality, Region
from accounts.roles import Role
from accounts.services import role_grant

REGION = {"name": "Ленинградская область", "slug": "leningradskaya-oblast"}
COORDINATOR = ("demo-region", "Кириллова", "Елена", "Борисовна")


def seed_region() -> Region:
    from demo.second_municipality import MUNICIPALITY as SECOND
    from demo.seed import MUNICIPALITY, _user  # the demo's users, with the demo password

    region, _ = Region.objects.update_or_create(slug=REGION["slug"], defaults={"name": REGION["name"]})
    Municipality.objects.filter(slug__in=[MUNICIPALITY["slug"], SECOND["slug"]]).update(region=region)
    role_grant(user=_user(*COORDINATOR), role=Role.REGIONAL_COORDINATOR, region=region)
    return region
