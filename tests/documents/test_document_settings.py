"""«Реквизиты и шаблоны документов»: the director and the curator edit the school's requisites
(checked ИНН and ОГРН, audit-logged), numbering and the wording of documents; a template that
does not compile or fails with the school's data is refused with the error in words."""

import shutil

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from accounts.models import School
from audit.models import AuditAction, AuditEvent
from documents.models import TEMPLATE_KEYS, DocumentSettings, TemplateOverride
from documents.settings_forms import inn_is_valid, ogrn_is_valid

SETTINGS = reverse("documents:settings")
# Real organisations' numbers (they pass the checksums).
INN = "7707083893"
OGRN = "1027700132195"


def edit_url(key: str) -> str:
    return reverse("documents:template_edit", kwargs={"key": key})


def requisites(school, **changes) -> dict:
    data = {
        "section": "requisites",
        "requisites-full_name": school.full_name,
        "requisites-short_name": school.short_name,
        "requisites-address": "187700, г. Лодейное Поле, ул. Гагарина, д. 12",
        "requisites-inn": "",
        "requisites-ogrn": "",
        "requisites-website": "",
        "requisites-director_name": "Соколова Алла Ивановна",
        "requisites-director_position": "Директор",
    }
    return {**data, **{f"requisites-{key}": value for key, value in changes.items()}}


def in_russian(message: str) -> str:
    """The message as the page shows it: in Russian, HTML-escaped."""
    with translation.override("ru"):
        return escape(gettext(message))


def test_checksums():
    assert inn_is_valid(INN)
    assert not inn_is_valid("7707083894")
    assert not inn_is_valid("770708389")
    assert ogrn_is_valid(OGRN)
    assert not ogrn_is_valid("1027700132196")


@pytest.mark.django_db
def test_the_director_saves_the_requisites_and_the_change_is_audit_logged(cast, client_as):
    client = client_as(cast.director)
    assert client.get(SETTINGS).status_code == 200

    response = client.post(SETTINGS, requisites(cast.school, inn=INN, ogrn=OGRN, website="https://school.example.org"))

    assert response.status_code == 302
    school = School.objects.get(pk=cast.school.pk)
    assert (school.inn, school.ogrn, school.website) == (INN, OGRN, "https://school.example.org")
    event = AuditEvent.objects.get(object_type="accounts.school", action=AuditAction.UPDATE)
    assert event.actor == cast.director
    assert event.changes["inn"] == ["", INN]
    assert event.changes["director_name"][1] == "Соколова Алла Ивановна"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("inn", "12345", "An organisation's INN is 10 digits."),
        ("inn", "7707083894", "The INN's check digit does not match: check the number."),
        ("ogrn", "102770013219", "An organisation's OGRN is 13 digits."),
        ("ogrn", "1027700132196", "The OGRN's check digit does not match: check the number."),
        ("director_name", "Соколова", "Write the director's surname, first name and patronymic."),
    ],
)
def test_bad_requisites_are_refused_in_words(cast, client_as, field, value, message):
    response = client_as(cast.curator).post(SETTINGS, requisites(cast.school, **{field: value}))

    assert response.status_code == 200
    assert in_russian(message) in response.content.decode()
    assert getattr(School.objects.get(pk=cast.school.pk), field) != value
    assert not AuditEvent.objects.filter(object_type="accounts.school").exists()


@pytest.mark.django_db
def test_the_numbering_and_the_legal_basis_are_saved(cast, client_as):
    response = client_as(cast.curator).post(
        SETTINGS,
        {
            "section": "numbering",
            "numbering-place": "г. Лодейное Поле",
            "numbering-number_prefix": "02-15/",
            "numbering-agreement_prefix": "ДС-",
            "numbering-consent_prefix": "С-",
            "numbering-internal_prefix": "ВД-",
            "numbering-legal_basis": "статьёй 28 Федерального закона № 273-ФЗ\n\n  Уставом школы  \n",
        },
    )

    assert response.status_code == 302
    row = DocumentSettings.objects.get(school=cast.school)
    assert (row.place, row.number_prefix) == ("г. Лодейное Поле", "02-15/")
    assert row.legal_basis == "статьёй 28 Федерального закона № 273-ФЗ\nУставом школы"
    assert AuditEvent.objects.filter(object_type="documents.documentsettings", action=AuditAction.CREATE).exists()


@pytest.mark.django_db
def test_every_template_is_listed_and_opens_with_the_standard_text(cast, client_as):
    client = client_as(cast.director)
    page = client.get(SETTINGS).content.decode()
    for key, _label in TEMPLATE_KEYS:
        assert edit_url(key) in page
    editor = client.get(edit_url("regulation")).content.decode()
    assert "Общие положения" in editor  # the standard Положение is the starting point
    assert "{% extends &quot;documents/base_print.html&quot; %}" in editor


@pytest.mark.django_db
def test_a_school_saves_its_wording_and_restores_the_standard_one(cast, client_as):
    client = client_as(cast.curator)
    html = '{% extends "documents/base_print.html" %}{% block body %}<p>Положение {{ school.short_name }}</p>'
    html += "{% endblock %}"

    assert client.post(edit_url("regulation"), {"html": html, "action": "save"}).status_code == 302

    override = TemplateOverride.objects.get(school=cast.school, type="regulation")
    assert override.html == html
    assert AuditEvent.objects.filter(object_type="documents.templateoverride", action=AuditAction.CREATE).exists()
    assert "Положение {{ school.short_name }}" in client.get(edit_url("regulation")).content.decode()

    reset = reverse("documents:template_reset", kwargs={"key": "regulation"})
    assert client.post(reset).status_code == 302
    assert not TemplateOverride.objects.filter(school=cast.school).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("html", "message"),
    [
        ('{% extends "documents/base_print.html" %}{% block body %}{% if %}{% endblock %}', "does not compile"),
        ("{% block body %}{% for x in %}{% endfor %}{% endblock %}", "does not compile"),
        ('{% extends "documents/base_print.html" %}{% block body %}{{ school.full_name|date:"Y" }}{% endfor %}', ""),
        ('{% extends "documents/no_such.html" %}', "fails when filled"),
        ('{% extends "base.html" %}', "document templates"),
        ('{% include "registration/login.html" %}', "document templates"),
        ("   ", ""),
    ],
)
def test_a_broken_template_is_refused_with_the_error_in_words(cast, client_as, html, message):
    response = client_as(cast.director).post(edit_url("regulation"), {"html": html, "action": "save"})

    assert response.status_code == 200
    assert not TemplateOverride.objects.filter(school=cast.school).exists()
    page = response.content.decode()
    assert "invalid-feedback" in page
    expected = {
        "does not compile": "The template does not compile: %(error)s",
        "fails when filled": "The template fails when filled with the school's data: %(error)s",
        "document templates": "A document template may extend or include only the portal's document templates "
        "«documents/…».",
    }.get(message)
    if expected:
        assert in_russian(expected).split("%(error)s")[0] in page


@pytest.mark.django_db
def test_a_template_failing_with_the_sample_data_is_refused(cast, client_as):
    # A link to a page that does not exist compiles, and fails only when the template is filled.
    html = '{% extends "documents/base_print.html" %}{% block body %}{% url "no-such-page" %}{% endblock %}'

    response = client_as(cast.director).post(edit_url("regulation"), {"html": html, "action": "save"})

    assert response.status_code == 200
    assert not TemplateOverride.objects.exists()
    head = in_russian("The template fails when filled with the school's data: %(error)s").split("%(error)s")[0]
    assert head in response.content.decode()


@pytest.mark.django_db
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_the_sample_pdf_shows_the_school_regulation_and_the_unsaved_text(cast, client_as):
    from documents.rendering import pdf_text

    client = client_as(cast.director)
    response = client.get(reverse("documents:template_preview", kwargs={"key": "regulation"}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    assert "Формы и виды наставничества" in text
    assert "Ролевые модели" in text
    assert "«педагог –" in text  # the school's catalog

    html = '{% extends "documents/base_print.html" %}{% block body %}<p>Черновик формулировки</p>{% endblock %}'
    unsaved = client.post(edit_url("regulation"), {"html": html, "action": "preview"})
    assert unsaved["Content-Type"] == "application/pdf"
    assert "Черновик формулировки" in pdf_text(unsaved.content)
    assert not TemplateOverride.objects.exists()


@pytest.mark.django_db
def test_a_mentor_and_the_secretary_may_not_open_the_settings(cast, client_as, client):
    assert client_as(cast.mentor).get(SETTINGS).status_code == 403
    assert client_as(cast.mentor).post(edit_url("regulation"), {"html": "x"}).status_code == 403
    assert client_as(cast.secretary).get(SETTINGS).status_code == 403
    assert client_as(cast.secretary).get(edit_url("regulation")).status_code == 403
    assert client_as(cast.mentor).get(reverse("documents:registry")).status_code == 403


@pytest.mark.django_db
def test_the_registry_links_the_settings_for_those_allowed(cast, client_as):
    assert SETTINGS in client_as(cast.curator).get(reverse("documents:registry")).content.decode()
    assert SETTINGS not in client_as(cast.secretary).get(reverse("documents:registry")).content.decode()


@pytest.mark.django_db
def test_an_unknown_template_is_not_found(cast, client_as):
    assert client_as(cast.director).get(edit_url("nothing")).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("key", [key for key, _label in TEMPLATE_KEYS])
def test_every_standard_template_renders_with_the_sample(cast, key):
    from documents.settings_views import _html, check_template, standard_source

    _document, html = _html(cast.school, key, None)
    assert cast.school.full_name in html or cast.school.short_name in html
    check_template(cast.school, key, standard_source(key))  # the standard text passes its own check
