"""The schools' stored figures of a year (municipal.figures): the same numbers as computing them
now, refreshed after a change and every night."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from documents.models import DocumentStatus
from mentoring.models import Status
from monitoring import municipal, snapshot
from monitoring.indicators import compute_many
from municipal import figures
from municipal.models import SchoolYearFigures
from municipal.tasks import refresh_all_figures
from tests.factories import SchoolFactory
from tests.monitoring.test_indicators import Y
from tests.monitoring.test_municipality_indicator import a_pair, regulation


def numbers(indicators) -> dict:
    return {i.code: (i.numerator, i.denominator, i.responded, i.target) for i in indicators}


@pytest.fixture
def six_schools(cast):
    """Signed a year before with a fixed pair; signed after Y ended; signature awaited; a pair never
    formed; a pair terminated early (signed the last day of Y); a pair only proposed."""
    schools = [cast.school, cast.other_school, *(SchoolFactory(municipality=cast.municipality) for _ in range(4))]
    in_force, late, unsigned, never_formed, terminated, proposed = schools
    regulation(in_force, datetime.date(Y - 1, 8, 30))
    a_pair(in_force)
    regulation(late, datetime.date(Y + 1, 9, 1))
    a_pair(late)
    regulation(unsigned, datetime.date(Y, 9, 10), status=DocumentStatus.AWAITING_SIGNATURE)
    a_pair(unsigned)
    regulation(never_formed, datetime.date(Y, 9, 10))
    a_pair(never_formed, status=Status.NOT_FORMED)
    regulation(terminated, datetime.date(Y + 1, 8, 31))
    a_pair(terminated, status=Status.TERMINATED, actual_end=datetime.date(Y, 10, 1))
    regulation(proposed, datetime.date(Y, 9, 10))
    a_pair(proposed, status=Status.PROPOSED)
    return schools


@pytest.mark.django_db
def test_stored_figures_are_the_live_ones(six_schools):
    live = compute_many(six_schools, Y)
    live_rows, live_own = municipal.rows_for(six_schools, Y, label="")
    stored_rows, stored_own = municipal.rows_for(six_schools, Y, label="", stored=True)

    assert SchoolYearFigures.objects.filter(year=Y).count() == 6
    for school, live_row, stored_row in zip(six_schools, live_rows, stored_rows, strict=True):
        assert numbers(stored_row.indicators) == numbers(live[school.pk])
        assert (stored_row.regulation, stored_row.implemented) == (live_row.regulation, live_row.implemented)
        assert stored_row.computed_at is not None
    assert [row.implemented for row in stored_rows] == [True, False, False, False, True, False]
    assert [row.regulation for row in stored_rows] == [True, False, False, True, True, True]
    assert (stored_own.numerator, stored_own.denominator) == (live_own.numerator, live_own.denominator) == (2, 6)


@pytest.mark.django_db
def test_a_frozen_year_keeps_its_frozen_figures(cast):
    regulation(cast.school, datetime.date(Y, 9, 1))
    snapshot.freeze(cast.school, Y, by=cast.curator)  # no pair yet
    a_pair(cast.school)
    rows, own = municipal.rows_for([cast.school], Y, label="", stored=True)
    assert rows[0].result is not None
    assert rows[0].computed_at is None
    assert rows[0].by_code["mentorships"].numerator == 0
    assert own.numerator == 0
    assert not SchoolYearFigures.objects.filter(school=cast.school, year=Y).exists()


def stored_mentorships(school) -> int:
    return SchoolYearFigures.objects.get(school=school, year=figures.current_year()).figures["mentorships"][0]


@pytest.mark.django_db
def test_a_change_refreshes_the_school_row_after_commit(cast, django_capture_on_commit_callbacks):
    year = figures.current_year()
    figures.stored([cast.school.pk, cast.other_school.pk], year)
    assert stored_mentorships(cast.school) == 0
    before = SchoolYearFigures.objects.get(school=cast.other_school, year=year).computed_at

    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        a_pair(cast.school)
        a_pair(cast.school)  # twice in one transaction: one refresh
    assert len([c for c in callbacks if hasattr(c, "figures_school_id")]) == 1
    assert stored_mentorships(cast.school) == 2
    # Another school's row is left as it was.
    assert SchoolYearFigures.objects.get(school=cast.other_school, year=year).computed_at == before


@pytest.mark.django_db
def test_a_signed_regulation_order_refreshes_the_row(cast, django_capture_on_commit_callbacks):
    year = figures.current_year()
    with django_capture_on_commit_callbacks(execute=True):
        a_pair(cast.school)
    row = SchoolYearFigures.objects.get(school=cast.school, year=year)
    assert (row.regulation, row.implemented) == (False, False)
    with django_capture_on_commit_callbacks(execute=True):
        regulation(cast.school, datetime.date(year, 9, 2))
    row.refresh_from_db()
    assert (row.regulation, row.implemented) == (True, True)


@pytest.mark.django_db
def test_a_rolled_back_change_refreshes_nothing(cast, django_capture_on_commit_callbacks):
    figures.stored([cast.school.pk], figures.current_year())
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        try:
            with transaction.atomic():
                a_pair(cast.school)
                raise RuntimeError("the pair is not saved after all")
        except RuntimeError:
            pass
    assert callbacks == []
    assert stored_mentorships(cast.school) == 0


@pytest.mark.django_db
def test_the_nightly_job_refreshes_every_row(cast):
    year = figures.current_year()
    figures.stored([cast.school.pk], year)
    figures.stored([cast.school.pk], year - 1)
    a_pair(cast.school)  # no commit in a test: only the job catches it
    SchoolYearFigures.objects.update(computed_at=timezone.now() - datetime.timedelta(days=2))
    assert stored_mentorships(cast.school) == 0

    done = refresh_all_figures.delay().get()

    every_school = cast.municipality.schools.count() + cast.other_municipality.schools.count()
    assert done == every_school + 1  # every school's current year, and the stored row of last year
    assert stored_mentorships(cast.school) == 1
    stale = SchoolYearFigures.objects.filter(computed_at__lt=timezone.now() - datetime.timedelta(hours=1))
    assert not stale.exists()
    assert SchoolYearFigures.objects.filter(year=year).count() == every_school


def test_the_nightly_job_is_scheduled(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["refresh-school-figures"]
    assert entry["task"] == refresh_all_figures.name


@pytest.mark.django_db
def test_the_municipality_sums_are_its_schools_figures_frozen_where_frozen(cast, six_schools):
    snapshot.freeze(six_schools[0], Y, by=None)  # frozen with its pair
    live = compute_many(six_schools, Y)
    sums = figures.stored_municipality_sums(cast.region, Y)[cast.municipality.pk]
    assert (sums.schools, sums.implemented) == (6, 2)
    for code in ("young_in_programs", "teachers_in_programs", "mentorships"):
        numerator = sum(numbers(live[s.pk])[code][0] for s in six_schools)
        denominators = [numbers(live[s.pk])[code][1] for s in six_schools]
        assert sums.sums[code][0] == numerator, code
        assert sums.sums[code][1] == (sum(denominators) if denominators[0] is not None else None), code


@pytest.mark.django_db
def test_a_school_new_to_the_municipality_is_counted_on_the_next_read(cast):
    assert figures.stored_municipality_sums(cast.region, Y)[cast.municipality.pk].schools == 2
    SchoolFactory(municipality=cast.municipality)
    assert figures.stored_municipality_sums(cast.region, Y)[cast.municipality.pk].schools == 3
