from django.urls import path

from config import converters  # noqa: F401  -- registers the «token» converter used below
from programs import calendar_views, views

app_name = "programs"

urlpatterns = [
    path("", views.bank, name="bank"),
    path("start/<int:mentorship_pk>/", views.program_start, name="start"),
    path("<int:pk>/", views.program_detail, name="detail"),
    path("<int:pk>/edit/", views.program_edit, name="edit"),
    path("<int:pk>/items/new/", views.item_add, name="item_add"),
    path("<int:pk>/log/new/", views.log_add, name="log_add"),
    path("<int:pk>/agree/", views.agree, name="agree"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/comments/", views.comment, name="comment"),
    path("<int:pk>/return/", views.return_for_correction, name="return"),
    path("<int:pk>/correction/", views.correction, name="correction"),
    path("<int:pk>/versions/", views.compare_versions, name="compare"),
    path("<int:pk>/complete/", views.complete, name="complete"),
    path("<int:pk>/self-assessment/", views.self_assessment, name="self_assessment"),
    path("<int:pk>/best-practice/", views.best_practice, name="best_practice"),
    path("<int:pk>/copy/", views.copy, name="copy"),
    path("items/<int:pk>/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/delete/", views.item_delete, name="item_delete"),
    path("items/<int:pk>/progress/", views.item_progress, name="item_progress"),
    path("items/<int:pk>/evidence/", views.item_evidence, name="item_evidence"),
    path("log/<int:pk>/reflection/", views.reflect, name="reflect"),
    path("calendar/", calendar_views.calendar, name="calendar"),
    path("calendar/revoke/", calendar_views.revoke_feed, name="revoke_feed"),
    path("calendar/<token:token>.ics", calendar_views.ical, name="ical"),
]
