from django.urls import path

from mentoring import catalog_views, cross_school_views, import_views, petition_views, views

app_name = "mentoring"

urlpatterns = [
    path("", views.board_view, name="board"),
    path("archive/", views.archive_view, name="archive"),
    path("mine/", views.my_mentorships, name="mine"),
    path("catalog/", catalog_views.catalog, name="catalog"),
    path("catalog/forms/<int:pk>/", catalog_views.form_edit, name="form_edit"),
    path("new/", views.mentorship_create, name="create"),
    path("suggest/", views.suggest, name="suggest"),
    path("from-suggestion/", views.from_suggestion, name="from_suggestion"),
    path("<int:pk>/", views.mentorship_detail, name="detail"),
    path("<int:pk>/edit/", views.mentorship_edit, name="edit"),
    path("<int:pk>/propose/", views.propose, name="propose"),
    path("<int:pk>/return/", views.return_to_draft, name="return_to_draft"),
    path("<int:pk>/terminate/", views.terminate, name="terminate"),
    path("<int:pk>/terminate/cancel/", views.termination_cancel, name="termination_cancel"),
    path("<int:pk>/not-formed/", views.drop, name="drop"),
    path("<int:pk>/delete/", views.delete_draft, name="delete"),
    path("<int:pk>/clear-alert/", views.clear_alert, name="clear_alert"),
    path("<int:pk>/replace/", views.replace_mentor, name="replace"),
    path("<int:pk>/request/", petition_views.petition_new, name="petition_new"),
    # pairs with a mentor from another school of the municipality (issue 18)
    path("cross/", cross_school_views.school_list, name="cross_list"),
    path("cross/new/", cross_school_views.school_propose, name="cross_propose"),
    path("cross/<int:pk>/", cross_school_views.detail, name="cross_detail"),
    path("cross/<int:pk>/agree/", cross_school_views.agree, name="cross_agree"),
    path("cross/<int:pk>/refuse/", cross_school_views.refuse, name="cross_refuse"),
    path("requests/", petition_views.petition_list, name="petitions"),
    path("requests/<int:pk>/answer/", petition_views.petition_answer, name="petition_answer"),
    path("requests/<int:pk>/withdraw/", petition_views.petition_withdraw, name="petition_withdraw"),
    path("import/", import_views.import_upload, name="import"),
    path("import/template/", import_views.import_template, name="import_template"),
    path("import/<uuid:token>/", import_views.import_job, name="import_job"),
    path("import/<uuid:token>/status/", import_views.import_job_status, name="import_job_status"),
    path("import/<uuid:token>/confirm/", import_views.import_confirm, name="import_confirm"),
]
