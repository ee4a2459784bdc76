"""Each school's indicators of an academic year, materialized (issue 19).

The municipality's and the region's pages read one stored row per school
(``municipal.models.SchoolYearFigures``) instead of computing every school's indicators per
request: for the region's 1,000 schools that is one query, not a computation over 60,000 people.
A row keeps what ``monitoring.indicators.compute_many`` gives (numerator, denominator, who
answered, target of each indicator), whether the order approving the Положение is signed and
whether the system is implemented, and when it was computed; the pages print the oldest time.

Rows are refreshed after a change that moves the figures (``refresh_on_commit``: a mentorship
saved, a document signed, a survey answered, a program completed, a target or a roadmap event
changed), every night for every row (``refresh_stored``, Celery beat), and computed when a page
asks for a school that has none. A frozen year is never read from here: its figures are its
frozen result's (``school_figures``).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Case, Count, Exists, IntegerField, Min, OuterRef, Q, Sum, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone

from accounts.models import School
from monitoring.indicators import BY_CODE, DEFINITIONS, Indicator, compute_many
from monitoring.models import MonitoringResult
from monitoring.snapshot import frozen_results
from municipal.models import MunicipalityYearFigures, SchoolYearFigures
from people.services import academic_year_of

CHUNK = 200  # schools computed together: compute_many's queries are fixed, its memory is not
SMALL = 5  # as monitoring.municipal.SMALL: a share over fewer people is masked
ANSWERED = {"mentee_satisfaction", "mentor_satisfaction"}  # shares with who answered beside them
# The school indicators the municipalities' sums keep (monitoring.municipal.COLUMNS).
SUMMED = ["young_in_programs", "teachers_in_programs", "mentee_satisfaction", "mentor_satisfaction",
          "school_events", "mentorships"]  # fmt: skip


def current_year() -> int:
    return academic_year_of(timezone.localdate())


def _implemented(regulation: bool, values: dict) -> bool:
    # Seed 000 §1.4: the Положение's order signed and at least one mentorship counting in the year.
    return bool(regulation and values.get("mentorships", (0,))[0] > 0)


def _values(indicators: list[Indicator]) -> dict:
    return {
        i.code: [i.numerator, i.denominator, i.responded, str(i.target) if i.target is not None else None]
        for i in indicators
    }


def refresh(school_ids, year: int, *, now: datetime.datetime | None = None) -> dict[int, SchoolYearFigures]:
    """Computes and stores the figures of these schools in ``year``: a fixed number of queries per
    ``CHUNK`` schools."""
    from monitoring.municipal import regulation_signed

    now = now or timezone.now()
    ids = list(dict.fromkeys(school_ids))
    rows = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        live = compute_many(chunk, year)
        signed = regulation_signed(chunk, year)
        made = []
        for school_id in chunk:
            values = _values(live[school_id])
            regulation = school_id in signed
            made.append(
                SchoolYearFigures(
                    school_id=school_id,
                    year=year,
                    figures=values,
                    regulation=regulation,
                    implemented=_implemented(regulation, values),
                    computed_at=now,
                )
            )
        SchoolYearFigures.objects.bulk_create(
            made,
            update_conflicts=True,
            unique_fields=["school", "year"],
            update_fields=["figures", "regulation", "implemented", "computed_at"],
        )
        rows.update((row.school_id, row) for row in made)
    if ids:
        places = School.objects.filter(pk__in=ids, municipality__isnull=False).values_list("municipality_id", flat=True)
        store_municipality_sums(set(places), year)
    return rows


def stored(school_ids, year: int) -> dict[int, SchoolYearFigures]:
    """The stored rows of these schools in ``year``, computing the missing ones (one query when
    none is missing)."""
    ids = list(school_ids)
    if not ids:
        return {}
    found = {row.school_id: row for row in SchoolYearFigures.objects.filter(school_id__in=ids, year=year)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        found.update(refresh(missing, year))
    return found


def indicators_from(row: SchoolYearFigures) -> list[Indicator]:
    """The stored figures as the indicators ``compute_many`` gave, worded in the current language."""
    return indicators_from_many([row.figures])[0]


def indicators_from_many(stored_figures) -> list[list[Indicator]]:
    """``indicators_from`` for many rows' ``figures``, each label translated once for all of them."""
    words = [(d, str(d.label), str(d.chart_label or d.label)) for d in DEFINITIONS]
    made = []
    for figures in stored_figures:
        indicators = []
        for definition, label, chart_label in words:
            numerator, denominator, responded, target = figures.get(definition.code, (0, None, None, None))
            indicators.append(
                Indicator(
                    code=definition.code,
                    label=label,
                    numerator=numerator,
                    denominator=denominator,
                    percent=definition.percent,
                    target=Decimal(target) if target is not None else None,
                    chart_label=chart_label,
                    definition=definition.how,
                    responded=responded,
                )
            )
        made.append(indicators)
    return made


@dataclass
class Figures:
    """One school's figures of a year, wherever they come from. ``stored``: code → [numerator,
    denominator, responded, target] as stored; a frozen year has its ``result`` instead (or, read
    without results, its ``frozen`` indicators). ``computed_at``: when the stored ones were computed."""

    regulation: bool
    implemented: bool
    computed_at: datetime.datetime | None = None
    stored: dict | None = None
    result: object = None
    frozen: list | None = None

    @property
    def values(self) -> dict:
        """code → (numerator, denominator, responded)."""
        if self.stored is not None:
            return {code: (item[0], item[1], item[2]) for code, item in self.stored.items()}
        items = self.result.data.get("indicators", []) if self.result is not None else self.frozen or []
        return {i["code"]: (i["numerator"], i.get("denominator"), i.get("responded")) for i in items}


def frozen_figures(data: dict, result=None) -> Figures:
    regulation = bool(data.get("regulation_signed"))
    mentorships = next((i["numerator"] for i in data.get("indicators", []) if i["code"] == "mentorships"), 0)
    return Figures(regulation, bool(regulation and mentorships > 0), result=result, frozen=data.get("indicators", []))


def school_figures(school_ids, year: int, *, results: bool = False) -> dict[int, Figures]:
    """Each school's figures of ``year``: its frozen result where frozen, else its stored row,
    computed first where missing. Two queries whatever the number of schools when every row is
    there, and no model instance made: the region reads 1,000 schools this way. ``results``: with
    the frozen results themselves (their date and author), for the pages that print them."""
    from monitoring.models import MonitoringResult

    ids = list(school_ids)
    figures = {}
    if results:
        for (school_id, _year), result in frozen_results(ids, [year]).items():
            figures[school_id] = frozen_figures(result.data, result)
    else:
        frozen = MonitoringResult.objects.filter(school_id__in=ids, year=year, unfrozen_at__isnull=True)
        for school_id, data in frozen.values_list("school_id", "data"):
            figures[school_id] = frozen_figures(data)
    rest = [pk for pk in ids if pk not in figures]
    found = SchoolYearFigures.objects.filter(school_id__in=rest, year=year).values_list(
        "school_id", "figures", "regulation", "implemented", "computed_at"
    )
    for school_id, stored_figures, regulation, implemented, computed_at in found if rest else ():
        figures[school_id] = Figures(regulation, implemented, computed_at, stored_figures)
    missing = [pk for pk in rest if pk not in figures]
    for school_id, row in (refresh(missing, year) if missing else {}).items():
        figures[school_id] = Figures(row.regulation, row.implemented, row.computed_at, row.figures)
    return figures


def oldest(times) -> datetime.datetime | None:
    """The time the oldest of the figures shown was computed («Данные на …»)."""
    present = [t for t in times if t is not None]
    return min(present) if present else None


# --- keeping the rows fresh ----------------------------------------------------------------


def refresh_on_commit(school_id: int | None) -> None:
    """After the current transaction commits, refresh the school's current-year row (a Celery
    task). Once per school and transaction however many changes it makes."""
    if school_id is None:
        return
    pending = transaction.get_connection().run_on_commit
    if any(getattr(callback, "figures_school_id", None) == school_id for _, callback, _ in pending):
        return

    def enqueue():
        from municipal.tasks import refresh_school_figures

        enqueue.figures_school_id = None  # done: a later change of the school enqueues again
        refresh_school_figures.delay([school_id])

    enqueue.figures_school_id = school_id
    transaction.on_commit(enqueue)


def refresh_schools(school_ids, year: int | None = None) -> int:
    present = list(School.objects.filter(pk__in=list(school_ids)).values_list("pk", flat=True))
    return len(refresh(present, year if year is not None else current_year()))


def refresh_stored(*, now: datetime.datetime | None = None) -> int:
    """The nightly job: every school's current-year row, and every stored row of another year
    (a late order can still move a past year that nobody froze)."""
    now = now or timezone.now()
    year = current_year()
    done = len(refresh(list(School.objects.order_by("pk").values_list("pk", flat=True)), year, now=now))
    other_years = sorted(set(SchoolYearFigures.objects.exclude(year=year).values_list("year", flat=True).distinct()))
    for other in other_years:
        ids = SchoolYearFigures.objects.filter(year=other).order_by("school_id").values_list("school_id", flat=True)
        done += len(refresh(list(ids), other, now=now))
    return done


# --- the municipalities' sums (the region's page) -------------------------------------------


def _number(code: str, position: int):
    return Cast(KT(f"figures__{code}__{position}"), IntegerField())


def _small_share(code: str, denominator) -> bool:
    return bool(BY_CODE[code].percent and denominator is not None and 0 < denominator < SMALL)


def municipality_sums(municipality_ids, year: int) -> dict[int, dict]:
    """Each municipality's schools' figures of ``year`` summed: the stored rows of the schools
    that are not frozen in the database (one query), the frozen results in Python (one query)."""
    ids = list(municipality_ids)
    frozen_here = MonitoringResult.objects.filter(school_id=OuterRef("school_id"), year=year, unfrozen_at__isnull=True)
    aliases, aggregates = (
        {},
        {
            "schools": Count("pk"),
            "implemented": Count("pk", filter=Q(implemented=True)),
            "oldest": Min("computed_at"),
        },
    )
    for code in SUMMED:
        # A count has no denominator, and only the satisfactions say who answered: JSON nulls
        # are left out rather than cast (SQLite casts them to 0).
        parts = ("n", "d", "r") if code in ANSWERED else ("n", "d") if BY_CODE[code].percent else ("n",)
        for position, part in enumerate(parts):
            aliases[f"{code}_{part}"] = _number(code, position)
            aggregates[f"{code}__{part}"] = Sum(f"{code}_{part}")
        if BY_CODE[code].percent:
            small = Q(**{f"{code}_d__gt": 0, f"{code}_d__lt": SMALL})
            aggregates[f"{code}__hidden"] = Sum(Case(When(small, then=f"{code}_d"), default=Value(0)))
    grouped = (
        SchoolYearFigures.objects.filter(school__municipality_id__in=ids, year=year)
        .exclude(Exists(frozen_here))
        .alias(**aliases)
        .values("school__municipality_id")
        .annotate(**aggregates)
        .order_by()
    )
    sums = {
        pk: {"schools": 0, "implemented": 0, "oldest": None, "sums": {c: [0, None, None, 0] for c in SUMMED}}
        for pk in ids
    }

    def add(total, numerator, denominator, responded, hidden):
        total[0] += numerator or 0
        if denominator is not None:
            total[1] = (total[1] or 0) + denominator
        if responded is not None:
            total[2] = (total[2] or 0) + responded
        total[3] += hidden or 0

    for row in grouped:
        found = sums[row["school__municipality_id"]]
        found.update(schools=row["schools"], implemented=row["implemented"], oldest=row["oldest"])
        for code in SUMMED:
            add(
                found["sums"][code],
                row[f"{code}__n"],
                row.get(f"{code}__d"),
                row.get(f"{code}__r"),
                row.get(f"{code}__hidden"),
            )
    frozen = MonitoringResult.objects.filter(
        school__municipality_id__in=ids, year=year, unfrozen_at__isnull=True
    ).values_list("school__municipality_id", "data")
    for municipality_id, data in frozen:
        figures = frozen_figures(data)
        found = sums[municipality_id]
        found["schools"] += 1
        found["implemented"] += figures.implemented
        for code, (numerator, denominator, responded) in figures.values.items():
            if code in found["sums"]:
                hidden = denominator if _small_share(code, denominator) else 0
                add(found["sums"][code], numerator, denominator, responded, hidden)
    return sums


def store_municipality_sums(municipality_ids, year: int) -> dict[int, MunicipalityYearFigures]:
    """Sums and stores the figures of these municipalities in ``year`` (three queries)."""
    ids = sorted(set(municipality_ids))
    made = [
        MunicipalityYearFigures(
            municipality_id=pk,
            year=year,
            sums=found["sums"],
            schools=found["schools"],
            implemented=found["implemented"],
            computed_at=found["oldest"],
        )
        for pk, found in municipality_sums(ids, year).items()
    ]
    MunicipalityYearFigures.objects.bulk_create(
        made,
        update_conflicts=True,
        unique_fields=["municipality", "year"],
        update_fields=["sums", "schools", "implemented", "computed_at"],
    )
    return {row.municipality_id: row for row in made}


def stored_municipality_sums(region, year: int) -> dict[int, MunicipalityYearFigures]:
    """The region's municipalities' stored sums of ``year`` (two queries), bringing up to date
    first those missing or counting another number of schools than the municipality has now."""
    found = {
        row.municipality_id: row
        for row in MunicipalityYearFigures.objects.filter(municipality__region=region, year=year)
    }
    schools = dict(
        School.objects.filter(municipality__region=region)
        .values("municipality_id")
        .annotate(n=Count("pk"))
        .values_list("municipality_id", "n")
        .order_by()
    )
    stale = [pk for pk, n in schools.items() if pk not in found or found[pk].schools != n]
    stale += [pk for pk, row in found.items() if pk not in schools and row.schools]  # its schools left it
    if stale:
        missing_rows(School.objects.filter(municipality_id__in=stale), year)
        found.update(store_municipality_sums(stale, year))
    return found


def missing_rows(schools, year: int) -> None:
    """Schools with neither stored figures nor a frozen result of ``year`` get stored figures."""
    frozen = MonitoringResult.objects.filter(school_id=OuterRef("pk"), year=year, unfrozen_at__isnull=True)
    stored_row = SchoolYearFigures.objects.filter(school_id=OuterRef("pk"), year=year)
    missing = list(schools.exclude(Exists(frozen)).exclude(Exists(stored_row)).values_list("pk", flat=True))
    if missing:
        refresh(missing, year)
