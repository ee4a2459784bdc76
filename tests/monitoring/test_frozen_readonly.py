"""A frozen year is read-only: its targets and roadmap take no change, for anyone, until the director unfreezes it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from monitoring import snapshot
from monitoring.models import IndicatorTarget, MonitoringResult, RoadmapEvent
from tests.monitoring.test_indicators import Y

TARGETS = {
    "young_in_programs": "80",
    "teachers_in_programs": "70",
    "under35_in_programs": "",
    "mentee_satisfaction": "90",
    "mentor_satisfaction": "90",
    "school_events": "3",
}
EVENT = {
    "stage": "Реализационный",
    "title": "Фестиваль педагогических идей",
    "starts_on": "10.12.2026",
    "for_pairs": "on",
    "status": "held",
}


def refusal() -> str:
    with translation.override("ru"):
        return translation.gettext(
            "The indicators of %(year)s/%(next)s are frozen: their targets and roadmap can no longer be changed. Only the director can unfreeze them."  # noqa: E501
        ) % {"year": Y, "next": Y + 1}


def state(school) -> dict:
    return {
        "targets": list(IndicatorTarget.objects.filter(school=school).order_by("pk").values()),
        "roadmap": list(RoadmapEvent.objects.filter(school=school).order_by("pk").values()),
        "results": list(MonitoringResult.objects.filter(school=school).order_by("pk").values()),
    }


@pytest.fixture
def frozen_year(cast):
    IndicatorTarget.objects.create(school=cast.school, code="young_in_programs", year=Y, value=50)
    event = RoadmapEvent.objects.create(
        school=cast.school, year=Y, stage="Подготовительный", title="Совещание", starts_on=datetime.date(Y, 9, 15)
    )
    snapshot.freeze(cast.school, Y, by=cast.curator)
    return event


@pytest.mark.django_db
def test_a_frozen_year_takes_no_target_or_roadmap_change(cast, client_as, frozen_year):
    before = state(cast.school)
    writes = [
        (reverse("monitoring:targets") + f"?year={Y}", TARGETS),
        (reverse("monitoring:roadmap") + f"?year={Y}", EVENT),
        (reverse("monitoring:roadmap_event", kwargs={"pk": frozen_year.pk}), {**EVENT, "title": "Другое"}),
    ]
    for who in (cast.curator, cast.director):
        for url, data in writes:
            response = client_as(who).post(url, data, follow=True)
            assert response.status_code == 200, url
            assert refusal() in response.content.decode(), (who, url)
            assert state(cast.school) == before, (who, url)


@pytest.mark.django_db
def test_a_frozen_year_shows_its_targets_and_roadmap_read_only(cast, client_as, frozen_year):
    client = client_as(cast.curator)
    targets = client.get(reverse("monitoring:targets"), {"year": Y}).content.decode()
    assert refusal() in targets
    assert '<form method="post" novalidate>' not in targets  # no form to save
    assert 'name="young_in_programs"' in targets
    assert "disabled" in targets
    roadmap = client.get(reverse("monitoring:roadmap"), {"year": Y}).content.decode()
    assert refusal() in roadmap
    assert reverse("monitoring:roadmap_event", kwargs={"pk": frozen_year.pk}) not in roadmap
    assert 'name="title"' not in roadmap
    response = client.get(reverse("monitoring:roadmap_event", kwargs={"pk": frozen_year.pk}))
    assert response.status_code == 302


@pytest.mark.django_db
def test_once_the_director_unfreezes_the_year_it_is_edited_again(cast, client_as, frozen_year):
    snapshot.unfreeze(cast.school, Y, by=cast.director)
    client = client_as(cast.curator)
    client.post(reverse("monitoring:targets") + f"?year={Y}", TARGETS)
    assert IndicatorTarget.objects.get(school=cast.school, code="young_in_programs", year=Y).value == 80
    client.post(reverse("monitoring:roadmap") + f"?year={Y}", EVENT)
    assert RoadmapEvent.objects.filter(school=cast.school, year=Y).count() == 2
    page = client.get(reverse("monitoring:roadmap"), {"year": Y}).content.decode()
    assert refusal() not in page


@pytest.mark.django_db
def test_another_year_stays_editable(cast, client_as, frozen_year):
    client_as(cast.curator).post(reverse("monitoring:targets") + f"?year={Y - 1}", TARGETS)
    assert IndicatorTarget.objects.get(school=cast.school, code="young_in_programs", year=Y - 1).value == 80
