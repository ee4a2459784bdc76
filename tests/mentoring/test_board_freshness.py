"""Issue 19: the board's tables are kept in the shared cache until the school changes, and every
change shows on the next load — a form sent, a row saved outside a request, a new day — while a
user who may do less never sees the buttons of one who may do more (portal.freshness)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring import views
from mentoring.models import Status
from people.models import Consent, ConsentKind
from tests.factories import PersonFactory
from tests.portal.test_todo import pair

BOARD = reverse("mentoring:board")
DAY = datetime.timedelta(days=1)


@pytest.fixture
def built(calls_to):
    """The board's tables really read from the database (not taken from the cache), one entry per read."""
    return calls_to(views, "board")


def shows(response, mentorship) -> bool:
    return reverse("mentoring:detail", kwargs={"pk": mentorship.pk}) in response.content.decode()


@pytest.mark.django_db
def test_the_next_load_takes_the_tables_from_the_cache(cast, client_as, built):
    running = pair(cast.school, status=Status.ACTIVE)
    curator = client_as(cast.curator)
    first, second = curator.get(BOARD), curator.get(BOARD)
    assert len(built) == 1
    assert shows(first, running)
    assert shows(second, running)


@pytest.mark.django_db
def test_a_draft_deleted_through_the_form_leaves_the_board_at_once(cast, client_as):
    draft = pair(cast.school, status=Status.DRAFT)
    curator = client_as(cast.curator)
    assert shows(curator.get(BOARD), draft)
    curator.post(reverse("mentoring:delete", kwargs={"pk": draft.pk}))
    assert not shows(curator.get(BOARD), draft)


@pytest.mark.django_db
def test_a_consent_withdrawn_outside_a_request_raises_the_alert_on_the_next_load(cast, client_as):
    running = pair(cast.school, status=Status.ACTIVE)
    curator = client_as(cast.curator)
    assert "нет действующего согласия" not in curator.get(BOARD).content.decode()
    mentee = running.participants.get(role="mentee").person
    Consent.objects.filter(person=mentee, kind=ConsentKind.MENTEE_PARTICIPATION).delete()  # as a worker would
    assert f"{mentee.short_name}: нет действующего согласия" in curator.get(BOARD).content.decode()


@pytest.mark.django_db
def test_a_new_day_reads_the_board_again(cast, client_as, monkeypatch, built):
    """Nothing changed in the school, but a pair ending in 31 days ends in 30 tomorrow: an alert."""
    with timezone.override("Europe/Moscow"):
        today = timezone.localdate()
    pair(cast.school, status=Status.ACTIVE, end=today + 31 * DAY)
    curator = client_as(cast.curator)
    assert "Заканчивается через" not in curator.get(BOARD).content.decode()
    monkeypatch.setattr(views.timezone, "localdate", lambda *args, **kwargs: today + DAY)
    page = curator.get(BOARD).content.decode()
    assert "Заканчивается через 30" in page
    assert len(built) == 2


@pytest.mark.django_db
def test_the_council_member_never_sees_the_curators_buttons_from_the_cache(cast, client_as):
    waiting = PersonFactory(school=cast.school, last_name="Новикова", teaching_started_on=timezone.localdate())
    find_for_her = f"{reverse('mentoring:suggest')}?mentees={waiting.pk}"
    assert find_for_her in client_as(cast.curator).get(BOARD).content.decode()
    page = client_as(cast.council_member).get(BOARD).content.decode()
    assert "Новикова" in page
    assert find_for_her not in page
