"""The mentor council at work (001 §4.1.3, 002 §IV.5): it drafts pairs and prepares the site
section's content; the curator proposes the pairs and publishes the content."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from mentoring.models import Mentorship, Status
from notifications.models import Notification
from portal.todo import tasks_of
from public.models import NewsItem, SectionText
from tests.mentoring.helpers import mentee, mentor, teacher_form

pytestmark = pytest.mark.django_db


def _tasks(user, school):
    from accounts.memberships import roles_in

    return {task.key: task for task in tasks_of(user, school, roles_in(user, school))}


def _council_draft(cast, client_as, capture):
    m, e = mentor(cast.school, last_name="Опытная"), mentee(cast.school, last_name="Молодая")
    client = client_as(cast.council_member)
    with capture(execute=True):
        response = client.post(
            reverse("mentoring:create"),
            {
                "form": teacher_form(cast.school).pk,
                "mentors": [m.pk],
                "mentees": [e.pk],
                "planned_start": "01.09.2026",
                "planned_end": "31.05.2027",
            },
        )
    mentorship = Mentorship.objects.get()
    assert response.url == reverse("mentoring:detail", kwargs={"pk": mentorship.pk})
    return client, mentorship


def test_a_council_member_drafts_a_pair_but_cannot_propose_it(cast, client_as, django_capture_on_commit_callbacks):
    client, mentorship = _council_draft(cast, client_as, django_capture_on_commit_callbacks)
    assert mentorship.status == Status.DRAFT
    assert mentorship.created_by == cast.council_member

    page = client.get(reverse("mentoring:detail", kwargs={"pk": mentorship.pk}))
    assert page.status_code == 200
    assert "Кузнецова Галина Олеговна" in page.content.decode()
    assert 'data-testid="council-draft"' in page.content.decode()

    assert client.post(reverse("mentoring:propose", kwargs={"pk": mentorship.pk})).status_code == 403
    assert client.get(reverse("mentoring:edit", kwargs={"pk": mentorship.pk})).status_code == 403
    assert client.post(reverse("mentoring:delete", kwargs={"pk": mentorship.pk})).status_code == 403
    mentorship.refresh_from_db()
    assert mentorship.status == Status.DRAFT


def test_the_curator_sees_and_is_told_of_the_councils_drafts(cast, client_as, django_capture_on_commit_callbacks):
    assert "council-drafts" not in _tasks(cast.curator, cast.school)
    _client, mentorship = _council_draft(cast, client_as, django_capture_on_commit_callbacks)

    task = _tasks(cast.curator, cast.school)["council-drafts"]
    assert task.count == 1
    assert task.url == reverse("mentoring:detail", kwargs={"pk": mentorship.pk})
    told = Notification.objects.filter(user=cast.curator)
    assert told.count() == 1
    assert told.get().url.endswith(reverse("mentoring:detail", kwargs={"pk": mentorship.pk}))

    # Once the curator proposes it, the draft is the curator's business like any other.
    curator = client_as(cast.curator)
    curator.post(reverse("mentoring:propose", kwargs={"pk": mentorship.pk}))
    mentorship.refresh_from_db()
    assert mentorship.status == Status.PROPOSED
    assert "council-drafts" not in _tasks(cast.curator, cast.school)


def test_the_curators_own_draft_is_not_the_councils(cast, client_as):
    m, e = mentor(cast.school), mentee(cast.school)
    client_as(cast.curator).post(
        reverse("mentoring:create"),
        {
            "form": teacher_form(cast.school).pk,
            "mentors": [m.pk],
            "mentees": [e.pk],
            "planned_start": "01.09.2026",
            "planned_end": "31.05.2027",
        },
    )
    mentorship = Mentorship.objects.get()
    page = client_as(cast.curator).get(reverse("mentoring:detail", kwargs={"pk": mentorship.pk})).content.decode()
    assert 'data-testid="council-draft"' not in page
    assert "council-drafts" not in _tasks(cast.curator, cast.school)
    assert not Notification.objects.filter(user=cast.curator).exists()


def test_a_council_member_drafts_from_a_suggestion(cast, client_as):
    m, e = mentor(cast.school), mentee(cast.school)
    client = client_as(cast.council_member)
    assert client.get(reverse("mentoring:suggest"), {"mentees": [e.pk]}).status_code == 200
    client.post(reverse("mentoring:from_suggestion"), {"mentor": m.pk, "mentees": [e.pk]})
    mentorship = Mentorship.objects.get()
    assert mentorship.status == Status.DRAFT
    assert _tasks(cast.curator, cast.school)["council-drafts"].count == 1


def test_a_mentor_still_cannot_draft_pairs(cast, client_as):
    assert client_as(cast.mentor).get(reverse("mentoring:create")).status_code == 403


# --- the site section ---------------------------------------------------------------------


def _public_news(client, cast) -> str:
    cache.clear()
    return client.get(reverse("public:news", kwargs={"slug": cast.school.slug})).content.decode()


def test_council_news_stays_unpublished_until_the_curator_publishes_it(cast, client_as, client):
    council = client_as(cast.council_member)
    response = council.post(
        reverse("public_manage"),
        {
            "form": "news",
            "news-title": "Заседание совета наставников",
            "news-body": "Обсудили лучшие практики.",
            "news-published_on": "01.10.2026",
            # Even asked for, publication is not the council's to give.
            "news-is_published": "on",
        },
    )
    assert response.status_code == 302
    item = NewsItem.objects.get()
    assert item.is_published is False
    assert item.prepared_by == cast.council_member
    client.logout()
    assert "Заседание совета наставников" not in _public_news(client, cast)

    task = _tasks(cast.curator, cast.school)["council-public"]
    assert task.count == 1

    # The council cannot publish it itself.
    council.post(reverse("public_manage"), {"form": "publish_news", "pk": item.pk})
    item.refresh_from_db()
    assert item.is_published is False

    curator = client_as(cast.curator)
    assert "Заседание совета наставников" in curator.get(reverse("public_manage")).content.decode()
    curator.post(reverse("public_manage"), {"form": "publish_news", "pk": item.pk})
    item.refresh_from_db()
    assert item.is_published is True
    curator.logout()
    assert "Заседание совета наставников" in _public_news(client, cast)
    assert "council-public" not in _tasks(cast.curator, cast.school)


def test_the_council_proposes_the_main_pages_wording_and_the_curator_publishes_it(cast, client_as):
    SectionText.objects.create(school=cast.school, intro="Прежний текст")
    council = client_as(cast.council_member)
    council.post(reverse("public_manage"), {"form": "text", "text-draft_intro": "Новый текст совета"})
    text = SectionText.objects.get()
    assert text.intro == "Прежний текст"
    assert text.draft_intro == "Новый текст совета"
    assert _tasks(cast.curator, cast.school)["council-public"].count == 1

    client_as(cast.curator).post(reverse("public_manage"), {"form": "publish_text"})
    text.refresh_from_db()
    assert text.intro == "Новый текст совета"
    assert not text.has_draft


def test_the_council_cannot_add_files_nor_remove_published_news(cast, client_as):
    item = NewsItem.objects.create(school=cast.school, title="Опубликовано", body="…", published_on="2026-09-01")
    council = client_as(cast.council_member)
    assert council.post(reverse("public_news_delete", kwargs={"pk": item.pk})).status_code == 403
    assert NewsItem.objects.filter(pk=item.pk).exists()
    page = council.get(reverse("public_manage")).content.decode()
    assert 'value="file"' not in page


def test_a_council_member_removes_their_own_draft(cast, client_as):
    item = NewsItem.objects.create(
        school=cast.school,
        title="Черновик",
        body="…",
        published_on="2026-09-01",
        is_published=False,
        prepared_by=cast.council_member,
    )
    client_as(cast.council_member).post(reverse("public_news_delete", kwargs={"pk": item.pk}))
    assert not NewsItem.objects.exists()
