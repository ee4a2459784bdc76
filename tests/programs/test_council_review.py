"""The mentor council reviews programs (issue 17; seeds 001 §4.1.3, 002 §IV.5).

Its members comment on a program, return a draft or agreed one for correction with the reason
(the mentor and the mentee are told), and mark completed programs as best practices.
"""

import pytest
from django.urls import reverse

from notifications.models import Kind, Notification
from programs import rules
from programs.models import BestPractice, CommentKind, CompletionReason, PlanItemStatus, ProgramComment, ProgramStatus
from tests.programs.helpers import END
from tests.programs.test_coauthoring import own_draft


def comment_url(program):
    return reverse("programs:comment", kwargs={"pk": program.pk})


def return_url(program):
    return reverse("programs:return", kwargs={"pk": program.pk})


@pytest.mark.django_db
def test_the_council_comments_and_the_participants_answer(cast, client_as):
    program = own_draft(cast)
    response = client_as(cast.council_member).post(comment_url(program), {"text": "Добавьте взаимопосещения"})
    assert response.status_code == 302
    client_as(cast.mentee).post(comment_url(program), {"text": "Добавила в октябре"})
    client_as(cast.council_member).post(comment_url(program), {"text": "   "})  # refused: nothing said

    comments = list(ProgramComment.objects.filter(program=program))
    assert [(c.author, c.kind, c.text) for c in comments] == [
        (cast.council_member, CommentKind.COMMENT, "Добавьте взаимопосещения"),
        (cast.mentee, CommentKind.COMMENT, "Добавила в октябре"),
    ]
    program.refresh_from_db()
    assert program.status == ProgramStatus.DRAFT  # a comment changes nothing of the program

    page = client_as(cast.mentor).get(reverse("programs:detail", kwargs={"pk": program.pk})).content.decode()
    assert "Добавьте взаимопосещения" in page
    assert "Добавила в октябре" in page


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["secretary", "pupil", "outsider"])
def test_who_neither_reviews_nor_takes_part_cannot_comment(cast, client_as, who):
    program = own_draft(cast)
    response = client_as(getattr(cast, who)).post(comment_url(program), {"text": "Замечание"})
    assert response.status_code in (403, 404)
    assert not ProgramComment.objects.exists()


@pytest.mark.django_db
def test_the_council_returns_an_agreed_program_and_the_pair_hears_why(
    cast, client_as, django_capture_on_commit_callbacks
):
    program = own_draft(cast)
    rules.program_agree(program=program, by=cast.mentee)
    as_council = client_as(cast.council_member)

    # The reason is required: without it nothing changes and nobody is told.
    with django_capture_on_commit_callbacks(execute=True):
        as_council.post(return_url(program), {"text": ""})
    program.refresh_from_db()
    assert program.status == ProgramStatus.AGREED
    assert not ProgramComment.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = as_council.post(return_url(program), {"text": "Нет этапа рефлексии"})
    assert response.status_code == 302
    program.refresh_from_db()
    assert (program.status, program.agreed_by, program.agreed_at) == (ProgramStatus.DRAFT, None, None)
    returned = ProgramComment.objects.get(program=program)
    assert (returned.kind, returned.author, returned.text) == (
        CommentKind.RETURN,
        cast.council_member,
        "Нет этапа рефлексии",
    )

    told = Notification.objects.filter(kind=Kind.PROGRAM_RETURNED)
    assert {n.user for n in told} == {cast.mentor, cast.mentee}
    assert all("Нет этапа рефлексии" in n.body for n in told)
    assert all(n.url == reverse("programs:detail", kwargs={"pk": program.pk}) for n in told)

    # Back to a draft: the mentee corrects it with the mentor and agrees again.
    assert client_as(cast.mentee).get(reverse("programs:edit", kwargs={"pk": program.pk})).status_code == 200


@pytest.mark.django_db
def test_an_approved_program_is_not_returned_but_corrected_by_versions(cast, client_as):
    program = own_draft(cast)
    rules.program_agree(program=program, by=cast.mentee)
    rules.program_approve(program=program, by=cast.curator)
    page = client_as(cast.council_member).get(reverse("programs:detail", kwargs={"pk": program.pk}))
    assert 'data-testid="return-form"' not in page.content.decode()
    assert 'data-testid="comment-form"' in page.content.decode()  # still open to comments

    client_as(cast.council_member).post(return_url(program), {"text": "Переделать"})
    program.refresh_from_db()
    assert program.status == ProgramStatus.APPROVED
    assert not ProgramComment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["secretary", "pupil", "mentor", "mentee"])
def test_only_the_council_and_the_curator_return_a_program(cast, client_as, who):
    program = own_draft(cast)
    rules.program_agree(program=program, by=cast.mentee)
    response = client_as(getattr(cast, who)).post(return_url(program), {"text": "Переделать"})
    assert response.status_code == 403
    program.refresh_from_db()
    assert program.status == ProgramStatus.AGREED


@pytest.mark.django_db
def test_the_council_marks_a_completed_program_as_a_best_practice(cast, client_as):
    program = own_draft(cast)
    rules.program_agree(program=program, by=cast.mentee)
    rules.program_approve(program=program, by=cast.curator)
    url = reverse("programs:best_practice", kwargs={"pk": program.pk})
    as_council = client_as(cast.council_member)
    data = {"summary": "Чёткий план взаимопосещений", "permission": "on", "permission_note": "Заявления от 20.05"}

    as_council.post(url, data)  # not completed yet: refused
    assert not BestPractice.objects.exists()

    program.items.update(status=PlanItemStatus.DONE)
    rules.program_complete(program=program, by=cast.mentor, reason=CompletionReason.PLAN_DONE, on=END, results="Готово")
    assert as_council.post(url, data).status_code == 302
    practice = BestPractice.objects.get(program=program)
    assert (practice.marked_by, practice.summary, practice.permission_to_publish) == (
        cast.council_member,
        "Чёткий план взаимопосещений",
        True,
    )
    assert client_as(cast.secretary).post(url, data).status_code == 403
