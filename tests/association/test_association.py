"""Issue 18, item 5: the municipal methodical association — members, meetings with minutes,
recommendations to schools, expert review of a school's Положение or program."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.memberships import municipal_roles_in
from accounts.models import Membership
from accounts.roles import Role
from association import rules
from association.models import ExpertReview, Meeting, Member, Recommendation, ReviewState, Subject, Verdict
from audit.models import AuditEvent
from municipal.todo import municipal_tasks
from notifications.models import Notification
from portal.todo import tasks_of
from tests.factories import MembershipFactory, UserFactory
from tests.programs.helpers import approved_program, running_mentorship


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def teacher(cast, school=None, username="nina", last_name="Орлова"):
    user = UserFactory(username=username, last_name=last_name, first_name="Нина")
    MembershipFactory(user=user, school=school or cast.other_school, role=Role.MENTOR)
    return user


def roles(user, school):
    from accounts.memberships import forget_memberships, roles_in

    forget_memberships(user)
    return roles_in(user, school)


# --- members -------------------------------------------------------------------------------------


def test_adding_a_member_grants_the_role_and_removing_revokes_it(cast):
    user = teacher(cast)
    member = rules.add_member(cast.municipality, user, by=cast.officer)
    assert Role.MUNICIPAL_METHODIST in municipal_roles_in(user, cast.municipality)
    assert AuditEvent.objects.filter(school=cast.other_school, object_type="association.member").count() == 1

    rules.remove_member(member, municipality=cast.municipality, by=cast.officer)
    user.refresh_from_db()
    assert not Membership.objects.filter(user=user, role=Role.MUNICIPAL_METHODIST).exists()
    assert Membership.objects.filter(user=user, role=Role.MENTOR).exists()  # the school role stays
    assert AuditEvent.objects.filter(school=cast.other_school, object_type="association.member").count() == 2


def test_only_the_municipalitys_school_staff_may_be_members(cast):
    stranger = teacher(cast, school=cast.far_school, username="far")
    with pytest.raises(ValidationError):
        rules.add_member(cast.municipality, stranger, by=cast.officer)
    with pytest.raises(ValidationError):
        rules.add_member(cast.municipality, cast.outsider, by=cast.officer)
    assert not Member.objects.exists()


def test_a_member_who_leaves_stays_in_the_minutes_and_may_come_back(cast):
    user = teacher(cast)
    member = rules.add_member(cast.municipality, user, by=cast.officer)
    meeting = rules.record_meeting(
        Meeting(held_on=datetime.date(2026, 10, 1), topic="Тема", agenda="Повестка", decided="Решили"),
        municipality=cast.municipality,
        by=cast.officer,
        attendees=[member],
    )
    rules.remove_member(member, municipality=cast.municipality, by=cast.officer)
    assert list(meeting.attendees.all()) == [member]
    assert [u.username for u in rules.candidates(cast.municipality, "Орлова")] == ["nina"]
    again = rules.add_member(cast.municipality, user, by=cast.officer)
    assert again.pk == member.pk
    assert again.left_at is None
    assert Role.MUNICIPAL_METHODIST in municipal_roles_in(user, cast.municipality)


def test_candidates_are_found_by_name_among_the_schools_staff(cast):
    teacher(cast)
    teacher(cast, school=cast.far_school, username="far", last_name="Орлова-Дальняя")
    found = list(rules.candidates(cast.municipality, "орлов"))
    assert [u.username for u in found] == ["nina"]


def test_one_chair_at_a_time(cast):
    first = rules.add_member(cast.municipality, teacher(cast), by=cast.officer)
    second = rules.add_member(cast.municipality, cast.mentor, by=cast.officer)
    rules.set_chair(first, municipality=cast.municipality, by=cast.officer)
    rules.set_chair(second, municipality=cast.municipality, by=cast.officer)
    assert list(Member.objects.filter(is_chair=True)) == [second]


def test_the_coordinator_manages_members_through_the_page(cast, client_as):
    user = teacher(cast)
    client = client_as(cast.officer)
    page = client.get(reverse("association:members"), {"q": "Орлова"}).content.decode()
    assert "Орлова Нина" in page
    client.post(reverse("association:members"), {"user": user.pk})
    member = Member.objects.get(user=user)
    client.post(reverse("association:member_chair", kwargs={"pk": member.pk}), {"chair": "1"})
    member.refresh_from_db()
    assert member.is_chair
    client.post(reverse("association:member_remove", kwargs={"pk": member.pk}))
    assert not Member.objects.current().exists()
    assert list(client.get(reverse("association:members")).context["members"]) == []


def test_a_methodist_does_not_manage_members(cast, client_as):
    assert client_as(cast.methodist).get(reverse("association:members")).status_code == 403


# --- meetings ------------------------------------------------------------------------------------


def test_meetings_are_numbered_per_academic_year(cast):
    def meeting(day):
        return rules.record_meeting(
            Meeting(held_on=day, topic="Тема", agenda="Повестка", decided="Решили"),
            municipality=cast.municipality,
            by=cast.officer,
        )

    assert meeting(datetime.date(2026, 9, 10)).number == 1
    assert meeting(datetime.date(2026, 12, 10)).number == 2
    assert meeting(datetime.date(2027, 9, 10)).number == 1  # a new academic year


def test_a_member_records_a_meeting_with_minutes_and_a_pdf(cast, client_as):
    member = rules.add_member(cast.municipality, teacher(cast), by=cast.officer)
    client = client_as(cast.methodist)
    response = client.post(
        reverse("association:meeting_new"),
        {
            "held_on": "2026-10-15",
            "topic": "Адаптация молодых педагогов",
            "agenda": "1. О наставничестве",
            "attendees": [member.pk],
            "heard": "Доклад",
            "spoke": "Обсуждение",
            "decided": "Рекомендовать школам семинар",
            "minutes_file": SimpleUploadedFile("protokol.pdf", pdf_bytes(), content_type="application/pdf"),
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert (meeting.number, meeting.year, list(meeting.attendees.all())) == (1, 2026, [member])
    page = client_as(cast.officer).get(reverse("association:meeting", kwargs={"pk": meeting.pk})).content.decode()
    assert "Рекомендовать школам семинар" in page
    assert (
        client_as(cast.officer).get(reverse("association:meeting_file", kwargs={"pk": meeting.pk})).status_code == 200
    )


def test_a_file_that_is_not_a_pdf_is_refused(cast, client_as):
    response = client_as(cast.officer).post(
        reverse("association:meeting_new"),
        {
            "held_on": "2026-10-15",
            "topic": "Тема",
            "agenda": "Повестка",
            "decided": "Решили",
            "minutes_file": SimpleUploadedFile("protokol.pdf", b"not a pdf", content_type="application/pdf"),
        },
    )
    assert response.status_code == 200
    assert not Meeting.objects.exists()


# --- recommendations -----------------------------------------------------------------------------


def test_a_recommendation_names_only_a_fixed_pair_of_that_school(cast):
    mentorship = running_mentorship(cast)
    with pytest.raises(ValidationError):
        rules.recommend(
            municipality=cast.municipality, school=cast.other_school, mentorship=mentorship, text="x", by=cast.methodist
        )
    with pytest.raises(ValidationError):
        rules.recommend(municipality=cast.municipality, school=cast.far_school, text="x", by=cast.methodist)
    made = rules.recommend(
        municipality=cast.municipality,
        school=cast.school,
        mentorship=mentorship,
        text="Больше открытых уроков",
        by=cast.methodist,
    )
    assert made.mentorship == mentorship


def test_the_school_receives_a_recommendation_and_marks_it_read(cast, client_as, django_capture_on_commit_callbacks):
    mentorship = running_mentorship(cast)
    client = client_as(cast.methodist)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("association:recommendation_new"),
            {"school": cast.school.pk, "mentorship": mentorship.pk, "text": "Посетить уроки наставника"},
        )
    assert response.status_code == 302
    recommendation = Recommendation.objects.get()
    told = set(Notification.objects.filter(kind="association_recommendation").values_list("user", flat=True))
    assert told == {cast.curator.pk, cast.director.pk}

    keys = [t.key for t in tasks_of(cast.curator, cast.school, roles(cast.curator, cast.school))]
    assert "association_recommendations" in keys
    curator = client_as(cast.curator)
    page = curator.get(reverse("association:school")).content.decode()
    assert "Посетить уроки наставника" in page
    curator.post(reverse("association:school_recommendation_read", kwargs={"pk": recommendation.pk}))
    recommendation.refresh_from_db()
    assert recommendation.read_by == cast.curator
    keys = [t.key for t in tasks_of(cast.curator, cast.school, roles(cast.curator, cast.school))]
    assert "association_recommendations" not in keys


def test_the_other_schools_curator_does_not_see_it(cast, client_as):
    rules.recommend(
        municipality=cast.municipality, school=cast.school, text="Секретная рекомендация", by=cast.methodist
    )
    page = client_as(cast.other_curator).get(reverse("association:school")).content.decode()
    assert "Секретная рекомендация" not in page
    recommendation = Recommendation.objects.get()
    url = reverse("association:school_recommendation_read", kwargs={"pk": recommendation.pk})
    assert client_as(cast.other_curator).post(url).status_code == 404


# --- expert review -------------------------------------------------------------------------------


def test_expert_review_of_a_program_from_request_to_conclusion(cast, client_as, django_capture_on_commit_callbacks):
    program = approved_program(cast)
    curator = client_as(cast.curator)
    with django_capture_on_commit_callbacks(execute=True):
        curator.post(
            reverse("association:school_review_request"),
            {"subject": Subject.PROGRAM, "program": program.pk, "note": "Цели"},
        )
    review = ExpertReview.objects.get()
    assert (review.program, review.state, review.municipality) == (program, ReviewState.REQUESTED, cast.municipality)
    told = set(Notification.objects.filter(kind="review_requested").values_list("user", flat=True))
    assert told == {cast.methodist.pk, cast.officer.pk}
    assert "reviews_requested" in [t.key for t in municipal_tasks(cast.methodist, cast.municipality)]

    methodist = client_as(cast.methodist)
    assert methodist.get(reverse("programs:detail", kwargs={"pk": program.pk})).status_code in {403, 404}
    subject = methodist.get(reverse("association:review_subject", kwargs={"pk": review.pk}))
    assert subject.status_code == 200
    assert "Освоить планирование" in subject.content.decode()
    assert AuditEvent.objects.filter(
        school=cast.school, actor=cast.methodist, object_type="programs.program", object_id=str(program.pk)
    ).exists()

    methodist.post(reverse("association:review_take", kwargs={"pk": review.pk}))
    with django_capture_on_commit_callbacks(execute=True):
        methodist.post(
            reverse("association:review_write", kwargs={"pk": review.pk}),
            {"verdict": Verdict.WITH_REMARKS, "conclusion": "Уточнить ожидаемые результаты"},
        )
    review.refresh_from_db()
    assert (review.state, review.verdict, review.reviewer) == (
        ReviewState.WRITTEN,
        Verdict.WITH_REMARKS,
        cast.methodist,
    )
    told = set(Notification.objects.filter(kind="review_written").values_list("user", flat=True))
    assert told == {cast.curator.pk, cast.director.pk}

    assert "expert_conclusions" in [
        t.key for t in tasks_of(cast.curator, cast.school, roles(cast.curator, cast.school))
    ]
    curator = client_as(cast.curator)  # one test client: log the curator in again
    page = curator.get(reverse("association:school_review", kwargs={"pk": review.pk})).content.decode()
    assert "Уточнить ожидаемые результаты" in page
    assert "рекомендовано с замечаниями" in page
    assert "expert_conclusions" not in [
        t.key for t in tasks_of(cast.curator, cast.school, roles(cast.curator, cast.school))
    ]
    program_page = curator.get(reverse("programs:detail", kwargs={"pk": program.pk})).content.decode()
    assert 'data-testid="program-conclusions"' in program_page
    assert "Уточнить ожидаемые результаты" in program_page


def test_a_conclusion_needs_a_verdict_and_a_text(cast):
    review = rules.request_review(cast.school, subject=Subject.REGULATION, by=cast.curator)
    with pytest.raises(ValidationError):
        rules.write_conclusion(review, municipality=cast.municipality, by=cast.methodist, verdict="", conclusion="x")
    with pytest.raises(ValidationError):
        rules.write_conclusion(
            review, municipality=cast.municipality, by=cast.methodist, verdict=Verdict.RECOMMENDED, conclusion=" "
        )
    review.refresh_from_db()
    assert review.state == ReviewState.REQUESTED


def test_a_taken_request_is_written_by_its_expert_only(cast):
    other = teacher(cast)
    rules.add_member(cast.municipality, other, by=cast.officer)
    review = rules.request_review(cast.school, subject=Subject.REGULATION, by=cast.curator)
    rules.take(review, municipality=cast.municipality, by=cast.methodist)
    with pytest.raises(ValidationError):
        rules.take(review, municipality=cast.municipality, by=other)
    with pytest.raises(ValidationError):
        rules.write_conclusion(
            review, municipality=cast.municipality, by=other, verdict=Verdict.RECOMMENDED, conclusion="Хорошо"
        )


def test_a_regulation_is_not_asked_for_twice_while_open(cast):
    rules.request_review(cast.school, subject=Subject.REGULATION, by=cast.curator)
    with pytest.raises(ValidationError):
        rules.request_review(cast.school, subject=Subject.REGULATION, by=cast.director)


def test_the_methodist_reads_the_current_regulation_through_the_review(cast, client_as):
    review = rules.request_review(cast.school, subject=Subject.REGULATION, by=cast.curator)
    assert review.document is None  # no signed order: its current text
    response = client_as(cast.methodist).get(reverse("association:review_subject", kwargs={"pk": review.pk}))
    assert response.status_code == 200
    assert "Положение" in response.content.decode()
    assert (
        client_as(cast.officer).get(reverse("association:review_subject", kwargs={"pk": review.pk})).status_code == 403
    )


def test_a_program_of_another_school_cannot_be_sent(cast):
    program = approved_program(cast)
    with pytest.raises(ValidationError):
        rules.request_review(cast.other_school, subject=Subject.PROGRAM, program=program, by=cast.other_curator)


# --- another municipality ------------------------------------------------------------------------


def test_another_municipality_gets_404(cast, client_as):
    member = rules.add_member(cast.municipality, teacher(cast), by=cast.officer)
    meeting = rules.record_meeting(
        Meeting(held_on=datetime.date(2026, 10, 1), topic="Тайная тема", agenda="Повестка", decided="Решили"),
        municipality=cast.municipality,
        by=cast.officer,
    )
    review = rules.request_review(cast.school, subject=Subject.REGULATION, by=cast.curator)
    client = client_as(cast.other_officer)
    for name, pk in (
        ("association:meeting", meeting.pk),
        ("association:meeting_edit", meeting.pk),
        ("association:review", review.pk),
    ):
        assert client.get(reverse(name, kwargs={"pk": pk})).status_code == 404, name
    for name, pk in (("association:member_remove", member.pk), ("association:member_chair", member.pk)):
        assert client.post(reverse(name, kwargs={"pk": pk})).status_code == 404, name
    assert Member.objects.current().filter(pk=member.pk).exists()
    page = client.get(reverse("association:index")).content.decode()
    assert "Орлова" not in page
    assert "Тайная тема" not in page
