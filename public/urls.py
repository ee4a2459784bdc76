from django.urls import path

from public import views

app_name = "public"

urlpatterns = [
    path("s/<slug:slug>/nastavnichestvo/", views.index, name="index"),
    path("s/<slug:slug>/nastavnichestvo/people/", views.people, name="people"),
    path("s/<slug:slug>/nastavnichestvo/programs/", views.programs, name="programs"),
    path("s/<slug:slug>/nastavnichestvo/documents/", views.documents, name="documents"),
    path("s/<slug:slug>/nastavnichestvo/documents/<int:pk>/", views.file, name="file"),
    path("s/<slug:slug>/nastavnichestvo/polozhenie.pdf", views.regulation, name="regulation"),
    path("s/<slug:slug>/nastavnichestvo/report-<int:year>.pdf", views.public_report, name="report"),
    path("s/<slug:slug>/nastavnichestvo/news/", views.news, name="news"),
    path("s/<slug:slug>/nastavnichestvo/news/<int:pk>/", views.news_item, name="news_item"),
    path("s/<slug:slug>/nastavnichestvo/rss.xml", views.feed, name="feed"),
    path("s/<slug:slug>/nastavnichestvo/widget/", views.widget, name="widget"),
    path("m/<slug:slug>/", views.municipality, name="municipality"),
]
