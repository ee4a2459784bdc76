import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_healthy_portal_answers_200_with_each_part(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] in {"ok", "eager"}
    assert body["status"] == "ok"


@pytest.mark.django_db
def test_unreachable_broker_makes_it_503(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")
