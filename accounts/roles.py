from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DIRECTOR = "director", _("Director")
    CURATOR = "curator", _("Curator")
    SECRETARY = "secretary", _("Secretary")
    COUNCIL_MEMBER = "council_member", _("Mentor council member")
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")
    # The education department's coordinator of mentoring in the municipality (seed 004 §III.6).
    MUNICIPAL_OFFICER = "municipal_officer", _("Municipal coordinator")
    # A member of the municipal methodical association of mentors (seed 004 §III.7, seed 001 §4.2).
    MUNICIPAL_METHODIST = "municipal_methodist", _("Municipal methodical association member")
    # The region's coordinator of the mentoring system (seed 004 §III.2): its municipalities side by side.
    REGIONAL_COORDINATOR = "regional_coordinator", _("Regional coordinator")

    @property
    def is_school_role(self) -> bool:
        return self not in MUNICIPAL_ROLES and self not in REGIONAL_ROLES

    @property
    def is_municipal_role(self) -> bool:
        return self in MUNICIPAL_ROLES

    @property
    def is_regional_role(self) -> bool:
        return self in REGIONAL_ROLES

    @property
    def sees_personal_data(self) -> bool:
        """Roles that keep or supervise the bank and so see everyone's card."""
        return self in {Role.DIRECTOR, Role.CURATOR, Role.SECRETARY}


# Roles that run the school's mentoring system day to day.
MANAGEMENT_ROLES = frozenset({Role.DIRECTOR, Role.CURATOR, Role.SECRETARY})

# Roles held in a municipality rather than in a school.
MUNICIPAL_ROLES = frozenset({Role.MUNICIPAL_OFFICER, Role.MUNICIPAL_METHODIST})

# Roles held in a region rather than in a municipality or a school.
REGIONAL_ROLES = frozenset({Role.REGIONAL_COORDINATOR})
