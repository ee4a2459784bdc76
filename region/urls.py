from django.urls import path

from region import views

app_name = "region"

urlpatterns = [
    path("", views.index, name="index"),
    path("export/", views.export, name="export"),
    path("m/<slug:slug>/", views.municipality, name="municipality"),
]
