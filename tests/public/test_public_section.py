"""The school's public section: what consent allows, caching and invalidation, RSS, the widget."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from people import services as people_services
from people.models import Consent, ConsentKind, MentorProfile
from programs.models import BestPractice, PlanItem, PlanItemStatus
from programs.rules import program_complete
from public.models import NewsItem
from tests.factories import MunicipalityFactory, PersonFactory, SchoolFactory
from tests.programs.helpers import END, approved_program


def publish(person):
    return Consent.objects.create(person=person, kind=ConsentKind.PUBLICATION, given_on=datetime.date(2026, 1, 1))


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()


def page(client, school, name="index"):
    return client.get(reverse(f"public:{name}", kwargs={"slug": school.slug})).content.decode()


@pytest.mark.django_db
def test_only_people_who_consented_appear_and_withdrawal_removes_them_at_once(cast, client):
    shown = PersonFactory(school=cast.school, last_name="Согласная")
    MentorProfile.objects.create(person=shown, competence_areas="Математика")
    hidden = PersonFactory(school=cast.school, last_name="Несогласная")
    MentorProfile.objects.create(person=hidden)
    consent = publish(shown)

    first = page(client, cast.school, "people")
    assert "Согласная" in first
    assert "Несогласная" not in first

    people_services.consent_withdraw(consent=consent, actor=cast.curator)
    assert "Согласная" not in page(client, cast.school, "people")


@pytest.mark.django_db
def test_running_programs_name_participants_only_with_everyones_consent(cast, client):
    program = approved_program(cast)
    text = page(client, cast.school, "programs")
    assert program.title in text
    mentor, mentee = program.mentorship.mentors[0], program.mentorship.mentees[0]
    assert mentee.full_name not in text
    publish(mentor)
    assert mentee.full_name not in page(client, cast.school, "programs")
    publish(mentee)
    assert mentee.full_name in page(client, cast.school, "programs")


@pytest.mark.django_db
def test_results_appear_after_completion_with_permission_and_consents(cast, client):
    program = approved_program(cast)
    for person in program.mentorship.mentors + program.mentorship.mentees:
        publish(person)
    PlanItem.objects.filter(program=program).update(status=PlanItemStatus.DONE)
    program_complete(program=program, by=cast.curator, reason="plan_done", on=END, results="Дефициты преодолены")
    practice = BestPractice.objects.create(
        program=program, summary="Взаимопосещения по листу наблюдения", permission_to_publish=False
    )
    assert "Взаимопосещения" not in page(client, cast.school, "programs")
    practice.permission_to_publish = True
    practice.save()
    assert "Взаимопосещения" in page(client, cast.school, "programs")


@pytest.mark.django_db
def test_pages_are_cached_and_a_change_invalidates_them(cast, client, django_assert_max_num_queries):
    NewsItem.objects.create(
        school=cast.school, title="Фестиваль наставников", body="Текст", published_on=timezone.localdate()
    )
    assert "Фестиваль наставников" in page(client, cast.school)
    with django_assert_max_num_queries(2):  # the school and the cache version: the page itself comes from the cache
        assert "Фестиваль наставников" in page(client, cast.school)
    NewsItem.objects.create(
        school=cast.school, title="Итоговая конференция", body="Текст", published_on=timezone.localdate()
    )
    assert "Итоговая конференция" in page(client, cast.school)
    other_news = NewsItem.objects.create(
        school=cast.other_school, title="Чужая новость", body="x", published_on=timezone.localdate()
    )
    assert other_news.title not in page(client, cast.school)


@pytest.mark.django_db
def test_the_rss_feed_is_valid_and_lists_the_news(cast, client):
    NewsItem.objects.create(
        school=cast.school, title="Открыт набор наставников", body="Приглашаем", published_on=datetime.date(2026, 9, 1)
    )
    NewsItem.objects.create(
        school=cast.school, title="Черновик", body="x", published_on=datetime.date(2026, 9, 2), is_published=False
    )
    response = client.get(reverse("public:feed", kwargs={"slug": cast.school.slug}))
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)  # noqa: S314 — the portal's own feed
    titles = [item.findtext("title") for item in root.iter("item")]
    assert titles == ["Открыт набор наставников"]


@pytest.mark.django_db
def test_the_widget_may_be_framed_by_the_school_site_and_other_pages_may_not(cast, client):
    widget = client.get(reverse("public:widget", kwargs={"slug": cast.school.slug}))
    assert "X-Frame-Options" not in widget
    again = client.get(reverse("public:widget", kwargs={"slug": cast.school.slug}))
    assert "X-Frame-Options" not in again
    assert client.get(reverse("public:index", kwargs={"slug": cast.school.slug}))["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_the_accessible_version_is_remembered(cast, client):
    client.get(reverse("public:index", kwargs={"slug": cast.school.slug}) + "?a11y=1")
    assert 'class="a11y"' in page(client, cast.school)
    client.get(reverse("public:index", kwargs={"slug": cast.school.slug}) + "?a11y=0")
    assert 'class="a11y"' not in page(client, cast.school)


@pytest.mark.django_db
def test_the_municipality_page_lists_its_schools_only(client):
    municipality = MunicipalityFactory(slug="raion")
    SchoolFactory(municipality=municipality, full_name="Школа района")
    SchoolFactory(full_name="Школа другого района")
    text = client.get(reverse("public:municipality", kwargs={"slug": "raion"})).content.decode()
    assert "Школа района" in text
    assert "Школа другого района" not in text


@pytest.mark.django_db
def test_the_curator_edits_the_section_and_a_mentor_cannot(cast, client_as, client):
    curator = client_as(cast.curator)
    curator.post(
        reverse("public_manage"),
        {
            "form": "news",
            "news-title": "Новость куратора",
            "news-body": "Текст",
            "news-published_on": "2026-11-20",
            "news-is_published": "on",
        },
    )
    client.logout()
    assert "Новость куратора" in page(client, cast.school, "news")
    assert client_as(cast.mentor).get(reverse("public_manage")).status_code == 403
