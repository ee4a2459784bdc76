"""«Реквизиты и шаблоны документов»: the school's requisites, numbering and the wording of its
documents (the Положение and the roadmap among them), for the director and the curator.

A school's template is checked before it is saved: it must compile and render with a sample
context (the school's own data today, fictitious people), else it is refused with the error in
words. Deleting it («Восстановить типовой текст») brings back the standard text.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template import Context, Engine
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import School
from accounts.permissions import Action
from audit.log import diff, record, snapshot
from audit.models import AuditAction
from documents import drafting, regulation
from documents.models import TEMPLATE_KEYS, Document, DocumentSettings, DocumentType, TemplateOverride
from documents.printing import print_context
from documents.rendering import htmls_to_pdf
from documents.settings_forms import DocumentSettingsForm, SchoolRequisitesForm, TemplateForm
from people.models import Person, PersonKind
from people.services import academic_year_of

REQUISITES = SchoolRequisitesForm.Meta.fields
NUMBERING = DocumentSettingsForm.Meta.fields
LABELS = dict(TEMPLATE_KEYS)


def _require(request) -> None:
    if request.school is None or not request.user.has_perm(Action.MANAGE_DOCUMENT_SETTINGS, request.school):
        raise PermissionDenied


def _key(key: str) -> str:
    if key not in LABELS:
        raise Http404
    return key


def standard_template(key: str) -> str:
    if key in regulation.APPENDICES:
        return regulation.APPENDICES[key][1]
    return f"documents/{key}.html"


def standard_source(key: str) -> str:
    return get_template(standard_template(key)).template.source


# --- the sample a template is tried with -------------------------------------------------


def _sample_person(school, last, first, patronymic, sex, position) -> dict:
    """A fictitious colleague in every form a document prints (nobody's personal data)."""
    person = Person(
        school=school,
        last_name=last,
        first_name=first,
        patronymic=patronymic,
        sex=sex,
        position=position,
        kind=PersonKind.STAFF,
        birth_date=datetime.date(1990, 5, 17),
        address="187700, г. Лодейное Поле, ул. Ленина, д. 1, кв. 1",
        email="sample@example.org",
    )
    return drafting._subject(person)


def _sample_context(school, key: str) -> dict:
    """The latest real document of the type if the school has one, else sample data of every kind."""
    if key in DocumentType.values:
        latest = Document.objects.for_school(school).filter(type=key).order_by("-date", "-sequence").first()
        if latest is not None:
            return dict(latest.context)
    today = timezone.localdate()
    year = academic_year_of(today)
    mentor = _sample_person(school, "Петрова", "Мария", "Ивановна", "f", "Учитель физики")
    mentee = _sample_person(school, "Иванов", "Пётр", "Сергеевич", "m", "Учитель математики")
    start, end = today.strftime(drafting.DATE), (today + datetime.timedelta(days=270)).strftime(drafting.DATE)
    pair = {"mentors": [mentor], "mentees": [mentee], "form": "педагог – педагог", "start": start, "end": end}
    return {
        **regulation.sample_context(school),
        "regulation_date": today.strftime(drafting.DATE),
        "curator": mentor,
        "person": mentee,
        "mentor": mentor,
        "old": mentor,
        "new": mentee,
        "mentors": [mentor],
        "mentees": [mentee],
        "people": [mentor],
        "acquainted": [mentor, mentee],
        "pairs": [{**pair, "is_group": False}],
        "award": "Почётной грамотой",
        "academic_year": f"{year}/{year + 1}",
        "reason": "отпуск по уходу за ребёнком",
        "effective_on": start,
        "old_until": start,
        "start": start,
        "start_iso": today.isoformat(),
        "end": end,
        "form": "педагог – педагог",
        "modes": ["традиционное «один на один»"],
        "monthly_pay": "3000.00",
        "contract_number": "27",
        "contract_date": "01.09.2020",
        "role": "mentee",
        "valid_until": end,
        "program": {
            "title": "Адаптация молодого учителя математики",
            "goal": "Профессиональная адаптация молодого специалиста",
            "start": start,
            "end": end,
            "mentors": [mentor],
            "mentees": [mentee],
            "version": 1,
        },
    }


def _sample_document(school, key: str) -> Document:
    """An unsaved document of the type, numbered as the school's next one would look."""
    type_ = key if key in DocumentType.values else DocumentType.ORDER_REGULATION
    return Document(
        school=school,
        type=type_,
        title=drafting.TITLES.get(type_, str(LABELS[key])),
        number="1",
        year=timezone.localdate().year,
        sequence=1,
        date=timezone.localdate(),
        context={"school": drafting._school(school), **_sample_context(school, key)},
    )


def _render(html: str, context: dict) -> str:
    return Engine.get_default().from_string(html).render(Context(context, autoescape=True))


def _html(school, key: str, html: str | None) -> tuple[Document, str]:
    """The page(s) of a template filled with the sample: ``html`` if given, else the school's own or the standard."""
    document = _sample_document(school, key)
    context = print_context(document, final=False)
    if key in regulation.APPENDICES:
        context = {**context, "appendix": {"number": regulation.APPENDICES[key][0], "published": False}}
    if html is None:
        override = TemplateOverride.objects.filter(school=school, type=key).first()
        html = override.html if override else None
    return document, _render(html, context) if html is not None else render_to_string(standard_template(key), context)


def check_template(school, key: str, html: str) -> None:
    """Raises what goes wrong when the template is filled with the sample. A sample the standard
    text cannot take either says nothing about the school's text: then only compiling counts."""
    try:
        _html(school, key, html)
    except Exception:
        try:
            _html(school, key, standard_source(key))
        except Exception:  # noqa: BLE001 — the sample does not fit this type; the compile check stands
            return
        raise


def preview_pdf(school, key: str, html: str | None = None) -> bytes:
    """A draft PDF of the template filled with the sample; the regulation order with its appendices."""
    document, page = _html(school, key, html)
    pages = [page]
    if key == DocumentType.ORDER_REGULATION:
        pages += regulation.appendices(document, print_context(document, final=False))
    return htmls_to_pdf(pages, archival=False)


def _pdf(pdf: bytes, key: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="obrazec-{key}.pdf"'
    return response


# --- the pages ----------------------------------------------------------------------------


def settings_page(request):
    _require(request)
    school = School.objects.get(pk=request.school.pk)  # a failed form must not alter the request's school
    settings_row = DocumentSettings.objects.filter(school=school).first() or DocumentSettings(school=school)
    section = request.POST.get("section") if request.method == "POST" else None
    before = {"requisites": snapshot(school, REQUISITES), "numbering": snapshot(settings_row, NUMBERING)}
    requisites = SchoolRequisitesForm(
        request.POST if section == "requisites" else None, instance=school, prefix="requisites"
    )
    numbering = DocumentSettingsForm(
        request.POST if section == "numbering" else None,
        instance=settings_row,
        prefix="numbering",
        may_choose_signing=request.user.has_perm(Action.SIGN_DOCUMENTS, school),
    )
    for name, form, fields in (("requisites", requisites, REQUISITES), ("numbering", numbering, NUMBERING)):
        if form.is_bound and form.is_valid():
            created = form.instance.pk is None
            saved = form.save()
            changes = diff(before[name], snapshot(saved, fields))
            if changes or created:
                action = AuditAction.CREATE if created else AuditAction.UPDATE
                record(actor=request.user, school=school, action=action, obj=saved, changes=changes)
            messages.success(request, _("The settings are saved."))
            return redirect("documents:settings")
    overrides = {o.type: o for o in TemplateOverride.objects.for_school(school)}
    return render(
        request,
        "documents/settings.html",
        {
            "requisites_form": requisites,
            "numbering_form": numbering,
            "templates": [
                {"key": key, "label": label, "override": overrides.get(key), "appendix": key in regulation.APPENDICES}
                for key, label in TEMPLATE_KEYS
            ],
        },
    )


def template_edit(request, key):
    _require(request)
    key, school = _key(key), request.school
    override = TemplateOverride.objects.filter(school=school, type=key).first()
    form = TemplateForm(
        request.POST or None,
        initial={"html": override.html if override else standard_source(key)},
        check=lambda html: check_template(school, key, html),
    )
    if request.method == "POST" and form.is_valid():
        html = form.cleaned_data["html"]
        if request.POST.get("action") == "preview":
            return _pdf(preview_pdf(school, key, html), key)
        saved, created = TemplateOverride.objects.update_or_create(school=school, type=key, defaults={"html": html})
        record(
            actor=request.user,
            school=school,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            obj=saved,
            changes={"type": [None, key]} if created else {},
        )
        messages.success(request, _("The school's wording of «%(template)s» is saved.") % {"template": LABELS[key]})
        return redirect("documents:settings")
    return render(
        request,
        "documents/template_edit.html",
        {"form": form, "key": key, "label": LABELS[key], "override": override},
    )


@require_POST
def template_reset(request, key):
    _require(request)
    key, school = _key(key), request.school
    override = TemplateOverride.objects.filter(school=school, type=key).first()
    if override is not None:
        record(
            actor=request.user, school=school, action=AuditAction.UPDATE, obj=override, changes={"type": [key, None]}
        )
        override.delete()
        messages.success(request, _("The standard wording of «%(template)s» is restored.") % {"template": LABELS[key]})
    return redirect("documents:settings")


def template_preview(request, key):
    """A sample PDF of the wording in use (the school's or the standard), marked «ПРОЕКТ»."""
    _require(request)
    key = _key(key)
    try:
        pdf = preview_pdf(request.school, key)
    except Exception as error:  # noqa: BLE001 — a saved wording the school's data no longer fits: said in words
        messages.error(
            request, _("The template fails when filled with the school's data: %(error)s") % {"error": error}
        )
        return redirect("documents:template_edit", key=key)
    return _pdf(pdf, key)
