"""Who may do what: the portal's only authorization table.

Views ask ``request.user.has_perm(ACTION, obj)`` (or use ``PermissionRequiredMixin``);
templates ask ``{% has_perm ACTION user obj as allowed %}``. ``obj`` is the object
acted on, or the current school for actions on a whole list or page. Rules are
predicates from django-rules; roles are read from the user's memberships in the
object's school (see ``accounts.memberships``).
"""

import rules
from django.core.exceptions import PermissionDenied
from rules.permissions import ObjectPermissionBackend

from accounts.memberships import memberships_of, municipal_roles_in, regional_roles_in, roles_in
from accounts.roles import MUNICIPAL_ROLES, REGIONAL_ROLES, Role
from accounts.scoping import school_of


def has_school_role(*roles: Role):
    wanted = frozenset(roles)
    name = "has_role:" + ",".join(sorted(wanted))

    @rules.predicate(name=name)
    def predicate(user, obj) -> bool:
        school = school_of(obj)
        return bool(school is not None and roles_in(user, school) & wanted)

    return predicate


@rules.predicate
def is_member_of_school(user, obj) -> bool:
    school = school_of(obj)
    return school is not None and bool(roles_in(user, school))


def municipality_of(obj):
    """The municipality an object belongs to: itself, a school's, or its ``municipality`` attribute
    (``municipality_path`` names a longer way, as ``school_path`` does for school data)."""
    from accounts.models import Municipality, School

    if obj is None or isinstance(obj, Municipality):
        return obj
    if isinstance(obj, School):
        return obj.municipality
    path = getattr(type(obj), "municipality_path", None)
    if path is None:
        return getattr(obj, "municipality", None)
    target = obj
    for attr in path.split("__"):
        target = getattr(target, attr)
        if target is None:
            return None
    return target


def _has_role_above_schools(level: str, place_of, roles_there, roles):
    """The user holds one of ``roles`` in the object's ``level`` (found by ``place_of``); with no
    object (a menu entry, the home page), anywhere."""
    wanted = frozenset(roles)

    @rules.predicate(name=f"has_{level}_role:" + ",".join(sorted(wanted)))
    def predicate(user, obj=None) -> bool:
        if obj is None:
            return any(m.role in wanted for m in memberships_of(user))
        place = place_of(obj)
        return bool(place is not None and roles_there(user, place) & wanted)

    return predicate


def has_municipal_role(*roles: Role):
    return _has_role_above_schools("municipal", municipality_of, municipal_roles_in, roles)


def region_of(obj):
    """The region an object belongs to: itself, a municipality's, or a school's municipality's."""
    from accounts.models import Region

    if obj is None or isinstance(obj, Region):
        return obj
    municipality = municipality_of(obj)
    return municipality.region if municipality is not None else None


def has_regional_role(*roles: Role):
    return _has_role_above_schools("regional", region_of, regional_roles_in, roles)


in_region = has_regional_role(*REGIONAL_ROLES)
is_municipal_officer = has_municipal_role(Role.MUNICIPAL_OFFICER)
is_municipal_methodist = has_municipal_role(Role.MUNICIPAL_METHODIST)
in_municipality = has_municipal_role(*MUNICIPAL_ROLES)


@rules.predicate
def works_in_municipality(user, obj=None) -> bool:
    """The user holds a role in one of the object's municipality's schools."""
    municipality = municipality_of(obj)
    return municipality is not None and any(
        m.school is not None and m.school.municipality_id == municipality.pk for m in memberships_of(user)
    )


@rules.predicate
def is_own_person(user, person) -> bool:
    return person is not None and person.user_id is not None and person.user_id == user.pk


@rules.predicate
def takes_part(user, mentorship) -> bool:
    """The user is (or was) a mentor or mentee of this mentorship."""
    if mentorship is None or not user.is_authenticated:
        return False
    return any(p.person.user_id == user.pk for p in mentorship.participants.all())


def _current_role_in(user, mentorship, role: str) -> bool:
    return any(
        p.person.user_id == user.pk and p.role == role and p.ended_on is None for p in mentorship.participants.all()
    )


@rules.predicate
def mentors_program(user, program) -> bool:
    """The user is a current mentor of the program's mentorship."""
    return program is not None and user.is_authenticated and _current_role_in(user, program.mentorship, "mentor")


@rules.predicate
def mentors_mentorship(user, mentorship) -> bool:
    return mentorship is not None and user.is_authenticated and _current_role_in(user, mentorship, "mentor")


@rules.predicate
def mentors_person(user, person) -> bool:
    """The user currently mentors ``person`` in a mentorship fixed by an order and not ended."""
    from mentoring.models import FIXED, Mentorship, Participant

    if person is None or not user.is_authenticated or person.user_id == user.pk:
        return False
    mine = Mentorship.objects.filter(
        school_id=person.school_id,
        participants__person__user=user,
        participants__role=Participant.Role.MENTOR,
        participants__ended_on__isnull=True,
        status__in=FIXED,
    )
    return Participant.objects.filter(
        mentorship__in=mine, person=person, role=Participant.Role.MENTEE, ended_on__isnull=True
    ).exists()


@rules.predicate
def takes_part_now(user, mentorship) -> bool:
    return (
        mentorship is not None
        and user.is_authenticated
        and any(p.person.user_id == user.pk and p.ended_on is None for p in mentorship.participants.all())
    )


@rules.predicate
def mentee_of_program(user, program) -> bool:
    return program is not None and user.is_authenticated and _current_role_in(user, program.mentorship, "mentee")


@rules.predicate
def coauthors_draft(user, program) -> bool:
    """The mentee writes the draft together with the mentor (seed 000 §2.8); once agreed, only versions change it."""
    return program is not None and program.status == "draft" and mentee_of_program(user, program)


@rules.predicate
def takes_part_in_program(user, program) -> bool:
    return program is not None and takes_part(user, program.mentorship)


@rules.predicate
def is_document_party(user, document) -> bool:
    """The user is the person a document is about (the subject of a consent, the employee of an agreement)."""
    person = getattr(document, "person", None)
    return person is not None and user.is_authenticated and person.user_id == user.pk


@rules.predicate
def signs_on_paper(user, obj) -> bool:
    """The school's director signs documents on paper (documents' settings), not in the portal."""
    from documents.models import DocumentSettings, SigningMode

    school = school_of(obj)
    return (
        school is not None and DocumentSettings.objects.filter(school=school, signing_mode=SigningMode.PAPER).exists()
    )


@rules.predicate
def is_best_practice(user, program) -> bool:
    return program is not None and hasattr(program, "best_practice")


@rules.predicate
def manages_mentor_school(user, obj) -> bool:
    """The user is a director, curator or secretary of the school whose employee mentors in this
    pair (or this program's pair) of another school (issue 18, mentoring.cross_school): they read it."""
    mentorship = getattr(obj, "mentorship", obj)
    link = getattr(mentorship, "cross_link", None) if mentorship is not None else None
    if link is None:
        return False
    return bool(roles_in(user, link.mentor_school) & {Role.DIRECTOR, Role.CURATOR, Role.SECRETARY})


is_director = has_school_role(Role.DIRECTOR)
is_curator = has_school_role(Role.CURATOR)
is_secretary = has_school_role(Role.SECRETARY)
is_council_member = has_school_role(Role.COUNCIL_MEMBER)
is_mentor = has_school_role(Role.MENTOR)
is_mentee = has_school_role(Role.MENTEE)
keeps_bank = has_school_role(Role.CURATOR, Role.SECRETARY)
manages_school = has_school_role(Role.DIRECTOR, Role.CURATOR, Role.SECRETARY)


class Action:
    """Names of the actions, so a typo is an AttributeError and not a silent False."""

    VIEW_DASHBOARD = "portal.view_dashboard"
    VIEW_MUNICIPALITY = "portal.view_municipality"
    # The region (seed 004 §III.2): its municipalities' aggregates side by side, and each
    # municipality's schools' aggregates; the object is the region or one of its municipalities.
    VIEW_REGION = "region.view_region"
    EXPORT_REGION = "region.export_region"
    # The municipality's own work (issue 18); the object is the municipality unless said otherwise.
    VIEW_MUNICIPAL_BANK = "municipal.view_bank"
    EXPORT_MUNICIPAL_BASES = "municipal.export_bases"
    PROPOSE_CROSS_PAIR = "municipal.propose_cross_pair"
    REVIEW_ROADMAPS = "municipal.review_roadmaps"
    VIEW_MUNICIPAL_ROADMAPS = "municipal.view_roadmaps"
    SUBMIT_ROADMAP = "monitoring.submit_roadmap"  # the school
    MANAGE_ASSOCIATION = "association.manage_members"
    VIEW_ASSOCIATION = "association.view"
    RECORD_ASSOCIATION_WORK = "association.record_work"  # meetings, minutes, recommendations
    WRITE_EXPERT_REVIEW = "association.write_review"
    REQUEST_EXPERT_REVIEW = "association.request_review"  # the school
    VIEW_EXPERT_REVIEWS = "association.view_reviews"  # the school
    # The school's curator or director acknowledges a recommendation of the association (issue 18,
    # item 5: they are the ones it is addressed to): it leaves their to-do list.
    READ_RECOMMENDATIONS = "association.read_recommendations"  # the school
    VIEW_MUNICIPAL_PRACTICES = "municipal.view_practices"
    VIEW_MUNICIPAL_REPORT = "municipal.view_report"
    # The report's own conclusions are the coordinator's (seed 004 §III.6: the education department writes it).
    EDIT_MUNICIPAL_REPORT = "municipal.edit_report"
    VIEW_BANK = "people.view_bank"
    VIEW_PERSON = "people.view_person"
    VIEW_PROFESSIONAL_CARD = "people.view_professional_card"
    CHANGE_PERSON = "people.change_person"
    MANAGE_SCHOOL = "accounts.manage_school"
    UNLOCK_LOGIN = "accounts.unlock_login"
    IMPORT_PEOPLE = "people.import_people"
    EXPORT_PEOPLE = "people.export_people"
    MANAGE_CONSENTS = "people.manage_consents"
    VIEW_CONSENT_SCAN = "people.view_consent_scan"
    CONFIRM_BANK = "people.confirm_bank"
    VIEW_AUDIT_LOG = "audit.view_log"
    EXPORT_SCHOOL = "accounts.export_school"
    VIEW_BOARD = "mentoring.view_board"
    VIEW_MENTORSHIP = "mentoring.view_mentorship"
    MANAGE_MENTORSHIPS = "mentoring.manage_mentorships"
    DRAFT_PAIRS = "mentoring.draft_pairs"
    DELETE_DRAFT_MENTORSHIP = "mentoring.delete_draft_mentorship"
    VIEW_OWN_MENTORSHIPS = "mentoring.view_own_mentorships"
    EDIT_CATALOG = "mentoring.edit_catalog"
    SUBMIT_PETITION = "mentoring.submit_petition"
    ANSWER_PETITIONS = "mentoring.answer_petitions"
    START_PROGRAM = "programs.start_program"
    VIEW_PROGRAM = "programs.view_program"
    EDIT_PROGRAM = "programs.edit_program"
    AGREE_PROGRAM = "programs.agree_program"
    APPROVE_PROGRAM = "programs.approve_program"
    COMMENT_PROGRAM = "programs.comment_program"
    RETURN_PROGRAM = "programs.return_program"
    LOG_EVENT = "programs.log_event"
    REFLECT = "programs.reflect"
    COMPLETE_PROGRAM = "programs.complete_program"
    MARK_BEST_PRACTICE = "programs.mark_best_practice"
    VIEW_PROGRAM_BANK = "programs.view_program_bank"
    COPY_PROGRAM = "programs.copy_program"
    VIEW_SCHOOL_CALENDAR = "programs.view_school_calendar"
    VIEW_DOCUMENTS = "documents.view_documents"
    DRAFT_DOCUMENTS = "documents.draft_documents"
    SIGN_DOCUMENTS = "documents.sign_documents"
    REGISTER_SIGNED_ORIGINAL = "documents.register_signed_original"
    CONTEST_REGISTRATION = "documents.contest_registration"
    MANAGE_DOCUMENT_SETTINGS = "documents.manage_document_settings"
    SIGN_AS_PARTY = "documents.sign_as_party"
    VIEW_MONITORING = "monitoring.view_monitoring"
    VIEW_PEOPLE_BEHIND = "monitoring.view_people_behind"
    EDIT_MONITORING = "monitoring.edit_monitoring"
    FREEZE_MONITORING = "monitoring.freeze_results"
    UNFREEZE_MONITORING = "monitoring.unfreeze_results"
    EDIT_PUBLIC = "public.edit_public"
    PREPARE_PUBLIC = "public.prepare_public"
    MANAGE_SURVEYS = "surveys.manage_surveys"
    VIEW_SURVEY_RESULTS = "surveys.view_survey_results"
    NOMINATE_MENTORS = "recognition.nominate_mentors"
    MANAGE_CONTESTS = "recognition.manage_contests"
    VIEW_CONTESTS = "recognition.view_contests"


rules.add_perm(Action.VIEW_DASHBOARD, is_member_of_school)
rules.add_perm(Action.VIEW_MUNICIPALITY, in_municipality)
# Aggregates only, never a person: the regional coordinator reaches no school's pages.
rules.add_perm(Action.VIEW_REGION, in_region)
rules.add_perm(Action.EXPORT_REGION, in_region)
rules.add_perm(Action.VIEW_BANK, manages_school | is_council_member)
rules.add_perm(Action.VIEW_PERSON, manages_school | is_council_member | is_own_person)
# A mentor reads the professional part of a current mentee's card, never contacts or documents (001 §5.1.1).
rules.add_perm(Action.VIEW_PROFESSIONAL_CARD, mentors_person)
rules.add_perm(Action.CHANGE_PERSON, keeps_bank)
rules.add_perm(Action.MANAGE_SCHOOL, is_director | is_curator)
# Lifting a lockout after wrong passwords (accounts.lockouts), for the school's own people.
rules.add_perm(Action.UNLOCK_LOGIN, is_director)
rules.add_perm(Action.IMPORT_PEOPLE, keeps_bank)
rules.add_perm(Action.EXPORT_PEOPLE, manages_school)
rules.add_perm(Action.MANAGE_CONSENTS, keeps_bank)
rules.add_perm(Action.VIEW_CONSENT_SCAN, manages_school | is_own_person)
rules.add_perm(Action.CONFIRM_BANK, keeps_bank)
rules.add_perm(Action.VIEW_AUDIT_LOG, is_director)
rules.add_perm(Action.EXPORT_SCHOOL, is_director)
rules.add_perm(Action.VIEW_BOARD, manages_school | is_council_member)
rules.add_perm(Action.VIEW_MENTORSHIP, manages_school | is_council_member | takes_part | manages_mentor_school)
rules.add_perm(Action.MANAGE_MENTORSHIPS, is_curator | is_director)
# The council helps form pairs (002 §IV.5): its members save drafts; proposing them stays the curator's.
rules.add_perm(Action.DRAFT_PAIRS, is_curator | is_director | is_council_member)
# A draft made by mistake (issue 15): only those who form pairs delete one; anything further is «не сформирована».
rules.add_perm(Action.DELETE_DRAFT_MENTORSHIP, is_curator | is_director)
rules.add_perm(Action.VIEW_OWN_MENTORSHIPS, is_mentor | is_mentee)
rules.add_perm(Action.EDIT_CATALOG, is_curator | is_director)
rules.add_perm(Action.SUBMIT_PETITION, takes_part_now)
rules.add_perm(Action.ANSWER_PETITIONS, is_curator | is_director)
# Program actions take the program (or, to start one, the mentorship) as the object.
rules.add_perm(Action.START_PROGRAM, mentors_mentorship | is_curator)
reads_program = manages_school | is_council_member | takes_part_in_program
# The mentor's school of a pair across schools reads it too (issue 18), without taking part in it.
rules.add_perm(Action.VIEW_PROGRAM, reads_program | manages_mentor_school)
rules.add_perm(Action.EDIT_PROGRAM, mentors_program | is_curator | coauthors_draft)
rules.add_perm(Action.AGREE_PROGRAM, mentee_of_program)
rules.add_perm(Action.APPROVE_PROGRAM, is_curator)
# The council reviews programs (001 §4.1.3, 002 §IV.5): it comments and returns them for correction.
rules.add_perm(Action.COMMENT_PROGRAM, reads_program & (is_council_member | is_curator | takes_part_in_program))
rules.add_perm(Action.RETURN_PROGRAM, is_council_member | is_curator)
rules.add_perm(Action.LOG_EVENT, mentors_program)
rules.add_perm(Action.REFLECT, mentee_of_program)
rules.add_perm(Action.COMPLETE_PROGRAM, mentors_program | is_curator)
rules.add_perm(Action.MARK_BEST_PRACTICE, is_curator | is_council_member)
rules.add_perm(Action.VIEW_PROGRAM_BANK, manages_school | is_council_member | is_mentor)
# The source of a copy: a program the user reads, or a best practice the bank shows every mentor.
rules.add_perm(Action.COPY_PROGRAM, reads_program | (is_mentor & is_best_practice))
rules.add_perm(Action.VIEW_SCHOOL_CALENDAR, manages_school | is_council_member)
rules.add_perm(Action.VIEW_DOCUMENTS, manages_school)
rules.add_perm(Action.DRAFT_DOCUMENTS, manages_school)
rules.add_perm(Action.SIGN_DOCUMENTS, is_director)
# A paper original's scan makes the document signed and applies it (issue 15): the director always;
# the curator or the secretary only in a school whose director signs on paper, and the director
# is told at once and may contest it (documents.paper).
rules.add_perm(Action.REGISTER_SIGNED_ORIGINAL, is_director | (keeps_bank & signs_on_paper))
rules.add_perm(Action.CONTEST_REGISTRATION, is_director)
# The school's requisites, numbering and the wording of its documents (the Положение among them).
rules.add_perm(Action.MANAGE_DOCUMENT_SETTINGS, is_director | is_curator)
# A consent is its subject's, an agreement also the employee's: each signs their own, nobody else's.
rules.add_perm(Action.SIGN_AS_PARTY, is_document_party)
rules.add_perm(Action.VIEW_MONITORING, manages_school | is_council_member)
rules.add_perm(Action.VIEW_PEOPLE_BEHIND, manages_school)
rules.add_perm(Action.EDIT_MONITORING, is_curator | is_director)
# The year's figures are frozen for the public report by 30 June (seed 000 §1.6): the curator
# (or the director) may do it before the yearly job; only the director may undo it.
rules.add_perm(Action.FREEZE_MONITORING, is_curator | is_director)
rules.add_perm(Action.UNFREEZE_MONITORING, is_director)
rules.add_perm(Action.EDIT_PUBLIC, keeps_bank)
# The council prepares the section's content; it shows only once the curator publishes it.
rules.add_perm(Action.PREPARE_PUBLIC, keeps_bank | is_council_member)
# Survey actions take the survey as the object (the current school for the list pages).
rules.add_perm(Action.MANAGE_SURVEYS, manages_school)
rules.add_perm(Action.VIEW_SURVEY_RESULTS, manages_school | is_council_member)
# The mentor contest (seed 000 §5.2): the council nominates, the curator or the director chooses the winners.
rules.add_perm(Action.NOMINATE_MENTORS, is_council_member | is_curator | is_director)
rules.add_perm(Action.MANAGE_CONTESTS, is_curator | is_director)
rules.add_perm(Action.VIEW_CONTESTS, manages_school | is_council_member)

# --- the municipality (issue 18; seed 004 §III.6–7, seed 003 §6.4, seed 001 §4.2) ---------------
# The coordinator keeps the municipal bank and forms pairs across schools; the methodical
# association reads the bank to recommend pairs and programs. Only what matching needs, and
# only of those who consented to share it with the municipality (municipal.bank).
rules.add_perm(Action.VIEW_MUNICIPAL_BANK, in_municipality)
rules.add_perm(Action.EXPORT_MUNICIPAL_BASES, is_municipal_officer)
rules.add_perm(Action.PROPOSE_CROSS_PAIR, is_municipal_officer)
rules.add_perm(Action.REVIEW_ROADMAPS, is_municipal_officer)
rules.add_perm(Action.VIEW_MUNICIPAL_ROADMAPS, in_municipality)
rules.add_perm(Action.SUBMIT_ROADMAP, is_curator | is_director)
rules.add_perm(Action.MANAGE_ASSOCIATION, is_municipal_officer)
rules.add_perm(Action.VIEW_ASSOCIATION, in_municipality)
rules.add_perm(Action.RECORD_ASSOCIATION_WORK, is_municipal_methodist | is_municipal_officer)
rules.add_perm(Action.WRITE_EXPERT_REVIEW, is_municipal_methodist)
rules.add_perm(Action.REQUEST_EXPERT_REVIEW, is_curator | is_director)
rules.add_perm(Action.VIEW_EXPERT_REVIEWS, manages_school | is_council_member)
rules.add_perm(Action.READ_RECOMMENDATIONS, is_curator | is_director)
# Published practices are public anyway; the bank with search serves the municipality and its schools.
rules.add_perm(Action.VIEW_MUNICIPAL_PRACTICES, in_municipality | works_in_municipality)
rules.add_perm(Action.VIEW_MUNICIPAL_REPORT, in_municipality)
# The association reads the report; only the coordinator writes its conclusions.
rules.add_perm(Action.EDIT_MUNICIPAL_REPORT, is_municipal_officer)


class PortalPermissionBackend(ObjectPermissionBackend):
    """The table above is the last word on the portal's actions: what it refuses, no Django
    model permission granted in the admin can grant (and ``ModelBackend`` does not read the
    user's and groups' permissions, two queries, on every page where some check says no).
    Permissions the table does not name (the admin's model permissions) go on to ``ModelBackend``."""

    def has_perm(self, user, perm, *args, **kwargs):
        if not rules.perm_exists(perm):
            return False
        if super().has_perm(user, perm, *args, **kwargs):
            return True
        raise PermissionDenied  # stops Django asking the next backends
