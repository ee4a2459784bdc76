"""The municipal methodical association of mentors, under /municipality/association/."""

from django.urls import path

from association import views

app_name = "association"

urlpatterns: list = [
    # The association at the municipality (its members, the coordinator).
    path("", views.index, name="index"),
    path("members/", views.members, name="members"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("members/<int:pk>/chair/", views.member_chair, name="member_chair"),
    path("meetings/new/", views.meeting_form, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_form, name="meeting_edit"),
    path("meetings/<int:pk>/minutes.pdf", views.meeting_file, name="meeting_file"),
    path("recommendations/new/", views.recommendation_new, name="recommendation_new"),
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/<int:pk>/", views.review, name="review"),
    path("reviews/<int:pk>/take/", views.review_take, name="review_take"),
    path("reviews/<int:pk>/conclusion/", views.review_write, name="review_write"),
    path("reviews/<int:pk>/subject/", views.review_subject, name="review_subject"),
    # The school's side: its recommendations and expert reviews (the current school).
    path("school/", views.school_index, name="school"),
    path("school/recommendations/<int:pk>/read/", views.school_recommendation_read, name="school_recommendation_read"),
    path("school/reviews/new/", views.school_review_request, name="school_review_request"),
    path("school/reviews/<int:pk>/", views.school_review, name="school_review"),
]
