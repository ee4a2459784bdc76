from django.urls import path

from surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_create, name="create"),
    path("from-template/", views.from_template, name="from_template"),
    path("send/", views.send, name="send"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/edit/", views.survey_edit, name="edit"),
    path("<int:pk>/copy/", views.survey_copy, name="copy"),
    path("<int:pk>/delete/", views.survey_delete, name="delete"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/questions/new/", views.question_add, name="question_add"),
    path("questions/<int:pk>/", views.question_edit, name="question_edit"),
    path("questions/<int:pk>/delete/", views.question_delete, name="question_delete"),
    path("questions/<int:pk>/move/", views.question_move, name="question_move"),
]
