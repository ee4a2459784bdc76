"""Pages of pairs across schools (issue 18, item 3): the coordinator's (under /municipality/) and the
schools' (under /mentoring/cross/). The rules live in ``mentoring.cross_school``."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.feedback import run_and_report, show_form_errors
from accounts.formfields import BoundedModelMultipleChoiceField
from accounts.ids import parse_id
from accounts.permissions import Action
from accounts.scoping import require_municipality
from audit.log import record
from audit.models import AuditAction
from mentoring import cross_school
from mentoring.models import CrossSchoolLink
from mentoring.terms import add_months
from people.forms import DateInput
from people.models import Person


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return f"{person.full_name} — {person.position or person.get_kind_display()}, {person.school}"

    def to_python(self, value):
        """A forged id past any row is a wrong choice, not a server error."""
        if value not in self.empty_values and parse_id(value) is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class PeopleChoice(BoundedModelMultipleChoiceField):
    def label_from_instance(self, person):
        return f"{person.full_name} — {person.position or person.get_kind_display()}, {person.school}"


class CrossPairForm(forms.Form):
    mentees = PeopleChoice(
        label=gettext_lazy("Mentees"),
        queryset=Person.objects.none(),
        help_text=gettext_lazy("Of one school; two or more make a group."),
    )
    mentor = PersonChoice(label=gettext_lazy("Mentor from another school"), queryset=Person.objects.none())
    form_name = forms.ChoiceField(label=gettext_lazy("Form of mentoring"))
    planned_start = forms.DateField(label=gettext_lazy("Start"), widget=DateInput())
    planned_end = forms.DateField(
        label=gettext_lazy("End"), widget=DateInput(), help_text=gettext_lazy("From 3 to 12 months.")
    )
    direction = forms.CharField(label=gettext_lazy("Direction"), required=False, max_length=500)

    def __init__(self, *args, municipality, host=None, **kwargs):
        """``host``: a school's curator proposes for their own mentees only."""
        super().__init__(*args, **kwargs)
        self.fields["mentees"].queryset = cross_school.mentee_candidates(municipality, school=host)
        self.fields["mentor"].queryset = cross_school.mentor_candidates(municipality, other_than=host)
        self.fields["form_name"].choices = [(name, name) for name in cross_school.form_names(municipality)]


def _initial() -> dict:
    today = timezone.localdate()
    return {"planned_start": today, "planned_end": add_months(today, 9) - datetime.timedelta(days=1)}


def _propose(request, form, municipality):
    data = form.cleaned_data
    try:
        link, warnings = cross_school.propose(
            municipality=municipality,
            mentor=data["mentor"],
            mentees=list(data["mentees"]),
            form_name=data["form_name"],
            start=data["planned_start"],
            end=data["planned_end"],
            direction=data["direction"],
            by=request.user,
        )
    except ValidationError as error:
        show_form_errors(form, error)
        return None
    for warning in warnings:
        messages.warning(request, warning)
    messages.success(request, _("The pair is proposed: both schools' curators are asked to agree."))
    return link


# --- the municipality -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def municipal_list(request):
    """The coordinator's pairs across schools: the proposal form and every proposal's state."""
    municipality = require_municipality(request, Action.PROPOSE_CROSS_PAIR)
    form = CrossPairForm(request.POST or None, municipality=municipality, initial=_initial())
    if request.method == "POST" and form.is_valid() and _propose(request, form, municipality):
        return redirect("municipal:cross_pairs")
    links = list(
        CrossSchoolLink.objects.for_municipality(municipality)
        .select_related("mentorship__school", "mentor_school", "mentor_order")
        .prefetch_related("mentorship__participants__person")
    )
    for link in links:
        link.state = cross_school.state_of(link)
    _audit(request, links, "municipal")
    return render(request, "mentoring/cross_school/municipal.html", {"form": form, "links": links})


def _audit(request, links, where: str) -> None:
    """One «viewed» event per school whose people the list shows, in that school's log."""
    by_school: dict = {}
    for link in links:
        for participant in link.mentorship.participants.all():
            by_school.setdefault(participant.person.school_id, (participant.person.school, set()))[1].add(
                participant.person.short_name
            )
    for school, names in by_school.values():
        record(
            actor=request.user,
            school=school,
            action=AuditAction.VIEW,
            obj=school,
            changes={"cross_school_pairs": where, "people": ", ".join(sorted(names))},
        )


# --- the schools ------------------------------------------------------------------------


def _require(request, action=Action.VIEW_BOARD):
    if request.school is None or not request.user.has_perm(action, request.school):
        raise PermissionDenied


def _link_for(request, pk) -> CrossSchoolLink:
    """A link the current school takes part in (either side), or 404."""
    if request.school is None:
        raise Http404
    return get_object_or_404(cross_school.links_for_school(request.school), pk=pk)


def school_list(request):
    """The school's pairs across schools: those it hosts and those its mentors work in."""
    _require(request)
    school = request.school
    links = list(cross_school.links_for_school(school))
    may_manage = request.user.has_perm(Action.MANAGE_MENTORSHIPS, school)
    for link in links:
        link.waits_for_us = may_manage and cross_school.waits_for(link, school)
        link.side = "host" if link.mentorship.school_id == school.pk else "mentor"
        link.fixing = cross_school.fixing_problems(link.mentorship) if link.side == "host" else []
        link.state = cross_school.state_of(link)
    _audit(request, links, "school")
    return render(
        request,
        "mentoring/cross_school/school_list.html",
        {
            "links": links,
            "may_manage": may_manage,
            "may_propose": may_manage and request.school.municipality_id is not None,
        },
    )


@require_http_methods(["GET", "POST"])
def school_propose(request):
    """A curator's route: a mentor from another school of the municipality for the school's mentees."""
    _require(request, Action.MANAGE_MENTORSHIPS)
    municipality = request.school.municipality
    if municipality is None:
        raise Http404
    form = CrossPairForm(request.POST or None, municipality=municipality, host=request.school, initial=_initial())
    if request.method == "POST" and form.is_valid() and _propose(request, form, municipality):
        return redirect("mentoring:cross_list")
    return render(
        request,
        "mentoring/form.html",
        {"form": form, "title": _("Mentor from another school"), "submit": _("Propose to the schools")},
    )


@require_POST
def agree(request, pk):
    _require(request, Action.MANAGE_MENTORSHIPS)
    link = _link_for(request, pk)
    run_and_report(
        request,
        lambda: cross_school.agree(link=link, school=request.school, by=request.user),
        success=_("The school's agreement is recorded."),
    )
    return redirect("mentoring:cross_list")


@require_POST
def refuse(request, pk):
    _require(request, Action.MANAGE_MENTORSHIPS)
    link = _link_for(request, pk)
    run_and_report(
        request,
        lambda: cross_school.refuse(
            link=link, school=request.school, by=request.user, reason=request.POST.get("reason", "")
        ),
        success=_("The proposal is refused: the pair is not formed."),
    )
    return redirect("mentoring:cross_list")


def detail(request, pk):
    """The pair read-only, for either school (the host also has the pair's own page)."""
    link = _link_for(request, pk)
    mentorship = link.mentorship
    if not request.user.has_perm(Action.VIEW_MENTORSHIP, mentorship):
        raise PermissionDenied
    program = getattr(mentorship, "program", None)
    record(
        actor=request.user,
        school=request.school,
        action=AuditAction.VIEW,
        obj=mentorship,
        changes={"cross_school_pair": link.pk},
    )
    return render(
        request,
        "mentoring/cross_school/detail.html",
        {
            "link": link,
            "mentorship": mentorship,
            "program": program if program is not None and request.user.has_perm(Action.VIEW_PROGRAM, program) else None,
            "is_host": mentorship.school_id == request.school.pk,
            "fixing": cross_school.fixing_problems(mentorship),
            "state": cross_school.state_of(link),
            "mentor_order": link.mentor_order
            if link.mentor_order and link.mentor_school_id == request.school.pk
            else None,
        },
    )
