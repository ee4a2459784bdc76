from django.urls import path

from backups import views

urlpatterns = [
    path("", views.school_export, name="school_export"),
    path("status/", views.school_export_status, name="school_export_status"),
    path("download/", views.school_export_download, name="school_export_download"),
]
