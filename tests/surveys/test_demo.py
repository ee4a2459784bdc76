"""The demo surveys: answered over two academic years, satisfied mostly, competences growing."""

import pytest
from django.core.management import call_command

from accounts.models import School
from demo.surveys import seed_surveys
from surveys.models import Invitation, Response, Survey
from surveys.selectors import competence_comparison, satisfaction


@pytest.mark.django_db
def test_demo_surveys_cover_two_years_and_run_once():
    call_command("seed_demo")
    school = School.objects.get(slug="sosh-2")

    seed_surveys()
    counts = (Survey.objects.count(), Invitation.objects.count(), Response.objects.count())
    seed_surveys()

    assert counts == (Survey.objects.count(), Invitation.objects.count(), Response.objects.count())
    surveys = Survey.objects.for_school(school)
    assert surveys.filter(is_template=True).count() == 4
    assert surveys.filter(anonymous=True).count() == 1
    assert set(Response.objects.values_list("academic_year", flat=True)) == {2025, 2026}
    assert not Response.objects.filter(survey__anonymous=True, invitation__isnull=False).exists()
    assert Invitation.objects.filter(answered_at__isnull=True).exists()
    assert satisfaction(school=school, year=2025, role="mentee") == (1, 1)
    assert satisfaction(school=school, year=2025, role="mentor") == (1, 1)
    assert satisfaction(school=school, year=2026, role="mentee") == (1, 1)
    comparison = competence_comparison(school=school, role="mentee")
    assert len(comparison) == 5
    assert all(row["delta"] > 0 for row in comparison)
