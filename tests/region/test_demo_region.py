"""The demo region (issue 19): demo-region logs in with the README's password and sees both demo
municipalities side by side."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

README = Path(__file__).resolve().parent.parent.parent / "README.md"


@pytest.mark.django_db
def test_demo_region_sees_both_demo_municipalities(client):
    call_command("seed_demo")
    password = re.search(r"demo-region\s*\|\s*`([^`]+)`", README.read_text(encoding="utf-8")).group(1)
    response = client.post(reverse("login"), {"username": "demo-region", "password": password})
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert home["Location"] == reverse("region:index")
    page = client.get(reverse("region:index")).content.decode()
    assert "Ленинградская область" in page
    assert "Лодейнопольский муниципальный район" in page
    assert "Тихвинский муниципальный район" in page
    assert "МБОУ «СОШ № 2»" not in page  # schools only a click further, aggregates only
    detail = client.get(reverse("region:municipality", args=["lodeynoye-pole"])).content.decode()
    assert "МБОУ «СОШ № 2»" in detail
