"""The municipality's view of its schools: their indicators side by side and its own indicator.

Seed 000 §1.4, row 2: the share of the municipality's schools where the mentoring system is
implemented in Y — a signed order approving the Положение (dated no later than the end of Y)
and at least one mentorship counting in Y. Targets: 60 % in 2023/24, 85 % from 2024/25.

The municipality sees aggregates only, and never a small one: a share or a satisfaction whose
denominator is under 5 people is shown as «< 5 чел.», so one person's answer cannot be read off.
"""

from dataclasses import dataclass
from decimal import Decimal

from documents.models import Document, DocumentStatus, DocumentType
from monitoring.indicators import Indicator, compute_many, year_bounds
from monitoring.snapshot import frozen_results, indicators_of

CODE = "schools_implementing"
# The school indicators the municipality's and the region's pages set side by side.
COLUMNS = [
    "young_in_programs",
    "teachers_in_programs",
    "mentee_satisfaction",
    "mentor_satisfaction",
    "school_events",
    "mentorships",
]
SMALL = 5
MASK = "< 5 чел."
HOW = (
    "Числитель — школы муниципалитета, в которых в учебном году реализуется система наставничества: подписан "
    "приказ об утверждении Положения о системе наставничества (датой не позднее окончания учебного года) и "
    "действовала хотя бы одна пара или группа, закреплённая приказом; знаменатель — все школы муниципалитета."
)


def municipal_target(year: int) -> Decimal:
    # Seed 000 §1.4: «на уровне области — 60 % ОО» in 2023 (2023/24), 85 % from 2024/25.
    return Decimal(60) if year <= 2023 else Decimal(85)


def regulation_signed(school_ids, year: int) -> set[int]:
    """Schools with a signed order approving the Положение dated within or before Y (one query)."""
    _start, end = year_bounds(year)
    return set(
        Document.objects.filter(
            school_id__in=list(school_ids),
            type=DocumentType.ORDER_REGULATION,
            status=DocumentStatus.SIGNED,
            date__lte=end,
        )
        .values_list("school_id", flat=True)
        .distinct()
    )


def is_small(indicator: Indicator) -> bool:
    """A share over fewer than 5 people (but some): its value would tell about a person. The
    municipality's own indicator counts schools, not people, and is never hidden."""
    return (
        indicator.code != CODE
        and indicator.percent
        and indicator.denominator is not None
        and 0 < indicator.denominator < SMALL
    )


@dataclass
class SchoolRow:
    school: object
    indicators: list[Indicator]
    implemented: bool
    regulation: bool
    result: object = None  # the frozen result the figures come from, if any
    computed_at: object = None  # when stored figures were computed (municipal.figures)

    @property
    def by_code(self) -> dict[str, Indicator]:
        return {i.code: i for i in self.indicators}


def rows_for(schools, year: int, *, label: str, stored: bool = False) -> tuple[list[SchoolRow], Indicator]:
    """Each school's figures (frozen where frozen) and the municipality's indicator, in a fixed
    number of queries whatever the number of schools. ``stored``: the figures materialized in
    ``municipal.figures`` (the pages), rather than computed now (the printed report)."""
    ids = [s.pk for s in schools]
    if stored:
        from municipal.figures import indicators_from_many, school_figures

        figures = school_figures(ids, year, results=True)
        pending = [pk for pk in ids if figures[pk].result is None]
        made = dict(zip(pending, indicators_from_many([figures[pk].stored for pk in pending]), strict=True))
        rows = []
        for school in schools:
            found = figures[school.pk]
            indicators = indicators_of(found.result) if found.result is not None else made[school.pk]
            rows.append(
                SchoolRow(school, indicators, found.implemented, found.regulation, found.result, found.computed_at)
            )
        return rows, own_indicator([row.implemented for row in rows], year, label)
    frozen = {school_id: r for (school_id, _y), r in frozen_results(ids, [year]).items()}
    live = compute_many([s for s in schools if s.pk not in frozen], year)
    signed = regulation_signed([pk for pk in ids if pk not in frozen], year)
    rows = []
    for school in schools:
        result = frozen.get(school.pk)
        if result is not None:
            indicators = indicators_of(result)
            regulation = bool(result.data.get("regulation_signed"))
        else:
            indicators = live[school.pk]
            regulation = school.pk in signed
        mentorships = next((i.numerator for i in indicators if i.code == "mentorships"), 0)
        rows.append(SchoolRow(school, indicators, regulation and mentorships > 0, regulation, result))
    return rows, own_indicator([row.implemented for row in rows], year, label)


def own_indicator(implemented: list[bool], year: int, label: str) -> Indicator:
    """The municipality's (or the region's) own indicator: the share of its schools where the
    system is implemented; ``implemented``: a flag per school."""
    return Indicator(
        code=CODE,
        label=label,
        numerator=sum(bool(flag) for flag in implemented),
        denominator=len(implemented),
        percent=True,
        target=municipal_target(year),
        definition=HOW,
    )
