import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.feedback import run_and_report, show_errors, show_form_errors
from accounts.ids import parse_id, parse_ids
from accounts.permissions import Action
from accounts.scoping import get_for_school
from documents.models import DocumentType
from documents.orders import (
    documents_about,
    order_document,
    pending_order_for,
)
from mentoring import council, cross_school, lifecycle, petitions, replacement
from mentoring.archive import ARCHIVE_PAGE_SIZE, archive_years, archived, year_label
from mentoring.forms import DropForm, MentorshipForm, ReplacementForm, TerminateForm
from mentoring.matching import suggest_mentors
from mentoring.models import (
    ENDED,
    FIXED,
    FORMING,
    MentoringForm,
    Mentorship,
    Participant,
    PetitionKind,
    Replacement,
    Status,
    StatusChange,
)
from mentoring.registry import board_notes
from mentoring.selectors import alerts_for, archive_rows, board, orders_to_draft, with_people
from mentoring.terms import add_months
from people.models import Person
from portal import freshness


def _require(request, action, obj=None):
    target = obj if obj is not None else request.school
    if request.school is None or not request.user.has_perm(action, target):
        raise PermissionDenied


def _mentorship_for(request, pk, action=Action.VIEW_MENTORSHIP) -> Mentorship:
    mentorship = get_for_school(request, with_people(Mentorship.objects.all()), pk=pk)
    _require(request, action, mentorship if action == Action.VIEW_MENTORSHIP else None)
    return mentorship


def _warnings(request, warnings) -> None:
    for warning in warnings:
        messages.warning(request, warning)


def board_view(request):
    """The board's tables are kept in the shared cache until the school's data changes
    (``portal.freshness``): they are read from the database only when the cached ones are stale."""
    _require(request, Action.VIEW_BOARD)
    school, today = request.school, timezone.localdate()
    may_draft_orders = request.user.has_perm(Action.DRAFT_DOCUMENTS, school)

    def tables() -> dict:
        context = board(school, on=today)
        if may_draft_orders:
            context.update(orders_to_draft(school, context["open_rows"]))
        return context

    return render(
        request,
        "mentoring/board.html",
        {
            "board": SimpleLazyObject(tables),
            "may_manage": request.user.has_perm(Action.MANAGE_MENTORSHIPS, school),
            "may_draft_orders": may_draft_orders,
            "today": today,
            "fresh": freshness.generation(school),
            "fresh_ttl": freshness.TTL,
        },
    )


def archive_view(request):
    """Mentorships that ended in earlier academic years, newest first, a page at a time."""
    _require(request, Action.VIEW_BOARD)
    today = timezone.localdate()
    years = archive_years(request.school, today)
    year = parse_id(request.GET.get("year"))
    year = year if year in years else None
    found = archive_rows(archived(Mentorship.objects.for_school(request.school), today, year))
    page = Paginator(found, ARCHIVE_PAGE_SIZE).get_page(request.GET.get("page"))
    mentorships = list(page.object_list)
    notes = board_notes(mentorships, today)
    for mentorship in mentorships:
        mentorship.note = notes.get(mentorship.pk)
    context = {
        "rows": [(m, []) for m in mentorships],
        "years": [(y, year_label(y)) for y in years],
        "year": year,
        "page_obj": page,
        "paginator": page.paginator,
        "is_paginated": page.has_other_pages(),
    }
    return render(request, "mentoring/archive.html", context)


def my_mentorships(request):
    _require(request, Action.VIEW_OWN_MENTORSHIPS)
    mentorships = with_people(
        Mentorship.objects.for_school(request.school)
        .filter(participants__person__user=request.user)
        .exclude(status=Status.NOT_FORMED)  # dropped before the order: never the participants' pair
        .distinct()
    )
    today = timezone.localdate()
    mentorships = list(mentorships)
    notes = board_notes(mentorships, today)
    for mentorship in mentorships:
        mentorship.note = notes.get(mentorship.pk)
    rows = [(m, alerts_for(m, today) + (m.note.alerts if m.note else [])) for m in mentorships]
    return render(request, "mentoring/mine.html", {"rows": rows})


def _petitions_context(request, mentorship, may_manage: bool) -> dict:
    """Managers see every request about the pair; a participant sees their own."""
    rows = mentorship.petitions.select_related("participant__person", "answered_by")
    if not (may_manage or request.user.has_perm(Action.ANSWER_PETITIONS, request.school)):
        rows = rows.filter(participant__person__user=request.user)
    may_petition = request.user.has_perm(Action.SUBMIT_PETITION, mentorship) and not petitions.submission_problems(
        petitions.current_participation(request.user, mentorship), mentorship
    )
    return {"petitions": list(rows), "may_petition": may_petition}


def _termination_initial(accepted, today) -> dict:
    """An accepted request to end early fills the termination form: its reason and the first
    day art. 351.8 allows."""
    ending = next((p for p in accepted if p.kind == PetitionKind.END_EARLY), None)
    if ending is None:
        return {"on": today}
    return {
        "on": max(today, ending.earliest_end or today),
        "reason": petitions.TERMINATION_REASON[ending.participant.role],
        "note": ending.reason_text,
    }


def _replacement_initial(accepted, mentorship, today) -> dict:
    replacing = next((p for p in accepted if p.kind in petitions.REPLACING), None)
    if replacing is None:
        return {"effective_on": today}
    initial = {
        "effective_on": max(today, replacing.earliest_end or today),
        "reason": petitions.REPLACEMENT_REASON[replacing.kind],
        "note": replacing.reason_text,
    }
    if replacing.participant.role == Participant.Role.MENTOR:
        initial["outgoing"] = replacing.participant.person_id
    return initial


def mentorship_detail(request, pk):
    mentorship = _mentorship_for(request, pk)
    today = timezone.localdate()
    may_manage = request.user.has_perm(Action.MANAGE_MENTORSHIPS, request.school)
    may_read_documents = request.user.has_perm(Action.VIEW_DOCUMENTS, request.school)
    cross = cross_school.link_of(mentorship)  # a mentor from another school (issue 18)
    cross_fixing = cross_school.fixing_problems(mentorship) if cross is not None else []
    context = {
        "mentorship": mentorship,
        "cross": cross,
        "cross_state": cross_school.state_of(cross) if cross is not None else "",
        "cross_fixing": cross_fixing,
        "alerts": alerts_for(mentorship, today),
        "history": StatusChange.objects.filter(mentorship=mentorship).select_related("by"),
        "replacements": Replacement.objects.filter(mentorship=mentorship).select_related(
            "incoming", "outgoing__person"
        ),
        "may_manage": may_manage,
        "may_start_program": request.user.has_perm(Action.START_PROGRAM, mentorship) and mentorship.status not in ENDED,
        "documents": documents_about(mentorship) if may_read_documents else [],
        "pending_order": pending_order_for(mentorship) if may_read_documents else None,
        "pending_completion": pending_order_for(mentorship, DocumentType.ORDER_COMPLETION)
        if may_read_documents and mentorship.status == Status.ACTIVE
        else None,
        "pending_extension": pending_order_for(mentorship, DocumentType.ORDER_EXTENSION)
        if may_read_documents and mentorship.extension_proposed
        else None,
        "pending_termination": pending_order_for(mentorship, DocumentType.ORDER_TERMINATION)
        if may_read_documents and mentorship.termination_proposed
        else None,
        # Participants read the order's public verification page; the registry is the managers'.
        "order_document": order_document(mentorship),
        "may_read_documents": may_read_documents,
        "may_draft_order": mentorship.status == Status.PROPOSED
        and not cross_fixing
        and request.user.has_perm(Action.DRAFT_DOCUMENTS, request.school),
        "may_draft_order_any": request.user.has_perm(Action.DRAFT_DOCUMENTS, request.school),
        "may_delete": mentorship.status == Status.DRAFT
        and request.user.has_perm(Action.DELETE_DRAFT_MENTORSHIP, request.school)
        and not lifecycle.deletion_problems(mentorship),
        "forming": mentorship.status in FORMING,
        "fixed": mentorship.status in FIXED,
        "today": today,
        "Status": Status,
    }
    context.update(_petitions_context(request, mentorship, may_manage))
    if may_manage:
        accepted = [p for p in context["petitions"] if petitions.awaiting_step(p)]
        context["terminate_form"] = TerminateForm(initial=_termination_initial(accepted, today))
        context["drop_form"] = DropForm(initial={"on": today})
        context["replacement_form"] = ReplacementForm(
            mentorship=mentorship, initial=_replacement_initial(accepted, mentorship, today)
        )
        context["proposal"] = lifecycle.proposal_check(mentorship) if mentorship.status == Status.DRAFT else None
    return render(request, "mentoring/detail.html", context)


def mentorship_create(request):
    _require(request, Action.DRAFT_PAIRS)
    today = timezone.localdate()
    initial = {"planned_start": today, "planned_end": add_months(today, 9) - datetime.timedelta(days=1)}
    for key in ("mentors", "mentees"):
        if request.GET.getlist(key):
            initial[key] = request.GET.getlist(key)
    form = MentorshipForm(request.POST or None, school=request.school, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            mentorship, warnings = form.save(by=request.user)
        except ValidationError as error:
            show_form_errors(form, error)
        else:
            _warnings(request, warnings)
            _saved(request, mentorship, _("The draft is saved. Propose it when the consents are collected."))
            return redirect("mentoring:detail", pk=mentorship.pk)
    context = {"form": form, "title": _("New pair or group"), "council_draft": _drafts_only(request)}
    return render(request, "mentoring/form.html", context)


def _drafts_only(request) -> bool:
    """A council member who does not form pairs: their drafts wait for the curator."""
    return not request.user.has_perm(Action.MANAGE_MENTORSHIPS, request.school)


def _saved(request, mentorship, success: str) -> None:
    if _drafts_only(request):
        council.drafted_by_council(mentorship, by=request.user)
        success = _("The draft is saved and sent to the curator, who checks it and proposes it for the order.")
    messages.success(request, success)


@require_POST
def from_suggestion(request):
    """One click on a suggestion: a draft with that mentor and mentees, editable before proposing."""
    _require(request, Action.DRAFT_PAIRS)
    people = Person.objects.for_school(request.school).current()
    mentor = people.filter(pk=parse_id(request.POST.get("mentor"))).first()
    mentees = list(people.filter(pk__in=parse_ids(request.POST.getlist("mentees"))))
    if mentor is None or not mentees:
        messages.error(request, _("Choose a mentor and at least one mentee."))
        return redirect("mentoring:board")
    form = lifecycle.default_form_for(school=request.school, mentor=mentor, mentees=mentees)
    if form is None:
        messages.error(request, _("No form of mentoring fits these people; create the pair by hand."))
        return redirect("mentoring:board")
    today = timezone.localdate()
    try:
        mentorship, warnings = lifecycle.mentorship_create(
            school=request.school,
            form=form,
            mentors=[mentor],
            mentees=mentees,
            start=today,
            end=add_months(today, 9) - datetime.timedelta(days=1),
            by=request.user,
        )
    except ValidationError as error:
        show_errors(request, error)
        return redirect("mentoring:board")
    _warnings(request, warnings)
    _saved(request, mentorship, _("The draft is created from the suggestion. Check the dates and propose it."))
    return redirect("mentoring:detail", pk=mentorship.pk)


def _step(request, pk, action, run, success):
    mentorship = _mentorship_for(request, pk, action)
    run_and_report(request, lambda: run(mentorship), success=success)
    return redirect("mentoring:detail", pk=pk)


@require_POST
def propose(request, pk):
    return _step(
        request,
        pk,
        Action.MANAGE_MENTORSHIPS,
        lambda m: lifecycle.mentorship_propose(mentorship=m, by=request.user),
        _("The mentorship is proposed for the director's order."),
    )


@require_POST
def return_to_draft(request, pk):
    return _step(
        request,
        pk,
        Action.MANAGE_MENTORSHIPS,
        lambda m: lifecycle.mentorship_return_to_draft(
            mentorship=m, by=request.user, note=request.POST.get("note", "")
        ),
        _("The mentorship is returned to draft."),
    )


def _with_form(form_class, request, apply):
    def run(mentorship):
        form = form_class(request.POST)
        if not form.is_valid():
            raise ValidationError([f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()])
        return apply(mentorship, form.cleaned_data)

    return run


@require_POST
def terminate(request, pk):
    run = _with_form(
        TerminateForm,
        request,
        lambda m, d: lifecycle.termination_propose(
            mentorship=m, by=request.user, reason=d["reason"], note=d["note"], on=d["on"]
        ),
    )
    return _step(
        request,
        pk,
        Action.MANAGE_MENTORSHIPS,
        run,
        _("The early end is recorded: it takes effect when the director signs the termination order."),
    )


@require_POST
def termination_cancel(request, pk):
    return _step(
        request,
        pk,
        Action.MANAGE_MENTORSHIPS,
        lambda m: lifecycle.termination_cancel(mentorship=m, by=request.user),
        _("The proposed early end is taken back."),
    )


@require_POST
def drop(request, pk):
    run = _with_form(
        DropForm,
        request,
        lambda m, d: lifecycle.mentorship_drop(
            mentorship=m, by=request.user, reason=d["reason"], note=d["note"], on=d["on"]
        ),
    )
    return _step(request, pk, Action.MANAGE_MENTORSHIPS, run, _("The pair is marked as not formed."))


@require_http_methods(["GET", "POST"])
def delete_draft(request, pk):
    """A draft made by mistake: GET asks to confirm, POST deletes it (or tells why not and offers
    «не сформирована»)."""
    mentorship = _mentorship_for(request, pk, Action.DELETE_DRAFT_MENTORSHIP)
    if request.method == "POST":
        try:
            lifecycle.mentorship_delete(mentorship=mentorship, by=request.user)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("The draft is deleted."))
            return redirect("mentoring:board")
    context = {
        "mentorship": mentorship,
        "problems": lifecycle.deletion_problems(mentorship),
        "may_drop": mentorship.status in FORMING and request.user.has_perm(Action.MANAGE_MENTORSHIPS, request.school),
        "drop_form": DropForm(initial={"on": timezone.localdate()}),
    }
    return render(request, "mentoring/delete.html", context)


@require_POST
def clear_alert(request, pk):
    return _step(
        request,
        pk,
        Action.MANAGE_MENTORSHIPS,
        lambda m: lifecycle.clear_consent_alert(mentorship=m, by=request.user),
        _("The alert is marked as resolved."),
    )


@require_POST
def replace_mentor(request, pk):
    mentorship = _mentorship_for(request, pk, Action.MANAGE_MENTORSHIPS)
    form = ReplacementForm(request.POST, mentorship=mentorship)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {' '.join(errors)}")
        return redirect("mentoring:detail", pk=pk)
    data = form.cleaned_data
    try:
        replacement.replacement_request(
            mentorship=mentorship,
            outgoing=data["outgoing"],
            incoming=data["incoming"],
            reason=data["reason"],
            effective_on=data["effective_on"],
            note=data["note"],
            by=request.user,
        )
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The replacement is recorded and awaits its order."))
    return redirect("mentoring:detail", pk=pk)


def suggest(request):
    """Ranked mentors for one mentee or several; each suggestion becomes a draft in one click."""
    _require(request, Action.DRAFT_PAIRS)
    ids = parse_ids(request.GET.getlist("mentees"))
    people = Person.objects.for_school(request.school).current()
    mentees = list(people.filter(pk__in=ids).select_related("mentee_profile"))
    forms = MentoringForm.objects.for_school(request.school).filter(is_active=True)
    form = forms.filter(pk=parse_id(request.GET.get("form"))).first()
    suggestions = suggest_mentors(mentees=mentees, form=form) if mentees else []
    return render(
        request,
        "mentoring/suggest.html",
        {
            "mentees": mentees,
            "suggestions": suggestions,
            "forms": forms,
            "chosen_form": form,
            "candidates": people.mentees().exclude(pk__in=ids),
        },
    )


def mentorship_edit(request, pk):
    mentorship = _mentorship_for(request, pk, Action.MANAGE_MENTORSHIPS)
    initial = {
        "form": mentorship.form,
        "role_model": mentorship.role_model,
        "modes": list(mentorship.modes.all()),
        "mentors": mentorship.mentors,
        "mentees": mentorship.mentees,
        "planned_start": mentorship.planned_start,
        "planned_end": mentorship.planned_end,
        "direction": mentorship.direction,
    }
    form = MentorshipForm(
        request.POST or None, school=request.school, initial=initial, keep_role_model=mentorship.role_model
    )
    if mentorship.status != Status.DRAFT:
        for name in form.fields:
            if name not in lifecycle.EDITABLE_WHEN_RUNNING:
                form.fields[name].disabled = True
    if cross_school.link_of(mentorship) is not None:  # its people are the ones both schools agreed to
        form.fields["mentors"].queryset = Person.objects.filter(pk__in=[p.pk for p in mentorship.mentors])
        form.fields["mentors"].disabled = form.fields["mentees"].disabled = True
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data if not form.fields[name].disabled}
        try:
            lifecycle.mentorship_update(mentorship=mentorship, by=request.user, **changed)
        except ValidationError as error:
            show_form_errors(form, error)
        else:
            messages.success(request, _("The mentorship is saved."))
            return redirect("mentoring:detail", pk=mentorship.pk)
    return render(request, "mentoring/form.html", {"form": form, "title": str(mentorship), "submit": _("Save")})
