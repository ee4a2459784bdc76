"""Who may open what: one table, every URL of the portal, every role.

Each row declares a URL's method, the roles ALLOWED, and how to fill its parameters with
school A's objects (``tests/access_objects.py``). Every other role is denied: anonymous
visitors are sent to the login page, members of school A get 403, and people outside
school A (the other school's curator, the municipal coordinator and methodist, the other
municipality's coordinator, the region's coordinator, a user without roles) get 403 or 404 for its objects. On a URL
that names nothing of school A (a list, a «new» form) the other school's curator is served
their own school's page, so they count as a curator there; the other municipality's
coordinator likewise counts as the coordinator on a municipal page.

Allowed means served: a 2xx, or a redirect anywhere but the login page. A form posted
empty that re-renders with errors or redirects back with «cannot do that» counts as
allowed: access was granted. Nobody ever gets a 500.
"""

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from people import import_jobs
from people.services import academic_year_of
from programs.models import BestPractice, Program
from tests.access_objects import Scene, import_preview, put_back_upload
from tests.urlwalk import iter_patterns

# The roles: the columns of the table.
ANONYMOUS = "anonymous"
PUPIL = "pupil"
MENTEE = "mentee"
MENTOR = "mentor"
SECRETARY = "secretary"
CURATOR = "curator"
DIRECTOR = "director"
COUNCIL = "council_member"
OFFICER = "officer"
OTHER_CURATOR = "other_curator"
OUTSIDER = "outsider"
METHODIST = "methodist"  # a member of the municipal methodical association
OTHER_OFFICER = "other_officer"  # the coordinator of another municipality
REGIONAL = "regional"  # the coordinator of the region holding school A's municipality (issue 19)
ROLES = (
    ANONYMOUS,
    PUPIL,
    MENTEE,
    MENTOR,
    SECRETARY,
    CURATOR,
    DIRECTOR,
    COUNCIL,
    OFFICER,
    METHODIST,
    OTHER_CURATOR,
    OTHER_OFFICER,
    REGIONAL,
    OUTSIDER,
)
# Logged in, but holding no role in school A: its objects do not exist for them.
SCOPED_OUT = frozenset({OFFICER, METHODIST, OTHER_CURATOR, OTHER_OFFICER, REGIONAL, OUTSIDER})
MUNICIPAL = frozenset({OFFICER, METHODIST})  # of school A's municipality

EVERYONE = frozenset(ROLES)
LOGGED_IN = EVERYONE - {ANONYMOUS}
SCHOOL_A = frozenset({PUPIL, MENTEE, MENTOR, SECRETARY, CURATOR, DIRECTOR, COUNCIL})
MANAGERS = frozenset({DIRECTOR, CURATOR, SECRETARY})
BANK_READERS = MANAGERS | {COUNCIL}  # the council reads the bank and the board, edits nothing
BANK_KEEPERS = frozenset({CURATOR, SECRETARY})
HEADS = frozenset({DIRECTOR, CURATOR})  # form pairs, approve them, set targets
PARTICIPANTS = frozenset({MENTOR, MENTEE})  # of the mentorship and program under test
PAIR_READERS = BANK_READERS | PARTICIPANTS  # of that mentorship and its program
IN_MENTORING = frozenset({MENTOR, MENTEE, PUPIL})


@dataclass(frozen=True)
class Row:
    allowed: frozenset
    method: str = "get"
    args: object = None  # scene → URL kwargs
    data: object = None  # scene → POST data or GET query, made anew for each role
    denied_as: frozenset = field(default=frozenset({403}))  # how a member of school A is refused

    @property
    def of_current_school(self) -> bool:
        """The URL names nothing of school A: a page or action of whatever school is the user's own."""
        return not callable(self.args) and not callable(self.data)


def get(allowed, args=None, data=None, **options):
    return Row(frozenset(allowed), "get", args, data, **options)


def post(allowed, args=None, data=None, **options):
    return Row(frozenset(allowed), "post", args, data, **options)


def pk(attribute, key="pk"):
    return lambda scene: {key: getattr(scene, attribute).pk}


def slug(**more):
    return lambda scene: {"slug": scene.school.slug, **{k: make(scene) for k, make in more.items()}}


def import_job(kind):
    """The school's preview of this kind, made once for the scene."""

    def job(scene):
        attribute = f"{kind.kind}_import_preview"
        if attribute not in vars(scene):
            setattr(scene, attribute, import_preview(kind, scene.school))
        return getattr(scene, attribute)

    return job


def job_token(kind):
    return lambda scene: {"token": import_job(kind)(scene).token}


def upload_put_back(kind):
    """No data to post: the preview's upload, which the previous visit's import deleted, is put back."""

    def data(scene):
        put_back_upload(import_job(kind)(scene))
        return {}

    return data


def current_year(_scene):
    return academic_year_of(timezone.localdate())


PERSON = pk("mentee_person")  # the mentee's own card: a colleague's for everyone else
MENTORSHIP = pk("mentorship")
PROGRAM = pk("program")
ITEM = pk("plan_item")
DOCUMENT = pk("document")
SURVEY = pk("survey")
QUESTION = pk("question")


def _contest(scene):
    from recognition.models import Contest

    if "contest" not in vars(scene):
        scene.contest = Contest.objects.create(school=scene.school, year=current_year(scene))
    return {"pk": scene.contest.pk}


CONTEST = _contest


def _municipal_card(scene):
    """Issue 18, the municipal bank: school A's mentee shares her data with the municipality."""
    from people.models import ConsentKind

    scene.mentee_person.consents.get_or_create(
        kind=ConsentKind.MUNICIPAL_SHARING, defaults={"given_on": timezone.localdate()}
    )
    return {"pk": scene.mentee_person.pk}


def _made(scene, name, make):
    if name not in vars(scene):
        setattr(scene, name, make(scene))
    return {"pk": getattr(scene, name).pk}


def _roadmap_submission(scene):
    """Issue 18: school A's roadmap sent to the municipality for approval."""

    def make(scene):
        from monitoring import roadmap_approval

        scene.roadmap_event  # noqa: B018 — a roadmap with an event
        return roadmap_approval.submit(scene.school, scene.roadmap_event.year, by=scene.cast.curator)

    return _made(scene, "roadmap_submission", make)


def _cross_link(scene):
    """Issue 18: a pair of school A whose mentor works in school B, proposed by the coordinator."""

    def make(scene):
        import datetime

        from mentoring import cross_school
        from people.models import ConsentKind
        from tests.mentoring.helpers import END, START, mentee, mentor, teacher_form

        teacher = mentor(scene.cast.other_school, last_name="Петров", first_name="Пётр")
        young = mentee(scene.school, last_name="Новикова", first_name="Ольга")
        for person in (teacher, young):
            person.consents.create(kind=ConsentKind.MUNICIPAL_SHARING, given_on=datetime.date(2026, 1, 1))
        link, _warnings = cross_school.propose(
            municipality=scene.cast.municipality,
            mentor=teacher,
            mentees=[young],
            form_name=teacher_form(scene.school).name,
            start=START,
            end=END,
            by=scene.cast.officer,
        )
        return link

    return _made(scene, "cross_link", make)


def _association_member(scene):
    """Issue 18: school A's mentor in the municipality's methodical association."""
    from association import rules

    return _made(scene, "association_member", lambda s: rules.add_member(s.cast.municipality, s.cast.mentor, by=None))


def _association_meeting(scene):
    def make(scene):
        from django.core.files.base import ContentFile

        from association.models import Meeting

        meeting = Meeting.objects.create(
            municipality=scene.cast.municipality,
            year=current_year(scene),
            number=1,
            held_on=timezone.localdate(),
            topic="Тема",
            agenda="Повестка",
            decided="Решили",
        )
        meeting.minutes_file.save("minutes.pdf", ContentFile(b"%PDF-1.4 minutes"))
        return meeting

    return _made(scene, "association_meeting", make)


def _expert_review(scene):
    """Issue 18: school A asks the association to review its program."""
    from association import rules

    return _made(
        scene,
        "expert_review",
        lambda s: rules.request_review(s.school, subject="program", program=s.program, by=s.cast.curator),
    )


def _recommendation(scene):
    from association import rules

    return _made(
        scene,
        "recommendation",
        lambda s: rules.recommend(municipality=s.cast.municipality, school=s.school, text="Совет", by=None),
    )


def _certificate(scene):
    """Issue 20: the director's signing certificate in school A."""
    from signatures import issuing

    if "certificate" not in vars(scene):
        scene.certificate = issuing.issue(user=scene.cast.director, school=scene.school)
    return {"pk": scene.certificate.pk}


ACCESS = {
    # --- the portal -------------------------------------------------------------------
    "home": get(LOGGED_IN),  # the officer is sent on to the municipality, an outsider told whom to ask
    "healthz": get(EVERYONE),
    "switch_school": post(SCHOOL_A, data=lambda scene: {"school": scene.school.pk}),
    "municipality": get(MUNICIPAL),  # aggregates only
    "municipality_export": get(MUNICIPAL),
    "login": get(EVERYONE),  # a logged-in user is sent home
    "logout": post(LOGGED_IN),
    "password_change": get(LOGGED_IN),
    "password_change_done": get(LOGGED_IN),
    "password_reset": get(EVERYONE),
    "password_reset_done": get(EVERYONE),
    "password_reset_confirm": get(EVERYONE, args=lambda scene: scene.password_reset),
    "password_reset_complete": get(EVERYONE),
    # Lockouts after wrong passwords: the director lifts them for her school's people.
    "locked_logins": get({DIRECTOR}),
    "unlock_login": post({DIRECTOR}),
    "set_language": post(EVERYONE, data={"language": "ru", "next": "/"}),
    # --- the bank: personal data ----------------------------------------------------------
    "people:bank": get(BANK_READERS),
    "people:mentors": get(BANK_READERS),
    "people:mentees": get(BANK_READERS),
    "people:actualization": get(BANK_READERS),
    # One's own card, never a colleague's; the mentor of a pair fixed by an order reads its mentee's
    # professional part (the scene's pair is a draft: tests/people/test_mentor_reads_card.py).
    "people:person": get(BANK_READERS | {MENTEE}, args=PERSON),
    "people:person_create": get(BANK_KEEPERS),
    "people:person_update": get(BANK_KEEPERS, args=PERSON),
    "people:person_archive": post(BANK_KEEPERS, args=PERSON),
    "people:person_restore": post(BANK_KEEPERS, args=PERSON),
    "people:mentor_profile": get(BANK_KEEPERS, args=PERSON),
    "people:mentee_profile": get(BANK_KEEPERS, args=PERSON),
    "people:deficit_add": get(BANK_KEEPERS, args=PERSON),
    "people:training_add": get(BANK_KEEPERS, args=PERSON),
    "people:award_add": get(BANK_KEEPERS, args=PERSON),
    "people:consent_add": get(BANK_KEEPERS, args=PERSON),
    "people:consents_given": post(BANK_KEEPERS),
    "people:consent_withdraw": post(BANK_KEEPERS, args=pk("consent")),
    "people:consent_scan": get(MANAGERS | {MENTEE}, args=pk("consent")),  # the mentee's own scan
    "people:bank_confirm": post(BANK_KEEPERS),
    "people:import": get(BANK_KEEPERS),
    "people:import_job": get(BANK_KEEPERS, args=job_token(import_jobs.PEOPLE)),
    "people:import_job_status": get(BANK_KEEPERS, args=job_token(import_jobs.PEOPLE)),
    "people:import_confirm": post(
        BANK_KEEPERS, args=job_token(import_jobs.PEOPLE), data=upload_put_back(import_jobs.PEOPLE)
    ),
    "people:import_template": get(BANK_KEEPERS),
    "people:export": get(MANAGERS),
    "audit:log": get({DIRECTOR}),
    # The export of all the school's data: personal data of everyone, for the director alone.
    "school_export": get({DIRECTOR}),
    "school_export_status": get({DIRECTOR}),
    "school_export_download": get({DIRECTOR}, data=lambda scene: scene.school_export and None),
    # --- pairs and groups -----------------------------------------------------------------
    "mentoring:board": get(BANK_READERS),
    "mentoring:archive": get(BANK_READERS),  # ended pairs of earlier academic years (issue 19)
    "mentoring:mine": get(IN_MENTORING),
    "mentoring:catalog": get(HEADS),
    "mentoring:form_edit": get(HEADS, args=pk("mentoring_form")),
    "mentoring:create": get(HEADS | {COUNCIL}),  # the council saves drafts for the curator
    "mentoring:suggest": get(HEADS | {COUNCIL}),
    "mentoring:from_suggestion": post(HEADS | {COUNCIL}),
    "mentoring:detail": get(PAIR_READERS, args=MENTORSHIP),
    "mentoring:edit": get(HEADS, args=MENTORSHIP),
    "mentoring:propose": post(HEADS, args=MENTORSHIP),
    "mentoring:return_to_draft": post(HEADS, args=MENTORSHIP),
    "mentoring:terminate": post(HEADS, args=MENTORSHIP),
    "mentoring:drop": post(HEADS, args=MENTORSHIP),  # «не сформирована»: dropped before its order
    "mentoring:delete": post(HEADS, args=MENTORSHIP),  # a draft made by mistake; refused (and explained) otherwise
    "mentoring:clear_alert": post(HEADS, args=MENTORSHIP),
    "mentoring:replace": post(HEADS, args=MENTORSHIP),
    "mentoring:termination_cancel": post(HEADS, args=MENTORSHIP),
    # Requests: a current participant writes one about their pair, the heads answer.
    "mentoring:petition_new": get(PARTICIPANTS, args=MENTORSHIP),
    "mentoring:petitions": get(HEADS),
    "mentoring:petition_answer": post(HEADS, args=pk("petition")),
    "mentoring:petition_withdraw": post(PARTICIPANTS, args=pk("petition")),
    "mentoring:import": get(HEADS),
    "mentoring:import_template": get(HEADS),
    "mentoring:import_job": get(HEADS, args=job_token(import_jobs.PAIRS)),
    "mentoring:import_job_status": get(HEADS, args=job_token(import_jobs.PAIRS)),
    "mentoring:import_confirm": post(HEADS, args=job_token(import_jobs.PAIRS), data=upload_put_back(import_jobs.PAIRS)),
    # --- programs -------------------------------------------------------------------------
    "programs:bank": get(BANK_READERS | {MENTOR}),
    "programs:start": get({MENTOR, CURATOR}, args=pk("free_mentorship", "mentorship_pk")),
    "programs:detail": get(PAIR_READERS, args=PROGRAM),
    # The scene's program is a draft: its mentee writes it with the mentor (issue 17).
    "programs:edit": get({MENTOR, MENTEE, CURATOR}, args=PROGRAM),
    "programs:item_add": get({MENTOR, MENTEE, CURATOR}, args=PROGRAM),
    "programs:log_add": get({MENTOR}, args=PROGRAM),
    "programs:agree": post({MENTEE}, args=PROGRAM),
    "programs:approve": post({CURATOR}, args=PROGRAM),
    "programs:comment": post({COUNCIL, CURATOR, MENTOR, MENTEE}, args=PROGRAM),
    "programs:return": post({COUNCIL, CURATOR}, args=PROGRAM),
    "programs:correction": post({MENTOR, MENTEE, CURATOR}, args=PROGRAM),
    "programs:compare": get(PAIR_READERS, args=PROGRAM),
    "programs:complete": post({MENTOR, CURATOR}, args=PROGRAM),
    "programs:self_assessment": post({MENTEE}, args=PROGRAM),
    "programs:best_practice": post({CURATOR, COUNCIL}, args=PROGRAM),
    # A colleague pair's program copied to the mentor's other pair: only who reads it and may start one there.
    "programs:copy": post(
        {CURATOR}, args=pk("other_program"), data=lambda scene: {"mentorship": scene.free_mentorship.pk}
    ),
    "programs:item_edit": get({MENTOR, MENTEE, CURATOR}, args=ITEM),
    "programs:item_delete": post({MENTOR, MENTEE, CURATOR}, args=ITEM),
    "programs:item_progress": get({MENTOR}, args=ITEM),
    "programs:item_evidence": get(PAIR_READERS, args=ITEM),
    "programs:reflect": get({MENTEE}, args=pk("log_entry")),
    "programs:calendar": get(SCHOOL_A),
    "programs:revoke_feed": post(LOGGED_IN),
    "programs:ical": get(EVERYONE, args=lambda scene: {"token": scene.calendar_token}),  # a secret address
    # --- documents ------------------------------------------------------------------------
    "documents:registry": get(MANAGERS),
    "documents:inbox": get({DIRECTOR}),
    "documents:new": get(MANAGERS, args={"kind": "order_pairs"}),
    "documents:detail": get(MANAGERS, args=DOCUMENT),
    "documents:status": get(MANAGERS, args=DOCUMENT),
    "documents:render": post(MANAGERS, args=DOCUMENT),
    "documents:pdf": get(MANAGERS, args=DOCUMENT),
    "documents:send": post(MANAGERS, args=DOCUMENT),
    "documents:sign": post({DIRECTOR}, args=DOCUMENT),  # the secretary drafts, only the director signs
    "documents:return": post({DIRECTOR}, args=DOCUMENT),
    # A signed paper original applies the order: in a school whose director signs in the portal
    # (the default) only she registers one; on paper the curator and the secretary too (documents.paper).
    "documents:scan": post({DIRECTOR}, args=DOCUMENT),
    "documents:withdraw": post(MANAGERS, args=DOCUMENT),
    "documents:exclude_pair": post(MANAGERS, args=DOCUMENT, data=lambda scene: {"mentorship": scene.mentorship.pk}),
    "documents:confirm_registration": post({DIRECTOR}, args=pk("paper_registration")),
    "documents:contest_registration": post({DIRECTOR}, args=pk("paper_registration")),
    "documents:correct": post(MANAGERS, args=DOCUMENT),
    # The school's requisites, numbering and the wording of its documents: the director and the curator.
    "documents:settings": get(HEADS),
    "documents:template_edit": get(HEADS, args={"key": "regulation"}),
    "documents:template_reset": post(HEADS, args={"key": "regulation"}),
    "documents:template_preview": get(HEADS, args={"key": "roadmap"}),
    # A consent is signed by its subject and nobody else, not even the director.
    "documents:party_sign": get({MENTEE}, args=pk("mentee_consent")),
    "verify": get(EVERYONE, args=lambda scene: {"code": scene.signed_regulation.verification_code}),
    # --- issue 20: signatures in the file and the director's certificates ---
    "verify_file": get(EVERYONE),  # «Проверить файл»: public, any PDF
    "signatures:certificates": get({DIRECTOR}),
    "signatures:issue": post({DIRECTOR}),
    "signatures:upload": post({DIRECTOR}),  # posted empty: the form again, with its errors
    "signatures:revoke": post({DIRECTOR}, args=_certificate),  # posted empty: «say why», nothing revoked
    "signatures:download": get({DIRECTOR}, args=_certificate),  # the public certificate, never the key
    # --- notifications: one's own ---------------------------------------------------------
    "notifications:list": get(LOGGED_IN),
    "notifications:read_all": post(LOGGED_IN),
    "notifications:preferences": get(LOGGED_IN),
    "notifications:open": get({MENTEE}, args=pk("notification"), denied_as={404}),
    # --- surveys --------------------------------------------------------------------------
    "surveys:list": get(BANK_READERS),
    "surveys:create": get(MANAGERS),
    "surveys:from_template": post(MANAGERS),
    "surveys:send": get(MANAGERS),
    "surveys:detail": get(MANAGERS, args=SURVEY),  # holds the participants' personal links
    "surveys:edit": get(MANAGERS, args=SURVEY),
    "surveys:copy": post(MANAGERS, args=SURVEY),
    "surveys:delete": post(MANAGERS, args=SURVEY),
    "surveys:results": get(BANK_READERS, args=SURVEY),
    "surveys:question_add": get(MANAGERS, args=SURVEY),
    "surveys:question_edit": get(MANAGERS, args=QUESTION),
    "surveys:question_delete": post(MANAGERS, args=QUESTION),
    "surveys:question_move": post(MANAGERS, args=QUESTION),
    "survey_answer": get(EVERYONE, args=lambda scene: {"token": scene.invitation_token}),  # a personal link
    # --- monitoring -----------------------------------------------------------------------
    "monitoring:dashboard": get(BANK_READERS),
    "monitoring:people": get(MANAGERS, data={"code": "mentees"}),  # the people behind a number
    "monitoring:freeze": post(HEADS),  # the year's figures for the public report, before 30 June
    "monitoring:unfreeze": post({DIRECTOR}),  # only the director undoes a freeze
    "monitoring:targets": get(HEADS),
    "monitoring:roadmap": get(BANK_READERS),
    "monitoring:roadmap_event": get(HEADS, args=pk("roadmap_event")),
    "monitoring:export": get(BANK_READERS),
    "monitoring:report": get(BANK_READERS, args={"kind": "analytical"}),
    # --- the mentor contest ---------------------------------------------------------------
    "recognition:list": get(BANK_READERS),
    "recognition:new": get(HEADS),
    "recognition:detail": get(BANK_READERS, args=CONTEST),
    "recognition:nominate": post(HEADS | {COUNCIL}, args=CONTEST),  # the council nominates
    "recognition:close": post(HEADS, args=CONTEST),
    "recognition:award": post(HEADS, args=CONTEST),  # still open: refused with a message
    # --- issue 18: best practices and the municipal report ---
    "municipal:practices": get(MUNICIPAL | SCHOOL_A),  # what the schools published, for them and the municipality
    "municipal:report": get(MUNICIPAL),  # the association reads it; posting conclusions is the coordinator's
    "municipal:report_pdf": get(MUNICIPAL),
    # --- issue 18: the municipal bank and the municipal bases ---
    "municipal:bank_mentors": get(MUNICIPAL),  # the consenting only; the association reads it too
    "municipal:bank_mentees": get(MUNICIPAL),
    "municipal:bank_person": get(MUNICIPAL, args=_municipal_card),  # another municipality's coordinator: 404
    "municipal:bases": get({OFFICER}),  # personal data in bulk: the coordinator's alone
    "municipal:bases_export": get({OFFICER}, args={"kind": "teachers"}),
    # --- issue 18: pairs across schools ---
    "municipal:cross_pairs": get({OFFICER}),  # the coordinator proposes; another municipality's sees its own
    "mentoring:cross_list": get(BANK_READERS),
    "mentoring:cross_propose": get(HEADS),  # a curator's route: a mentor from another school
    # The mentor's school (school B's curator) reads the pair and agrees for its side too.
    "mentoring:cross_detail": get(BANK_READERS | {OTHER_CURATOR}, args=_cross_link),
    "mentoring:cross_agree": post(HEADS | {OTHER_CURATOR}, args=_cross_link),
    "mentoring:cross_refuse": post(HEADS | {OTHER_CURATOR}, args=_cross_link),
    # --- issue 18: roadmaps approved by the municipality ---
    "monitoring:roadmap_submit": post(HEADS),
    "municipal:roadmaps": get(MUNICIPAL),  # execution side by side: the association reads it too
    "municipal:roadmap_submission": get(MUNICIPAL, args=_roadmap_submission),
    "municipal:roadmap_review": post({OFFICER}, args=_roadmap_submission),
    # --- issue 18: the municipal methodical association ---
    "association:index": get(MUNICIPAL),
    "association:members": get({OFFICER}),  # the coordinator forms the association
    "association:member_remove": post({OFFICER}, args=_association_member),
    "association:member_chair": post({OFFICER}, args=_association_member),
    "association:meeting_new": get(MUNICIPAL),  # members and the coordinator record meetings
    "association:meeting": get(MUNICIPAL, args=_association_meeting),
    "association:meeting_edit": get(MUNICIPAL, args=_association_meeting),
    "association:meeting_file": get(MUNICIPAL, args=_association_meeting),
    "association:recommendation_new": get(MUNICIPAL),
    "association:reviews": get(MUNICIPAL),
    "association:review": get(MUNICIPAL, args=_expert_review),
    "association:review_take": post({METHODIST}, args=_expert_review),  # the experts are the members
    "association:review_write": post({METHODIST}, args=_expert_review),
    "association:review_subject": get({METHODIST}, args=_expert_review),  # the program, read-only, audited
    "association:school": get(BANK_READERS),  # the school's side: conclusions; recommendations for HEADS
    "association:school_recommendation_read": post(HEADS, args=_recommendation),
    "association:school_review_request": post(HEADS),
    "association:school_review": get(BANK_READERS, args=_expert_review),
    # --- the public section ---------------------------------------------------------------
    "public_manage": get(BANK_KEEPERS | {COUNCIL}),  # the council prepares drafts, the curator publishes
    "public_news_delete": post(BANK_KEEPERS, args=pk("news_item")),
    "public_file_delete": post(BANK_KEEPERS, args=pk("public_file")),
    "public:index": get(EVERYONE, args=slug()),
    "public:people": get(EVERYONE, args=slug()),
    "public:programs": get(EVERYONE, args=slug()),
    "public:documents": get(EVERYONE, args=slug()),
    "public:file": get(EVERYONE, args=slug(pk=lambda scene: scene.public_file.pk)),
    "public:regulation": get(EVERYONE, args=lambda scene: {"slug": scene.signed_regulation.school.slug}),  # signed
    "public:report": get(EVERYONE, args=slug(year=current_year)),
    "public:news": get(EVERYONE, args=slug()),
    "public:news_item": get(EVERYONE, args=slug(pk=lambda scene: scene.news_item.pk)),
    "public:feed": get(EVERYONE, args=slug()),
    "public:widget": get(EVERYONE, args=slug()),
    "public:municipality": get(EVERYONE, args=lambda scene: {"slug": scene.cast.municipality.slug}),
    # --- issue 19: the region, aggregates only; its coordinator reaches no school's page ---
    "region:index": get({REGIONAL}),
    "region:export": get({REGIONAL}),
    "region:municipality": get({REGIONAL}, args=lambda scene: {"slug": scene.cast.municipality.slug}),
}

# Pages a visitor opens without logging in (tests/test_navigation.py checks the rest send to login).
PUBLIC_URLS = frozenset(name for name, row in ACCESS.items() if ANONYMOUS in row.allowed)


def portal_urls() -> set[str]:
    return {name for name, _route, _converters in iter_patterns()}


def test_every_url_has_a_row():
    missing = sorted(portal_urls() - set(ACCESS))
    assert missing == [], f"declare who may open these URLs in ACCESS: {missing}"


def test_every_row_is_a_url():
    stale = sorted(set(ACCESS) - portal_urls())
    assert stale == [], f"these rows of ACCESS name no URL any more: {stale}"


def outcome(response) -> tuple[str, str]:
    """What the visitor got («allowed», «login» or the status code), and how to say it."""
    code = response.status_code
    if code in {301, 302, 303, 307, 308}:
        target = urlparse(response["Location"])
        # A sign-in demand names the page to come back to; logging out lands on the bare login page.
        if target.path == reverse("login") and "next" in parse_qs(target.query):
            return "login", f"{code} to the login page"
        return "allowed", f"{code} to {target.path}"
    return ("allowed" if 200 <= code < 300 else str(code)), str(code)


def expected(row: Row, role: str) -> set[str]:
    if role == OTHER_CURATOR and row.of_current_school:
        role = CURATOR  # served (or refused) their own school's page, as school A's curator is
    if role == OTHER_OFFICER and row.of_current_school:
        role = OFFICER  # served (or refused) their own municipality's page
    if role in row.allowed:
        return {"allowed"}
    if role == ANONYMOUS:
        return {"login"}
    if role in SCOPED_OUT:
        return {"403", "404"}
    return {str(code) for code in row.denied_as}


def verdict(wanted: set[str]) -> str:
    if wanted == {"allowed"}:
        return "allowed"
    if wanted == {"login"}:
        return "sent to login"
    return "denied (" + " or ".join(sorted(wanted)) + ")"


# One client for every request: a new one would load the middleware again, and WhiteNoise
# scans the static files each time it starts.
CLIENT = Client()


def visit(user, row: Row, url: str, scene: Scene) -> tuple[str, str]:
    """One role's request, rolled back so that a successful POST changes nothing for the next."""
    client = CLIENT
    client.cookies.clear()
    try:
        with transaction.atomic():
            if user is not None:
                client.force_login(user)
            data = row.data(scene) if callable(row.data) else row.data
            response = getattr(client, row.method)(url, data or {})
            transaction.set_rollback(True)
    except Exception as error:  # noqa: BLE001 — a crash is reported with the other mismatches
        return "500", f"500 ({error.__class__.__name__}: {error})"
    return outcome(response)


@pytest.mark.parametrize("url_name", sorted(ACCESS))
def test_access(cast, url_name):
    row = ACCESS[url_name]
    scene = Scene(cast)
    kwargs = row.args(scene) if callable(row.args) else row.args
    url = reverse(url_name, kwargs=kwargs)
    if callable(row.data):
        row.data(scene)  # makes the objects it names now, not inside the first role's rolled-back savepoint

    mismatches = []
    for role in ROLES:
        user = None if role == ANONYMOUS else getattr(cast, role)
        got, said = visit(user, row, url, scene)
        wanted = expected(row, role)
        if got not in wanted:
            mismatches.append(f"{url_name}: {role} expected {verdict(wanted)}, got {said}")

    assert mismatches == [], "\n".join(mismatches)


def copy_to_mentors_pair(cast, client_as, source):
    scene = Scene(cast)
    url = reverse("programs:copy", kwargs={"pk": source(scene).pk})
    response = client_as(cast.mentor).post(url, {"mentorship": scene.free_mentorship.pk})
    return response, Program.objects.filter(mentorship=scene.free_mentorship, copied_from=source(scene))


def test_a_mentor_copies_a_best_practice_to_his_pair(cast, client_as):
    def best_practice(scene):
        program = scene.other_program
        if not hasattr(program, "best_practice"):
            BestPractice.objects.create(program=program, summary="Работает")
        return program

    response, copies = copy_to_mentors_pair(cast, client_as, best_practice)

    assert response.status_code == 302
    assert response["Location"] == reverse("programs:detail", kwargs={"pk": copies.get().pk})


def test_a_mentor_cannot_copy_a_colleague_pairs_program(cast, client_as):
    response, copies = copy_to_mentors_pair(cast, client_as, lambda scene: scene.other_program)

    assert response.status_code == 403
    assert not copies.exists()


def test_only_who_may_register_a_paper_original_is_offered_the_form(cast, client_as):
    from documents.models import DocumentStatus

    document = Scene(cast).document
    document.status = DocumentStatus.AWAITING_SIGNATURE
    document.save(update_fields=["status"])
    url = reverse("documents:detail", kwargs={"pk": document.pk})
    scan = reverse("documents:scan", kwargs={"pk": document.pk})

    assert scan in client_as(cast.director).get(url).content.decode()
    assert scan not in client_as(cast.curator).get(url).content.decode()
    assert scan not in client_as(cast.secretary).get(url).content.decode()

    from documents.models import DocumentSettings, SigningMode

    DocumentSettings.objects.create(school=cast.school, signing_mode=SigningMode.PAPER)
    assert scan in client_as(cast.curator).get(url).content.decode()
    assert scan in client_as(cast.secretary).get(url).content.decode()
