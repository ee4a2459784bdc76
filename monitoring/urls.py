from django.urls import path

from config import converters  # noqa: F401  -- registers the «token» converter used below
from monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("people/", views.people, name="people"),
    path("freeze/", views.freeze, name="freeze"),
    path("unfreeze/", views.unfreeze, name="unfreeze"),
    path("targets/", views.targets, name="targets"),
    path("roadmap/", views.roadmap, name="roadmap"),
    path("roadmap/<int:pk>/", views.roadmap_event, name="roadmap_event"),
    path("roadmap/submit/", views.roadmap_submit, name="roadmap_submit"),
    path("export/", views.export_xlsx, name="export"),
    path("report/<token:kind>/", views.report_pdf, name="report"),
]
