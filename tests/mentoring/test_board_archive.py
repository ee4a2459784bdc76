"""The board shows this academic year and everything open; ended pairs of earlier years are archived."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.archive import ARCHIVE_PAGE_SIZE, archive_years, year_label
from mentoring.models import Mentorship, Participant, Status
from mentoring.selectors import board
from tests.mentoring.helpers import mentee, mentor, teacher_form

ON = datetime.date(2026, 12, 3)  # academic year 2026/27, which began on 1 September 2026
DAY = datetime.timedelta(days=1)


def pair(school, status, start, end, actual_end=None, *, mentee_name="Наставляемая"):
    mentorship = Mentorship(
        school=school,
        form=teacher_form(school),
        planned_start=start,
        planned_end=end,
        actual_end=actual_end,
        status=status,
    )
    Mentorship.objects.bulk_create([mentorship])  # any status, as an import or the bench data would have it
    Participant.objects.bulk_create(
        [
            Participant(mentorship=mentorship, person=mentor(school), role="mentor", started_on=start),
            Participant(
                mentorship=mentorship, person=mentee(school, last_name=mentee_name), role="mentee", started_on=start
            ),
        ]
    )
    return mentorship


def on_board(context) -> set[int]:
    rows = context["open_rows"] + context["closed_rows"] + context["not_formed_rows"]
    return {m.pk for m, _alerts in rows}


def shown(response) -> set[int]:
    return {m.pk for m, _alerts in response.context["rows"]}


@pytest.mark.django_db
def test_the_board_keeps_what_is_open_or_ended_this_academic_year(cast):
    last_year = pair(
        cast.school, Status.COMPLETED, datetime.date(2025, 9, 1), datetime.date(2026, 5, 31), datetime.date(2026, 5, 31)
    )
    last_day_of_last_year = pair(
        cast.school,
        Status.TERMINATED,
        datetime.date(2025, 9, 1),
        datetime.date(2026, 5, 31),
        datetime.date(2026, 8, 31),
    )
    this_year = pair(
        cast.school, Status.COMPLETED, datetime.date(2025, 9, 1), datetime.date(2026, 9, 1), datetime.date(2026, 9, 1)
    )
    dropped_this_year = pair(
        cast.school, Status.NOT_FORMED, datetime.date(2026, 10, 1), datetime.date(2027, 5, 31), ON - DAY
    )
    dropped_long_ago = pair(
        cast.school,
        Status.NOT_FORMED,
        datetime.date(2024, 10, 1),
        datetime.date(2025, 5, 31),
        datetime.date(2024, 9, 20),
    )
    old_but_open = pair(
        cast.school, Status.ACTIVE, datetime.date(2023, 9, 1), datetime.date(2026, 5, 31)
    )  # overdue, still open

    context = board(cast.school, on=ON)

    assert on_board(context) == {this_year.pk, dropped_this_year.pk, old_but_open.pk}
    assert {last_year.pk, last_day_of_last_year.pk, dropped_long_ago.pk}.isdisjoint(on_board(context))
    assert context["archived_count"] == 3
    assert {s.value: n for s, n in context["statuses"]}[Status.COMPLETED] == 1


@pytest.mark.django_db
def test_the_archive_lists_earlier_years_newest_first_and_filters_by_year(cast, client_as):
    today = timezone.localdate()
    year = today.year if today.month >= 9 else today.year - 1  # the current academic year
    two_years_ago = pair(
        cast.school,
        Status.COMPLETED,
        datetime.date(year - 3, 9, 1),
        datetime.date(year - 2, 5, 31),
        datetime.date(year - 2, 5, 20),
    )
    last_year = pair(
        cast.school,
        Status.TERMINATED,
        datetime.date(year - 1, 9, 1),
        datetime.date(year, 5, 31),
        datetime.date(year, 2, 1),
    )
    this_year = pair(
        cast.school,
        Status.COMPLETED,
        datetime.date(year - 1, 9, 1),
        datetime.date(year, 9, 2),
        datetime.date(year, 9, 2),
    )
    client = client_as(cast.curator)

    everything = client.get(reverse("mentoring:archive"))
    assert [m.pk for m, _a in everything.context["rows"]] == [last_year.pk, two_years_ago.pk]
    assert everything.context["years"] == [
        (year - 1, year_label(year - 1)),
        (year - 2, year_label(year - 2)),
        (year - 3, year_label(year - 3)),
    ]

    assert shown(client.get(reverse("mentoring:archive"), {"year": year - 3})) == {two_years_ago.pk}
    assert shown(client.get(reverse("mentoring:archive"), {"year": year - 1})) == {last_year.pk}
    assert shown(client.get(reverse("mentoring:archive"), {"year": year})) == {
        last_year.pk,
        two_years_ago.pk,
    }  # not a year of the archive: all
    assert shown(client.get(reverse("mentoring:archive"), {"year": "junk"})) == {last_year.pk, two_years_ago.pk}
    assert this_year.pk in on_board(client.get(reverse("mentoring:board")).context["board"])


@pytest.mark.django_db
def test_the_archive_is_paged(cast, client_as):
    today = timezone.localdate()
    year = today.year if today.month >= 9 else today.year - 1
    ended = [
        pair(
            cast.school,
            Status.COMPLETED,
            datetime.date(year - 2, 9, 1),
            datetime.date(year - 1, 5, 31),
            datetime.date(year - 1, 5, 31),
        )
        for _ in range(ARCHIVE_PAGE_SIZE + 1)
    ]
    client = client_as(cast.curator)

    first = client.get(reverse("mentoring:archive"), {"year": year - 2})
    second = client.get(reverse("mentoring:archive"), {"year": year - 2, "page": 2})

    assert len(first.context["rows"]) == ARCHIVE_PAGE_SIZE
    assert len(second.context["rows"]) == 1
    assert shown(first) | shown(second) == {m.pk for m in ended}
    assert f"year={year - 2}&amp;page=2" in first.content.decode()  # the next page keeps the year
    assert client.get(reverse("mentoring:board")).context["board"]["archived_count"] == ARCHIVE_PAGE_SIZE + 1


@pytest.mark.django_db
def test_another_schools_pairs_never_show(cast, client_as):
    today = timezone.localdate()
    year = today.year if today.month >= 9 else today.year - 1
    ours = pair(
        cast.school,
        Status.COMPLETED,
        datetime.date(year - 2, 9, 1),
        datetime.date(year - 1, 5, 31),
        datetime.date(year - 1, 5, 31),
    )
    theirs = pair(
        cast.other_school,
        Status.COMPLETED,
        datetime.date(year - 5, 9, 1),
        datetime.date(year - 4, 5, 31),
        datetime.date(year - 4, 5, 31),
        mentee_name="Чужаяшкола",
    )
    client = client_as(cast.curator)

    response = client.get(reverse("mentoring:archive"))

    assert shown(response) == {ours.pk}
    assert "Чужаяшкола" not in response.content.decode()
    assert [y for y, _label in response.context["years"]] == [
        year - 1,
        year - 2,
    ]  # the other school's 5 years ago: not a choice
    assert shown(client.get(reverse("mentoring:archive"), {"year": year - 5})) == {ours.pk}
    assert theirs.pk not in on_board(client.get(reverse("mentoring:board")).context["board"])


@pytest.mark.django_db
def test_the_archive_is_the_boards_readers_only(cast, client_as):
    assert client_as(cast.curator).get(reverse("mentoring:archive")).status_code == 200
    assert client_as(cast.mentor).get(reverse("mentoring:archive")).status_code == 403


@pytest.mark.django_db
def test_archive_years_run_from_the_oldest_archived_end_to_last_year(cast):
    assert archive_years(cast.school, ON) == []
    pair(
        cast.school, Status.COMPLETED, datetime.date(2022, 9, 1), datetime.date(2023, 5, 31), datetime.date(2023, 9, 10)
    )
    assert archive_years(cast.school, ON) == [2025, 2024, 2023]
    assert year_label(2024) == "2024/25"
    assert year_label(2099) == "2099/00"


@pytest.mark.django_db
def test_a_mentee_of_a_running_pair_no_longer_needs_a_mentor_but_one_whose_pair_ended_does(cast):
    pair(cast.school, Status.ACTIVE, datetime.date(2026, 9, 1), datetime.date(2027, 5, 31), mentee_name="Занятая")
    pair(
        cast.school,
        Status.COMPLETED,
        datetime.date(2025, 9, 1),
        datetime.date(2026, 10, 1),
        datetime.date(2026, 10, 1),
        mentee_name="Свободная",
    )

    needing = {person.last_name for person, _categories in board(cast.school, on=ON)["needing"]}

    assert "Свободная" in needing
    assert "Занятая" not in needing
