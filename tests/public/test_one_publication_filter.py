"""Every public output draws people, programs and results through one filter (issue 16, item 3).

One school holds a pair whose members consented to publication and a mentee who did not, whose
completed program has a best practice the participants permitted to publish. Every public output —
the section's pages (plain and for the visually impaired), the RSS feed, the widget, the public
report PDF and the municipality's list — must leave out the non-consented mentee's name and result.
"""

import datetime
import os
import shutil
from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse

from people import services as people_services
from people.models import Consent, ConsentKind
from programs.models import BestPractice, PlanItem, PlanItemStatus, Program
from programs.rules import program_complete
from public.models import NewsItem
from public.publication import publishable
from tests.mentoring.helpers import mentee, mentor
from tests.programs.helpers import approved_program, running_mentorship

YEAR = 2026
COMPLETED_ON = datetime.date(2026, 11, 20)

PDFTOTEXT = pytest.mark.skipif(
    shutil.which("pdftotext") is None and os.environ.get("CI") != "true",
    reason="poppler-utils (pdftotext) is not installed",
)

# What must never appear publicly: the non-consented mentees and the result of the one who completed.
HIDDEN = ["Тайнова", "Скрытнова", "Тайнописный", "тайнописи", "Тайнописью"]
# The consented pair and its published result.
SHOWN_PEOPLE = ["Светлова", "Ясенева"]
SHOWN_RESULT = "ясночтения"


def publish(person):
    return Consent.objects.create(person=person, kind=ConsentKind.PUBLICATION, given_on=datetime.date(2026, 1, 1))


def completed_with_practice(cast, *, mentor_person, mentee_person, title, summary, results):
    program = approved_program(cast, running_mentorship(cast, mentor_person=mentor_person, mentee_person=mentee_person))
    Program.objects.filter(pk=program.pk).update(title=title)
    program.refresh_from_db()
    PlanItem.objects.filter(program=program).update(status=PlanItemStatus.DONE)
    program_complete(program=program, by=cast.curator, reason="plan_done", on=COMPLETED_ON, results=results)
    return BestPractice.objects.create(program=program, summary=summary, permission_to_publish=True)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def school(cast):
    """Школа А: a consented completed pair, a non-consented completed mentee, a non-consented running one."""
    shown_mentor = mentor(cast.school, last_name="Светлова")
    shown_mentee = mentee(cast.school, last_name="Ясенева")
    for person in (shown_mentor, shown_mentee):
        publish(person)
    completed_with_practice(
        cast,
        mentor_person=shown_mentor,
        mentee_person=shown_mentee,
        title="Ясный почерк",
        summary="Практика ясночтения на уроках",
        results="Дефициты преодолены",
    )

    open_mentor = mentor(cast.school, last_name="Открытова")
    publish(open_mentor)
    hidden_mentee = mentee(cast.school, last_name="Тайнова")  # no publication consent
    completed_with_practice(
        cast,
        mentor_person=open_mentor,
        mentee_person=hidden_mentee,
        title="Тайнописный курс",
        summary="Практика тайнописи",
        results="Овладела Тайнописью",
    )

    running_mentor = mentor(cast.school, last_name="Бегунова")
    publish(running_mentor)
    approved_program(
        cast,
        running_mentorship(
            cast, mentor_person=running_mentor, mentee_person=mentee(cast.school, last_name="Скрытнова")
        ),
    )
    news = NewsItem.objects.create(
        school=cast.school, title="Итоги полугодия", body="Пары работают", published_on=datetime.date(2026, 11, 25)
    )
    return cast.school, news


def outputs(school, news) -> dict[str, str]:
    slug = {"slug": school.slug}
    return {
        "index": reverse("public:index", kwargs=slug),
        "people": reverse("public:people", kwargs=slug),
        "programs": reverse("public:programs", kwargs=slug),
        "documents": reverse("public:documents", kwargs=slug),
        "news": reverse("public:news", kwargs=slug),
        "news item": reverse("public:news_item", kwargs={**slug, "pk": news.pk}),
        "rss": reverse("public:feed", kwargs=slug),
        "widget": reverse("public:widget", kwargs=slug),
        "report": reverse("public:report", kwargs={**slug, "year": YEAR}),
        "municipality": reverse("public:municipality", kwargs={"slug": school.municipality.slug}),
    }


def text_of(response) -> str:
    from documents.rendering import pdf_text

    assert response.status_code == 200
    if response["Content-Type"] == "application/pdf":
        return " ".join(pdf_text(response.content).split())
    return response.content.decode()


@pytest.mark.django_db
@PDFTOTEXT
@pytest.mark.parametrize("accessible", [False, True], ids=["plain", "accessible"])
def test_no_public_output_shows_a_person_without_publication_consent(school, client, accessible):
    school, news = school
    if accessible:
        client.get(reverse("public:index", kwargs={"slug": school.slug}) + "?a11y=1")
    texts = {name: text_of(client.get(url)) for name, url in outputs(school, news).items()}

    for name, text in texts.items():
        for hidden in HIDDEN:
            assert hidden not in text, f"{hidden!r} shown by {name}"
    for shown in SHOWN_PEOPLE:
        assert shown in texts["people"]
    assert SHOWN_RESULT in texts["programs"]
    assert SHOWN_RESULT in texts["report"]
    assert "Бегунова" not in texts["programs"]  # her mentee did not consent, so the pair is not named
    if accessible:
        assert 'class="a11y"' in texts["people"]


@pytest.mark.django_db
@PDFTOTEXT
def test_withdrawing_consent_removes_the_person_and_her_result_from_the_pages_and_the_report(school, cast, client):
    school, news = school
    urls = outputs(school, news)
    assert SHOWN_RESULT in text_of(client.get(urls["report"]))
    assert "Ясенева" in text_of(client.get(urls["people"]))

    consent = Consent.objects.get(person__last_name="Ясенева", kind=ConsentKind.PUBLICATION)
    people_services.consent_withdraw(consent=consent, actor=cast.curator)

    assert SHOWN_RESULT not in text_of(client.get(urls["report"]))
    assert SHOWN_RESULT not in text_of(client.get(urls["programs"]))
    assert "Ясенева" not in text_of(client.get(urls["people"]))
    assert "Светлова" in text_of(client.get(urls["people"]))  # her mentor still consents


@pytest.mark.django_db
@PDFTOTEXT
def test_a_frozen_year_does_not_keep_a_withdrawn_result_in_the_public_report(school, cast, client):
    from monitoring import snapshot

    school, news = school
    snapshot.freeze(school, YEAR, by=cast.curator)
    consent = Consent.objects.get(person__last_name="Ясенева", kind=ConsentKind.PUBLICATION)
    people_services.consent_withdraw(consent=consent, actor=cast.curator)

    text = text_of(client.get(outputs(school, news)["report"]))
    assert "Данные зафиксированы" in text
    assert SHOWN_RESULT not in text


@pytest.mark.django_db
@PDFTOTEXT
def test_the_schools_own_analytical_report_keeps_every_permitted_practice(school, cast, client_as):
    school, _news = school
    response = client_as(cast.director).get(reverse("monitoring:report", kwargs={"kind": "analytical"}), {"year": YEAR})
    text = text_of(response)
    assert "тайнописи" in text
    assert SHOWN_RESULT in text


@pytest.mark.django_db
def test_a_withdrawal_dated_ahead_takes_effect_on_its_date_even_on_a_cached_page(school, cast, client):
    school, news = school
    url = outputs(school, news)["people"]
    today = publishable(school).on
    consent = Consent.objects.get(person__last_name="Ясенева", kind=ConsentKind.PUBLICATION)
    people_services.consent_withdraw(consent=consent, actor=cast.curator, on=today + datetime.timedelta(days=1))

    assert "Ясенева" in text_of(client.get(url))  # cached for the day
    with mock.patch("public.publication.local_today", return_value=today + datetime.timedelta(days=1)):
        assert "Ясенева" not in text_of(client.get(url))
    assert [p.last_name for p in publishable(school, on=today).people["mentees"]] == ["Ясенева"]
    assert publishable(school, on=today + datetime.timedelta(days=1)).people["mentees"] == []


@pytest.mark.django_db
def test_results_need_every_participant_and_the_permission(school):
    school, _news = school
    shown = publishable(school)
    assert [p.summary for p in shown.results] == ["Практика ясночтения на уроках"]
    assert [p.summary for p in shown.results_completed(datetime.date(2027, 9, 1), datetime.date(2028, 8, 31))] == []
    BestPractice.objects.filter(summary__startswith="Практика ясночтения").update(permission_to_publish=False)
    assert publishable(school).results == []
    assert publishable(school).running_count == 1  # a count, not personal data: the unnamed running pair counts
