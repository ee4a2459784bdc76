"""The target indicators of a school's mentoring system for academic year Y (1.09.Y – 31.08.Y+1).

Every formula lives here, as issue 14 (seed 000 §1.4) defines it, computed from a fixed number
of queries whatever the number of schools, so the school dashboard, the municipality's, the
`kpi` command, the XLSX and the reports all show the same numbers. Each indicator carries its
numerator and denominator and says in Russian how it is counted («как считается»): the
reports are Russian documents and the same words are frozen with the figures on 30 June.

The terms, for academic year Y:

- a person **works during Y** when they worked at least one day of Y: hired on or before
  31 August Y+1 (or no hire date) and, if they left, their last working day (``left_on``) on or
  after 1 September Y;
- **staff(Y)**: persons of kind «работник» marked as pedagogical workers who work during Y;
- **young(Y)**: staff(Y) whose pedagogical work began less than 3 full years before the later
  of 1 September Y and their hire date (exactly 3 years is not young; no start date is not
  young and is a data gap);
- a mentorship **counts in Y** when an order fixed it (approved, active, completed, or
  terminated after approval) and [start, actual end or planned end] shares a day with Y; a
  participant counts for it when their own participation period shares a day with Y.

A person counts once however many mentorships they are in.

A pair across schools (issue 18, ``mentoring.cross_school``) lives in the mentee's school while
its mentor is a person of another school's bank. Each person counts in **their own school**
(the bank that holds them), each pair, program and practice in the school that keeps the pair:

- young_in_programs, under35_in_programs (mentee-based): the mentee's school;
- teachers_in_programs: the mentor in the mentor's school (a teacher of that school taking part
  as a mentor), the mentee in the mentee's school;
- mentors, mentor_satisfaction: the mentor's school; mentees, mentee_satisfaction: the mentee's;
  a named answer counts for its person's school whichever school sent the survey (an anonymous
  one cannot be traced to a person: it counts only among the survey's school's own people);
- mentorships, groups, programs_completed, best_practices: the mentee's school, which keeps the
  pair and its program; school_events: the school that held them.
"""

import datetime
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring.models import Mentorship, Participant
from monitoring.models import IndicatorTarget, RoadmapEvent, RoadmapStatus
from people.experience import years_ago
from people.models import Person, PersonKind
from programs.models import BestPractice, Program, ProgramStatus
from surveys.models import ANONYMITY_THRESHOLD, Answer, Invitation, academic_year_of

YOUNG_YEARS = 3
UNDER_AGE = 35
SATISFIED_FROM = 4  # 4 or 5 of 5


@dataclass(frozen=True)
class Definition:
    code: str
    label: str
    how: str = ""  # «как считается», in Russian: printed beside the number and frozen with it
    percent: bool = True
    default_target: object = None  # a number, or a callable (year) -> number; None: no target
    chart_label: str = ""


def _young_target(year: int) -> Decimal:
    # Seed 000 §1.4: 50 % in 2023 (the academic year 2023/24), 70 % from 2024/25 on.
    return Decimal(50) if year <= 2023 else Decimal(70)


_IN_Y = (
    "в паре или группе, закреплённой приказом (утверждена, действует, завершена или прекращена после "
    "утверждения), если и её срок, и период участия самого человека приходятся на учебный год хотя бы одним днём"
)
_STAFF = (
    "педагогические работники (должность из номенклатуры педагогических должностей, без руководителей и иных "
    "работников), проработавшие в учебном году хотя бы один день"
)
_LATER_DAY = "на 1 сентября или на день приёма на работу, если он позже"
_SATISFACTION = (
    "Числитель — {who} пар и групп учебного года, последний ответ которых в учебном году на вопрос об общей "
    "удовлетворённости (любой анкеты) — 4 или 5 из 5; знаменатель — все {who} пар и групп учебного года, "
    "ответившие и не ответившие. Анонимный ответ считается за одного человека; анонимные ответы учитываются, "
    "когда их за учебный год не меньше трёх, а анонимная анкета для наставников и наставляемых вместе не "
    "учитывается (роль в ней не хранится). Рядом — доля ответивших."
)

DEFINITIONS = [
    Definition(
        "young_in_programs",
        _("Young specialists (under 3 years) in programs as mentees"),
        how=(
            f"Числитель — молодые специалисты, бывшие наставляемыми {_IN_Y}; знаменатель — все молодые "
            f"специалисты: {_STAFF}, с педагогическим стажем менее 3 полных лет {_LATER_DAY}. Ровно 3 года — "
            "уже не молодой специалист; без даты начала педагогической деятельности — не считается (пробел в данных)."
        ),
        default_target=_young_target,
        chart_label=_("Young specialists"),
    ),
    Definition(
        "teachers_in_programs",
        _("Teachers in programs as mentors or mentees"),
        how=f"Числитель — педагогические работники из знаменателя, бывшие наставниками или наставляемыми {_IN_Y}; "
        f"знаменатель — {_STAFF}.",
        default_target=Decimal(70),
        chart_label=_("Teachers in programs"),
    ),
    Definition(
        "under35_in_programs",
        _("Teachers under 35 in programs as mentees"),
        how=(
            f"Числитель — педагогические работники из знаменателя, бывшие наставляемыми {_IN_Y}; "
            f"знаменатель — {_STAFF}, моложе 35 лет "
            f"{_LATER_DAY}. Целевое значение Положением не установлено."
        ),
        chart_label=_("Teachers under 35"),
    ),
    Definition(
        "mentee_satisfaction",
        _("Mentees satisfied with taking part in the programs"),
        how=_SATISFACTION.format(who="наставляемые"),
        default_target=Decimal(90),
        chart_label=_("Mentees satisfied"),
    ),
    Definition(
        "mentor_satisfaction",
        _("Mentors satisfied with taking part in the programs"),
        how=_SATISFACTION.format(who="наставники"),
        default_target=Decimal(90),
        chart_label=_("Mentors satisfied"),
    ),
    Definition(
        "school_events",
        _("School events for pairs held"),
        how="Проведённые в учебном году мероприятия дорожной карты, отмеченные как мероприятия для наставнических пар.",
        percent=False,
        default_target=Decimal(2),
    ),
    Definition(
        "mentorships",
        _("Mentorships running"),
        how="Пары и группы, закреплённые приказом (утверждена, действует, завершена или прекращена после "
        "утверждения), срок которых приходится на учебный год хотя бы одним днём; пара, прекращённая до "
        "утверждения («не сформирована»), не считается.",
        percent=False,
    ),
    Definition("groups", _("Of them, groups"), how="Из них группы: два наставляемых и более.", percent=False),
    Definition(
        "mentors",
        _("Mentors"),
        how="Наставники пар и групп учебного года, период участия которых приходится на учебный год; "
        "каждый — один раз.",
        percent=False,
    ),
    Definition(
        "mentees",
        _("Mentees"),
        how="Наставляемые пар и групп учебного года, период участия которых приходится на учебный год; "
        "каждый — один раз.",
        percent=False,
    ),
    Definition(
        "programs_completed",
        _("Programs completed"),
        how="Персонализированные программы наставничества, завершённые в учебном году.",
        percent=False,
    ),
    Definition(
        "best_practices",
        _("Best practices"),
        how="Практики банка лучших практик по программам, завершённым в учебном году.",
        percent=False,
    ),
]
BY_CODE = {d.code: d for d in DEFINITIONS}


def _percent_of(part: int, whole: int | None) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


@dataclass
class Indicator:
    code: str
    label: str
    numerator: int
    denominator: int | None
    percent: bool
    target: Decimal | None = None
    chart_label: str = ""
    definition: str = ""  # «как считается»
    responded: int | None = None  # satisfaction: who answered, of the denominator

    @property
    def value(self) -> Decimal | None:
        if not self.percent:
            return Decimal(self.numerator)
        return _percent_of(self.numerator, self.denominator)

    @property
    def response_rate(self) -> Decimal | None:
        return None if self.responded is None else _percent_of(self.responded, self.denominator)

    @property
    def met(self) -> bool | None:
        if self.target is None or self.value is None:
            return None
        return self.value >= self.target

    def as_dict(self) -> dict:
        """The `kpi` command's item (its format is kept: satisfaction adds its response rate)."""
        data = {
            "code": self.code,
            "value": float(self.value) if self.value is not None else None,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "target": float(self.target) if self.target is not None else None,
            "met": self.met,
        }
        if self.responded is not None:
            rate = self.response_rate
            data["responded"] = self.responded
            data["response_rate"] = float(rate) if rate is not None else None
        return data

    def to_data(self) -> dict:
        """Everything needed to print the indicator again as it was: a frozen result's item."""
        value, rate = self.value, self.response_rate
        return {
            "code": self.code,
            "label": str(self.label),
            "chart_label": str(self.chart_label),
            "definition": str(self.definition),
            "percent": self.percent,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "responded": self.responded,
            "value": str(value) if value is not None else None,
            "response_rate": str(rate) if rate is not None else None,
            "target": str(self.target) if self.target is not None else None,
            "met": self.met,
        }

    @classmethod
    def from_data(cls, data: dict) -> "Indicator":
        target = data.get("target")
        return cls(
            code=data["code"],
            label=data.get("label", data["code"]),
            numerator=data["numerator"],
            denominator=data.get("denominator"),
            percent=data.get("percent", True),
            target=Decimal(target) if target is not None else None,
            chart_label=data.get("chart_label", ""),
            definition=data.get("definition", ""),
            responded=data.get("responded"),
        )

    def same_figures(self, other: "Indicator") -> bool:
        return (self.numerator, self.denominator, self.target, self.responded) == (
            other.numerator,
            other.denominator,
            other.target,
            other.responded,
        )


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


def _staff_during(start: datetime.date, end: datetime.date) -> Q:
    return (
        Q(kind=PersonKind.STAFF, is_pedagogical=True)
        & (Q(hired_on__isnull=True) | Q(hired_on__lte=end))
        & (Q(left_on__isnull=True) | Q(left_on__gte=start))
    )


def staff_filter(year: int) -> Q:
    """staff(Y): pedagogical workers who worked at least one day of Y."""
    return _staff_during(*year_bounds(year))


def _works_during(hired_on, left_on, start: datetime.date, end: datetime.date) -> bool:
    """``_staff_during``'s dates, for a row read over several years."""
    return (hired_on is None or hired_on <= end) and (left_on is None or left_on >= start)


def _staff_rows(school_ids, start: datetime.date, end: datetime.date):
    return (
        Person.objects.filter(school_id__in=school_ids)
        .filter(_staff_during(start, end))
        .order_by()
        .values_list("pk", "school_id", "teaching_started_on", "birth_date", "hired_on", "left_on")
    )


def counting_mentorships(school_ids, year: int):
    """The mentorships that count in Y: fixed by an order, their period sharing a day with Y."""
    start, end = year_bounds(year)
    return Mentorship.objects.filter(school_id__in=school_ids).running_during(start, end)


def _participant_rows(school_ids, start: datetime.date, end: datetime.date, *, with_dates: bool):
    """The people of these schools taking part in [start, end], each in their own school: a mentor
    from another school counts in their school, not in the pair's (see the module). ``with_dates``:
    each row also has the dates ``_takes_part_during`` reads."""
    dates = ("started_on", "ended_on", "mentorship__planned_start", "mentorship__planned_end", "mentorship__actual_end")
    return (
        Participant.objects.filter(
            mentorship__in=Mentorship.objects.running_during(start, end),
            person__school_id__in=school_ids,
            started_on__lte=end,
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .order_by()
        .values_list("person_id", "person__school_id", "role", *(dates if with_dates else ()))
    )


def _takes_part_during(dates: tuple, start: datetime.date, end: datetime.date) -> bool:
    """``_participant_rows``' dates (the participation's, then its mentorship's as ``running_during``
    reads them), for a row read over several years."""
    started_on, ended_on, planned_start, planned_end, actual_end = dates
    mentorship_end = planned_end if actual_end is None else actual_end
    return (
        planned_start <= end
        and mentorship_end >= start
        and started_on <= end
        and (ended_on is None or ended_on >= start)
    )


def reference_day(year: int, hired_on: datetime.date | None) -> datetime.date:
    """The day experience and age are taken on: 1 September Y, or the hire date when later."""
    sept1 = year_bounds(year)[0]
    return max(sept1, hired_on) if hired_on else sept1


def is_young(began: datetime.date | None, year: int, hired_on: datetime.date | None) -> bool:
    """Less than 3 full years of pedagogical work on the reference day; unknown start is not young."""
    return began is not None and began > years_ago(reference_day(year, hired_on), YOUNG_YEARS)


def is_under35(born: datetime.date | None, year: int, hired_on: datetime.date | None) -> bool:
    return born is not None and born > years_ago(reference_day(year, hired_on), UNDER_AGE)


def school_sets_of_years(school_ids, years) -> dict[int, dict[int, SchoolSets]]:
    """``school_sets`` of several years from two queries: the staff and the participants of the
    years' whole span, each row then placed in the years it belongs to by the same dates (for one
    year the queries' own filters are exact and nothing is checked again)."""
    years = sorted(set(years))
    if not years:
        return {}
    span = year_bounds(years[0])[0], year_bounds(years[-1])[1]
    recheck = len(years) > 1
    staff = list(_staff_rows(school_ids, *span))
    participants = list(_participant_rows(school_ids, *span, with_dates=recheck))
    result = {}
    for year in years:
        start, end = year_bounds(year)
        sets = result[year] = defaultdict(SchoolSets)
        for pk, school_id, began, born, hired, left in staff:
            if recheck and not _works_during(hired, left, start, end):
                continue
            group = sets[school_id]
            group.staff.add(pk)
            if began is None:
                group.no_start_date.add(pk)
            elif is_young(began, year, hired):
                group.young.add(pk)
            if born is None:
                group.no_birth_date.add(pk)
            elif is_under35(born, year, hired):
                group.under35.add(pk)
        for person_id, school_id, role, *dates in participants:
            if not recheck or _takes_part_during(dates, start, end):
                group = sets[school_id]
                (group.mentors if role == Participant.Role.MENTOR else group.mentees).add(person_id)
    return result


def school_sets(school_ids, year: int) -> dict[int, SchoolSets]:
    return school_sets_of_years(school_ids, [year])[year]


def _counts(school_ids, year: int) -> dict[str, dict[int, int]]:
    start, end = year_bounds(year)
    running = (
        counting_mentorships(school_ids, year)
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


# --- satisfaction -------------------------------------------------------------------------


def _overall_answers(school_ids, year: int):
    return Answer.objects.filter(
        question__is_overall_satisfaction=True,
        likert__isnull=False,
        response__academic_year=year,
        response__survey__school_id__in=school_ids,
    )


def _satisfaction(school_ids, year: int, sets: dict[int, SchoolSets]) -> dict[tuple[int, str], tuple[int, int]]:
    """(satisfied, answered) per (school, role) over the mentees / mentors of the year, in 3 queries.

    A named answer belongs to its invitation's person, and the person's latest answer of the year
    decides. An anonymous answer cannot be traced to a person, but each was given through one
    invitation, and the invitations say who answered: so the anonymous answers count for as many
    people as answered anonymously only (none of their answers in Y is named). An anonymous
    response keeps neither role nor time: its role is its survey's audience (a survey for mentors
    and mentees together does not count), its year the one its link was sent in, and of several
    the newer surveys' answers count first. Anonymous answers count only when a school has at
    least ``ANONYMITY_THRESHOLD`` of them for the role in Y; fewer could be matched with the people.
    """
    population = {}
    for school_id, group in sets.items():
        population[(school_id, Participant.Role.MENTEE)] = group.mentees
        population[(school_id, Participant.Role.MENTOR)] = group.mentors

    latest: dict[tuple[int, str], dict[int, tuple]] = defaultdict(dict)
    # A named answer counts for its person's own school (a mentor from another school answers the
    # pair's school's survey): any school's survey, by the people of these schools.
    named = Answer.objects.filter(
        question__is_overall_satisfaction=True,
        likert__isnull=False,
        response__academic_year=year,
        response__invitation__person__school_id__in=school_ids,
    )
    for school_id, role, person_id, at, response_id, likert in named.values_list(
        "response__invitation__person__school_id",
        "response__respondent_role",
        "response__invitation__person_id",
        "response__submitted_at",
        "response_id",
        "likert",
    ):
        if person_id not in population.get((school_id, role), ()):
            continue
        known = latest[(school_id, role)].get(person_id)
        if known is None or (at, response_id) > known[:2]:
            latest[(school_id, role)][person_id] = (at, response_id, likert)

    # Who answered an anonymous single-role survey that asks the overall question, sent in Y.
    start, end = year_bounds(year)
    single_role = (Participant.Role.MENTEE, Participant.Role.MENTOR)
    anonymous_people: dict[tuple[int, str], set] = defaultdict(set)
    invitations = (
        Invitation.objects.filter(
            survey__school_id__in=school_ids,
            survey__anonymous=True,
            survey__audience__in=single_role,
            survey__questions__is_overall_satisfaction=True,
            answered=True,
            created_at__date__range=(start - datetime.timedelta(days=1), end + datetime.timedelta(days=1)),
        )
        .order_by()
        .values_list("survey__school_id", "role", "person_id", "created_at", "survey__school__time_zone")
        .distinct()
    )
    for school_id, role, person_id, sent_at, zone in invitations:
        local = timezone.localtime(sent_at, zoneinfo.ZoneInfo(zone)).date()
        if academic_year_of(local) == year and person_id in population.get((school_id, role), ()):
            anonymous_people[(school_id, role)].add(person_id)

    anonymous: dict[tuple[int, str], list] = defaultdict(list)
    rows = _overall_answers(school_ids, year).filter(
        response__invitation__isnull=True, response__survey__anonymous=True, response__survey__audience__in=single_role
    )
    for school_id, role, survey_id, response_id, likert in rows.values_list(
        "response__survey__school_id", "response__survey__audience", "response__survey_id", "response_id", "likert"
    ):
        anonymous[(school_id, role)].append((survey_id, response_id, likert))

    result = {}
    for key in population:
        answers = [likert for _at, _id, likert in latest[key].values()]
        if len(anonymous[key]) >= ANONYMITY_THRESHOLD:
            only_anonymous = len(anonymous_people[key] - set(latest[key]))
            newest_first = sorted(anonymous[key], reverse=True)[:only_anonymous]
            answers += [likert for _survey, _id, likert in newest_first]
        result[key] = (sum(likert >= SATISFIED_FROM for likert in answers), len(answers))
    return result


# --- targets and the indicators -----------------------------------------------------------


def _targets(school_ids, year: int) -> dict[tuple[int, str], Decimal]:
    rows = IndicatorTarget.objects.filter(school_id__in=school_ids, year=year).values_list("school_id", "code", "value")
    return {(school_id, code): value for school_id, code, value in rows}


def target_for(definition: Definition, year: int, custom: Decimal | None) -> Decimal | None:
    if custom is not None:
        return custom
    default = definition.default_target
    return default(year) if callable(default) else default


def compute_many(schools, year: int, *, sets: dict[int, SchoolSets] | None = None) -> dict[int, list[Indicator]]:
    """Indicators for many schools with a fixed number of queries (the municipality's view).

    ``sets``: the schools' ``school_sets`` of the year when already read (two queries fewer)."""
    school_ids = [getattr(s, "pk", s) for s in schools]
    if not school_ids:
        return {}
    sets = defaultdict(SchoolSets, sets) if sets is not None else school_sets(school_ids, year)
    for school_id in school_ids:
        sets.setdefault(school_id, SchoolSets())  # every school gets its (maybe empty) groups
    counts = _counts(school_ids, year)
    targets = _targets(school_ids, year)
    satisfaction = _satisfaction(school_ids, year, sets)
    result = {}
    for school_id in school_ids:
        group = sets[school_id]
        in_programs = group.mentors | group.mentees
        mentee_sat = satisfaction[(school_id, Participant.Role.MENTEE)]
        mentor_sat = satisfaction[(school_id, Participant.Role.MENTOR)]
        # code: (numerator, denominator, responded)
        values = {
            "young_in_programs": (len(group.young & group.mentees), len(group.young), None),
            "teachers_in_programs": (len(group.staff & in_programs), len(group.staff), None),
            "under35_in_programs": (len(group.under35 & group.mentees), len(group.under35), None),
            "mentee_satisfaction": (mentee_sat[0], len(group.mentees), mentee_sat[1]),
            "mentor_satisfaction": (mentor_sat[0], len(group.mentors), mentor_sat[1]),
            "mentors": (len(group.mentors), None, None),
            "mentees": (len(group.mentees), None, None),
        }
        for code, per_school in counts.items():
            values[code] = (per_school.get(school_id, 0), None, None)
        result[school_id] = [
            Indicator(
                code=d.code,
                label=str(d.label),
                numerator=values[d.code][0],
                denominator=values[d.code][1],
                percent=d.percent,
                target=target_for(d, year, targets.get((school_id, d.code))),
                chart_label=str(d.chart_label or d.label),
                definition=d.how,
                responded=values[d.code][2],
            )
            for d in DEFINITIONS
        ]
    return result


def compute(school, year: int, *, sets: SchoolSets | None = None) -> list[Indicator]:
    """``sets``: the school's ``school_sets`` of the year when already read."""
    return compute_many([school], year, sets=None if sets is None else {school.pk: sets})[school.pk]


# The shares that follow from the people of the year alone (for trends: no other query).
SHARES = {
    "young_in_programs": lambda g: (len(g.young & g.mentees), len(g.young)),
    "teachers_in_programs": lambda g: (len(g.staff & (g.mentors | g.mentees)), len(g.staff)),
    "under35_in_programs": lambda g: (len(g.under35 & g.mentees), len(g.under35)),
}


def share_figures(group: SchoolSets, code: str) -> tuple[int, int]:
    """(numerator, denominator) of one of ``SHARES``, as ``compute`` gives them."""
    return SHARES[code](group)


def share_value(group: SchoolSets, code: str) -> Decimal | None:
    return _percent_of(*share_figures(group, code))


def gaps_in(group: SchoolSets) -> dict[str, int]:
    """Staff the formulas cannot place: no date pedagogical work began, no birth date."""
    return {"no_start_date": len(group.no_start_date), "no_birth_date": len(group.no_birth_date)}


def data_gaps(school, year: int) -> dict[str, int]:
    return gaps_in(school_sets([school.pk], year).get(school.pk, SchoolSets()))


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
