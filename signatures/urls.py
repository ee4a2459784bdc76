from django.urls import path

from signatures import views

app_name = "signatures"

urlpatterns = [
    path("", views.certificates, name="certificates"),
    path("issue/", views.issue, name="issue"),
    path("upload/", views.upload, name="upload"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
    path("<int:pk>/certificate.pem", views.download, name="download"),
]
