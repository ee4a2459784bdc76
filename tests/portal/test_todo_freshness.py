"""Issue 19: the to-do lists are kept in the shared cache, and every change to the school shows on
the next page — a form sent, a row saved by a worker, a row of another school (portal.freshness)."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from documents.models import Document, DocumentStatus
from mentoring.models import Status
from people.models import Consent, ConsentKind
from portal import todo
from tests.portal.test_todo import awaiting_document, badges, pair

INBOX = reverse("documents:inbox")
BOARD = reverse("mentoring:board")


@pytest.fixture
def counted(calls_to):
    """The lists really counted (not taken from the cache), one entry per count."""
    return calls_to(todo, "tasks_of")


@pytest.mark.django_db
def test_the_next_page_takes_the_list_from_the_cache(cast, client_as, counted):
    awaiting_document(cast.school, cast.curator)
    director = client_as(cast.director)
    first = director.get(reverse("home"))
    second = director.get(reverse("documents:registry"))
    assert len(counted) == 1
    assert badges(first)[INBOX] == badges(second)[INBOX] == 1


@pytest.mark.django_db
def test_a_document_returned_through_the_form_leaves_the_directors_badge_at_once(cast, client_as):
    document = awaiting_document(cast.school, cast.curator)
    awaiting_document(cast.school, cast.curator)
    director = client_as(cast.director)
    assert badges(director.get(reverse("home")))[INBOX] == 2
    director.post(reverse("documents:return", kwargs={"pk": document.pk}), {"comment": "Исправьте дату"})
    assert badges(director.get(reverse("home")))[INBOX] == 1


@pytest.mark.django_db
def test_a_document_sent_by_the_curator_reaches_the_directors_badge(cast, client_as):
    """One user's change, another user's list: the school's generation is shared by all its users."""
    director = client_as(cast.director)
    assert INBOX not in {url for url, badge in badges(director.get(reverse("home"))).items() if badge}
    awaiting_document(cast.school, cast.curator)  # as a Celery task or a command would, outside a request
    assert badges(director.get(reverse("home")))[INBOX] == 1


@pytest.mark.django_db
def test_a_consent_withdrawn_outside_a_request_counts_again(cast, client_as):
    """A row that reaches its school only through others (a consent → its person → the school)."""
    mentorship = pair(cast.school, status=Status.ACTIVE)
    curator = client_as(cast.curator)
    assert badges(curator.get(reverse("home")))[BOARD] == 0
    mentee = mentorship.participants.get(role="mentee").person
    Consent.objects.filter(person=mentee, kind=ConsentKind.MENTEE_PARTICIPATION).delete()
    assert badges(curator.get(reverse("home")))[BOARD] == 1  # a pair without the mentee's consent


@pytest.mark.django_db
def test_a_change_in_another_school_leaves_this_schools_list_in_the_cache(cast, client_as, counted):
    director = client_as(cast.director)
    director.get(reverse("home"))
    awaiting_document(cast.other_school, cast.other_curator)
    director.get(reverse("home"))
    assert len(counted) == 1


@pytest.mark.django_db
def test_a_new_day_counts_again(cast, client_as, counted, monkeypatch):
    director = client_as(cast.director)
    director.get(reverse("home"))
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    monkeypatch.setattr(todo.timezone, "localdate", lambda *args: tomorrow)
    director.get(reverse("home"))
    assert len(counted) == 2


@pytest.mark.django_db
def test_a_generation_the_cache_lost_never_brings_back_an_older_list(cast, client_as):
    """The database cache culls its oldest entries and Redis may evict: a lost generation starts
    anew, so a list kept before the loss is not read again."""
    document = awaiting_document(cast.school, cast.curator)
    generations = [f"todo:generation:{cast.school.pk}", "todo:generation:all"]
    cache.delete_many(generations)
    director = client_as(cast.director)
    assert badges(director.get(reverse("home")))[INBOX] == 1
    Document.objects.filter(pk=document.pk).update(status=DocumentStatus.RETURNED)  # no signal announces it
    cache.delete_many(generations)
    assert badges(director.get(reverse("home")))[INBOX] == 0
