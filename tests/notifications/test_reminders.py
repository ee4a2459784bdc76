"""Each reminder rule on crafted data, at the edges of its dates."""

import datetime

import pytest

from accounts.roles import Role
from documents.models import Document, DocumentStatus
from notifications import reminders
from notifications.models import Preference
from people.models import BankConfirmation, Consent, ConsentKind
from programs.models import PlanItem, PlanItemStatus
from tests.factories import MembershipFactory, UserFactory
from tests.notifications.helpers import END, ITEM_DAY, LATER_DAY, pair

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def about(found):
    """(user, plan event) of upcoming-event reminders, read from their keys."""
    titles = dict(PlanItem.objects.values_list("pk", "title"))
    return sorted((r.user.username, titles[int(r.key.split(":")[1])]) for r in found)


def recipients(found):
    return sorted(r.user.username for r in found)


# --- upcoming plan events ---------------------------------------------------------------


def test_an_event_within_two_days_reminds_mentor_and_mentee_and_three_days_ahead_does_not(cast):
    made = pair(cast)
    on = ITEM_DAY - 2 * DAY

    found = reminders.upcoming_items(cast.school, on)

    assert recipients(found) == ["p-mentee", "p-mentor"]
    item = made.program.items.get(planned_on=ITEM_DAY)
    assert {r.key for r in found} == {
        f"upcoming_item:{item.pk}:{made.mentor_user.pk}:2026-10-10",
        f"upcoming_item:{item.pk}:{made.mentee_user.pk}:2026-10-10",
    }
    assert all(r.url == f"/programs/{made.program.pk}/" and "10.10.2026" in r.body for r in found)
    assert {r.title for r in found} == {"Через 2 дня: Консультация"}
    # The event on 11.10 is three days ahead of 08.10: not yet; on 09.10 it is two days ahead.
    assert about(found) == [("p-mentee", "Консультация"), ("p-mentor", "Консультация")]
    later = reminders.upcoming_items(cast.school, LATER_DAY - 2 * DAY)
    assert about(later) == [
        ("p-mentee", "Консультация"),  # the same keys as on 08.10: delivered once
        ("p-mentee", "Открытый урок"),
        ("p-mentor", "Консультация"),
        ("p-mentor", "Открытый урок"),
    ]
    assert {r.key for r in found} < {r.key for r in later}


def test_an_event_is_still_announced_when_the_run_of_its_day_was_missed(cast):
    made = pair(cast, items=(("Консультация", ITEM_DAY),))

    found = reminders.upcoming_items(cast.school, ITEM_DAY - DAY)  # 08.10 was missed

    item = made.program.items.get(planned_on=ITEM_DAY)
    assert {r.key for r in found} == {
        f"upcoming_item:{item.pk}:{made.mentor_user.pk}:2026-10-10",
        f"upcoming_item:{item.pk}:{made.mentee_user.pk}:2026-10-10",
    }
    assert {r.title for r in found} == {"Через 1 день: Консультация"}
    assert reminders.upcoming_items(cast.school, ITEM_DAY) == []  # the day itself: not «in 0 days»


def test_each_user_is_reminded_within_their_own_days_before(cast):
    made = pair(cast)
    Preference.objects.create(user=made.mentee_user, days_before=3)

    on_8th = reminders.upcoming_items(cast.school, ITEM_DAY - 2 * DAY)
    on_7th = reminders.upcoming_items(cast.school, ITEM_DAY - 3 * DAY)

    # On 08.10 the mentor (2 days) hears of the 10.10 event, the mentee (3 days) of both.
    assert about(on_8th) == [("p-mentee", "Консультация"), ("p-mentee", "Открытый урок"), ("p-mentor", "Консультация")]
    assert about(on_7th) == [("p-mentee", "Консультация")]


def test_done_cancelled_unapproved_and_accountless_events_are_not_announced(cast):
    made = pair(cast)
    PlanItem.objects.filter(planned_on=ITEM_DAY).update(status=PlanItemStatus.DONE)
    assert reminders.upcoming_items(cast.school, ITEM_DAY - 2 * DAY) == []

    PlanItem.objects.filter(planned_on=ITEM_DAY).update(status=PlanItemStatus.MOVED)
    assert len(reminders.upcoming_items(cast.school, ITEM_DAY - 2 * DAY)) == 2

    made.program.status = "agreed"
    made.program.save(update_fields=["status"])
    assert reminders.upcoming_items(cast.school, ITEM_DAY - 2 * DAY) == []
    assert reminders.upcoming_items(cast.other_school, ITEM_DAY - 2 * DAY) == []


def test_a_replaced_mentor_is_no_longer_reminded(cast):
    made = pair(cast)
    made.mentorship.participants.filter(role="mentor").update(ended_on=datetime.date(2026, 10, 1))

    assert recipients(reminders.upcoming_items(cast.school, ITEM_DAY - 2 * DAY)) == ["p-mentee"]


# --- overdue events -----------------------------------------------------------------------


def test_the_overdue_digest_counts_events_whose_day_has_passed(cast):
    made = pair(cast)
    other = pair(cast, prefix="q", items=(("Семинар", ITEM_DAY),))

    assert reminders.overdue_items(cast.school, ITEM_DAY) == []  # due today is not overdue yet

    found = reminders.overdue_items(cast.school, ITEM_DAY + DAY)
    assert recipients(found) == ["boris"]
    assert found[0].key == f"overdue_items:{cast.school.pk}:{cast.curator.pk}:2026-10-11"
    assert found[0].title.startswith("2 ")
    assert found[0].url == "/mentoring/"

    found = reminders.overdue_items(cast.school, LATER_DAY + DAY)
    assert found[0].title.startswith("3 ")
    assert sorted(found[0].body.splitlines()) == sorted([f"{made.mentorship}: 2", f"{other.mentorship}: 1"])

    PlanItem.objects.filter(program=made.program).update(status=PlanItemStatus.DONE)
    assert reminders.overdue_items(cast.school, LATER_DAY + DAY)[0].title.startswith("1 ")
    assert reminders.overdue_items(cast.other_school, LATER_DAY + DAY) == []


# --- mentorships ending soon --------------------------------------------------------------


def test_a_mentorship_ending_within_30_days_reminds_curator_and_participants_once(cast):
    made = pair(cast)
    on = END - datetime.timedelta(days=30)

    found = reminders.ending_soon(cast.school, on)

    assert recipients(found) == ["boris", "p-mentee", "p-mentor"]
    assert {r.key.rsplit(":", 1)[0] for r in found} == {f"ending_soon:{made.mentorship.pk}:2027-05-31"}
    assert "через 30 дней, 31.05.2027" in found[0].body
    assert reminders.ending_soon(cast.school, on - DAY) == []
    # Any later day up to the end makes the same keys: delivered once, even if 01.05 was missed.
    for later in (on + DAY, END - DAY, END):
        assert {r.key for r in reminders.ending_soon(cast.school, later)} == {r.key for r in found}
    assert "31.05.2027" in reminders.ending_soon(cast.school, END)[0].body  # «ends today»
    assert reminders.ending_soon(cast.school, END + DAY) == []


def test_a_mentorship_created_with_17_days_left_is_reminded_at_once(cast):
    made = pair(cast)
    type(made.mentorship).objects.filter(pk=made.mentorship.pk).update(planned_end=datetime.date(2026, 10, 27))

    found = reminders.ending_soon(cast.school, datetime.date(2026, 10, 10))

    assert {r.key.rsplit(":", 1)[0] for r in found} == {f"ending_soon:{made.mentorship.pk}:2026-10-27"}
    assert "через 17 дней" in found[0].body


def test_an_extended_mentorship_is_reminded_of_its_new_end(cast):
    made = pair(cast)
    first = reminders.ending_soon(cast.school, END - 10 * DAY)
    type(made.mentorship).objects.filter(pk=made.mentorship.pk).update(planned_end=END + 20 * DAY)

    again = reminders.ending_soon(cast.school, END - 10 * DAY)

    assert {r.key for r in again}.isdisjoint({r.key for r in first})
    assert all(r.key.split(":")[2] == "2027-06-20" for r in again)


def test_a_mentorship_not_active_is_not_reminded_of_its_end(cast):
    made = pair(cast)
    type(made.mentorship).objects.filter(pk=made.mentorship.pk).update(status="completed")

    assert reminders.ending_soon(cast.school, END - datetime.timedelta(days=30)) == []


# --- consents -------------------------------------------------------------------------------


def test_missing_consents_remind_the_curator_once_a_week(cast):
    made = pair(cast)
    monday = datetime.date(2026, 11, 2)
    assert reminders.missing_consents(cast.school, monday) == []

    Consent.objects.filter(person__user=made.mentee_user, kind=ConsentKind.MENTEE_PARTICIPATION).update(
        withdrawn_on=datetime.date(2026, 10, 20)
    )

    found = reminders.missing_consents(cast.school, monday)
    assert recipients(found) == ["boris"]
    assert found[0].key == f"consent_missing:{made.mentorship.pk}:2026-W45:{cast.curator.pk}"
    assert found[0].url == f"/mentoring/{made.mentorship.pk}/"
    assert reminders.missing_consents(cast.school, monday + 6 * DAY)[0].key == found[0].key  # same week
    assert reminders.missing_consents(cast.school, monday + 7 * DAY)[0].key.endswith(f"2026-W46:{cast.curator.pk}")


# --- documents ------------------------------------------------------------------------------


def awaiting(school, sequence=1):
    return Document.objects.create(
        school=school,
        type="order_pairs",
        title="О закреплении наставнических пар",
        number=str(sequence),
        year=2026,
        sequence=sequence,
        date=datetime.date(2026, 9, 1),
        status=DocumentStatus.AWAITING_SIGNATURE,
    )


def test_documents_awaiting_signature_make_one_digest_per_director_per_day(cast):
    on = datetime.date(2026, 9, 2)
    assert reminders.awaiting_signature(cast.school, on) == []
    awaiting(cast.school, 1)
    awaiting(cast.school, 2)
    Document.objects.create(
        school=cast.school, type="order_pairs", title="Черновик", number="3", year=2026, sequence=3, date=on
    )

    found = reminders.awaiting_signature(cast.school, on)

    assert recipients(found) == ["alla"]
    assert found[0].key == f"awaiting_signature:{cast.school.pk}:{cast.director.pk}:2026-09-02"
    assert found[0].title.startswith("2 ")
    assert "Черновик" not in found[0].body
    assert reminders.awaiting_signature(cast.school, on + DAY)[0].key.endswith(":2026-09-03")
    assert reminders.awaiting_signature(cast.other_school, on) == []


# --- the yearly bank actualization -----------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "due"),
    [
        (datetime.date(2026, 9, 1), True),  # 1 September (a Tuesday)
        (datetime.date(2026, 9, 7), True),  # the first Monday
        (datetime.date(2026, 9, 8), False),  # a Tuesday
        (datetime.date(2026, 9, 28), True),  # the last Monday of September
        (datetime.date(2026, 10, 5), False),  # a Monday in October
        (datetime.date(2026, 8, 31), False),  # a Monday in August
    ],
)
def test_actualization_is_reminded_on_1_september_and_septembers_mondays(cast, day, due):
    found = reminders.bank_actualization(cast.school, day)
    assert (recipients(found) == ["boris", "vera"]) is due
    assert bool(found) is due


def test_actualization_stops_once_the_bank_is_confirmed_for_the_year(cast):
    BankConfirmation.objects.create(school=cast.school, academic_year=2025, confirmed_by=cast.curator)
    found = reminders.bank_actualization(cast.school, datetime.date(2026, 9, 7))
    assert found[0].key == f"bank_actualization:{cast.school.pk}:2026:{cast.curator.pk}:2026-09-07"

    BankConfirmation.objects.create(school=cast.school, academic_year=2026, confirmed_by=cast.curator)
    assert reminders.bank_actualization(cast.school, datetime.date(2026, 9, 14)) == []
    assert reminders.bank_actualization(cast.other_school, datetime.date(2026, 9, 14)) != []


# --- the 30 June monitoring deadline --------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "due"),
    [
        (datetime.date(2027, 6, 1), True),
        (datetime.date(2027, 6, 23), True),
        (datetime.date(2027, 5, 31), False),
        (datetime.date(2027, 6, 2), False),
        (datetime.date(2027, 6, 30), False),
        (datetime.date(2027, 7, 1), False),
    ],
)
def test_the_monitoring_deadline_is_reminded_on_1_and_23_june(cast, day, due):
    found = reminders.monitoring_deadline(cast.school, day)
    assert bool(found) is due
    if due:
        assert recipients(found) == ["alla", "boris"]
        assert {r.key for r in found} == {
            f"monitoring_deadline:{cast.school.pk}:2027:{user.pk}:{day.isoformat()}"
            for user in (cast.director, cast.curator)
        }
        assert "30.06.2027" in found[0].title


def test_recipients_are_active_members_of_the_school_in_that_role(cast):
    second = UserFactory(username="second-curator")
    MembershipFactory(user=second, school=cast.school, role=Role.CURATOR)
    MembershipFactory(user=cast.curator, school=cast.school, role=Role.DIRECTOR)  # curator and director
    UserFactory(username="gone", is_active=False).memberships.create(school=cast.school, role=Role.CURATOR)

    found = reminders.monitoring_deadline(cast.school, datetime.date(2027, 6, 1))

    assert recipients(found) == ["alla", "boris", "second-curator"]
