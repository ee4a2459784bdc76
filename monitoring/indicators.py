"""The target indicators of a school's mentoring system for academic year Y (1.09.Y – 31.08.Y+1).

Every formula lives here, computed from a fixed number of queries whatever the number of
schools, so the school dashboard, the municipality's, the `kpi` command and the reports all
show the same numbers. A person counts once however many mentorships they are in.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from mentoring.models import Mentorship, Participant
from monitoring.models import IndicatorTarget, RoadmapEvent, RoadmapStatus
from people.experience import years_ago
from people.models import Person, PersonKind
from programs.models import BestPractice, Program, ProgramStatus
from surveys.selectors import satisfaction_by_school

YOUNG_YEARS = 3
UNDER_AGE = 35


@dataclass(frozen=True)
class Definition:
    code: str
    label: str
    percent: bool = True
    default_target: object = None  # a number, or a callable (year) -> number; None: no target
    chart_label: str = ""


def _young_target(year: int) -> Decimal:
    # Seed 000: 50 % in the first year of the system (2023), 70 % from then on.
    return Decimal(50) if year <= 2023 else Decimal(70)


DEFINITIONS = [
    Definition(
        "young_in_programs",
        _("Young specialists (under 3 years) in programs as mentees"),
        default_target=_young_target,
        chart_label=_("Young specialists"),
    ),
    Definition(
        "teachers_in_programs",
        _("Teachers in programs as mentors or mentees"),
        default_target=Decimal(70),
        chart_label=_("Teachers in programs"),
    ),
    Definition(
        "under35_in_programs",
        _("Teachers under 35 in programs as mentees"),
        default_target=Decimal(50),
        chart_label=_("Teachers under 35"),
    ),
    Definition(
        "mentee_satisfaction",
        _("Mentees satisfied with the programs (exit survey)"),
        default_target=Decimal(90),
        chart_label=_("Mentees satisfied"),
    ),
    Definition(
        "mentor_satisfaction",
        _("Mentors satisfied with the programs (exit survey)"),
        default_target=Decimal(90),
        chart_label=_("Mentors satisfied"),
    ),
    Definition("school_events", _("School events for pairs held"), percent=False, default_target=Decimal(2)),
    Definition("mentorships", _("Mentorships running"), percent=False),
    Definition("groups", _("Of them, groups"), percent=False),
    Definition("mentors", _("Mentors"), percent=False),
    Definition("mentees", _("Mentees"), percent=False),
    Definition("programs_completed", _("Programs completed"), percent=False),
    Definition("best_practices", _("Best practices"), percent=False),
]
BY_CODE = {d.code: d for d in DEFINITIONS}


@dataclass
class Indicator:
    code: str
    label: str
    numerator: int
    denominator: int | None
    percent: bool
    target: Decimal | None = None
    chart_label: str = ""

    @property
    def value(self) -> Decimal | None:
        if not self.percent:
            return Decimal(self.numerator)
        if not self.denominator:
            return None
        return (Decimal(100) * self.numerator / self.denominator).quantize(Decimal("0.1"))

    @property
    def met(self) -> bool | None:
        if self.target is None or self.value is None:
            return None
        return self.value >= self.target

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "value": float(self.value) if self.value is not None else None,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "target": float(self.target) if self.target is not None else None,
            "met": self.met,
        }


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 9, 1), datetime.date(year + 1, 8, 31)


@dataclass
class SchoolSets:
    """Who stands behind the numbers of one school: person ids per group."""

    staff: set = field(default_factory=set)
    young: set = field(default_factory=set)
    no_start_date: set = field(default_factory=set)
    under35: set = field(default_factory=set)
    no_birth_date: set = field(default_factory=set)
    mentors: set = field(default_factory=set)
    mentees: set = field(default_factory=set)


def _staff_rows(school_ids, year: int):
    sept1, _end = year_bounds(year)
    return (
        Person.objects.filter(school_id__in=school_ids, kind=PersonKind.STAFF)
        .filter(Q(hired_on__isnull=True) | Q(hired_on__lte=sept1))
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=sept1))
        .values_list("pk", "school_id", "teaching_started_on", "birth_date")
    )


def _participant_rows(school_ids, year: int):
    start, end = year_bounds(year)
    running = Mentorship.objects.filter(school_id__in=school_ids).running_during(start, end)
    return (
        Participant.objects.filter(mentorship__in=running, started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .values_list("person_id", "mentorship__school_id", "role")
    )


def school_sets(school_ids, year: int) -> dict[int, SchoolSets]:
    sept1, _end = year_bounds(year)
    young_after = years_ago(sept1, YOUNG_YEARS)
    under35_after = years_ago(sept1, UNDER_AGE)
    sets = defaultdict(SchoolSets)
    for pk, school_id, began, born in _staff_rows(school_ids, year):
        group = sets[school_id]
        group.staff.add(pk)
        if began is None:
            group.no_start_date.add(pk)
        elif began > young_after:
            group.young.add(pk)
        if born is None:
            group.no_birth_date.add(pk)
        elif born > under35_after:
            group.under35.add(pk)
    for person_id, school_id, role in _participant_rows(school_ids, year):
        (sets[school_id].mentors if role == Participant.Role.MENTOR else sets[school_id].mentees).add(person_id)
    return sets


def _counts(school_ids, year: int) -> dict[str, dict[int, int]]:
    start, end = year_bounds(year)
    running = (
        Mentorship.objects.filter(school_id__in=school_ids)
        .running_during(start, end)
        .annotate(n_mentees=Count("participants", filter=Q(participants__role=Participant.Role.MENTEE), distinct=True))
        .values_list("school_id", "n_mentees")
    )
    mentorships, groups = defaultdict(int), defaultdict(int)
    for school_id, n_mentees in running:
        mentorships[school_id] += 1
        groups[school_id] += n_mentees >= 2
    completed = dict(
        Program.objects.filter(
            mentorship__school_id__in=school_ids, status=ProgramStatus.COMPLETED, completed_on__range=(start, end)
        )
        .values_list("mentorship__school_id")
        .annotate(n=Count("pk"))
    )
    practices = dict(
        BestPractice.objects.filter(
            program__mentorship__school_id__in=school_ids, program__completed_on__range=(start, end)
        )
        .values_list("program__mentorship__school_id")
        .annotate(n=Count("pk"))
    )
    events = dict(
        RoadmapEvent.objects.filter(
            school_id__in=school_ids, for_pairs=True, status=RoadmapStatus.HELD, starts_on__range=(start, end)
        )
        .values_list("school_id")
        .annotate(n=Count("pk"))
    )
    return {
        "mentorships": mentorships,
        "groups": groups,
        "programs_completed": completed,
        "best_practices": practices,
        "school_events": events,
    }


def _targets(school_ids, year: int) -> dict[tuple[int, str], Decimal]:
    rows = IndicatorTarget.objects.filter(school_id__in=school_ids, year=year).values_list("school_id", "code", "value")
    return {(school_id, code): value for school_id, code, value in rows}


def target_for(definition: Definition, year: int, custom: Decimal | None) -> Decimal | None:
    if custom is not None:
        return custom
    default = definition.default_target
    return default(year) if callable(default) else default


def compute_many(schools, year: int) -> dict[int, list[Indicator]]:
    """Indicators for many schools with a fixed number of queries (the municipality's view)."""
    school_ids = [s.pk for s in schools]
    sets = school_sets(school_ids, year)
    counts = _counts(school_ids, year)
    targets = _targets(school_ids, year)
    mentee_sat = satisfaction_by_school(schools=schools, year=year, role="mentee")
    mentor_sat = satisfaction_by_school(schools=schools, year=year, role="mentor")
    result = {}
    for school_id in school_ids:
        group = sets.get(school_id, SchoolSets())
        in_programs = group.mentors | group.mentees
        values = {
            "young_in_programs": (len(group.young & group.mentees), len(group.young)),
            "teachers_in_programs": (len(group.staff & in_programs), len(group.staff)),
            "under35_in_programs": (len(group.under35 & group.mentees), len(group.under35)),
            "mentee_satisfaction": mentee_sat.get(school_id, (0, 0)),
            "mentor_satisfaction": mentor_sat.get(school_id, (0, 0)),
            "mentors": (len(group.mentors), None),
            "mentees": (len(group.mentees), None),
        }
        for code, per_school in counts.items():
            values[code] = (per_school.get(school_id, 0), None)
        result[school_id] = [
            Indicator(
                code=d.code,
                label=str(d.label),
                numerator=values[d.code][0],
                denominator=values[d.code][1],
                percent=d.percent,
                target=target_for(d, year, targets.get((school_id, d.code))),
                chart_label=str(d.chart_label or d.label),
            )
            for d in DEFINITIONS
        ]
    return result


def compute(school, year: int) -> list[Indicator]:
    return compute_many([school], year)[school.pk]


def data_gaps(school, year: int) -> dict[str, int]:
    """Staff the formulas cannot place: no date pedagogical work began, no birth date."""
    group = school_sets([school.pk], year).get(school.pk, SchoolSets())
    return {"no_start_date": len(group.no_start_date), "no_birth_date": len(group.no_birth_date)}


# Who stands behind a number, for the roles allowed to see people (drill-down).
DRILL_DOWN = {
    "young_in_programs": lambda g: (g.young & g.mentees, g.young - g.mentees),
    "teachers_in_programs": lambda g: (g.staff & (g.mentors | g.mentees), g.staff - g.mentors - g.mentees),
    "under35_in_programs": lambda g: (g.under35 & g.mentees, g.under35 - g.mentees),
    "mentors": lambda g: (g.mentors, set()),
    "mentees": lambda g: (g.mentees, set()),
}


def people_behind(school, year: int, code: str) -> tuple[list, list]:
    """(people counted in the numerator, people of the denominator left out)."""
    group = school_sets([school.pk], year).get(school.pk, SchoolSets())
    inside, outside = DRILL_DOWN[code](group)
    people = Person.objects.for_school(school).filter(pk__in=inside | outside).order_by("last_name", "first_name")
    return [p for p in people if p.pk in inside], [p for p in people if p.pk in outside]
