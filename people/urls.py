from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("", views.BankView.as_view(), name="bank"),
    path("<int:pk>/", views.PersonDetailView.as_view(), name="person"),
]

# Spreadsheet import and export (people/import_views.py).
urlpatterns += []
