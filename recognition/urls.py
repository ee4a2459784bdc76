from django.urls import path

from recognition import views

app_name = "recognition"

urlpatterns = [
    path("", views.contest_list, name="list"),
    path("new/", views.contest_new, name="new"),
    path("<int:pk>/", views.contest_detail, name="detail"),
    path("<int:pk>/nominate/", views.nominate, name="nominate"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/award/", views.award, name="award"),
]
