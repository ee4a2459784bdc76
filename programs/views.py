from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.feedback import run_and_report, show_errors, show_form_errors
from accounts.ids import parse_id
from accounts.permissions import Action
from accounts.scoping import get_for_school
from mentoring.models import Mentorship, Participant
from people.storage import private_file_response
from programs import rules
from programs.forms import (
    BestPracticeForm,
    CommentForm,
    CompletionForm,
    CorrectionForm,
    LogEntryForm,
    PlanItemForm,
    PlanItemProgressForm,
    ProgramForm,
    ReflectionForm,
    ReturnForm,
    SelfAssessmentForm,
)
from programs.models import LogEntry, PlanItem, Program, ProgramStatus, ProgramVersion

# The program page shows the newest sessions; older ones are a page away (?log_page=2...).
LOG_PAGE_SIZE = 20


def _require(request, action, obj):
    if not request.user.has_perm(action, obj):
        raise PermissionDenied


def _program_queryset():
    return Program.objects.select_related("mentorship__form", "mentorship__school").prefetch_related(
        "stages",
        "deficits__person",
        Prefetch("mentorship__participants", Participant.objects.select_related("person")),
    )


def _program_for(request, pk, action=Action.VIEW_PROGRAM) -> Program:
    program = get_for_school(request, _program_queryset(), pk=pk)
    _require(request, action, program)
    return program


def _refuse_if_frozen(request, program):
    """A frozen program's forms are not shown: back to its page with the reason."""
    try:
        rules.require_open(program)
    except ValidationError as error:
        show_errors(request, error)
        return redirect("programs:detail", pk=program.pk)
    return None


def program_start(request, mentorship_pk):
    mentorship = get_for_school(request, Mentorship.objects.prefetch_related("participants__person"), pk=mentorship_pk)
    _require(request, Action.START_PROGRAM, mentorship)
    if hasattr(mentorship, "program"):
        return redirect("programs:detail", pk=mentorship.program.pk)
    initial = {"start": mentorship.planned_start, "end": mentorship.planned_end, "directions": mentorship.direction}
    form = ProgramForm(request.POST or None, mentorship=mentorship, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            program = rules.program_create(mentorship=mentorship, by=request.user, **data)
        except ValidationError as error:
            show_form_errors(form, error)
        else:
            messages.success(request, _("The program is drafted. Add the events of the plan."))
            return redirect("programs:detail", pk=program.pk)
    return render(
        request, "programs/form.html", {"form": form, "title": _("New personalized program"), "mentorship": mentorship}
    )


def program_detail(request, pk):
    program = _program_for(request, pk)
    today = timezone.localdate()
    items = list(program.items.all())
    user = request.user
    if user.has_perm(Action.LOG_EVENT, program):
        # A current mentor sees the mentee's reflections here: they are read now (one UPDATE).
        LogEntry.objects.filter(program=program, reflection_read_at__isnull=True).exclude(reflection="").update(
            reflection_read_at=timezone.now()
        )
    log = Paginator(
        LogEntry.objects.filter(program=program).select_related("plan_item", "author"), LOG_PAGE_SIZE
    ).get_page(request.GET.get("log_page"))
    versions = list(program.versions.select_related("mentor_agreed_by", "mentee_agreed_by"))
    frozen = program.is_frozen
    context = {
        "program": program,
        "mentorship": program.mentorship,
        "items": items,
        "log": log,
        "progress": rules.progress(program, today),
        "today": today,
        "versions": versions,
        "pending": program.status == ProgramStatus.APPROVED and rules.has_pending_changes(program),
        "frozen_notice": rules.frozen_notice(program),
        "may_edit": user.has_perm(Action.EDIT_PROGRAM, program) and not frozen,
        "may_agree": user.has_perm(Action.AGREE_PROGRAM, program) and not frozen,
        "may_approve": user.has_perm(Action.APPROVE_PROGRAM, program) and not frozen,
        "may_log": user.has_perm(Action.LOG_EVENT, program) and program.status == ProgramStatus.APPROVED and not frozen,
        "may_progress": user.has_perm(Action.LOG_EVENT, program) and not frozen,
        "may_reflect": user.has_perm(Action.REFLECT, program) and not frozen,
        "may_complete": user.has_perm(Action.COMPLETE_PROGRAM, program) and program.status == ProgramStatus.APPROVED,
        "may_mark": user.has_perm(Action.MARK_BEST_PRACTICE, program) and program.status == ProgramStatus.COMPLETED,
        "may_comment": user.has_perm(Action.COMMENT_PROGRAM, program),
        "may_return": user.has_perm(Action.RETURN_PROGRAM, program)
        and program.status in (ProgramStatus.DRAFT, ProgramStatus.AGREED)
        and not frozen,
        "comments": program.comments.select_related("author"),
        "history": rules.history(program),
        "ProgramStatus": ProgramStatus,
    }
    if context["may_comment"]:
        context["comment_form"] = CommentForm()
    if context["may_return"]:
        context["return_form"] = ReturnForm()
    if context["pending"] and versions:
        context["pending_comparison"] = rules.compare(versions[-1].snapshot, rules.snapshot(program))
        context["correction_form"] = CorrectionForm()
    if context["may_complete"]:
        context["completion_form"] = CompletionForm(initial={"on": today})
    if context["may_mark"]:
        practice = getattr(program, "best_practice", None)
        context["best_practice_form"] = BestPracticeForm(
            initial={"summary": practice.summary, "permission": practice.permission_to_publish} if practice else None
        )
    # The self-assessment is part of the final report: the mentee writes it once the program is completed.
    if user.has_perm(Action.REFLECT, program) and program.status == ProgramStatus.COMPLETED:
        context["self_assessment_form"] = SelfAssessmentForm(initial={"text": program.mentee_self_assessment})
    return render(request, "programs/detail.html", context)


def program_edit(request, pk):
    program = _program_for(request, pk, Action.EDIT_PROGRAM)
    if refused := _refuse_if_frozen(request, program):
        return refused
    form = ProgramForm(request.POST or None, instance=program, mentorship=program.mentorship)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        program.refresh_from_db()
        try:
            rules.program_update(program=program, by=request.user, **data)
        except ValidationError as error:
            show_form_errors(form, error)
        else:
            messages.success(request, _("The program is saved."))
            return redirect("programs:detail", pk=program.pk)
    return render(request, "programs/form.html", {"form": form, "title": program.title, "program": program})


def item_add(request, pk):
    program = _program_for(request, pk, Action.EDIT_PROGRAM)
    if refused := _refuse_if_frozen(request, program):
        return refused
    form = PlanItemForm(request.POST or None, instance=PlanItem(program=program))
    return _item_form(request, program, form, _("New event of the plan"))


def item_edit(request, pk):
    item = get_for_school(request, PlanItem.objects.select_related("program__mentorship"), pk=pk)
    _require(request, Action.EDIT_PROGRAM, item.program)
    if refused := _refuse_if_frozen(request, item.program):
        return refused
    form = PlanItemForm(request.POST or None, instance=item)
    return _item_form(request, item.program, form, item.title)


def _item_form(request, program, form, title):
    if request.method == "POST" and form.is_valid():
        try:
            rules.plan_item_save(item=form.instance, by=request.user)
        except ValidationError as error:
            show_form_errors(form, error)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect("programs:detail", pk=program.pk)
    return render(request, "programs/form.html", {"form": form, "title": title, "program": program})


@require_POST
def item_delete(request, pk):
    item = get_for_school(request, PlanItem.objects.select_related("program__mentorship"), pk=pk)
    _require(request, Action.EDIT_PROGRAM, item.program)
    try:
        rules.plan_item_delete(item=item, by=request.user)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The event is removed from the plan."))
    return redirect("programs:detail", pk=item.program_id)


def item_progress(request, pk):
    item = get_for_school(request, PlanItem.objects.select_related("program__mentorship"), pk=pk)
    _require(request, Action.LOG_EVENT, item.program)
    if refused := _refuse_if_frozen(request, item.program):
        return refused
    form = PlanItemProgressForm(request.POST or None, request.FILES or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            rules.plan_item_progress(item=form.instance, by=request.user)
        except ValidationError as error:
            show_form_errors(form, error)
        else:
            messages.success(request, _("The event is updated."))
            return redirect("programs:detail", pk=item.program_id)
    return render(
        request, "programs/form.html", {"form": form, "title": item.title, "program": item.program, "multipart": True}
    )


def item_evidence(request, pk):
    item = get_for_school(request, PlanItem.objects.select_related("program__mentorship"), pk=pk)
    _require(request, Action.VIEW_PROGRAM, item.program)
    if not item.evidence_file:
        raise Http404
    return private_file_response(item.evidence_file)


def log_add(request, pk):
    """The mentor records a session — built for a phone between lessons."""
    program = _program_for(request, pk, Action.LOG_EVENT)
    if refused := _refuse_if_frozen(request, program):
        return refused
    today = timezone.localdate()
    due_item = program.items.filter(status__in=["planned", "moved"]).order_by("planned_on").first()
    form = LogEntryForm(
        request.POST or None,
        program=program,
        initial={"occurred_on": today, "duration_minutes": 45, "plan_item": due_item, "format": "in_person"},
    )
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.program = program
        try:
            rules.log_entry_add(entry=entry, by=request.user, mark_done=form.cleaned_data["mark_done"])
        except ValidationError as error:
            show_form_errors(form, error)
        else:
            messages.success(request, _("The session is recorded."))
            return redirect("programs:detail", pk=program.pk)
    return render(request, "programs/log_form.html", {"form": form, "program": program})


def reflect(request, pk):
    entry = get_for_school(request, LogEntry.objects.select_related("program__mentorship"), pk=pk)
    _require(request, Action.REFLECT, entry.program)
    if refused := _refuse_if_frozen(request, entry.program):
        return refused
    form = ReflectionForm(request.POST or None, initial={"reflection": entry.reflection})
    if request.method == "POST" and form.is_valid():
        try:
            rules.reflection_save(entry=entry, by=request.user, text=form.cleaned_data["reflection"])
        except ValidationError as error:
            show_form_errors(form, error)
        else:
            messages.success(request, _("Your reflection is saved."))
            return redirect("programs:detail", pk=entry.program_id)
    return render(request, "programs/form.html", {"form": form, "title": str(entry), "program": entry.program})


def _step(request, pk, action, run, success):
    program = _program_for(request, pk, action)

    def guarded():
        # Agreeing and approving check the freeze here, not in the rules: the demo's history
        # (``demo/programs.py``) builds last year's programs of ended pairs through them.
        rules.require_open(program)
        return run(program)

    run_and_report(request, guarded, success=success)
    return redirect("programs:detail", pk=pk)


@require_POST
def agree(request, pk):
    return _step(
        request,
        pk,
        Action.AGREE_PROGRAM,
        lambda p: rules.program_agree(program=p, by=request.user),
        _("You agreed with the program."),
    )


@require_POST
def approve(request, pk):
    return _step(
        request,
        pk,
        Action.APPROVE_PROGRAM,
        lambda p: rules.program_approve(program=p, by=request.user),
        _("The program is approved; version 1 is frozen."),
    )


def _text_of(form) -> str:
    if not form.is_valid():
        raise ValidationError([f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()])
    return form.cleaned_data["text"]


@require_POST
def comment(request, pk):
    program = _program_for(request, pk, Action.COMMENT_PROGRAM)
    run_and_report(
        request,
        lambda: rules.program_comment(program=program, by=request.user, text=_text_of(CommentForm(request.POST))),
        success=_("Your comment is added."),
    )
    return redirect("programs:detail", pk=pk)


@require_POST
def return_for_correction(request, pk):
    program = _program_for(request, pk, Action.RETURN_PROGRAM)
    run_and_report(
        request,
        lambda: rules.program_return(program=program, by=request.user, text=_text_of(ReturnForm(request.POST))),
        success=_("The program is returned for correction; the mentor and the mentee are told why."),
    )
    return redirect("programs:detail", pk=pk)


@require_POST
def correction(request, pk):
    program = _program_for(request, pk)
    as_mentor = request.user.has_perm(Action.EDIT_PROGRAM, program) and not request.user.has_perm(
        Action.AGREE_PROGRAM, program
    )
    if not (as_mentor or request.user.has_perm(Action.AGREE_PROGRAM, program)):
        raise PermissionDenied
    form = CorrectionForm(request.POST)
    form.is_valid()
    override = form.cleaned_data.get("override_reason", "")
    if override and not request.user.has_perm(Action.APPROVE_PROGRAM, program):
        override = ""
    try:
        version = rules.correction_agree(
            program=program,
            by=request.user,
            as_mentor=as_mentor,
            reason=form.cleaned_data.get("reason", ""),
            override_reason=override,
        )
    except ValidationError as error:
        show_errors(request, error)
    else:
        if version:
            messages.success(
                request, _("Both sides agreed: version %(number)s is frozen.") % {"number": version.number}
            )
        else:
            messages.success(request, _("Your agreement is recorded; the other side has to agree too."))
    return redirect("programs:detail", pk=pk)


def compare_versions(request, pk):
    program = _program_for(request, pk)
    versions = {v.number: v for v in ProgramVersion.objects.filter(program=program)}
    if not versions:
        messages.info(request, _("The program has no versions yet: the first is frozen when the curator approves it."))
        return redirect("programs:detail", pk=program.pk)
    try:
        left, right = int(request.GET.get("a", 1)), int(request.GET.get("b", max(versions or [1])))
    except ValueError:
        raise Http404 from None
    if left not in versions or right not in versions:
        raise Http404
    return render(
        request,
        "programs/compare.html",
        {
            "program": program,
            "left": versions[left],
            "right": versions[right],
            "comparison": rules.compare(versions[left].snapshot, versions[right].snapshot),
            "numbers": sorted(versions),
        },
    )


@require_POST
def complete(request, pk):
    program = _program_for(request, pk, Action.COMPLETE_PROGRAM)
    form = CompletionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()])
        data = form.cleaned_data
        rules.program_complete(
            program=program,
            by=request.user,
            reason=data["reason"],
            on=data["on"],
            results=data["results"],
            worked=data["worked"],
            recommendations=data["recommendations"],
        )
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The program is completed and the mentorship is closed."))
    return redirect("programs:detail", pk=pk)


@require_POST
def self_assessment(request, pk):
    program = _program_for(request, pk, Action.REFLECT)
    form = SelfAssessmentForm(request.POST)
    try:
        rules.self_assessment_save(program=program, by=request.user, text=form.data.get("text", ""))
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("Your self-assessment is saved."))
    return redirect("programs:detail", pk=pk)


@require_POST
def best_practice(request, pk):
    program = _program_for(request, pk, Action.MARK_BEST_PRACTICE)
    form = BestPracticeForm(request.POST)
    form.is_valid()
    try:
        rules.best_practice_mark(
            program=program,
            by=request.user,
            summary=form.cleaned_data.get("summary", ""),
            permission=form.cleaned_data.get("permission", False),
            permission_note=form.cleaned_data.get("permission_note", ""),
        )
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("The program is in the best-practice bank."))
    return redirect("programs:detail", pk=pk)


def bank(request):
    if request.school is None or not request.user.has_perm(Action.VIEW_PROGRAM_BANK, request.school):
        raise PermissionDenied
    # The list shows the program's own fields only: none of the detail page's prefetches.
    programs = Program.objects.for_school(request.school).select_related("best_practice")
    sees_all = request.user.has_perm(Action.VIEW_BOARD, request.school)
    if not sees_all:
        programs = programs.filter(
            Q(best_practice__isnull=False) | Q(mentorship__participants__person__user=request.user)
        ).distinct()
    # PostgreSQL refuses a NUL in any query, and no stored text holds one.
    query = request.GET.get("q", "").replace("\x00", "").strip()
    for word in query.split():
        programs = programs.filter(
            Q(title__icontains=word)
            | Q(goal__icontains=word)
            | Q(directions__icontains=word)
            | Q(tasks__icontains=word)
        )
    if request.GET.get("best") == "1":
        programs = programs.filter(best_practice__isnull=False)
    targets = Mentorship.objects.for_school(request.school).open().filter(program__isnull=True)
    if not request.user.has_perm(Action.MANAGE_MENTORSHIPS, request.school):
        targets = targets.filter(participants__person__user=request.user, participants__role="mentor")
    return render(
        request,
        "programs/bank.html",
        {
            "programs": programs[:200],
            "query": query,
            # Named once here: every program's «copy for» list repeats them all.
            "targets": [(m.pk, str(m)) for m in targets.prefetch_related("participants__person")],
        },
    )


@require_POST
def copy(request, pk):
    source = get_for_school(request, Program.objects.select_related("mentorship"), pk=pk)
    _require(request, Action.VIEW_PROGRAM_BANK, request.school)
    _require(request, Action.COPY_PROGRAM, source)
    target = (
        Mentorship.objects.for_school(request.school)
        .prefetch_related("participants__person")
        .filter(pk=parse_id(request.POST.get("mentorship")))
        .first()
    )
    if target is None:
        messages.error(request, _("Choose the pair or group to copy the program for."))
        return redirect("programs:bank")
    _require(request, Action.START_PROGRAM, target)
    try:
        program = rules.program_copy(source=source, mentorship=target, by=request.user)
    except ValidationError as error:
        show_errors(request, error)
        return redirect("programs:bank")
    messages.success(request, _("The program is copied as a draft; adjust it to the new pair."))
    return redirect("programs:detail", pk=program.pk)
