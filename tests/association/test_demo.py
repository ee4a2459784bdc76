"""The demo municipality's association and roadmaps (demo/association.py)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import School
from association.models import ExpertReview, Meeting, Member, Recommendation, ReviewState
from monitoring.models import RoadmapSubmission, SubmissionState


@pytest.mark.django_db
def test_the_demo_association_and_roadmaps(client):
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    main, small = School.objects.get(slug="sosh-2"), School.objects.get(slug="alekhovshchina")
    assert Member.objects.filter(municipality=main.municipality).count() == 2
    assert Member.objects.filter(is_chair=True, user__username="demo-council").exists()
    assert Meeting.objects.filter(municipality=main.municipality).count() == 1
    assert Recommendation.objects.filter(school=main).count() == 1
    assert ExpertReview.objects.filter(school=main, state=ReviewState.WRITTEN).count() == 1
    assert ExpertReview.objects.filter(school=small, state=ReviewState.REQUESTED).count() == 1
    assert [s.state for s in RoadmapSubmission.objects.filter(school=main)] == [SubmissionState.APPROVED]
    assert [s.state for s in RoadmapSubmission.objects.filter(school=small)] == [SubmissionState.SENT]

    response = client.post(reverse("login"), {"username": "demo-methodist", "password": "nastavnik-2026"})
    assert response.status_code == 302
    page = client.get(reverse("association:reviews")).content.decode()
    assert "Алеховщинская" in page
