"""Hostile POSTs to every endpoint, as every role: never a server error, and a refusal writes nothing."""

import datetime
import random
import time

import pytest
from django.test import Client
from django.urls import reverse

from tests.hardening.sweep import (
    FEW_PAYLOADS,
    HUGE_ID,
    PAYLOADS,
    PAYLOADS_OF_ROLE,
    ROLES,
    SCRIPT,
    Field,
    PageForm,
    changed_tables,
    files_for,
    fingerprint,
    forms_on,
    project_models,
)
from tests.test_school_isolation import OBJECT_URLS, news_item, public_file
from tests.urlwalk import iter_patterns

# Nothing to post to, or a shared fixture of the whole suite (the health probe).
NOT_SWEPT = {"healthz"}
# Their views stop a repeated run of the same test user (the logout) or need a real token,
# and are swept with the values below instead of a school object.
FIXED_KWARGS = {
    "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
    "programs:ical": {"token": "x" * 32},
    "verify": {"code": "ZZZZ-ZZZZ"},
    "notifications:open": {"pk": 999_999},
    "monitoring:report": {"kind": "analytical"},
    "municipal:bases_export": {"kind": "teachers"},
    "documents:template_edit": {"key": "regulation"},
    "documents:template_reset": {"key": "regulation"},
    "documents:template_preview": {"key": "roadmap"},
    "region:municipality": {"slug": "lodeynoye"},  # issue 19: a municipality of the region, no form
}
DOCUMENT_KINDS = (
    "order_pairs",
    "order_completion",
    "order_replacement",
    "order_curator",
    "order_award",
    "order_regulation",
    "consent",
    "contract_supplement",
    "program",
    "mentor_report",
)
# Where the forms that post to an object's endpoints are shown: url name → the object's hub pages.
HUBS = {
    "Person": lambda o: [("people:person", o.pk)],
    "Consent": lambda o: [("people:person", o.person_id)],
    "Mentorship": lambda o: [("mentoring:detail", o.pk)],
    "Replacement": lambda o: [("mentoring:detail", o.mentorship_id)],
    "Contest": lambda o: [("recognition:detail", o.pk)],
    "Petition": lambda o: [("mentoring:detail", o.mentorship_id), ("mentoring:petitions", None)],
    "MentoringForm": lambda o: [("mentoring:catalog", None)],
    "Program": lambda o: [("programs:detail", o.pk)],
    "PlanItem": lambda o: [("programs:detail", o.program_id)],
    "LogEntry": lambda o: [("programs:detail", o.program_id)],
    "Document": lambda o: [("documents:detail", o.pk)],
    "PaperRegistration": lambda o: [("documents:detail", o.document_id)],
    "Survey": lambda o: [("surveys:detail", o.pk), ("surveys:edit", o.pk)],
    "Question": lambda o: [("surveys:edit", o.survey_id)],
    "NewsItem": lambda o: [("public_manage", None)],
    "PublicFile": lambda o: [("public_manage", None)],
    "RoadmapEvent": lambda o: [("monitoring:roadmap", None)],
    "ImportJobToken": lambda o: [],  # the job's own page holds its form
    "Certificate": lambda o: [("signatures:certificates", None)],  # --- issue 20: certificates ---
    # --- issue 18: pairs across schools (agreed or refused on the school's list) ---
    "CrossSchoolLink": lambda o: [("mentoring:cross_list", None)],
    # --- issue 18: the methodical association (the school's side) ---
    "Recommendation": lambda o: [("association:school", None)],
    "ExpertReview": lambda o: [("association:school_review", o.pk), ("association:school", None)],
}
# Pages whose forms post to endpoints without parameters.
PLAIN_HUBS = [
    "home",
    "people:bank",
    "people:actualization",
    "programs:calendar",
    "notifications:list",
    "mentoring:suggest",
    "mentoring:petitions",
    "public_manage",
    "monitoring:targets",
    "signatures:certificates",  # --- issue 20: issue and upload a certificate ---
    "verify_file",  # --- issue 20: «Проверить файл» ---
]


def _own_mentorship(cast):
    from tests.surveys.helpers import own_mentorship

    return own_mentorship(cast)


def _proposed_mentorship(cast):
    from mentoring.lifecycle import mentorship_propose
    from tests.test_school_isolation import mentorship

    made = mentorship(cast.school)
    mentorship_propose(mentorship=made, by=cast.curator)
    return made


def _own_invitation(cast):
    """A personal link of the cast's mentee to a questionnaire: answered without a login."""
    from tests.surveys.helpers import invitation_of, survey_from

    return invitation_of(survey_from(cast.school), _own_mentorship(cast))


def _own_program(cast, *, approved: bool):
    """A program of the cast's own mentor and mentee, so their roles reach its forms too."""
    from programs import rules
    from programs.models import PlanItem
    from tests.programs.helpers import END, START, approved_program

    mentorship = _own_mentorship(cast)
    if approved:
        return approved_program(cast, mentorship)
    program = rules.program_create(mentorship=mentorship, by=cast.mentor, title="П", goal="Ц", start=START, end=END)
    PlanItem.objects.create(program=program, title="Встреча", planned_on=datetime.date(2026, 9, 10))
    return program


def _own_log_entry(cast):
    from programs.models import LogEntry

    program = _own_program(cast, approved=True)
    return LogEntry.objects.create(program=program, occurred_on=datetime.date(2026, 9, 10), what_done="Встреча")


DRAFTING = {"programs:edit", "programs:item_add", "programs:item_edit", "programs:item_delete", "programs:agree"}
# Program endpoints get the cast's own program: OBJECT_URLS' one belongs to strangers, refused to every mentor.
OWN_OBJECTS = {
    "programs:start": lambda cast: _own_mentorship(cast),
    # Steps of a running pair are swept on one in the state that takes them.
    "mentoring:return_to_draft": lambda cast: _proposed_mentorship(cast),
    "mentoring:terminate": lambda cast: _own_mentorship(cast),
    "mentoring:replace": lambda cast: _own_mentorship(cast),
    "programs:reflect": _own_log_entry,
    **{
        name: (lambda cast, name=name: _own_program(cast, approved=name not in DRAFTING))
        for name in OBJECT_URLS
        if name.startswith("programs:") and name not in {"programs:start", "programs:reflect"}
    },
}
OWN_ITEMS = {"programs:item_edit", "programs:item_delete", "programs:item_progress", "programs:item_evidence"}
DISCOVERING_ROLES = ("curator", "director", "mentor", "anonymous")


def _form_classes():
    """The forms of the POST-only endpoints whose form a page shows only in some states."""
    from documents.forms import ReturnForm, ScanForm, SignForm
    from mentoring.forms import TerminateForm
    from municipal.report_views import ConclusionsForm  # issue 18: shown to the coordinator only
    from people.forms import DateForm
    from programs.forms import BestPracticeForm, CompletionForm, CorrectionForm, ReflectionForm, SelfAssessmentForm

    return {
        "mentoring:terminate": TerminateForm,
        "municipal:report": ConclusionsForm,  # --- issue 18: the municipal report ---
        "people:person_archive": DateForm,
        "people:consent_withdraw": DateForm,
        "programs:correction": CorrectionForm,
        "programs:complete": CompletionForm,
        "programs:self_assessment": SelfAssessmentForm,
        "programs:best_practice": BestPracticeForm,
        "programs:reflect": ReflectionForm,
        "documents:sign": SignForm,
        "documents:return": ReturnForm,
        "documents:scan": ScanForm,
    }


def form_of_class(path: str, form_class) -> PageForm:
    """The fields a view's form reads, typed as its widgets would render them."""
    fields = {}
    for name, field in form_class().fields.items():
        widget = field.widget
        kind = "textarea" if widget.__class__.__name__ == "Textarea" else getattr(widget, "input_type", "select")
        default = str(next((value for value, _label in getattr(field, "choices", []) if value), ""))
        fields[name] = Field(name, kind, default)
    return PageForm(action=path, method="post", fields=fields)


ERROR_MARKERS = ("is-invalid", "invalid-feedback", "errorlist", "alert-danger")


def targets():
    found = []
    for name, _route, _kwargs in iter_patterns():
        if name in NOT_SWEPT:
            continue
        if name == "documents:new":
            found.extend(f"documents:new/{kind}" for kind in DOCUMENT_KINDS)
        elif name not in found:
            found.append(name)
    return found


def address(target: str, cast) -> tuple[str, list[str]]:
    """The endpoint's path with a school-A object behind it, and the pages that show its forms."""
    if target.startswith("documents:new/"):
        return reverse("documents:new", kwargs={"kind": target.split("/", 1)[1]}), []
    params = next(k for n, _r, k in iter_patterns() if n == target)
    if not params:
        return reverse(target), [reverse(name) for name in PLAIN_HUBS]
    if target == "survey_answer":
        return reverse(target, kwargs={"token": _own_invitation(cast).token}), []
    if target in FIXED_KWARGS:
        return reverse(target, kwargs=FIXED_KWARGS[target]), []
    if target.startswith("public:"):
        kwargs = {"slug": cast.school.slug if target != "public:municipality" else cast.municipality.slug}
        if "pk" in params:
            kwargs["pk"] = (news_item if target == "public:news_item" else public_file)(cast.school).pk
        if "year" in params:
            kwargs["year"] = 2026
        return reverse(target, kwargs=kwargs), []
    if target in (municipal := _municipal_objects()):  # --- issue 18: a row of the municipality ---
        made, hubs = municipal[target](cast)
        pages = [reverse(name, kwargs={"pk": pk}) if pk else reverse(name) for name, pk in hubs]
        return reverse(target, kwargs={"pk": made.pk}), pages
    make, _method, *key = OBJECT_URLS[target]
    made = OWN_OBJECTS[target](cast) if target in OWN_OBJECTS else make(cast.school)
    if target in OWN_ITEMS:
        made = made.items.first()
    hubs = HUBS[type(made).__name__](made)
    pages = [reverse(name, kwargs={"pk": pk}) if pk else reverse(name) for name, pk in hubs]
    return reverse(target, kwargs={key[0] if key else "pk": made.pk}), pages


def discover(cast, path: str, hubs: list[str], target: str = "") -> list[PageForm]:
    """The forms that post to ``path``, as the school's staff see them on the endpoint, else on its hubs."""
    for pages in ([path], hubs):
        found: dict[tuple, PageForm] = {}
        for role in DISCOVERING_ROLES:
            client = client_for(cast, role)
            for page in pages:
                response = client.get(page)
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                for form in forms_on(response.content.decode(), page):
                    if form.action == path:
                        found.setdefault(tuple(sorted(form.fields)), form)
        if found:
            return list(found.values())
    if form_class := _form_classes().get(target):
        return [form_of_class(path, form_class)]
    if names := READ_BY_HAND.get(target):
        return [PageForm(action=path, method="post", fields={n: Field(n, t, "1") for n, t in names.items()})]
    return [guessed_form(path)]


# Views that read the POST by hand, not through a form: the names they read.
READ_BY_HAND = {
    "mentoring:from_suggestion": {"mentor": "hidden", "mentees": "hidden"},
    "programs:copy": {"mentorship": "select"},
    "surveys:from_template": {"key": "hidden"},
    "surveys:question_move": {"direction": "hidden"},
    "switch_school": {"school": "select", "next": "hidden"},
    "documents:pdf": {"next": "hidden"},
    "mentoring:clear_alert": {"note": "textarea"},
    "documents:exclude_pair": {"mentorship": "hidden"},
    "documents:withdraw": {"reason": "textarea"},
    "documents:contest_registration": {"reason": "textarea"},
    # --- issue 18: roadmaps approved, the methodical association ---
    "monitoring:roadmap_submit": {"year": "hidden"},
    "municipal:roadmap_review": {"decision": "hidden", "comment": "textarea"},
    "association:members": {"user": "hidden"},
    "association:member_chair": {"chair": "hidden"},
}


def _municipal_objects():
    """--- issue 18: endpoints of the municipality's rows (not school A's): url name → a row of the
    cast's municipality and the pages that show its forms."""
    from association import rules
    from association.models import Meeting
    from monitoring import roadmap_approval
    from tests.test_school_isolation import roadmap_event

    def submission(cast):
        event = roadmap_event(cast.school)
        return roadmap_approval.submit(cast.school, event.year, by=cast.curator), []

    def member(cast):
        return rules.add_member(cast.municipality, cast.mentor, by=None), [("association:members", None)]

    def meeting(cast):
        made = Meeting.objects.create(
            municipality=cast.municipality,
            year=2026,
            number=1,
            held_on=datetime.date(2026, 10, 1),
            topic="Тема",
            agenda="Повестка",
            decided="Решили",
        )
        return made, [("association:meeting", made.pk)]

    def review(cast):
        made = rules.request_review(cast.school, subject="regulation", by=cast.curator)
        return made, [("association:review", made.pk)]

    def shared_person(cast):
        from people.models import ConsentKind, Person

        made = Person.objects.get(user=cast.mentee)
        made.consents.get_or_create(
            kind=ConsentKind.MUNICIPAL_SHARING, defaults={"given_on": datetime.date(2026, 9, 1)}
        )
        return made, [("municipal:bank_mentees", None)]

    return {
        "municipal:roadmap_submission": submission,
        "municipal:roadmap_review": submission,
        "association:member_remove": member,
        "association:member_chair": member,
        "association:meeting": meeting,
        "association:meeting_edit": meeting,
        "association:meeting_file": meeting,
        "association:review": review,
        "association:review_take": review,
        "association:review_write": review,
        "association:review_subject": review,
        "municipal:bank_person": shared_person,
    }


def guessed_form(path: str) -> PageForm:
    """For an endpoint no page shows a form for: the names its kind of view usually reads."""
    names = {"title": "text", "text": "textarea", "note": "textarea", "reason": "text", "on": "date", "pk": "hidden"}
    return PageForm(action=path, method="post", fields={n: Field(n, t) for n, t in names.items()})


def refused(response) -> bool:
    if response.status_code >= 400:
        return True
    if response.status_code == 200 and "html" in response.get("Content-Type", ""):
        return any(marker in response.content.decode(errors="replace") for marker in ERROR_MARKERS)
    return False


# One client for the whole module: each new one loads the middleware again, and WhiteNoise
# then scans every static file.
CLIENT = Client(raise_request_exception=False)


def client_for(cast, role: str) -> Client:
    CLIENT.logout()
    if role != "anonymous":
        CLIENT.force_login(getattr(cast, role))
    return CLIENT


@pytest.mark.parametrize("target", targets())
def test_hostile_posts_never_fail_or_half_write(cast, target):
    path, hubs = address(target, cast)
    if client_for(cast, "director").post(path).status_code == 405:
        return _check_refused_everywhere(cast, path)
    forms = discover(cast, path, hubs, target)
    models = project_models()
    rng = random.Random(target)
    problems = []
    started = time.monotonic()
    for role in ROLES:
        client = client_for(cast, role)
        before = fingerprint(models)
        for form in forms:
            for kind in PAYLOADS_OF_ROLE.get(role, FEW_PAYLOADS):
                data = PAYLOADS[kind](form, rng)
                if kind != "nothing":
                    data |= files_for(form)
                try:
                    response = client.post(path, data)
                except Exception as exc:  # noqa: BLE001 - any escaping exception is the finding
                    problems.append(f"{role}/{kind}: raised {exc!r}")
                    before = fingerprint(models)
                    continue
                after = fingerprint(models)
                if response.status_code >= 500:
                    problems.append(f"{role}/{kind}: {response.status_code}")
                elif refused(response) and (changed := changed_tables(before, after)):
                    problems.append(f"{role}/{kind}: refused with {response.status_code} but wrote {changed}")
                before = after
    assert problems == [], f"{path} (forms: {[sorted(f.fields) for f in forms]}): {problems}"
    assert time.monotonic() - started < 30, "one endpoint's sweep should stay within seconds"
    return None


def _check_refused_everywhere(cast, path):
    """A page that takes no POST refuses one from anybody, whatever it carries."""
    for role in ROLES:
        status = client_for(cast, role).post(path, {"x": [SCRIPT, HUGE_ID]}).status_code
        assert status in {302, 403, 404, 405}, f"{path} as {role}: {status}"


def test_a_post_without_the_csrf_token_is_refused(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.curator)
    models = project_models()
    before = fingerprint(models)

    response = client.post(
        reverse("people:person_create"), {"last_name": "Подделкина", "first_name": "Ольга", "sex": "f"}
    )

    assert response.status_code == 403
    assert fingerprint(models) == before


def test_the_sweep_reads_the_forms_of_a_page(cast):
    """The sweep is only as good as its form discovery: the person form's fields are found."""
    path = reverse("people:person_create")
    (form,) = discover(cast, path, [])
    assert {"last_name", "first_name", "birth_date", "kind", "email"} <= set(form.fields)
    assert form.fields["birth_date"].type == "date"
    assert form.fields["kind"].default  # a valid choice to keep, so hostile text reaches the save
