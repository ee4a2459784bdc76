"""A curator of school A never reaches school B's data, whatever the URL."""

import datetime

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from accounts.scoping import MunicipalityScopedQuerySet, SchoolScopedQuerySet
from people.models import MenteeProfile, MentorProfile
from tests.factories import ConsentFactory, PersonFactory
from tests.urlwalk import iter_patterns


def person(school):
    return PersonFactory(school=school, last_name="Объектова")


def consent(school):
    return ConsentFactory(person=PersonFactory(school=school))


def mentorship(school):
    from mentoring.lifecycle import mentorship_create
    from tests.mentoring.helpers import START, mentee, mentor, teacher_form

    made, _warnings = mentorship_create(
        school=school,
        form=teacher_form(school),
        mentors=[mentor(school)],
        mentees=[mentee(school)],
        start=START,
        end=START.replace(year=START.year + 1) - datetime.timedelta(days=1),
        by=None,
    )
    return made


def cross_link(school):
    """A pair of ``school`` whose mentor works in a third school of its municipality."""
    from mentoring import cross_school
    from people.models import ConsentKind
    from tests.factories import SchoolFactory
    from tests.mentoring.helpers import START, mentee, mentor, teacher_form

    third = SchoolFactory(municipality=school.municipality)
    teacher, young = mentor(third), mentee(school)
    for someone in (teacher, young):
        ConsentFactory(person=someone, kind=ConsentKind.MUNICIPAL_SHARING, given_on=datetime.date(2026, 1, 1))
    from accounts.models import User
    from accounts.roles import Role

    officer = User.objects.get(memberships__role=Role.MUNICIPAL_OFFICER, memberships__municipality=school.municipality)
    link, _warnings = cross_school.propose(
        municipality=school.municipality,
        mentor=teacher,
        mentees=[young],
        form_name=teacher_form(school).name,
        start=START,
        end=START.replace(year=START.year + 1) - datetime.timedelta(days=1),
        by=officer,
    )
    return link


def replacement(school):
    from mentoring.models import Participant, Replacement

    made = mentorship(school)
    return Replacement.objects.create(
        mentorship=made,
        outgoing=made.participants.get(role=Participant.Role.MENTOR),
        incoming=PersonFactory(school=school),
        reason="illness",
        effective_on=datetime.date(2026, 12, 1),
    )


def petition(school):
    from mentoring.models import Participant, Petition

    made = mentorship(school)
    return Petition.objects.create(
        mentorship=made,
        participant=made.participants.get(role=Participant.Role.MENTEE),
        kind="another_mentor",
        reason="personal",
        submitted_on=datetime.date(2026, 12, 1),
    )


def mentoring_form(school):
    from mentoring.models import MentoringForm

    return MentoringForm.objects.filter(school=school).first()


def program(school):
    from programs.models import Program

    made = mentorship(school)
    return Program.objects.create(mentorship=made, title="П", goal="Ц", start=made.planned_start, end=made.planned_end)


def plan_item(school):
    from programs.models import PlanItem

    return PlanItem.objects.create(program=program(school), title="Встреча", planned_on=datetime.date(2026, 9, 10))


def plan_item_with_evidence(school):
    from django.core.files.base import ContentFile

    item = plan_item(school)
    item.evidence_file.save("note.pdf", ContentFile(b"%PDF-1.4 evidence"))
    return item


def log_entry(school):
    from programs.models import LogEntry

    item = plan_item(school)
    return LogEntry.objects.create(program=item.program, occurred_on=item.planned_on, what_done="Встреча")


def document(school):
    from django.core.files.base import ContentFile

    from documents.models import Document

    made = Document.objects.create(
        school=school,
        type="order_pairs",
        title="О закреплении",
        number="1",
        year=2026,
        sequence=1,
        date=datetime.date(2026, 9, 1),
    )
    made.preview.save("preview.pdf", ContentFile(b"%PDF-1.4 preview"))
    return made


def paper_registration(school):
    from django.core.files.base import ContentFile

    from documents.models import PaperRegistration
    from tests.factories import UserFactory

    registration = PaperRegistration(
        school=school,
        document=document(school),
        sha256="0" * 64,
        registered_by=UserFactory(),
        contest_until=timezone.localdate() + datetime.timedelta(days=5),
    )
    registration.scan.save("scan.pdf", ContentFile(b"%PDF-1.4 scan"), save=False)
    registration.save()
    return registration


def survey(school):
    from surveys.builder import survey_from_template

    return survey_from_template(school=school, key="mentee_exit", by=None)


def survey_question(school):
    return survey(school).questions.first()


def news_item(school):
    from public.models import NewsItem

    return NewsItem.objects.create(school=school, title="Новость", body="Текст", published_on=datetime.date(2026, 9, 1))


def public_file(school):
    from public.models import PublicFile

    return PublicFile.objects.create(school=school, kind="local", title="Положение", link="https://example.org/x.pdf")


def roadmap_event(school):
    from monitoring.models import RoadmapEvent

    return RoadmapEvent.objects.create(
        school=school, year=2026, stage="Этап", title="Событие", starts_on=datetime.date(2026, 9, 1)
    )


class ImportJobToken:
    """An import job as its URLs name it: by its token, not its pk."""

    def __init__(self, job):
        self.job = job
        self.pk = job.token


def import_preview_of(kind_name):
    """A school's finished import preview, waiting for its confirmation."""

    def make(school):
        from people import import_jobs
        from tests.access_objects import import_preview

        return ImportJobToken(import_preview(import_jobs.KINDS[kind_name], school))

    return make


def contest(school):
    from recognition.models import Contest

    return Contest.objects.create(school=school, year=2026)


def signing_certificate(school):
    """Issue 20: a certificate of the school's director (a user of its own)."""
    from signatures import issuing
    from tests.factories import UserFactory

    return issuing.issue(user=UserFactory(), school=school)


# Every URL that names an object: how to make one for a school, and the method that opens it.
def association_recommendation(school):
    from association.models import Recommendation

    return Recommendation.objects.create(school=school, municipality=school.municipality, text="Рекомендация")


def expert_review(school):
    from association.models import ExpertReview

    return ExpertReview.objects.create(
        school=school, municipality=school.municipality, subject="regulation", requested_at=timezone.now()
    )


OBJECT_URLS = {
    # --- issue 20: the director's signing certificates ---
    "signatures:revoke": (signing_certificate, "post"),
    "signatures:download": (signing_certificate, "get"),
    "recognition:detail": (contest, "get"),
    "recognition:nominate": (contest, "post"),
    "recognition:close": (contest, "post"),
    "recognition:award": (contest, "post"),
    "people:import_job": (import_preview_of("people"), "get", "token"),
    "people:import_job_status": (import_preview_of("people"), "get", "token"),
    "people:import_confirm": (import_preview_of("people"), "post", "token"),
    "mentoring:import_job": (import_preview_of("pairs"), "get", "token"),
    "mentoring:import_job_status": (import_preview_of("pairs"), "get", "token"),
    "mentoring:import_confirm": (import_preview_of("pairs"), "post", "token"),
    "people:person": (person, "get"),
    "people:person_update": (person, "get"),
    "people:person_archive": (person, "post"),
    "people:person_restore": (person, "post"),
    "people:mentor_profile": (person, "get"),
    "people:mentee_profile": (person, "get"),
    "people:deficit_add": (person, "get"),
    "people:training_add": (person, "get"),
    "people:award_add": (person, "get"),
    "people:consent_add": (person, "get"),
    "people:consent_withdraw": (consent, "post"),
    "people:consent_scan": (consent, "get"),
    "mentoring:detail": (mentorship, "get"),
    "mentoring:form_edit": (mentoring_form, "get"),
    "mentoring:edit": (mentorship, "get"),
    "mentoring:propose": (mentorship, "post"),
    "mentoring:return_to_draft": (mentorship, "post"),
    "mentoring:terminate": (mentorship, "post"),
    "mentoring:drop": (mentorship, "post"),
    "mentoring:delete": (mentorship, "post"),
    "mentoring:clear_alert": (mentorship, "post"),
    "mentoring:replace": (mentorship, "post"),
    "mentoring:termination_cancel": (mentorship, "post"),
    "mentoring:petition_new": (mentorship, "get"),
    "mentoring:petition_answer": (petition, "post"),
    "mentoring:petition_withdraw": (petition, "post"),
    "programs:start": (mentorship, "get", "mentorship_pk"),
    "programs:detail": (program, "get"),
    "programs:edit": (program, "get"),
    "programs:item_add": (program, "get"),
    "programs:log_add": (program, "get"),
    "programs:agree": (program, "post"),
    "programs:approve": (program, "post"),
    "programs:comment": (program, "post"),
    "programs:return": (program, "post"),
    "programs:correction": (program, "post"),
    "programs:compare": (program, "get"),
    "programs:complete": (program, "post"),
    "programs:self_assessment": (program, "post"),
    "programs:best_practice": (program, "post"),
    "programs:copy": (program, "post"),
    "programs:item_edit": (plan_item, "get"),
    "programs:item_delete": (plan_item, "post"),
    "programs:item_progress": (plan_item, "get"),
    "programs:item_evidence": (plan_item_with_evidence, "get"),
    "programs:reflect": (log_entry, "get"),
    "documents:detail": (document, "get"),
    "documents:status": (document, "get"),
    "documents:render": (document, "post"),
    "documents:pdf": (document, "get"),
    "documents:send": (document, "post"),
    "documents:sign": (document, "post"),
    "documents:return": (document, "post"),
    "documents:scan": (document, "post"),
    "documents:correct": (document, "post"),
    "documents:withdraw": (document, "post"),
    "documents:exclude_pair": (document, "post"),
    "documents:confirm_registration": (paper_registration, "post"),
    "documents:contest_registration": (paper_registration, "post"),
    "documents:party_sign": (document, "get"),
    "public_news_delete": (news_item, "post"),
    "monitoring:roadmap_event": (roadmap_event, "get"),
    "public_file_delete": (public_file, "post"),
    "surveys:detail": (survey, "get"),
    "surveys:edit": (survey, "get"),
    "surveys:copy": (survey, "post"),
    "surveys:delete": (survey, "post"),
    "surveys:results": (survey, "get"),
    "surveys:question_add": (survey, "get"),
    "surveys:question_edit": (survey_question, "get"),
    "surveys:question_delete": (survey_question, "post"),
    "surveys:question_move": (survey_question, "post"),
    # --- issue 18: pairs across schools (found from the mentee's and the mentor's school only) ---
    "mentoring:cross_detail": (cross_link, "get"),
    "mentoring:cross_agree": (cross_link, "post"),
    "mentoring:cross_refuse": (cross_link, "post"),
    # --- issue 18: the methodical association (the school's side) ---
    "association:school_recommendation_read": (association_recommendation, "post"),
    "association:school_review": (expert_review, "get"),
}
# URLs with parameters that are not school objects.
NOT_SCHOOL_OBJECTS = {
    "password_reset_confirm",
    "programs:ical",
    "verify",
    "documents:new",
    "documents:template_edit",  # a document type's template: the current school's, named by its key
    "documents:template_reset",
    "documents:template_preview",
    "survey_answer",  # a personal link to a questionnaire, opened without a login
    "notifications:open",  # a user's own notification: someone else's is a 404 (tests/notifications)
    "monitoring:report",  # a report kind, not an object
    # Public pages: the school is named in the address and only published rows are shown.
    "public:index",
    "public:people",
    "public:programs",
    "public:documents",
    "public:file",
    "public:regulation",
    "public:report",
    "public:news",
    "public:news_item",
    "public:feed",
    "public:widget",
    "public:municipality",
    # --- issue 18: the municipal bank and the municipal bases ---
    # A person of the municipality, not of the current school; the other municipality's coordinator
    # gets 404 (tests/municipal/test_bank.py). A base is named by its kind.
    "municipal:bank_person",
    "municipal:bases_export",
    # --- issue 18: roadmaps approved, the methodical association ---
    # Rows of request.municipality: the other municipality's coordinator gets 404
    # (tests/municipal/test_roadmaps.py, tests/association/test_association.py).
    "municipal:roadmap_submission",
    "municipal:roadmap_review",
    "association:member_remove",
    "association:member_chair",
    "association:meeting",
    "association:meeting_edit",
    "association:meeting_file",
    "association:review",
    "association:review_take",
    "association:review_write",
    "association:review_subject",
    # --- issue 19: a municipality of request.region, named by its slug; another region's is a 404
    # (tests/region/test_region_pages.py). Aggregates only, no school object.
    "region:municipality",
}


# Lists of school rows: URL name → factory of a row that must show up.
def mentor_named(school, name):
    return MentorProfile.objects.create(person=PersonFactory(school=school, last_name=name))


def mentee_named(school, name):
    return MenteeProfile.objects.create(person=PersonFactory(school=school, last_name=name))


def audited_named(school, name):
    from audit.log import record
    from audit.models import AuditAction

    return record(actor=None, school=school, action=AuditAction.VIEW, obj=PersonFactory(school=school, last_name=name))


def needing_named(school, name):
    return PersonFactory(school=school, last_name=name, teaching_started_on=timezone.localdate())


def archived_named(school, name):
    """A pair completed two academic years ago: in the archive, not on the board."""
    from mentoring.models import Status
    from tests.mentoring.test_board_archive import pair

    ended = timezone.localdate().replace(day=1) - datetime.timedelta(days=700)
    return pair(school, Status.COMPLETED, ended - datetime.timedelta(days=270), ended, ended, mentee_name=name)


LIST_URLS = {
    "people:bank": (lambda school, name: PersonFactory(school=school, last_name=name), "curator"),
    "people:mentors": (mentor_named, "curator"),
    "people:mentees": (mentee_named, "curator"),
    "people:actualization": (needing_named, "curator"),
    "audit:log": (audited_named, "director"),
    "mentoring:archive": (archived_named, "curator"),
    "mentoring:board": (
        lambda school, name: (
            mentorship(school)
            .mentees[0]
            .__class__.objects.filter(participations__mentorship__school=school)
            .update(last_name=name)
        ),
        "curator",
    ),
}


def object_urls():
    return [(name, kwargs) for name, _route, kwargs in iter_patterns() if kwargs and name not in NOT_SCHOOL_OBJECTS]


def test_every_object_url_is_declared_here():
    undeclared = [name for name, _kwargs in object_urls() if name not in OBJECT_URLS]
    assert undeclared == [], f"add these URLs to OBJECT_URLS so isolation is tested: {undeclared}"


@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_curator_gets_404_for_other_schools_objects(cast, client_as, url_name):
    client = client_as(cast.curator)
    make, method, *kwarg = OBJECT_URLS[url_name]
    key = kwarg[0] if kwarg else "pk"
    own, foreign = make(cast.school), make(cast.other_school)
    open_url = getattr(client, method)

    # Found in its own school (allowed, redirected after acting, or refused for this role)…
    assert open_url(reverse(url_name, kwargs={key: own.pk})).status_code in {200, 302, 403}
    # …and never found from another school.
    assert open_url(reverse(url_name, kwargs={key: foreign.pk})).status_code == 404


@pytest.mark.parametrize("url_name", sorted(LIST_URLS))
def test_lists_never_show_other_schools_rows(cast, client_as, url_name):
    make, viewer = LIST_URLS[url_name]
    make(cast.school, "Своякова")
    make(cast.other_school, "Чужакова")

    page = client_as(getattr(cast, viewer)).get(reverse(url_name)).content.decode()

    assert "Своякова" in page
    assert "Чужакова" not in page


def test_switching_school_moves_the_scope(cast, client_as):
    from tests.factories import MembershipFactory

    MembershipFactory(user=cast.curator, school=cast.other_school, role="curator")
    foreign = PersonFactory(school=cast.other_school, last_name="Чужакова")
    client = client_as(cast.curator)
    assert client.get(reverse("people:person", kwargs={"pk": foreign.pk})).status_code == 404

    client.post(reverse("switch_school"), {"school": cast.other_school.pk})

    assert client.get(reverse("people:person", kwargs={"pk": foreign.pk})).status_code == 200


def test_cannot_switch_to_a_school_without_a_role(cast, client_as):
    client = client_as(cast.curator)
    response = client.post(reverse("switch_school"), {"school": cast.other_school.pk})
    assert response.status_code == 404
    foreign = PersonFactory(school=cast.other_school)
    assert client.get(reverse("people:person", kwargs={"pk": foreign.pk})).status_code == 404


# Belong to a user across schools, not to a school.
USER_LEVEL_MODELS = {"programs.CalendarFeed", "notifications.Preference", "notifications.ScheduledRun"}


def test_every_school_model_is_scoped():
    """Each model holding school data offers ``for_school`` on its default manager; a municipality's
    own rows offer ``for_municipality`` (another municipality's coordinator gets 404 for them:
    tests/association, tests/municipal, tests/mentoring/test_cross_school.py)."""
    unscoped = []
    for model in apps.get_models():
        # django-axes counts wrong passwords per login and address: no school's data.
        if model._meta.app_label in {"accounts", "admin", "auth", "axes", "contenttypes", "sessions"}:
            continue
        if model._meta.label in USER_LEVEL_MODELS:
            continue
        if hasattr(model, "school_path") and isinstance(model._default_manager.all(), SchoolScopedQuerySet):
            continue
        if hasattr(model, "municipality_path") and isinstance(model._default_manager.all(), MunicipalityScopedQuerySet):
            continue
        unscoped.append(model._meta.label)
    assert unscoped == [], f"models without the school scope: {unscoped}"
