"""The municipality's public page /m/<slug>/ (issue 18, item 7): its schools, linked where they
have a «Наставничество» section, and the practices they published, through the same filter."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from people.models import Consent
from programs.models import BestPractice
from public.models import SectionText
from tests.municipal.test_practices import published_practice


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def page(client, municipality) -> str:
    response = client.get(reverse("public:municipality", kwargs={"slug": municipality.slug}))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_schools_with_a_section_are_linked_and_published_practices_shown(cast, client):
    SectionText.objects.create(school=cast.school, intro="Наставничество у нас")
    shown = published_practice(cast.school, title="Урок-исследование", summary="Как вести урок-исследование")
    published_practice(cast.other_school, title="Несогласованная практика", consented=False)
    published_practice(cast.far_school, title="Практика соседнего района")
    text = page(client, cast.municipality)
    assert f'href="{reverse("public:index", kwargs={"slug": cast.school.slug})}"' in text
    assert cast.other_school.full_name in text
    assert f'href="{reverse("public:index", kwargs={"slug": cast.other_school.slug})}"' not in text
    assert "раздел «Наставничество» пока не заполнен" in text
    assert cast.far_school.full_name not in text
    assert "Урок-исследование" in text
    assert "Как вести урок-исследование" in text
    assert reverse("public:programs", kwargs={"slug": cast.school.slug}) + f"#practice-{shown.pk}" in text
    assert "Несогласованная практика" not in text
    assert "Практика соседнего района" not in text
    assert "<h1" in text
    assert 'aria-labelledby="practices-h"' in text


@pytest.mark.django_db
def test_a_practice_published_or_withdrawn_shows_or_vanishes_despite_the_cache(cast, client):
    practice = published_practice(cast.school, title="Урок-исследование", permitted=False)
    assert "Урок-исследование" not in page(client, cast.municipality)
    practice.permission_to_publish = True
    practice.save()
    assert "Урок-исследование" in page(client, cast.municipality)
    consent = Consent.objects.filter(person__participations__mentorship=practice.program.mentorship).first()
    consent.withdrawn_on = datetime.date(2025, 6, 1)
    consent.save()
    assert "Урок-исследование" not in page(client, cast.municipality)


@pytest.mark.django_db
def test_the_page_is_served_from_the_cache(cast, client, django_assert_max_num_queries):
    published_practice(cast.school, title="Урок-исследование")
    page(client, cast.municipality)
    with django_assert_max_num_queries(3):  # the municipality and its schools only
        assert "Урок-исследование" in page(client, cast.municipality)
    BestPractice.objects.update(summary="Новое описание")  # an update() sends no signal: still cached
    assert "Новое описание" not in page(client, cast.municipality)
