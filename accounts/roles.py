from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DIRECTOR = "director", _("Director")
    CURATOR = "curator", _("Curator")
    SECRETARY = "secretary", _("Secretary")
    COUNCIL_MEMBER = "council_member", _("Mentor council member")
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")
    MUNICIPAL_OFFICER = "municipal_officer", _("Municipal officer")

    @property
    def is_school_role(self) -> bool:
        return self is not Role.MUNICIPAL_OFFICER

    @property
    def sees_personal_data(self) -> bool:
        """Roles that keep or supervise the bank and so see everyone's card."""
        return self in {Role.DIRECTOR, Role.CURATOR, Role.SECRETARY}


# Roles that run the school's mentoring system day to day.
MANAGEMENT_ROLES = frozenset({Role.DIRECTOR, Role.CURATOR, Role.SECRETARY})
