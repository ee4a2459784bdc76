"""Anonymity that holds: nothing in the tables, the pages or the school export pairs a person with
an anonymous response, and no result of an anonymous survey shows before three responses."""

import importlib
import io
import itertools
import json
import zipfile

import openpyxl
import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from surveys.answering import submit
from surveys.models import ANONYMITY_THRESHOLD, Answer, Invitation, Response
from surveys.selectors import competence_comparison, survey_results
from tests.programs.helpers import running_mentorship
from tests.surveys.helpers import (
    answer_through_link,
    at,
    crafted_response,
    form_data,
    invitation_of,
    own_mentorship,
    sample_values,
    survey_from,
)

pytestmark = pytest.mark.django_db


def _table_rows() -> dict[str, list[dict]]:
    """Every row of every table, by model."""
    return {model._meta.label: list(model._base_manager.order_by("pk").values()) for model in apps.get_models()}


def _export(cast, tmp_path) -> zipfile.ZipFile:
    target = tmp_path / "export.zip"
    call_command("export_school", cast.school.slug, output=str(target), stdout=io.StringIO())
    return zipfile.ZipFile(target)


def _json(archive, model: str) -> list[dict]:
    return json.loads(archive.read(f"json/{model}.json"))


def _sheet(archive, title: str) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(archive.read("school.xlsx")), read_only=True)
    rows = [tuple(row) for row in book[title].iter_rows(values_only=True)]
    width = len(rows[0])
    return [row + (None,) * (width - len(row)) for row in rows]  # read-only mode drops empty trailing cells


@pytest.fixture
def answered_poll(cast, client, monkeypatch):
    """An anonymous survey for mentors and mentees of three pairs: five of the six answer through the
    answer page, at different hours, in an order unlike the links', each with another score."""
    survey = survey_from(cast.school, "mentee_exit", anonymous=True, audience="both")
    invitations = []
    for mentorship in (own_mentorship(cast), running_mentorship(cast), running_mentorship(cast)):
        invitations += [invitation_of(survey, mentorship, "mentor"), invitation_of(survey, mentorship, "mentee")]
    order = [invitations[i] for i in (3, 0, 4, 1, 5)]  # invitations[2] never answers
    before = _table_rows()
    for score, invitation in enumerate(order, start=1):
        moment = at(2026, 10, 5, 8 + score, 17)
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        response = client.post(
            reverse("survey_answer", kwargs={"token": invitation.token}), form_data(survey, likert=str(score))
        )
        assert response.status_code == 302
    monkeypatch.undo()
    return survey, invitations, order, before


def test_answering_writes_only_the_response_its_answers_and_the_invitations_answered_flag(answered_poll):
    _survey, _invitations, order, before = answered_poll
    after = _table_rows()

    changed = {label for label in after if after[label] != before[label]}
    assert changed == {"surveys.Invitation", "surveys.Response", "surveys.Answer"}  # no audit, no notification
    assert len(mail.outbox) == 0
    was = {row["id"]: row for row in before["surveys.Invitation"]}
    for row in after["surveys.Invitation"]:
        difference = {name for name, value in row.items() if was[row["id"]][name] != value}
        assert difference == ({"answered"} if row["id"] in {i.pk for i in order} else set())
        assert row["answered_at"] is None


def test_no_field_of_a_response_or_its_answers_tells_one_respondent_from_another(answered_poll):
    survey, _invitations, _order, _before = answered_poll
    responses = list(Response.objects.filter(survey=survey).values())
    assert len(responses) == 5

    # Apart from the id, every field of every response is the same: nothing to match with an invitation.
    fields = [{name: value for name, value in row.items() if name != "id"} for row in responses]
    assert all(row == fields[0] for row in fields)
    assert (fields[0]["invitation_id"], fields[0]["mentorship_id"]) == (None, None)
    assert (fields[0]["respondent_role"], fields[0]["submitted_at"]) == ("", None)
    assert not Invitation.objects.filter(response__isnull=False).exists()
    # The answers hold only their response, question and content.
    answer_fields = {field.name for field in Answer._meta.concrete_fields}
    assert answer_fields == {"id", "response", "question", "likert", "choices", "text"}


def test_the_ids_do_not_follow_the_order_of_arrival(answered_poll):
    survey, _invitations, _order, _before = answered_poll
    overall = survey.questions.get(is_overall_satisfaction=True)
    # Scores 1…5 were given in the order of arrival: sequential ids would sort them back into it.
    by_score = dict(Answer.objects.filter(question=overall).values_list("likert", "response_id"))
    ids = [by_score[score] for score in range(1, 6)]
    assert all(len(str(pk)) == 15 for pk in ids)
    assert max(ids) - min(ids) > 10**9  # random, not consecutive: the probability of failing is ~1e-5
    answer_ids = sorted(Answer.objects.filter(response__survey=survey).values_list("pk", flat=True))
    assert min(b - a for a, b in itertools.pairwise(answer_ids)) > 1


def test_the_links_page_shows_who_answered_but_no_time(answered_poll, cast, client_as):
    survey, _invitations, order, _before = answered_poll
    page = client_as(cast.curator).get(reverse("surveys:detail", kwargs={"pk": survey.pk})).content.decode()
    links = page[page.index('id="links-heading"') :]
    assert "05.10.2026" not in links
    assert links.count("bi-check-circle") == len(order)


def test_the_export_carries_nothing_that_pairs_an_invitation_with_a_response(answered_poll, cast, tmp_path):
    survey, _invitations, _order, _before = answered_poll
    archive = _export(cast, tmp_path)

    responses = [row for row in _json(archive, "surveys.response") if row["fields"]["survey"] == survey.pk]
    assert len(responses) == 5
    assert all(row["fields"] == responses[0]["fields"] for row in responses)
    assert responses[0]["fields"]["respondent_role"] == ""
    assert responses[0]["fields"]["submitted_at"] is None
    assert responses[0]["fields"]["invitation"] is None
    assert responses[0]["fields"]["mentorship"] is None
    # Listed by random id: the scores given 1…5 in the order of arrival come in another order.
    exported_ids = [row["pk"] for row in responses]
    assert exported_ids == sorted(exported_ids)
    assert set(exported_ids) == set(Response.objects.filter(survey=survey).values_list("pk", flat=True))

    exported_invitations = [row for row in _json(archive, "surveys.invitation") if row["fields"]["survey"] == survey.pk]
    assert len(exported_invitations) == 6
    assert all(row["fields"]["answered_at"] is None and row["fields"]["token"] == "" for row in exported_invitations)
    assert sorted(row["fields"]["answered"] for row in exported_invitations) == [False] + [True] * 5

    sheet = _sheet(archive, "Заполненные анкеты")
    header, rows = sheet[0], sheet[1:]
    assert len(rows) == 5
    for column in range(len(header)):
        if header[column] != "ID":
            assert len({row[column] for row in rows}) == 1, header[column]


def test_an_anonymous_survey_shows_results_from_three_responses(cast, client_as):
    survey = survey_from(cast.school, "mentee_exit", anonymous=True)
    url = reverse("surveys:results", kwargs={"pk": survey.pk})
    for mentorship, text in ((own_mentorship(cast), "Первый отзыв"), (running_mentorship(cast), "Второй отзыв")):
        invitation = invitation_of(survey, mentorship)
        submit(invitation=invitation, values=sample_values(survey, text=text))

    assert ANONYMITY_THRESHOLD == 3
    assert survey_results(survey) is None
    page = client_as(cast.curator).get(url).content.decode()
    assert 'data-testid="results-hidden"' in page
    assert "Первый отзыв" not in page
    assert "Второй отзыв" not in page
    assert 'data-testid="question-result"' not in page

    answer_through_link(survey, running_mentorship(cast))
    page = client_as(cast.curator).get(url).content.decode()
    assert 'data-testid="results-hidden"' not in page
    assert "Первый отзыв" in page
    assert "Второй отзыв" in page
    assert page.count('data-testid="question-result"') == survey.questions.count()


def test_the_role_breakdown_takes_anonymous_answers_only_from_three_responses(cast):
    survey = survey_from(cast.school, "mentee_exit", anonymous=True)
    for score in (2, 4):
        crafted_response(survey, competences={"planning": score})
    assert competence_comparison(school=cast.school, role="mentee") == []

    crafted_response(survey, competences={"planning": 3})
    (planning,) = competence_comparison(school=cast.school, role="mentee")
    assert (planning["code"], planning["after"], planning["n_after"]) == ("planning", 3.0, 3)
    assert competence_comparison(school=cast.school, role="mentor") == []


def test_a_survey_for_mentors_and_mentees_together_has_no_role_breakdown(cast):
    survey = survey_from(cast.school, "mentee_exit", anonymous=True, audience="both")
    for score in (2, 3, 4):
        crafted_response(survey, competences={"planning": score})
    assert competence_comparison(school=cast.school, role="mentee") == []
    assert competence_comparison(school=cast.school, role="mentor") == []


def test_the_export_leaves_out_an_anonymous_year_with_fewer_than_three_responses(cast, tmp_path):
    survey = survey_from(cast.school, "mentee_exit", anonymous=True)
    for _ in range(2):
        crafted_response(survey, overall=5)
    archive = _export(cast, tmp_path)
    assert _json(archive, "surveys.response") == []
    assert _json(archive, "surveys.answer") == []
    assert len(_sheet(archive, "Заполненные анкеты")) == 1  # the header only

    crafted_response(survey, overall=5)
    archive = _export(cast, tmp_path)
    assert len(_json(archive, "surveys.response")) == 3
    assert len(_json(archive, "surveys.answer")) == 3


def test_nothing_can_write_a_role_time_or_link_on_an_anonymous_response(cast):
    survey = survey_from(cast.school, "mentee_exit", anonymous=True)
    mentorship = own_mentorship(cast)
    invitation = invitation_of(survey, mentorship)
    response = Response.objects.create(
        survey=survey,
        invitation=invitation,
        mentorship=mentorship,
        respondent_role="mentee",
        academic_year=2026,
        submitted_at=at(2026, 10, 5, 14, 37),
    )
    invitation.answered_at = at(2026, 10, 5, 14, 37)
    invitation.save(update_fields=["answered_at"])

    stored = Response.objects.values("invitation", "mentorship", "respondent_role", "submitted_at").get(pk=response.pk)
    assert stored == {"invitation": None, "mentorship": None, "respondent_role": "", "submitted_at": None}
    assert Invitation.objects.values_list("answered", "answered_at").get(pk=invitation.pk) == (True, None)


def test_a_named_survey_keeps_the_person_role_and_time_and_shows_a_single_answer(cast, client_as):
    survey = survey_from(cast.school, "mentee_exit")
    invitation = invitation_of(survey, own_mentorship(cast))
    response = submit(invitation=invitation, values=sample_values(survey), at=at(2026, 10, 5, 14, 37))

    invitation.refresh_from_db()
    assert (invitation.answered, invitation.answered_at) == (True, at(2026, 10, 5, 14, 37))
    assert (response.invitation, response.respondent_role, response.submitted_at) == (
        invitation,
        "mentee",
        at(2026, 10, 5, 14, 37),
    )
    page = client_as(cast.curator).get(reverse("surveys:results", kwargs={"pk": survey.pk})).content.decode()
    assert 'data-testid="results-hidden"' not in page
    assert "Помогли разборы уроков" in page
    assert "Васильева" in page
    detail = client_as(cast.curator).get(reverse("surveys:detail", kwargs={"pk": survey.pk})).content.decode()
    assert "05.10.2026" in detail


def test_the_migration_scrubs_anonymous_answers_stored_before(cast):
    survey = survey_from(cast.school, "mentee_exit", anonymous=True)
    named = survey_from(cast.school, "mentee_exit")
    mentorship = own_mentorship(cast)
    moment = at(2026, 10, 5, 14, 37)
    old_responses = []
    for each in (survey, named):
        invitation = invitation_of(each, mentorship)
        submit(invitation=invitation, values=sample_values(each))
        # As the code before it stored them: role, day, invitation, and the time on the invitation.
        Invitation.objects.filter(pk=invitation.pk).update(answered=False, answered_at=moment)
        Response.objects.filter(survey=each).update(
            respondent_role="mentee", submitted_at=moment, invitation=invitation, mentorship=mentorship
        )
        old_responses.append(Response.objects.get(survey=each))
    old_answers = set(Answer.objects.filter(response__survey=survey).values_list("pk", "text", "likert"))

    migration = importlib.import_module("surveys.migrations.0003_scrub_anonymous_answers")
    migration.scrub(apps, None)

    (scrubbed,) = Response.objects.filter(survey=survey).values()
    assert scrubbed["id"] != old_responses[0].pk
    assert (scrubbed["respondent_role"], scrubbed["submitted_at"]) == ("", None)
    assert (scrubbed["invitation_id"], scrubbed["mentorship_id"]) == (None, None)
    new_answers = set(Answer.objects.filter(response__survey=survey).values_list("pk", "text", "likert"))
    assert {(text, likert) for _pk, text, likert in new_answers} == {(t, v) for _pk, t, v in old_answers}
    assert not {pk for pk, *_ in new_answers} & {pk for pk, *_ in old_answers}
    assert Invitation.objects.values_list("answered", "answered_at").get(survey=survey) == (True, None)
    # A named survey keeps everything.
    kept = Response.objects.get(survey=named)
    assert (kept.pk, kept.respondent_role, kept.submitted_at) == (old_responses[1].pk, "mentee", moment)
    assert Invitation.objects.values_list("answered", "answered_at").get(survey=named) == (True, moment)


def test_a_second_visit_to_an_anonymous_link_learns_no_date(answered_poll, client):
    _survey, _invitations, order, _before = answered_poll
    url = reverse("survey_answer", kwargs={"token": order[0].token})
    refused = client.post(url, {})
    assert refused.status_code == 409
    assert "05.10.2026" not in refused.content.decode()
    assert "05.10.2026" not in client.get(url).content.decode()
