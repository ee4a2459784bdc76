from django.urls import path

from people import import_views, views

app_name = "people"

urlpatterns = [
    path("", views.BankView.as_view(), name="bank"),
    path("mentors/", views.MentorBankView.as_view(), name="mentors"),
    path("mentees/", views.MenteeBankView.as_view(), name="mentees"),
    path("new/", views.person_create, name="person_create"),
    path("actualization/", views.actualization, name="actualization"),
    path("actualization/confirm/", views.bank_confirm, name="bank_confirm"),
    path("<int:pk>/", views.person_detail, name="person"),
    path("<int:pk>/edit/", views.person_update, name="person_update"),
    path("<int:pk>/archive/", views.person_archive, name="person_archive"),
    path("<int:pk>/restore/", views.person_restore, name="person_restore"),
    path("<int:pk>/mentor-profile/", views.mentor_profile_edit, name="mentor_profile"),
    path("<int:pk>/mentee-profile/", views.mentee_profile_edit, name="mentee_profile"),
    path("<int:pk>/deficits/new/", views.deficit_add, name="deficit_add"),
    path("<int:pk>/trainings/new/", views.training_add, name="training_add"),
    path("<int:pk>/awards/new/", views.award_add, name="award_add"),
    path("<int:pk>/consents/new/", views.consent_add, name="consent_add"),
    path("consents/given/", views.consents_given, name="consents_given"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("consents/<int:pk>/scan/", views.consent_scan, name="consent_scan"),
]

# Spreadsheet import and export.
urlpatterns += [
    path("import/", import_views.import_upload, name="import"),
    path("import/<uuid:token>/", import_views.import_job, name="import_job"),
    path("import/<uuid:token>/status/", import_views.import_job_status, name="import_job_status"),
    path("import/<uuid:token>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("import/template/", import_views.import_template, name="import_template"),
    path("export/", import_views.export, name="export"),
]
