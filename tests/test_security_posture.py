"""Production posture: the headers and cookies production sends, sessions, passwords, uploads, logs."""

import datetime
import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from documents import drafting
from documents.models import RenderState
from people.models import Person
from public.models import FileKind, PublicFile
from tests.browser import PASSWORD
from tests.factories import ConsentFactory
from tests.mentoring.test_lifecycle import proposed
from tests.people.spreadsheets import HEADER, csv_bytes
from tests.programs.test_pages import own_program
from tests.urlwalk import iter_patterns

ROOT = Path(__file__).resolve().parent.parent
HOST = "nastavnik.example.ru"

# --- headers every page sends ----------------------------------------------------------------


def policy(response) -> dict[str, str]:
    directives = (part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return dict(directives)


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(cast, client_as):
    response = client_as(cast.curator).get(reverse("home"))
    assert policy(response) == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "object-src": "'self'",
        "frame-ancestors": "'none'",
        "form-action": "'self'",
        "base-uri": "'self'",
    }
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_only_the_public_widget_may_be_framed_by_other_sites_even_from_the_cache(cast, client, settings):
    settings.WIDGET_FRAME_ANCESTORS = ["https://sosh2.example.ru"]
    url = reverse("public:widget", kwargs={"slug": cast.school.slug})
    for response in (client.get(url), client.get(url)):  # the second comes from the public pages' cache
        assert policy(response)["frame-ancestors"] == "https://sosh2.example.ru"
        assert "X-Frame-Options" not in response
    index = client.get(reverse("public:index", kwargs={"slug": cast.school.slug}))
    assert policy(index)["frame-ancestors"] == "'none'"


@pytest.mark.django_db
def test_the_pdf_preview_may_be_framed_by_the_portal_only(cast, client_as):
    document = drafting.draft_pairs_order(school=cast.school, mentorships=[proposed(cast)], by=cast.curator)
    document.render_state = RenderState.DONE
    document.preview.save("preview.pdf", ContentFile(b"%PDF-1.4 preview"))
    response = client_as(cast.curator).get(reverse("documents:pdf", kwargs={"pk": document.pk}))
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert policy(response)["frame-ancestors"] == "'self'"
    page = client_as(cast.curator).get(reverse("documents:detail", kwargs={"pk": document.pk})).content.decode()
    assert "<object" in page
    assert 'style="' not in page


# --- what production settings send -----------------------------------------------------------

PRODUCTION_KEYS = [
    "DEBUG",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_AGE",
    "SESSION_EXPIRE_AT_BROWSER_CLOSE",
    "SESSION_SAVE_EVERY_REQUEST",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
]


@pytest.fixture(scope="module")
def production_settings() -> dict:
    """The security settings as config/settings.py computes them with DEBUG=false."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SESSION_", "CSRF_", "SECURE_"))}
    env.update(
        DEBUG="false", SECRET_KEY=secrets.token_urlsafe(60), ALLOWED_HOSTS=HOST, PUBLIC_BASE_URL=f"https://{HOST}"
    )
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{k: getattr(settings, k) for k in {PRODUCTION_KEYS!r}}}))"
    )
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


@pytest.fixture
def in_production(settings, production_settings):
    assert production_settings["DEBUG"] is False
    for name, value in production_settings.items():
        setattr(settings, name, tuple(value) if name == "SECURE_PROXY_SSL_HEADER" else value)
    return settings


@pytest.mark.django_db
def test_production_sends_hsts_and_secure_cookies_and_redirects_to_https(cast, client, in_production):
    assert client.get("/accounts/login/", headers={"host": HOST}).status_code == 301
    login = client.get("/accounts/login/", secure=True, headers={"host": HOST})
    assert login["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"

    response = client.post(
        "/accounts/login/",
        {"username": "boris", "password": PASSWORD},
        secure=True,
        headers={"host": HOST},
    )
    assert response.status_code == 302
    for name in ("sessionid", "csrftoken"):
        cookie = response.cookies[name]
        assert cookie["secure"] is True, name
        assert cookie["httponly"] is True, name
        assert cookie["samesite"] == "Lax", name
    # No expiry date: the session cookie goes when the browser closes.
    assert response.cookies["sessionid"]["expires"] == ""
    assert response.cookies["sessionid"]["max-age"] == ""


@pytest.mark.django_db
def test_a_session_left_idle_for_two_hours_ends_and_each_request_renews_it(cast, client, in_production):
    assert in_production.SESSION_COOKIE_AGE == 2 * 60 * 60
    client.post("/accounts/login/", {"username": "boris", "password": PASSWORD}, secure=True, headers={"host": HOST})
    session = Session.objects.get()

    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + datetime.timedelta(minutes=1))
    assert client.get(reverse("home"), secure=True, headers={"host": HOST}).status_code == 200
    renewed = Session.objects.get(pk=session.pk).expire_date - timezone.now()
    assert renewed > datetime.timedelta(hours=1, minutes=59)

    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("home"), secure=True, headers={"host": HOST})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- passwords -------------------------------------------------------------------------------


def ru(msgid: str) -> str:
    with translation.override("ru"):
        return gettext(msgid)


@pytest.mark.django_db
def test_changing_ones_password_applies_the_validators(cast, client_as):
    response = client_as(cast.curator).post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert ru("This password is too common.") in page
    assert ru("This password is entirely numeric.") in page
    cast.curator.refresh_from_db()
    assert cast.curator.check_password(PASSWORD)


@pytest.mark.django_db
def test_the_admin_cannot_create_a_user_with_a_weak_password(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.ru", "another-secret-1")
    client.force_login(admin)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {"username": "newbie", "usable_password": "true", "password1": "password", "password2": "password"},
    )
    assert response.status_code == 200
    assert ru("This password is too common.") in response.content.decode()
    assert not django_user_model.objects.filter(username="newbie").exists()


# --- uploads ---------------------------------------------------------------------------------

# Every file field of every model and the permission-checked view that hands it out. None: the
# portal never serves the file at all.
DOWNLOAD_VIEWS = {
    "people.Consent.scan": "people:consent_scan",
    "programs.PlanItem.evidence_file": "programs:item_evidence",
    "documents.Document.preview": "documents:pdf",
    "documents.Document.pdf": "documents:pdf",
    # The Положение and roadmap of a signed regulation order alone, for the public section.
    "documents.Document.published_pdf": "public:regulation",
    "public.PublicFile.file": "public:file",
    "backups.SchoolExport.file": "school_export_download",
    # The minutes of a meeting of the municipal methodical association, for the municipality's roles.
    "association.Meeting.minutes_file": "association:meeting_file",
    # A registered paper original: the document's own PDF while it stands; kept, not served, once
    # the director contests it (the registry's record of what was registered).
    "documents.PaperRegistration.scan": None,
    # The school's logo is uploaded in the admin only and shown nowhere; nothing serves it.
    "accounts.School.logo": None,
}


def file_fields():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield f"{model._meta.label}.{field.name}", field


def test_every_file_field_is_served_by_a_known_view_or_not_at_all():
    assert {label for label, _field in file_fields()} == set(DOWNLOAD_VIEWS)
    names = {name for name, _route, _converters in iter_patterns()}
    for label, view in DOWNLOAD_VIEWS.items():
        assert view is None or view in names, label
    for label, field in file_fields():
        if DOWNLOAD_VIEWS[label] is not None:
            with pytest.raises(ValueError, match="public URL"):
                field.storage.url("x")


def test_no_url_serves_the_media_folder(settings):
    media = settings.MEDIA_URL.strip("/")
    assert [route for _name, route, _c in iter_patterns() if route.startswith(media)] == []


def consent_scan(cast):
    consent = ConsentFactory(person=Person.objects.get(user=cast.mentor))
    return consent.scan, reverse("people:consent_scan", kwargs={"pk": consent.pk}), cast.director


def plan_item_evidence(cast):
    item = own_program(cast).items.first()
    item.evidence_file.save("notes.html", ContentFile(b"<script>alert(1)</script>"))
    return item.evidence_file, reverse("programs:item_evidence", kwargs={"pk": item.pk}), cast.mentor


def document_pdf(cast):
    document = drafting.draft_pairs_order(school=cast.school, mentorships=[proposed(cast)], by=cast.curator)
    document.preview.save("preview.pdf", ContentFile(b"%PDF-1.4 preview"))
    return document.preview, reverse("documents:pdf", kwargs={"pk": document.pk}), cast.director


def public_file(cast):
    item = PublicFile.objects.create(school=cast.school, kind=FileKind.LOCAL, title="Положение")
    item.file.save("polozhenie.pdf", ContentFile(b"%PDF-1.4 public"))
    return item.file, reverse("public:file", kwargs={"slug": cast.school.slug, "pk": item.pk}), None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "content_type", "disposition"),
    [
        (consent_scan, "application/pdf", "inline"),
        # An uploaded page must never run in the portal's origin: it downloads, as bytes.
        (plan_item_evidence, "application/octet-stream", "attachment"),
        (document_pdf, "application/pdf", "inline"),
        (public_file, "application/pdf", "inline"),
    ],
)
def test_uploads_are_served_by_their_view_only_to_those_allowed(cast, client, make, content_type, disposition):
    file, url, allowed = make(cast)
    if allowed is not None:
        client.force_login(cast.other_curator)
        assert client.get(url).status_code == 404  # another school's file does not exist for them
        client.force_login(allowed)

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith(f"{disposition}; filename")  # filename= or filename*=
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == file.open("rb").read()

    for guess in (f"/media/{file.name}", f"/media/private/{file.name}"):
        assert client.get(guess).status_code == 404, guess


@pytest.mark.django_db
def test_not_even_debug_serves_media(cast, client_as, settings):
    settings.DEBUG = True
    cast.school.logo.save("logo.png", ContentFile(b"\x89PNG\r\n\x1a\n"))
    assert (Path(settings.MEDIA_ROOT) / cast.school.logo.name).exists()
    assert client_as(cast.director).get(cast.school.logo.url).status_code == 404


# --- logs ------------------------------------------------------------------------------------

PERSONAL = ["Соколова", "Алла", "sokolova@example.ru", "123-456-789 01", "Орлова", "orlova@example.ru"]


@pytest.fixture
def log_records(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def logged_text(caplog) -> str:
    texts = []
    for record in caplog.records:
        texts += [record.getMessage(), record.exc_text or "", str(getattr(record, "request", ""))]
    return "\n".join(texts)


@pytest.mark.django_db
def test_failed_and_throttled_logins_leave_no_personal_data_in_the_logs(cast, client, log_records, settings):
    cast.director.email = "sokolova@example.ru"
    cast.director.save()
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post("/accounts/login/?next=/people/?q=Соколова", {"username": "alla", "password": "x"})
    assert AccessAttempt.objects.get(username="alla", ip_address="127.0.0.1").failures_since_start > 5
    axes_records = [r for r in log_records.records if r.name.startswith("axes")]
    assert any("Locking out" in r.getMessage() for r in axes_records)
    # Neither the login nor the address: axes masks both in its log lines.
    assert not any("alla" in r.getMessage() or "127.0.0.1" in r.getMessage() for r in axes_records)
    assert response.status_code == 429
    client.post("/accounts/login/", {"username": "sokolova@example.ru", "password": "123-456-789 01"})
    assert not any(value in logged_text(log_records) for value in PERSONAL)


@pytest.mark.django_db
def test_an_import_with_bad_rows_leaves_no_personal_data_in_the_logs(cast, client_as, log_records):
    rows = [
        [*HEADER, "Email"],
        ["1", "Орлова", "Анна", "Игоревна", "ж", "31.02.1990", "педагог", "Учитель", "orlova@example.ru"],
        ["2", "Соколова", "Алла", "", "?", "123-456-789 01", "", "", "not-an-email"],
    ]
    file = ContentFile(csv_bytes(rows), name="people.csv")
    response = client_as(cast.curator).post(reverse("people:import"), {"file": file}, follow=True)
    assert response.content.decode().count("<tr><td>") == 2  # both lines rejected, with their reasons
    assert not any(value in logged_text(log_records) for value in PERSONAL)


@pytest.mark.django_db
def test_404_and_403_log_the_refusal_without_personal_data(cast, client_as, log_records):
    client = client_as(cast.mentor)
    assert client.get("/people/sokolova@example.ru/?q=Соколова Алла Ивановна").status_code == 404
    assert client.post(reverse("people:import"), {"snils": "123-456-789 01", "name": "Соколова"}).status_code == 403
    refusals = [r for r in log_records.records if r.name == "django.request"]
    assert [r.status_code for r in refusals] == [404, 403]
    text = logged_text(log_records)
    assert "/people/" in text
    assert not any(value in text for value in PERSONAL)


def test_the_redaction_filter_guards_every_handler(settings):
    for name, handler in settings.LOGGING["handlers"].items():
        assert "redact_personal_data" in handler.get("filters", []), name
    from config.log_redaction import redact

    assert (
        redact("Иванова Мария Петровна, Петров П. П., +7 (812) 123-45-67, 8 911 123 45 67, a.b@mail.ru, 123-456-789 01")
        == "[redacted], [redacted], [redacted], [redacted], [redacted], [redacted]"
    )
    assert redact("GET /people/?q=Иванова HTTP/1.1") == "GET /people/?[redacted] HTTP/1.1"
    assert redact("Document 15 rendered in 120 ms for school 3") == "Document 15 rendered in 120 ms for school 3"
