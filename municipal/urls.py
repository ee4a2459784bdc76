"""The municipality's own work (issue 18), under /municipality/."""

from django.urls import path  # noqa: F401

app_name = "municipal"

urlpatterns: list = [
    # --- the municipal bank and the municipal bases (municipal/bank_views.py) ---
    # --- pairs across schools (mentoring/cross_school_views.py) ---
    # --- roadmaps sent for approval (municipal/roadmap_views.py) ---
    # --- best practices, the analytical report (municipal/practice_views.py, municipal/report_views.py) ---
]
