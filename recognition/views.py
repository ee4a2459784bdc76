from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import Action
from accounts.scoping import get_for_school
from people.services import academic_year_of
from recognition import rules
from recognition.forms import ContestForm, NominationForm, WinnersForm
from recognition.models import Contest


def _require(request, action):
    if request.school is None or not request.user.has_perm(action, request.school):
        raise PermissionDenied


def _contest(request, pk, action):
    contest = get_for_school(request, Contest, pk=pk)
    if not request.user.has_perm(action, contest.school):
        raise PermissionDenied
    return contest


def _refuse(request, error: ValidationError):
    for message in error.messages:
        messages.error(request, message)


def contest_list(request):
    _require(request, Action.VIEW_CONTESTS)
    contests = Contest.objects.for_school(request.school).prefetch_related("nominations__mentor")
    return render(
        request,
        "recognition/list.html",
        {"contests": contests, "may_manage": request.user.has_perm(Action.MANAGE_CONTESTS, request.school)},
    )


def contest_new(request):
    _require(request, Action.MANAGE_CONTESTS)
    form = ContestForm(request.POST or None, initial={"year": academic_year_of(timezone.localdate())})
    if request.method == "POST" and form.is_valid():
        contest = rules.open_contest(
            school=request.school, year=form.cleaned_data["year"], name=form.cleaned_data["name"], by=request.user
        )
        messages.success(request, _("The contest is open for nominations."))
        return redirect("recognition:detail", pk=contest.pk)
    return render(request, "recognition/form.html", {"form": form})


def _detail_context(request, contest, **forms):
    nominations = contest.nominations.select_related("mentor", "nominated_by")
    context = {
        "contest": contest,
        "rows": [(n, rules.criteria(n)) for n in nominations],
        "may_nominate": contest.is_open and request.user.has_perm(Action.NOMINATE_MENTORS, contest.school),
        "may_manage": request.user.has_perm(Action.MANAGE_CONTESTS, contest.school),
    }
    context["nomination_form"] = forms.get("nomination_form") or (
        NominationForm(contest=contest) if context["may_nominate"] else None
    )
    context["winners_form"] = forms.get("winners_form") or (
        WinnersForm(contest=contest) if context["may_manage"] and contest.is_open else None
    )
    return context


def contest_detail(request, pk):
    contest = _contest(request, pk, Action.VIEW_CONTESTS)
    return render(request, "recognition/detail.html", _detail_context(request, contest))


@require_POST
def nominate(request, pk):
    contest = _contest(request, pk, Action.NOMINATE_MENTORS)
    form = NominationForm(request.POST, contest=contest)
    if form.is_valid():
        try:
            rules.nominate(
                contest=contest,
                mentor=form.cleaned_data["mentor"],
                by=request.user,
                statement=form.cleaned_data["statement"],
            )
        except ValidationError as error:
            _refuse(request, error)
        else:
            messages.success(request, _("The mentor is nominated."))
        return redirect("recognition:detail", pk=contest.pk)
    return render(request, "recognition/detail.html", _detail_context(request, contest, nomination_form=form))


@require_POST
def close(request, pk):
    contest = _contest(request, pk, Action.MANAGE_CONTESTS)
    if not contest.is_open:
        messages.error(request, _("The contest is already closed."))
        return redirect("recognition:detail", pk=contest.pk)
    form = WinnersForm(request.POST, contest=contest)
    if form.is_valid():
        try:
            rules.close(contest=contest, winners=form.cleaned_data["winners"], by=request.user)
        except ValidationError as error:
            _refuse(request, error)
        else:
            messages.success(request, _("The contest is closed and its winners are chosen."))
        return redirect("recognition:detail", pk=contest.pk)
    return render(request, "recognition/detail.html", _detail_context(request, contest, winners_form=form))


@require_POST
def award(request, pk):
    contest = _contest(request, pk, Action.MANAGE_CONTESTS)
    try:
        document = rules.draft_award(contest=contest, by=request.user)
    except ValidationError as error:
        _refuse(request, error)
        return redirect("recognition:detail", pk=contest.pk)
    messages.success(request, _("The award order is drafted."))
    return redirect("documents:detail", pk=document.pk)
