"""Issue 18, item 4: a school sends its roadmap to the municipality, the coordinator approves it or
returns it with a comment, and the municipality follows each school's execution side by side."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from monitoring import roadmap_approval
from monitoring.models import RoadmapEvent, RoadmapStatus, RoadmapSubmission, SubmissionState
from municipal.todo import municipal_tasks
from notifications.models import Notification
from people.services import academic_year_of
from portal.todo import tasks_of
from tests.factories import SchoolFactory

TODAY = timezone.localdate()
YEAR = academic_year_of(TODAY)


def event(school, title="Семинар наставников", *, status=RoadmapStatus.PLANNED, starts_on=None, ends_on=None):
    return RoadmapEvent.objects.create(
        school=school,
        year=YEAR,
        stage="Организационный",
        title=title,
        starts_on=starts_on or TODAY + datetime.timedelta(days=10),
        ends_on=ends_on,
        status=status,
    )


def sent(cast, school=None):
    school = school or cast.school
    if not RoadmapEvent.objects.filter(school=school, year=YEAR).exists():
        event(school)
    return roadmap_approval.submit(school, YEAR, by=cast.curator if school == cast.school else cast.other_curator)


# --- the rules ---------------------------------------------------------------------------------


def test_an_empty_roadmap_is_not_sent(cast):
    with pytest.raises(ValidationError, match=r"нет мероприятий|no events"):
        roadmap_approval.submit(cast.school, YEAR, by=cast.curator)
    assert not RoadmapSubmission.objects.exists()


def test_sending_keeps_the_events_as_sent(cast):
    first = event(cast.school, "Семинар")
    submission = sent(cast)
    first.title = "Семинар (перенесён)"
    first.save()
    submission.refresh_from_db()
    assert [e["title"] for e in submission.events] == ["Семинар"]
    assert submission.state == SubmissionState.SENT


def test_a_roadmap_awaiting_approval_is_not_sent_twice(cast):
    sent(cast)
    with pytest.raises(ValidationError):
        roadmap_approval.submit(cast.school, YEAR, by=cast.curator)
    assert RoadmapSubmission.objects.count() == 1


def test_the_coordinator_approves_and_an_unchanged_roadmap_is_not_resent(cast):
    submission = sent(cast)
    roadmap_approval.approve(submission, municipality=cast.municipality, by=cast.officer)
    submission.refresh_from_db()
    assert submission.state == SubmissionState.APPROVED
    assert submission.reviewed_by == cast.officer
    with pytest.raises(ValidationError):
        roadmap_approval.submit(cast.school, YEAR, by=cast.curator)
    event(cast.school, "Новое мероприятие")
    changes = roadmap_approval.changes_since(submission, roadmap_approval.events_now(cast.school, YEAR))
    assert changes == {"added": ["Новое мероприятие"], "removed": [], "changed": []}
    again = roadmap_approval.submit(cast.school, YEAR, by=cast.curator)
    assert len(again.events) == 2
    assert RoadmapSubmission.objects.filter(school=cast.school, year=YEAR).count() == 2  # the history is kept


def test_returning_needs_a_comment(cast):
    submission = sent(cast)
    with pytest.raises(ValidationError):
        roadmap_approval.return_for_correction(submission, municipality=cast.municipality, by=cast.officer, comment=" ")
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SENT
    roadmap_approval.return_for_correction(
        submission, municipality=cast.municipality, by=cast.officer, comment="Добавьте сроки"
    )
    submission.refresh_from_db()
    assert submission.state == SubmissionState.RETURNED
    assert submission.comment == "Добавьте сроки"


def test_no_review_of_a_roadmap_not_awaiting_approval(cast):
    submission = sent(cast)
    roadmap_approval.approve(submission, municipality=cast.municipality, by=cast.officer)
    with pytest.raises(ValidationError):
        roadmap_approval.return_for_correction(submission, municipality=cast.municipality, by=cast.officer, comment="x")


def test_only_the_own_municipality_reviews(cast):
    submission = sent(cast)
    with pytest.raises(ValidationError):
        roadmap_approval.approve(submission, municipality=cast.other_municipality, by=cast.other_officer)
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SENT


# --- execution side by side --------------------------------------------------------------------


def test_execution_counts_each_school(cast):
    yesterday = TODAY - datetime.timedelta(days=1)
    event(cast.school, "Просрочено", starts_on=TODAY - datetime.timedelta(days=5), ends_on=yesterday)
    event(cast.school, "Просрочено без конца", starts_on=yesterday)
    event(cast.school, "Впереди")
    event(cast.school, "Проведено", status=RoadmapStatus.HELD, starts_on=yesterday)
    event(cast.school, "Перенесено", status=RoadmapStatus.MOVED)
    event(cast.school, "Отменено", status=RoadmapStatus.CANCELLED)
    event(cast.other_school, "Идёт", starts_on=yesterday, ends_on=TODAY)
    event(cast.far_school, "Чужое")
    sent(cast)

    rows = {s.pk: s for s in roadmap_approval.execution(cast.municipality, YEAR, TODAY)}

    assert set(rows) == {cast.school.pk, cast.other_school.pk}
    a = rows[cast.school.pk]
    assert (a.events_total, a.events_planned, a.events_held, a.events_overdue) == (6, 3, 1, 2)
    assert (a.events_moved, a.events_cancelled, a.submission_state) == (1, 1, SubmissionState.SENT)
    b = rows[cast.other_school.pk]
    assert (b.events_total, b.events_planned, b.events_overdue, b.submission_state) == (1, 1, 0, None)


@pytest.mark.parametrize("schools", [2, 5])
def test_the_side_by_side_page_costs_the_same_whatever_the_number_of_schools(
    cast, client_as, django_assert_num_queries, schools
):
    for n in range(schools - 2):
        extra = SchoolFactory(slug=f"extra-{n}", short_name=f"Школа {n}", municipality=cast.municipality)
        event(extra)
    event(cast.school)
    client = client_as(cast.officer)
    client.get(reverse("municipal:roadmaps"))  # warm up the session and the caches
    with django_assert_num_queries(NUM_QUERIES):
        response = client.get(reverse("municipal:roadmaps"))
    assert response.status_code == 200
    assert len(response.context["schools"]) == schools


NUM_QUERIES = 10  # the session, the menu and the to-dos (one query); one query for all the schools


# --- pages -------------------------------------------------------------------------------------


def test_the_curator_sends_and_sees_the_state_and_the_comment(cast, client_as, django_capture_on_commit_callbacks):
    event(cast.school)
    client = client_as(cast.curator)
    page = client.get(reverse("monitoring:roadmap")).content.decode()
    assert "Отправить на согласование в муниципалитет" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("monitoring:roadmap_submit"), {"year": YEAR})
    submission = RoadmapSubmission.objects.get()
    assert Notification.objects.filter(user=cast.officer, kind="roadmap_submitted", school=None).count() == 1

    officer = client_as(cast.officer)
    detail = officer.get(reverse("municipal:roadmap_submission", kwargs={"pk": submission.pk}))
    assert "Семинар наставников" in detail.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        officer.post(
            reverse("municipal:roadmap_review", kwargs={"pk": submission.pk}),
            {"decision": "return", "comment": "Уточните ответственных"},
        )
    submission.refresh_from_db()
    assert submission.state == SubmissionState.RETURNED
    told = set(Notification.objects.filter(kind="roadmap_reviewed").values_list("user", flat=True))
    assert told == {cast.curator.pk, cast.director.pk}

    page = client_as(cast.curator).get(reverse("monitoring:roadmap")).content.decode()
    assert "Уточните ответственных" in page
    assert "возвращена на доработку" in page


def test_returning_without_a_comment_changes_nothing(cast, client_as):
    submission = sent(cast)
    response = client_as(cast.officer).post(
        reverse("municipal:roadmap_review", kwargs={"pk": submission.pk}),
        {"decision": "return", "comment": ""},
        follow=True,
    )
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SENT
    assert "комментари" in response.content.decode()


def test_the_approved_roadmap_shows_what_changed_and_offers_to_resend(cast, client_as):
    submission = sent(cast)
    roadmap_approval.approve(submission, municipality=cast.municipality, by=cast.officer)
    client = client_as(cast.curator)
    assert "Отправить на согласование в муниципалитет" not in client.get(reverse("monitoring:roadmap")).content.decode()
    event(cast.school, "Круглый стол")
    page = client.get(reverse("monitoring:roadmap")).content.decode()
    assert 'data-testid="changed-since-approval"' in page
    assert "Круглый стол" in page
    assert "Отправить на согласование в муниципалитет" in page


def test_another_municipality_gets_404(cast, client_as):
    submission = sent(cast)
    client = client_as(cast.other_officer)
    assert client.get(reverse("municipal:roadmap_submission", kwargs={"pk": submission.pk})).status_code == 404
    response = client.post(reverse("municipal:roadmap_review", kwargs={"pk": submission.pk}), {"decision": "approve"})
    assert response.status_code == 404
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SENT
    page = client.get(reverse("municipal:roadmaps")).content.decode()
    assert "Школа А" not in page


def test_the_methodist_reads_but_does_not_review(cast, client_as):
    submission = sent(cast)
    client = client_as(cast.methodist)
    assert client.get(reverse("municipal:roadmap_submission", kwargs={"pk": submission.pk})).status_code == 200
    response = client.post(reverse("municipal:roadmap_review", kwargs={"pk": submission.pk}), {"decision": "approve"})
    assert response.status_code == 403


def test_the_side_by_side_page_shows_the_figures(cast, client_as):
    event(cast.school, "Проведено", status=RoadmapStatus.HELD)
    event(cast.school, "Просрочено", starts_on=TODAY - datetime.timedelta(days=3))
    page = client_as(cast.officer).get(reverse("municipal:roadmaps")).content.decode()
    assert "Школа А" in page
    assert "Школа Б" in page
    assert 'data-testid="held">1 <span class="text-body-secondary small">из 2</span>' in page  # held of the total
    assert 'data-testid="overdue">1<' in page


# --- to-dos ------------------------------------------------------------------------------------


def test_todos_on_both_sides(cast):
    submission = sent(cast)
    tasks = municipal_tasks(cast.officer, cast.municipality)
    assert [(t.key, t.count) for t in tasks if t.key == "roadmaps_to_approve"] == [("roadmaps_to_approve", 1)]
    assert not [t for t in municipal_tasks(cast.methodist, cast.municipality) if t.key == "roadmaps_to_approve"]
    roadmap_approval.return_for_correction(submission, municipality=cast.municipality, by=cast.officer, comment="x")
    assert not [t for t in municipal_tasks(cast.officer, cast.municipality) if t.key == "roadmaps_to_approve"]
    for user in (cast.curator, cast.director):
        keys = [t.key for t in tasks_of(user, cast.school, frozenset(_roles(user, cast.school)))]
        assert "roadmap_returned" in keys
    event(cast.school, "Исправлено")
    roadmap_approval.submit(cast.school, YEAR, by=cast.curator)
    keys = [t.key for t in tasks_of(cast.curator, cast.school, frozenset(_roles(cast.curator, cast.school)))]
    assert "roadmap_returned" not in keys


def _roles(user, school):
    from accounts.memberships import roles_in

    return roles_in(user, school)
