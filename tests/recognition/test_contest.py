"""The mentor contest («Лучший наставник года», seed 000 §5.2): nominations by the council,
the criteria figures, closing with winners, the award order and the public section."""

import datetime
import shutil

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from documents.models import DocumentType
from mentoring.lifecycle import mentorship_create
from people.models import ConsentKind
from programs.models import BestPractice, CompletionReason, Program, ProgramStatus
from recognition import rules
from recognition.models import Contest, ContestStatus, Nomination
from surveys.models import Answer, Invitation, Question, Response, Survey
from tests.mentoring.helpers import mentee, mentor, teacher_form, with_consents

YEAR = 2026  # 1.09.2026 – 31.08.2027


@pytest.fixture
def contest(cast):
    return rules.open_contest(school=cast.school, year=YEAR, by=cast.curator)


def pair(school, the_mentor, the_mentee=None):
    made, _warnings = mentorship_create(
        school=school,
        form=teacher_form(school),
        mentors=[the_mentor],
        mentees=[the_mentee or mentee(school)],
        start=datetime.date(2026, 9, 1),
        end=datetime.date(2027, 5, 31),
        by=None,
    )
    return made


def completed_program(mentorship, on, reason=CompletionReason.PLAN_DONE):
    return Program.objects.create(
        mentorship=mentorship,
        title="Программа",
        goal="Цель",
        start=datetime.date(2026, 9, 1),
        end=datetime.date(2027, 5, 31),
        status=ProgramStatus.COMPLETED,
        completed_on=on,
        completion_reason=reason,
    )


def figures(nomination):
    return dict(zip(rules.LABELS, rules.criteria(nomination), strict=True))


# --- nominating ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_council_member_nominates_a_mentor_once(cast, client_as, contest):
    person = mentor(cast.school, last_name="Григорьева")
    client = client_as(cast.council_member)
    url = reverse("recognition:nominate", kwargs={"pk": contest.pk})

    response = client.post(url, {"mentor": person.pk, "statement": "Вырастила троих молодых учителей"})
    assert response.status_code == 302
    nomination = Nomination.objects.get(contest=contest, mentor=person)
    assert nomination.nominated_by == cast.council_member

    client.post(url, {"mentor": person.pk})
    assert Nomination.objects.filter(contest=contest, mentor=person).count() == 1
    with pytest.raises(ValidationError):
        rules.nominate(contest=contest, mentor=person, by=cast.curator)


@pytest.mark.django_db
def test_a_mentor_cannot_nominate(cast, client_as, contest):
    person = mentor(cast.school)
    response = client_as(cast.mentor).post(
        reverse("recognition:nominate", kwargs={"pk": contest.pk}), {"mentor": person.pk}
    )
    assert response.status_code == 403
    assert not Nomination.objects.exists()
    with pytest.raises(PermissionDenied):
        rules.nominate(contest=contest, mentor=person, by=cast.mentor)


@pytest.mark.django_db
def test_only_a_mentor_of_the_school_can_be_nominated_and_only_while_open(cast, contest):
    with pytest.raises(ValidationError):
        rules.nominate(contest=contest, mentor=mentee(cast.school), by=cast.council_member)
    with pytest.raises(ValidationError):
        rules.nominate(contest=contest, mentor=mentor(cast.other_school), by=cast.council_member)
    contest.status = ContestStatus.CLOSED
    contest.save()
    with pytest.raises(ValidationError):
        rules.nominate(contest=contest, mentor=mentor(cast.school), by=cast.council_member)


# --- the criteria ------------------------------------------------------------------------


@pytest.mark.django_db
def test_programs_count_up_to_the_last_day_of_the_academic_year(cast, contest):
    person = mentor(cast.school, max_mentees=5)
    last_day = completed_program(pair(cast.school, person), datetime.date(2027, 8, 31))
    completed_program(pair(cast.school, person), datetime.date(2027, 9, 1))  # the next year
    completed_program(pair(cast.school, person), datetime.date(2026, 8, 31))  # the year before
    completed_program(pair(cast.school, person), datetime.date(2026, 9, 1), reason=CompletionReason.BOTH)
    completed_program(pair(cast.school, mentor(cast.school)), datetime.date(2027, 1, 15))  # a colleague's
    BestPractice.objects.create(program=last_day, summary="Парное планирование уроков")
    nomination = rules.nominate(contest=contest, mentor=person, by=cast.council_member)

    got = figures(nomination)

    assert got["programs_completed"].value == 2
    plan_done = got["plan_done"]
    assert (plan_done.numerator, plan_done.denominator, plan_done.value) == (1, 2, 50.0)
    assert got["best_practices"].value == 1


def answer(survey, question, mentorship, person, likert, *, year=YEAR, anonymous=False):
    invitation = None
    if not anonymous:
        invitation = Invitation.objects.create(survey=survey, mentorship=mentorship, person=person, role="mentee")
    response = Response.objects.create(
        survey=survey,
        invitation=invitation,
        mentorship=None if anonymous else mentorship,
        respondent_role="" if anonymous else "mentee",
        academic_year=year,
        submitted_at=None if anonymous else timezone.now(),
    )
    Answer.objects.create(response=response, question=question, likert=likert)


def exit_survey(school, *, anonymous=False):
    survey = Survey.objects.create(school=school, title="Выход", stage="exit", audience="mentee", anonymous=anonymous)
    question = Question.objects.create(survey=survey, text="Довольны ли вы?", is_overall_satisfaction=True)
    return survey, question


@pytest.mark.django_db
def test_satisfaction_counts_only_named_answers_of_the_mentors_mentees_in_the_year(cast, contest):
    person = mentor(cast.school, max_mentees=5)
    first, second, third = (pair(cast.school, person) for _ in range(3))
    named, question = exit_survey(cast.school)
    answer(named, question, first, first.mentees[0], 5)
    answer(named, question, second, second.mentees[0], 2)
    answer(named, question, third, third.mentees[0], 5, year=YEAR - 1)  # another year
    colleague = pair(cast.school, mentor(cast.school))
    answer(named, question, colleague, colleague.mentees[0], 5)  # another mentor's mentee
    anonymous, anonymous_question = exit_survey(cast.school, anonymous=True)
    for _ in range(3):
        answer(anonymous, anonymous_question, first, None, 5, anonymous=True)
    nomination = rules.nominate(contest=contest, mentor=person, by=cast.council_member)

    satisfaction = figures(nomination)["satisfaction"]

    assert (satisfaction.numerator, satisfaction.denominator, satisfaction.value) == (1, 2, 50.0)
    assert satisfaction.mean == 3.5


@pytest.mark.django_db
def test_the_contest_page_shows_each_nomination_with_its_figures(cast, client_as, contest):
    person = mentor(cast.school, last_name="Григорьева")
    completed_program(pair(cast.school, person), datetime.date(2027, 5, 31))
    rules.nominate(contest=contest, mentor=person, by=cast.council_member)

    page = client_as(cast.council_member).get(reverse("recognition:detail", kwargs={"pk": contest.pk}))

    assert page.status_code == 200
    html = page.content.decode()
    assert "Григорьева" in html
    assert "1 / 1" in html  # the plan-done share: numerator / denominator


# --- closing, the award order, the public section -------------------------------------------


@pytest.mark.django_db
def test_only_the_curator_or_director_closes_and_a_winner_must_be_nominated(cast, client_as, contest):
    nomination = rules.nominate(contest=contest, mentor=mentor(cast.school), by=cast.council_member)
    url = reverse("recognition:close", kwargs={"pk": contest.pk})
    assert client_as(cast.council_member).post(url, {"winners": [nomination.pk]}).status_code == 403
    other = rules.open_contest(school=cast.school, year=YEAR, by=cast.director)
    stranger = rules.nominate(contest=other, mentor=mentor(cast.school), by=cast.council_member)
    with pytest.raises(ValidationError):
        rules.close(contest=contest, winners=[stranger], by=cast.curator)

    assert client_as(cast.curator).post(url, {"winners": [nomination.pk]}).status_code == 302

    contest.refresh_from_db()
    nomination.refresh_from_db()
    assert contest.status == ContestStatus.CLOSED
    assert contest.closed_at is not None
    assert (nomination.is_winner, nomination.place) == (True, 1)


@pytest.fixture
def school(cast):
    school = cast.school
    school.full_name = "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 2»"
    school.short_name = "МБОУ «СОШ № 2»"
    school.director_name = "Соколова Ирина Владимировна"
    school.director_position = "Директор"
    school.address = "187700, Ленинградская область, г. Лодейное Поле, ул. Гагарина, д. 5"
    school.save()
    return school


@pytest.mark.django_db
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_the_award_order_names_the_winners_in_the_accusative(cast, client_as, school, contest):
    from tests.documents.test_document_language import text_of

    one = mentor(
        school, last_name="Григорьева", first_name="Наталья", patronymic="Фёдоровна", position="Учитель математики"
    )
    two = mentor(
        school, last_name="Смирнов", first_name="Андрей", patronymic="Викторович", sex="m", position="Учитель физики"
    )
    loser = mentor(school, last_name="Петрова", first_name="Ольга", patronymic="Ивановна", position="Учитель химии")
    winners = [rules.nominate(contest=contest, mentor=p, by=cast.council_member) for p in (one, two)]
    rules.nominate(contest=contest, mentor=loser, by=cast.council_member)
    client = client_as(cast.curator)
    award_url = reverse("recognition:award", kwargs={"pk": contest.pk})
    client.post(award_url)  # still open: refused
    assert not Contest.objects.get(pk=contest.pk).award_order
    rules.close(contest=contest, winners=winners, by=cast.curator)

    response = client.post(award_url)

    contest.refresh_from_db()
    order = contest.award_order
    assert order.type == DocumentType.ORDER_AWARD
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:detail", kwargs={"pk": order.pk})
    text = text_of(order, final=False)
    assert (
        "Наградить благодарностью директора за победу в конкурсе «Лучший наставник года»: "
        "Григорьеву Наталью Фёдоровну, учителя математики; Смирнова Андрея Викторовича, учителя физики." in text
    )
    assert "Петров" not in text


@pytest.mark.django_db
def test_the_public_index_shows_only_winners_who_consented_to_publication(cast, client, contest):
    consenting = with_consents(mentor(cast.school, last_name="Согласнова"), ConsentKind.PUBLICATION)
    silent = mentor(cast.school, last_name="Молчанова")
    winners = [rules.nominate(contest=contest, mentor=p, by=cast.council_member) for p in (consenting, silent)]
    page = client.get(reverse("public:index", kwargs={"slug": cast.school.slug})).content.decode()
    assert "Согласнова" not in page  # not a winner yet: the contest is open

    rules.close(contest=contest, winners=winners, by=cast.curator)
    page = client.get(reverse("public:index", kwargs={"slug": cast.school.slug})).content.decode()

    assert "Лучшие наставники" in page
    assert "Согласнова" in page
    assert "Молчанова" not in page


@pytest.mark.django_db
def test_the_curator_sees_the_winners_form_and_the_board_links_to_the_contests(cast, client_as, contest):
    rules.nominate(contest=contest, mentor=mentor(cast.school, last_name="Григорьева"), by=cast.council_member)
    client = client_as(cast.curator)

    page = client.get(reverse("recognition:detail", kwargs={"pk": contest.pk})).content.decode()
    assert reverse("recognition:close", kwargs={"pk": contest.pk}) in page

    board = client.get(reverse("mentoring:board")).content.decode()
    assert reverse("recognition:list") in board
    assert reverse("recognition:list") not in client_as(cast.mentor).get(reverse("mentoring:mine")).content.decode()
