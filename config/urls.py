from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from accounts import views as accounts_views
from config import converters  # noqa: F401  -- registers the «token» converter used below
from documents import views as documents_views
from portal import views as portal_views
from public import manage_views as public_manage
from surveys import views as surveys_views

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("healthz", portal_views.healthz, name="healthz"),
    path("school/switch/", portal_views.switch_school, name="switch_school"),
    path("school/export/", include("backups.urls")),
    path("municipality/", portal_views.municipality, name="municipality"),
    path("municipality/export/", portal_views.municipality_export, name="municipality_export"),
    path("municipality/association/", include("association.urls")),
    path("municipality/", include("municipal.urls")),
    path("region/", include("region.urls")),
    path("people/", include("people.urls")),
    path("audit/", include("audit.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("programs/", include("programs.urls")),
    path("documents/", include("documents.urls")),
    path("notifications/", include("notifications.urls")),
    path("surveys/", include("surveys.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("recognition/", include("recognition.urls")),
    path("site-section/", public_manage.manage, name="public_manage"),
    path("site-section/news/<int:pk>/delete/", public_manage.news_delete, name="public_news_delete"),
    path("site-section/files/<int:pk>/delete/", public_manage.file_delete, name="public_file_delete"),
    path("", include("public.urls")),
    # «Проверить файл» before the code: «check» would otherwise be read as a verification code.
    path("v/check/", documents_views.verify_file, name="verify_file"),
    path("v/<token:code>/", documents_views.verify, name="verify"),
    path("signatures/", include("signatures.urls")),
    path("a/<token:token>/", surveys_views.answer, name="survey_answer"),
    # Wrong passwords at login, in /admin/, on signing and on a password change count towards a
    # lockout (django-axes, accounts/lockouts.py).
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/password_change/", accounts_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_reset/", accounts_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/lockouts/", accounts_views.locked_logins, name="locked_logins"),
    path("accounts/lockouts/unlock/", accounts_views.unlock_login, name="unlock_login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
