"""The municipal bank (seed 004 §III.6) and the municipal bases by form, for the coordinator and
the methodical association of request.municipality: only the people who consented to share their
data with the municipality, only what matching needs; every view is audited in the person's school.
"""

from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.permissions import Action
from accounts.scoping import require_municipality
from audit.log import record
from audit.models import AuditAction
from municipal import bank, bases
from municipal.filters import MunicipalMenteeFilter, MunicipalMentorFilter
from people.import_views import XLSX_CONTENT_TYPE

PAGE_SIZE = 50


def _audit_page(request, people, what: str) -> None:
    """One «viewed» event per school whose people the page shows, naming them, in that school's log."""
    by_school: dict = {}
    for person in people:
        by_school.setdefault(person.school, []).append(person)
    for school, shown in by_school.items():
        record(
            actor=request.user,
            school=school,
            action=AuditAction.VIEW,
            obj=school,
            changes={"municipal_bank": what, "people": ", ".join(p.short_name for p in shown)},
        )


def _page(request, queryset):
    paginator = Paginator(queryset, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return {"paginator": paginator, "page_obj": page, "is_paginated": page.has_other_pages()}


@require_GET
def mentors(request):
    municipality = require_municipality(request, Action.VIEW_MUNICIPAL_BANK)
    today = timezone.localdate()
    people = bank.bank_mentors(municipality, today).annotate(free=F("mentor_profile__max_mentees") - F("load"))
    filterset = MunicipalMentorFilter(request.GET or None, queryset=people, municipality=municipality)
    context = _page(request, filterset.qs if filterset.is_bound else people)
    shown = list(context["page_obj"].object_list)
    catalog = bank.forms_by_school(p.school_id for p in shown)
    rows = [{"person": p, "experience": p.experience_years(today), "forms": bank.forms_for(p, catalog)} for p in shown]
    _audit_page(request, shown, "mentors")
    return render(
        request,
        "municipal/bank_mentors.html",
        {**context, "filter": filterset, "rows": rows, "municipality": municipality},
    )


@require_GET
def mentees(request):
    municipality = require_municipality(request, Action.VIEW_MUNICIPAL_BANK)
    today = timezone.localdate()
    people = bank.mentees_needing_a_mentor(municipality, today)
    filterset = MunicipalMenteeFilter(request.GET or None, queryset=people, municipality=municipality)
    context = _page(request, filterset.qs if filterset.is_bound else people)
    shown = list(context["page_obj"].object_list)
    rows = [
        {
            "person": p,
            "experience": p.experience_years(today),
            "categories": p.categories(today),
            "deficits": [d for d in p.deficits.all() if d.resolved_on is None],
        }
        for p in shown
    ]
    _audit_page(request, shown, "mentees")
    return render(
        request,
        "municipal/bank_mentees.html",
        {**context, "filter": filterset, "rows": rows, "municipality": municipality},
    )


@require_GET
def person(request, pk):
    """One person's municipal card: the matching data only (contacts if the consent covers them)."""
    municipality = require_municipality(request, Action.VIEW_MUNICIPAL_BANK)
    today = timezone.localdate()
    found = bank.with_mentor_load(bank.in_bank(municipality, today).select_related("school", "mentor_profile"))
    found = found.select_related("mentee_profile", "partner_organization").filter(pk=pk).first()
    if found is None:
        raise Http404
    record(
        actor=request.user,
        school=found.school,
        action=AuditAction.VIEW,
        obj=found,
        changes={"municipal_bank": "card"},
    )
    mentor_profile = getattr(found, "mentor_profile", None)
    mentee_profile = getattr(found, "mentee_profile", None)
    context = {
        "municipality": municipality,
        "person": found,
        "experience": found.experience_years(today),
        "mentor_profile": mentor_profile,
        "mentee_profile": mentee_profile,
        "forms": bank.forms_for(found, bank.forms_by_school([found.school_id])) if mentor_profile else [],
        "categories": found.categories(today) if mentee_profile else [],
        "deficits": found.deficits.filter(resolved_on__isnull=True) if mentee_profile else [],
        "in_a_pair": mentee_profile is not None
        and not bank.mentees_needing_a_mentor(municipality, today).filter(pk=found.pk).exists(),
        "contacts": found.pk in bank.sharing_contacts([found], today),
    }
    return render(request, "municipal/person.html", context)


@require_GET
def bases_page(request):
    municipality = require_municipality(request, Action.EXPORT_MUNICIPAL_BASES)
    return render(request, "municipal/bank_bases.html", {"municipality": municipality, "bases": bases.BASES})


@require_GET
def bases_export(request, kind):
    municipality = require_municipality(request, Action.EXPORT_MUNICIPAL_BASES)
    if kind not in bases.BY_KEY:
        raise Http404
    today = timezone.localdate()
    base = bases.BY_KEY[kind]
    content, rows = bases.workbook(base, municipality, today)
    for school, names in rows.exported_by_school.items():
        record(
            actor=request.user,
            school=school,
            action=AuditAction.EXPORT,
            obj=school,
            changes={"municipal_base": kind, "people": ", ".join(names)},
        )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    filename = f"{kind}-{municipality.slug}-{today:%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
