"""The municipal methodical association of mentors, under /municipality/association/."""

from django.urls import path  # noqa: F401

app_name = "association"

urlpatterns: list = []
