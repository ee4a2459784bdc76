"""The municipality's own work (issue 18), under /municipality/."""

from django.urls import path

from mentoring import cross_school_views
from municipal import bank_views, practice_views, report_views, roadmap_views

app_name = "municipal"

urlpatterns: list = [
    # --- the municipal bank and the municipal bases (municipal/bank_views.py) ---
    path("bank/mentors/", bank_views.mentors, name="bank_mentors"),
    path("bank/mentees/", bank_views.mentees, name="bank_mentees"),
    path("bank/people/<int:pk>/", bank_views.person, name="bank_person"),
    path("bases/", bank_views.bases_page, name="bases"),
    path("bases/<slug:kind>.xlsx", bank_views.bases_export, name="bases_export"),
    # --- pairs across schools (mentoring/cross_school_views.py) ---
    path("cross-pairs/", cross_school_views.municipal_list, name="cross_pairs"),
    # --- roadmaps sent for approval (municipal/roadmap_views.py) ---
    path("roadmaps/", roadmap_views.roadmaps, name="roadmaps"),
    path("roadmaps/<int:pk>/", roadmap_views.submission, name="roadmap_submission"),
    path("roadmaps/<int:pk>/review/", roadmap_views.review, name="roadmap_review"),
    # --- best practices, the analytical report (municipal/practice_views.py, municipal/report_views.py) ---
    path("practices/", practice_views.practice_bank, name="practices"),
    path("report/", report_views.report_page, name="report"),
    path("report/pdf/", report_views.report_pdf, name="report_pdf"),
]
