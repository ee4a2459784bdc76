"""What waits for each user, role by role, counted and linked (issue 15, «To-do lists»).

One plain function per role returns its ``Task`` list (only what counts more than zero);
``tasks_for(request)`` joins them for the user's roles in the current school, once per request:
the home page lists them and the menu sums them into its badges (``Task.nav``).

Queries: every count of every role is one query (scalar subqueries of one row). Program changes
waiting for agreement are checked exactly as ``programs.rules.has_pending_changes`` does, which
takes five more queries, and only for a user taking part in an approved program that has a
version (every approved program has one).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, IntegerField, JSONField, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import School
from accounts.permissions import Action
from accounts.roles import Role
from documents.models import Document, DocumentType
from documents.orders import PENDING as PENDING_ORDER
from documents.orders import (
    completed_programs_without_order,
    extensions_without_order,
    proposed_without_order,
    terminations_without_order,
)
from documents.paper import registrations_to_confirm
from documents.signing import awaiting_director, awaiting_party
from mentoring.council import council_drafts
from mentoring.models import ENDED, FIXED, LOADING, Mentorship, Participant, Replacement, Status
from mentoring.petitions import accepted_awaiting_step, open_petitions
from people.models import Consent, ConsentKind, Person, minor_condition
from portal.freshness import cached_tasks
from programs.models import LogEntry, PlanItem, PlanItemStatus, Program, ProgramStatus, ProgramVersion
from programs.rules import snapshot
from public.models import NewsItem, SectionText
from surveys.models import Invitation

DUE_SOON_DAYS = 7
ENDING_SOON_DAYS = 30
REPORT_DUE_DAYS = 14

PERSONAL = ""  # the group of what waits for the user as a person: their own consents and agreements
REQUEST_CACHE = "_portal_tasks"


@dataclass(frozen=True)
class Task:
    label: str
    count: int
    url: str
    nav: str  # the url name of the menu entry whose badge the count adds to
    role: str = PERSONAL  # the group on the home page: a Role value, or PERSONAL
    key: str = ""  # stable name, for the page's test ids and the tests


# --- reading many counts in one query -----------------------------------------------------


def count_of(queryset) -> Subquery:
    return Subquery(
        queryset.order_by().values("pk"),
        template="(SELECT COUNT(*) FROM (%(subquery)s) todo_counted)",
        output_field=IntegerField(),
    )


def _first(queryset, field: str = "pk", order=("pk",)) -> Subquery:
    """One row's ``field``: the row itself when the count is one, the first in ``order`` otherwise."""
    return Subquery(queryset.order_by(*order).values(field)[:1])


def read_counts(school, expressions: dict) -> dict:
    """Every expression evaluated in one query, on the school's row."""
    if not expressions:
        return {}
    return School.objects.filter(pk=school.pk).values(**expressions).get()


# --- who takes part where ---------------------------------------------------------------


def _mentorships_of(user, school, role: str):
    """The school's mentorships, not ended, where the user is a current ``role`` (mentor or mentee)."""
    return (
        Mentorship.objects.for_school(school)
        .exclude(status__in=ENDED)
        .filter(participants__person__user=user, participants__role=role, participants__ended_on__isnull=True)
    )


def _open_programs(user, school, role: str):
    """Programs the user works on as ``role``: not completed, of a mentorship not ended (not frozen)."""
    return Program.objects.filter(mentorship__in=_mentorships_of(user, school, role).values("pk")).exclude(
        status=ProgramStatus.COMPLETED
    )


def _versioned(programs):
    return programs.filter(status=ProgramStatus.APPROVED).filter(
        Exists(ProgramVersion.objects.filter(program=OuterRef("pk")))
    )


def _program_url(pk, anchor: str = "") -> str:
    return reverse("programs:detail", kwargs={"pk": pk}) + (f"#{anchor}" if anchor else "")


def _one_program_or(values: dict, prefix: str, fallback: str, anchor: str = "") -> str:
    """The program's page when everything counted is in one program, ``fallback`` otherwise."""
    if values[f"{prefix}_programs"] == 1:
        return _program_url(values[f"{prefix}_program"], anchor)
    return fallback


def _with_programs(expressions: dict, prefix: str, rows) -> None:
    """Counts ``rows`` (of a model with ``program``) and the programs they are in."""
    expressions[prefix] = count_of(rows)
    expressions[f"{prefix}_programs"] = count_of(Program.objects.filter(pk__in=rows.values("program")))
    expressions[f"{prefix}_program"] = _first(rows, "program_id")


# --- everyone: their own consents and agreements -------------------------------------------


def personal_counts(user, school, on) -> dict:
    mine = awaiting_party(user).filter(school=school)
    return {"party": count_of(mine), "party_first": _first(mine, order=("date", "sequence", "pk"))}


def personal_tasks(user, school, on=None, values=None) -> list[Task]:
    on = on or timezone.localdate()
    v = values if values is not None else read_counts(school, personal_counts(user, school, on))
    if not v["party"]:
        return []
    return [
        Task(
            ngettext(
                "%(count)s consent or agreement waits for your signature",
                "%(count)s consents or agreements wait for your signature",
                v["party"],
            )
            % {"count": v["party"]},
            v["party"],
            reverse("documents:party_sign", kwargs={"pk": v["party_first"]}),
            "home",
            PERSONAL,
            "my-signatures",
        )
    ]


# --- director ---------------------------------------------------------------------------


def director_counts(user, school, on) -> dict:
    registrations = registrations_to_confirm(school, on)
    return {
        "to_sign": count_of(awaiting_director(school)),
        "paper": count_of(registrations),
        "paper_documents": count_of(Document.objects.filter(pk__in=registrations.values("document"))),
        "paper_document": _first(registrations, "document_id"),
    }


def director_tasks(user, school, on=None, values=None) -> list[Task]:
    on = on or timezone.localdate()
    v = values if values is not None else read_counts(school, director_counts(user, school, on))
    tasks = []
    if v["to_sign"] and user.has_perm(Action.SIGN_DOCUMENTS, school):
        label = ngettext(
            "%(count)s document waits for your signature", "%(count)s documents wait for your signature", v["to_sign"]
        )
        tasks.append(
            Task(
                label % {"count": v["to_sign"]},
                v["to_sign"],
                reverse("documents:inbox"),
                "documents:inbox",
                Role.DIRECTOR,
                "to-sign",
            )
        )
    if v["paper"] and user.has_perm(Action.CONTEST_REGISTRATION, school):
        url = reverse("documents:registry")
        if v["paper_documents"] == 1:
            url = reverse("documents:detail", kwargs={"pk": v["paper_document"]}) + "#registrations-heading"
        label = ngettext(
            "%(count)s registered paper original awaits your confirmation",
            "%(count)s registered paper originals await your confirmation",
            v["paper"],
        )
        tasks.append(
            Task(label % {"count": v["paper"]}, v["paper"], url, "documents:registry", Role.DIRECTOR, "paper-originals")
        )
    return tasks


# --- curator ----------------------------------------------------------------------------


def curator_counts(user, school, on) -> dict:
    proposed = proposed_without_order(school)
    # As with pairs: one already in an order on its way waits for the director, not the curator.
    pending_replacement_orders = Document.objects.filter(replacement=OuterRef("pk"), status__in=PENDING_ORDER)
    replacements = (
        Replacement.objects.for_school(school)
        .filter(state=Replacement.State.AWAITING_ORDER)
        .exclude(Exists(pending_replacement_orders))
    )
    to_approve = Program.objects.for_school(school).filter(status=ProgramStatus.AGREED)
    ending = Mentorship.objects.for_school(school).filter(
        status=Status.ACTIVE, planned_end__gte=on, planned_end__lte=on + datetime.timedelta(days=ENDING_SOON_DAYS)
    )
    # Past their day and not done (PlanItem.is_overdue), in programs still running (not frozen).
    overdue = (
        PlanItem.objects.for_school(school)
        .overdue(on - datetime.timedelta(days=1))
        .filter(program__mentorship__status__in=FIXED)
    )
    lacking = without_consents(school, on)
    return {
        "petitions": count_of(open_petitions(school)),
        "petitions_accepted": count_of(accepted_awaiting_step(school)),
        "proposed": count_of(proposed),
        "to_complete": count_of(completed_programs_without_order(school)),
        "to_terminate": count_of(terminations_without_order(school)),
        "to_extend": count_of(extensions_without_order(school)),
        "no_consents": count_of(lacking),
        "no_consents_first": _first(lacking),
        "replacements": count_of(replacements),
        "replacement": _first(replacements),
        "to_approve": count_of(to_approve),
        "to_approve_first": _first(to_approve),
        "ending": count_of(ending),
        "ending_first": _first(ending),
        "overdue": count_of(overdue),
        "overdue_pairs": count_of(Mentorship.objects.filter(pk__in=overdue.values("program__mentorship"))),
        "overdue_program": _first(overdue, "program_id"),
        "council_pairs": count_of(council_drafts(school)),
        "council_pair": _first(council_drafts(school)),
        # The council's drafts for the public section (002 §IV.5), unpublished until the curator publishes.
        "council_public": count_of(
            NewsItem.objects.for_school(school).filter(prepared_by__isnull=False, is_published=False)
        ),
        "council_text": count_of(SectionText.objects.for_school(school).filter(draft_by__isnull=False)),
    }


def without_consents(school, on=None):
    """Proposed, approved and active mentorships where a current participant lacks a consent in force.

    The rule of ``mentoring.lifecycle.consent_problems`` (``people.consents.required_consents``
    against the consents ``Consent.objects.active`` finds) as one query, so that it joins the
    other counts: personal data and the participation of the role for everyone, and the legal
    guardian's for a minor (``Person.is_minor``: under 18 full years, or a pupil of unknown birth date).
    """
    on = on or timezone.localdate()

    def lacks(kind):
        return ~Exists(Consent.objects.active(on).filter(person=OuterRef("person"), kind=kind))

    # Read per participant through the person's key, not by joining every person of the region.
    minor = Exists(Person.objects.filter(minor_condition(on), pk=OuterRef("person")))
    lacking = Participant.objects.filter(
        mentorship__school=school, mentorship__status__in=LOADING, ended_on__isnull=True
    ).filter(
        lacks(ConsentKind.PERSONAL_DATA)
        | (Q(role=Participant.Role.MENTOR) & lacks(ConsentKind.MENTOR_PARTICIPATION))
        | (Q(role=Participant.Role.MENTEE) & lacks(ConsentKind.MENTEE_PARTICIPATION))
        | (minor & lacks(ConsentKind.GUARDIAN))
    )
    return Mentorship.objects.filter(pk__in=lacking.values("mentorship"))


def curator_tasks(user, school, on=None, values=None) -> list[Task]:
    on = on or timezone.localdate()
    v = values if values is not None else read_counts(school, curator_counts(user, school, on))
    board = reverse("mentoring:board")
    role = Role.CURATOR
    tasks = []

    def detail(pk):
        return reverse("mentoring:detail", kwargs={"pk": pk})

    if v["petitions"] and user.has_perm(Action.ANSWER_PETITIONS, school):
        label = ngettext(
            "%(count)s participant's request awaits your answer",
            "%(count)s participants' requests await your answer",
            v["petitions"],
        )
        url = reverse("mentoring:petitions")
        tasks.append(Task(label % {"count": v["petitions"]}, v["petitions"], url, "mentoring:board", role, "petitions"))
    if v["petitions_accepted"]:
        count = v["petitions_accepted"]
        label = ngettext(
            "%(count)s accepted request waits for its replacement or early end",
            "%(count)s accepted requests wait for their replacement or early end",
            count,
        )
        url = reverse("mentoring:petitions") + "#step-heading"
        tasks.append(Task(label % {"count": count}, count, url, "mentoring:board", role, "petitions-accepted"))
    if v["proposed"]:
        label = ngettext(
            "%(count)s proposed pair without an order", "%(count)s proposed pairs without an order", v["proposed"]
        )
        url = board + "#order-heading"
        tasks.append(Task(label % {"count": v["proposed"]}, v["proposed"], url, "mentoring:board", role, "no-order"))
    if v["to_complete"]:
        label = ngettext(
            "%(count)s pair with a completed program waits for the completion order",
            "%(count)s pairs with a completed program wait for the completion order",
            v["to_complete"],
        )
        url = board + "#order-heading"
        tasks.append(
            Task(label % {"count": v["to_complete"]}, v["to_complete"], url, "mentoring:board", role, "to-complete")
        )
    if v["to_terminate"]:
        label = ngettext(
            "%(count)s early end waits for its order",
            "%(count)s early ends wait for their order",
            v["to_terminate"],
        )
        url = reverse("documents:new", kwargs={"kind": DocumentType.ORDER_TERMINATION})
        tasks.append(
            Task(label % {"count": v["to_terminate"]}, v["to_terminate"], url, "mentoring:board", role, "to-terminate")
        )
    if v["council_pairs"]:
        count = v["council_pairs"]
        label = ngettext("%(count)s draft from the mentor council", "%(count)s drafts from the mentor council", count)
        url = detail(v["council_pair"]) if count == 1 else board
        tasks.append(Task(label % {"count": count}, count, url, "mentoring:board", role, "council-drafts"))
    public_drafts = v["council_public"] + v["council_text"]
    if public_drafts and user.has_perm(Action.EDIT_PUBLIC, school):
        label = ngettext(
            "%(count)s draft for the site section from the mentor council waits for publication",
            "%(count)s drafts for the site section from the mentor council wait for publication",
            public_drafts,
        )
        url = reverse("public_manage")
        tasks.append(
            Task(label % {"count": public_drafts}, public_drafts, url, "public_manage", role, "council-public")
        )
    if v["to_extend"]:
        label = ngettext(
            "%(count)s agreed extension waits for its order",
            "%(count)s agreed extensions wait for their order",
            v["to_extend"],
        )
        url = reverse("documents:new", kwargs={"kind": DocumentType.ORDER_EXTENSION})
        tasks.append(Task(label % {"count": v["to_extend"]}, v["to_extend"], url, "mentoring:board", role, "to-extend"))
    if v["no_consents"]:
        count = v["no_consents"]
        label = ngettext("%(count)s pair without consents", "%(count)s pairs without consents", count)
        url = detail(v["no_consents_first"]) if count == 1 else board
        tasks.append(Task(label % {"count": count}, count, url, "mentoring:board", role, "no-consents"))
    if v["to_approve"] and user.has_perm(Action.APPROVE_PROGRAM, school):
        label = ngettext(
            "%(count)s program waits for approval", "%(count)s programs wait for approval", v["to_approve"]
        )
        url = _program_url(v["to_approve_first"]) if v["to_approve"] == 1 else reverse("programs:bank")
        tasks.append(
            Task(label % {"count": v["to_approve"]}, v["to_approve"], url, "programs:bank", role, "to-approve")
        )
    if v["replacements"]:
        label = ngettext(
            "%(count)s mentor replacement waits for its order",
            "%(count)s mentor replacements wait for their order",
            v["replacements"],
        )
        url = reverse("documents:new", kwargs={"kind": DocumentType.ORDER_REPLACEMENT})
        if v["replacements"] == 1:
            url += f"?replacement={v['replacement']}"
        tasks.append(
            Task(label % {"count": v["replacements"]}, v["replacements"], url, "mentoring:board", role, "replacements")
        )
    if v["ending"]:
        # ENDING_SOON_DAYS in words: a number in the message keeps «дней» right for 30 only.
        label = ngettext("%(count)s pair ends within 30 days", "%(count)s pairs end within 30 days", v["ending"])
        url = detail(v["ending_first"]) if v["ending"] == 1 else board
        text = label % {"count": v["ending"]}
        tasks.append(Task(text, v["ending"], url, "mentoring:board", role, "ending"))
    if v["overdue"]:
        pairs = v["overdue_pairs"]
        events = ngettext("%(count)s overdue plan event", "%(count)s overdue plan events", v["overdue"]) % {
            "count": v["overdue"]
        }
        where = ngettext("in %(count)s pair", "in %(count)s pairs", pairs) % {"count": pairs}
        url = _program_url(v["overdue_program"], "plan") if pairs == 1 else board
        tasks.append(Task(f"{events} {where}", pairs, url, "mentoring:board", role, "overdue-pairs"))
    return tasks


# --- program changes waiting for agreement -------------------------------------------------


class _PrefetchedItems:
    """``program.items`` answering ``order_by`` from the prefetched rows, without a query."""

    def __init__(self, manager):
        self._manager = manager

    def order_by(self, *fields):
        rows = list(self._manager.all())
        for field in reversed(fields):
            name = field.lstrip("-")
            rows.sort(key=lambda row, name=name: getattr(row, name), reverse=field.startswith("-"))
        return rows

    def __getattr__(self, name):
        return getattr(self._manager, name)


class _Prefetched:
    """A program ``programs.rules.snapshot`` reads from its prefetched relations."""

    def __init__(self, program):
        self._program = program
        self.items = _PrefetchedItems(program.items)

    def __getattr__(self, name):
        return getattr(self._program, name)


def programs_awaiting_agreement(user, school) -> dict[str, list[int]]:
    """Approved programs with changes since their last version (``has_pending_changes``) that the
    user's side has not agreed yet, by side: ``{"mentor": [pk…], "mentee": [pk…]}``."""
    mentored = _mentorships_of(user, school, Participant.Role.MENTOR)
    mentee_of = _mentorships_of(user, school, Participant.Role.MENTEE)
    latest = ProgramVersion.objects.filter(program=OuterRef("pk")).order_by("-number").values("snapshot")[:1]
    programs = (
        _versioned(
            Program.objects.filter(Q(mentorship__in=mentored.values("pk")) | Q(mentorship__in=mentee_of.values("pk")))
        )
        .annotate(
            latest_snapshot=Subquery(latest, output_field=JSONField()),
            as_mentor=Exists(mentored.filter(pk=OuterRef("mentorship_id"))),
            as_mentee=Exists(mentee_of.filter(pk=OuterRef("mentorship_id"))),
        )
        .select_related("mentorship__form")
        .prefetch_related("items", "stages", "deficits", "mentorship__modes")
        .order_by("pk")
    )
    found = {"mentor": [], "mentee": []}
    for program in programs:
        if program.latest_snapshot == snapshot(_Prefetched(program)):
            continue
        agreed = program.pending_correction or {}
        for side, takes_part in (("mentor", program.as_mentor), ("mentee", program.as_mentee)):
            if takes_part and side not in agreed:
                found[side].append(program.pk)
    return found


def _agreement_task(programs: list[int], drafts: int, draft_first, role: str, key: str) -> Task | None:
    count = len(programs) + drafts
    if not count:
        return None
    label = ngettext("%(count)s program waits for your agreement", "%(count)s programs wait for your agreement", count)
    if count > 1:
        url = reverse("mentoring:mine")
    elif programs:
        url = _program_url(programs[0], "pending-correction")
    else:
        url = _program_url(draft_first)
    return Task(label % {"count": count}, count, url, "mentoring:mine", role, key)


def _awaiting_agreement(user, school, values: dict) -> dict[str, list[int]]:
    if not (values.get("mentor_versioned") or values.get("mentee_versioned")):
        return {"mentor": [], "mentee": []}
    return programs_awaiting_agreement(user, school)


# --- surveys ----------------------------------------------------------------------------


def _survey_counts(user, school, role: str, prefix: str) -> dict:
    invitations = Invitation.objects.filter(survey__school=school, person__user=user, role=role, answered=False)
    return {prefix: count_of(invitations), f"{prefix}_token": _first(invitations, "token", ("created_at", "pk"))}


def _survey_task(values: dict, prefix: str, role: str) -> Task | None:
    count = values[prefix]
    if not count:
        return None
    label = ngettext("%(count)s survey waits for your answers", "%(count)s surveys wait for your answers", count)
    url = reverse("survey_answer", kwargs={"token": values[f"{prefix}_token"]})
    return Task(label % {"count": count}, count, url, "home", role, f"{role}-surveys")


# --- mentor -----------------------------------------------------------------------------


def mentor_counts(user, school, on) -> dict:
    programs = _open_programs(user, school, Participant.Role.MENTOR)
    approved = programs.filter(status=ProgramStatus.APPROVED)
    soon = on + datetime.timedelta(days=DUE_SOON_DAYS)
    due = PlanItem.objects.filter(
        program__in=approved.values("pk"), status__in=(PlanItemStatus.PLANNED, PlanItemStatus.MOVED)
    ).filter(
        Q(planned_until__isnull=True, planned_on__gte=on, planned_on__lte=soon)
        | Q(planned_until__gte=on, planned_until__lte=soon)
    )
    overdue = PlanItem.objects.filter(program__in=approved.values("pk")).overdue(on - datetime.timedelta(days=1))
    unread = (
        LogEntry.objects.filter(program__in=programs.values("pk"))
        .exclude(reflection="")
        .filter(reflection_read_at__isnull=True)
    )
    reports = approved.filter(end__lte=on + datetime.timedelta(days=REPORT_DUE_DAYS), mentor_report_results="")
    expressions = {
        "mentor_versioned": count_of(_versioned(programs)),
        "reports": count_of(reports),
        "reports_first": _first(reports),
        **_survey_counts(user, school, Participant.Role.MENTOR, "mentor_surveys"),
    }
    _with_programs(expressions, "due", due)
    _with_programs(expressions, "mentor_overdue", overdue)
    _with_programs(expressions, "unread", unread)
    return expressions


def mentor_tasks(user, school, on=None, values=None, awaiting=None) -> list[Task]:
    on = on or timezone.localdate()
    v = values if values is not None else read_counts(school, mentor_counts(user, school, on))
    mine = reverse("mentoring:mine")
    role = Role.MENTOR
    tasks = []
    if v["due"]:
        label = ngettext(  # DUE_SOON_DAYS in words, as ENDING_SOON_DAYS
            "%(count)s plan event in the next 7 days", "%(count)s plan events in the next 7 days", v["due"]
        )
        url = _one_program_or(v, "due", reverse("programs:calendar"), "plan")
        text = label % {"count": v["due"]}
        tasks.append(Task(text, v["due"], url, "mentoring:mine", role, "due-soon"))
    if v["mentor_overdue"]:
        count = v["mentor_overdue"]
        label = ngettext("%(count)s overdue plan event", "%(count)s overdue plan events", count)
        url = _one_program_or(v, "mentor_overdue", mine, "plan")
        tasks.append(Task(label % {"count": count}, count, url, "mentoring:mine", role, "mentor-overdue"))
    if v["unread"]:
        label = ngettext("%(count)s unread mentee reflection", "%(count)s unread mentee reflections", v["unread"])
        url = _one_program_or(v, "unread", mine, "log")
        tasks.append(Task(label % {"count": v["unread"]}, v["unread"], url, "mentoring:mine", role, "to-read"))
    awaiting = awaiting if awaiting is not None else _awaiting_agreement(user, school, v)
    agreement = _agreement_task(awaiting["mentor"], 0, None, role, "mentor-agreement")
    if agreement:
        tasks.append(agreement)
    if v["reports"]:
        label = ngettext(
            "%(count)s program waits for your mentor's report",
            "%(count)s programs wait for your mentor's report",
            v["reports"],
        )
        url = _program_url(v["reports_first"], "complete-heading") if v["reports"] == 1 else mine
        tasks.append(Task(label % {"count": v["reports"]}, v["reports"], url, "mentoring:mine", role, "reports"))
    survey = _survey_task(v, "mentor_surveys", role)
    if survey:
        tasks.append(survey)
    return tasks


# --- mentee -----------------------------------------------------------------------------


def mentee_counts(user, school, on) -> dict:
    programs = _open_programs(user, school, Participant.Role.MENTEE)
    drafts = programs.filter(status=ProgramStatus.DRAFT).filter(Exists(PlanItem.objects.filter(program=OuterRef("pk"))))
    to_reflect = LogEntry.objects.filter(program__in=programs.values("pk"), reflection="")
    expressions = {
        "mentee_versioned": count_of(_versioned(programs)),
        "drafts": count_of(drafts),
        "drafts_first": _first(drafts),
        "to_reflect_first": _first(to_reflect, order=("occurred_on", "pk")),
        **_survey_counts(user, school, Participant.Role.MENTEE, "mentee_surveys"),
    }
    _with_programs(expressions, "to_reflect", to_reflect)
    return expressions


def mentee_tasks(user, school, on=None, values=None, awaiting=None) -> list[Task]:
    on = on or timezone.localdate()
    v = values if values is not None else read_counts(school, mentee_counts(user, school, on))
    role = Role.MENTEE
    tasks = []
    awaiting = awaiting if awaiting is not None else _awaiting_agreement(user, school, v)
    agreement = _agreement_task(awaiting["mentee"], v["drafts"], v["drafts_first"], role, "mentee-agreement")
    if agreement:
        tasks.append(agreement)
    if v["to_reflect"]:
        count = v["to_reflect"]
        label = ngettext(
            "%(count)s session waits for your reflection", "%(count)s sessions wait for your reflection", count
        )
        if count == 1:
            url = reverse("programs:reflect", kwargs={"pk": v["to_reflect_first"]})
        else:
            url = _one_program_or(v, "to_reflect", reverse("mentoring:mine"), "log")
        tasks.append(Task(label % {"count": count}, count, url, "mentoring:mine", role, "to-reflect"))
    survey = _survey_task(v, "mentee_surveys", role)
    if survey:
        tasks.append(survey)
    return tasks


# --- all of a user's roles ----------------------------------------------------------------

# (role, the permission on the school that opens the role's list, its counts, its tasks)
ROLE_LISTS = [
    (Role.DIRECTOR, Action.SIGN_DOCUMENTS, director_counts, director_tasks),
    (Role.CURATOR, Action.MANAGE_MENTORSHIPS, curator_counts, curator_tasks),
    (Role.MENTOR, Action.VIEW_OWN_MENTORSHIPS, mentor_counts, mentor_tasks),
    (Role.MENTEE, Action.VIEW_OWN_MENTORSHIPS, mentee_counts, mentee_tasks),
]


# Lists of the municipal features (issue 18) that wait in a school (a pair across schools for its
# curators to agree, a roadmap returned…): dotted paths to a pair of functions,
# ``counts(user, school, roles, on) -> {name: expression}``, whose expressions join the one counting
# query (an empty dict for a role they do not concern), and ``tasks(user, school, roles, values)``.
SCHOOL_EXTRAS: list[tuple[str, str]] = [
    ("association.todo.school_counts", "association.todo.school_tasks"),  # a roadmap returned, answers
    ("mentoring.cross_school.school_counts", "mentoring.cross_school.school_tasks"),
]


def tasks_of(user, school, roles, on=None) -> list[Task]:
    """Everything waiting for ``user`` in ``school``: their own documents, then each role's list."""
    if school is None or not getattr(user, "is_authenticated", False):
        return []
    on = on or timezone.localdate()
    lists = [
        (role, counts, tasks)
        for role, action, counts, tasks in ROLE_LISTS
        if role in roles and user.has_perm(action, school)
    ]
    expressions = personal_counts(user, school, on)
    for _role, counts, _tasks in lists:
        expressions.update(counts(user, school, on))
    extras = [(import_string(counts), import_string(tasks)) for counts, tasks in SCHOOL_EXTRAS]
    for counts, _tasks in extras:
        expressions.update(counts(user, school, roles, on))
    values = read_counts(school, expressions)
    found = personal_tasks(user, school, on, values)
    awaiting = None
    for role, _counts, tasks in lists:
        if role in (Role.MENTOR, Role.MENTEE):
            awaiting = awaiting if awaiting is not None else _awaiting_agreement(user, school, values)
            found.extend(tasks(user, school, on, values, awaiting))
        else:
            found.extend(tasks(user, school, on, values))
    for _counts, tasks in extras:
        found.extend(tasks(user, school, roles, values))
    return found


def tasks_for(request) -> list[Task]:
    """The request user's tasks in the current school, counted once per request and kept in the
    shared cache until the school's data changes (``portal.freshness``)."""
    cached = getattr(request, REQUEST_CACHE, None)
    if cached is None:
        user = getattr(request, "user", None)
        school = getattr(request, "school", None)
        roles = getattr(request, "roles", frozenset())
        if school is None or not getattr(user, "is_authenticated", False):
            cached = []
        else:
            on = timezone.localdate()
            cached = cached_tasks(user, school, roles, on, lambda: tasks_of(user, school, roles, on))
        municipality = getattr(request, "municipality", None)
        if municipality is not None:
            from municipal.todo import municipal_tasks

            cached = cached + municipal_tasks(user, municipality)
        setattr(request, REQUEST_CACHE, cached)
    return cached


def grouped(tasks: list[Task]) -> list[dict]:
    """The tasks per role, in the order of the roles' lists, the user's own documents first."""
    order = [PERSONAL] + [role for role, *_rest in ROLE_LISTS] + [Role.MUNICIPAL_OFFICER, Role.MUNICIPAL_METHODIST]
    groups = []
    for role in order:
        mine = [task for task in tasks if task.role == role]
        if mine:
            label = Role(role).label if role else _("For you personally")
            groups.append({"role": role, "label": label, "tasks": mine})
    return groups


def badge_counts(tasks: list[Task]) -> dict[str, int]:
    """The sum of the counts per menu entry (its url name)."""
    sums: dict[str, int] = {}
    for task in tasks:
        sums[task.nav] = sums.get(task.nav, 0) + task.count
    return sums
