"""Drafting documents from the portal's data: each type builds the words it prints.

The context is computed once, when the draft is made, and stored with the document, so a
later change in the bank does not silently change what the director is about to sign.
Names are declined here (``documents.declension``), never by hand-written endings.
"""

import datetime
import functools
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from documents import phrases
from documents.declension import Case, decline_person, initials_and_last_name
from documents.models import Document, DocumentSettings, DocumentStatus, DocumentType
from documents.numbering import next_number
from mentoring.models import ReplacementReason, TerminationReason
from mentoring.models import Status as MentorshipStatus
from people.consents import consent_term_end
from people.models import ConsentKind, PersonKind
from programs.models import PlanItemStatus

DATE = "%d.%m.%Y"

TITLES = {
    DocumentType.ORDER_REGULATION: "Об утверждении Положения о системе наставничества и дорожной карты",
    DocumentType.ORDER_CURATOR: "О назначении куратора реализации программ наставничества",
    DocumentType.ORDER_PAIRS: "О закреплении наставников за наставляемыми",
    DocumentType.ORDER_REPLACEMENT: "О замене наставника",
    DocumentType.ORDER_COMPLETION: "О завершении реализации персонализированных программ наставничества",
    DocumentType.ORDER_TERMINATION: "О досрочном прекращении наставничества",
    DocumentType.ORDER_EXTENSION: "О продлении срока наставничества",
    DocumentType.ORDER_AWARD: "О поощрении наставников",
    DocumentType.ORDER_COUNCIL: "О составе методического объединения (совета наставников)",
    DocumentType.CONSENT_PARTICIPATION: "Согласие на участие в программе наставничества",
    DocumentType.CONSENT_PERSONAL_DATA: "Согласие на обработку персональных данных",
    DocumentType.CONSENT_GUARDIAN: "Согласие законного представителя",
    DocumentType.CONSENT_PUBLICATION: "Согласие на распространение персональных данных",
    DocumentType.CONSENT_MUNICIPAL: "Согласие на передачу персональных данных в муниципальную базу наставников",
    DocumentType.CONTRACT_SUPPLEMENT: "Дополнительное соглашение к трудовому договору",
    DocumentType.PROGRAM: "Персонализированная программа наставничества",
    DocumentType.MENTOR_REPORT: "Отчёт наставника о реализации персонализированной программы",
    DocumentType.ORDER_EXTERNAL_MENTOR: "О закреплении наставника за педагогом другой образовательной организации",
}


def in_russian(function):
    """Documents are printed in Russian whatever language the user reads the portal in: catalog
    names and status labels stored in the context are taken in Russian."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with translation.override("ru"):
            return function(*args, **kwargs)

    return wrapper


def _name(person) -> dict:
    """A person in every form a document needs, with the sex and class the wording agrees with."""
    position = person.position or str(person.get_kind_display())
    return {
        "sex": person.sex,
        "pos": phrases.position_forms(position),
        "full": person.full_name,
        "gent": decline_person(person, Case.GENITIVE),
        "datv": decline_person(person, Case.DATIVE),
        "accs": decline_person(person, Case.ACCUSATIVE),
        "ablt": decline_person(person, Case.INSTRUMENTAL),
        "short": initials_and_last_name(person.last_name, person.first_name, person.patronymic),
        "short_datv": phrases.short_in_case(
            person.last_name, person.first_name, person.patronymic, person.sex, Case.DATIVE
        ),
        "position": position,
        "school_class": person.school_class if person.kind == PersonKind.PUPIL else "",
        "is_pupil": person.kind == PersonKind.PUPIL,
        "is_external": person.kind == PersonKind.EXTERNAL,
        "organization": person.partner_organization.name if person.partner_organization_id else "",
    }


def _subject(person) -> dict:
    """The subject of a consent: the name forms plus the details art. 9 part 4 of 152-ФЗ asks for."""
    return {
        **_name(person),
        "address": person.address,
        "identity_document": person.identity_document,
        "email": person.email,
        "phone": person.phone,
        "birth_date": person.birth_date.strftime(DATE) if person.birth_date else "",
    }


STANDARD_LEGAL_BASIS = (
    "статьёй 28 Федерального закона от 29.12.2012 №\u00a0273-ФЗ «Об образовании в Российской Федерации»",
    "статьёй 351.8 Трудового кодекса Российской Федерации",
    "распоряжением Правительства Российской Федерации от 31.12.2019 №\u00a03273-р «Об утверждении основных "
    "принципов национальной системы профессионального роста педагогических работников Российской Федерации, "
    "включая национальную систему учительского роста»",
    "Методическими рекомендациями по разработке и внедрению системы (целевой модели) наставничества "
    "педагогических работников в образовательных организациях (письмо Минпросвещения России и Общероссийского "
    "Профсоюза образования от 21.12.2021 №\u00a0АЗ-1128/08/657)",
)


def legal_basis(settings_row) -> list[str]:
    """The acts an order on mentoring rests on, in the instrumental after «В соответствии с»."""
    own = [line.strip().rstrip(";,.") for line in (settings_row.legal_basis if settings_row else "").splitlines()]
    return [line for line in own if line] or list(STANDARD_LEGAL_BASIS)


def _regulation(school) -> dict | None:
    """The school's Положение as orders cite it: approved by the latest signed regulation order."""
    order = (
        Document.objects.for_school(school)
        .filter(type=DocumentType.ORDER_REGULATION, status=DocumentStatus.SIGNED)
        .order_by("-date", "-sequence")
        .first()
    )
    if order is None:
        return None
    return {"number": order.number, "date": order.date.strftime(DATE)}


def _school(school) -> dict:
    settings_row = DocumentSettings.objects.filter(school=school).first()
    director = phrases.official(school.director_name, str(school.director_position))
    return {
        "director": director,
        "slug": school.slug,
        "legal_basis": legal_basis(settings_row),
        "regulation": _regulation(school),
        "inn": school.inn,
        "ogrn": school.ogrn,
        "website": school.website,
        "director_in_person_of": f"{director['pos']['genitive']} {director['gent']}".strip(),
        "full_name": school.full_name,
        "short_name": school.short_name or school.full_name,
        "address": school.address,
        "place": settings_row.place if settings_row and settings_row.place else "",
        "director_position": str(school.director_position),
        "director_name": school.director_name,
        "director_short": director["short"],
    }


def _pair_row(mentorship) -> dict:
    return {
        "mentors": [_name(p) for p in mentorship.mentors],
        "mentees": [_name(p) for p in mentorship.mentees],
        "form": str(mentorship.form),
        "start": mentorship.planned_start.strftime(DATE),
        "end": mentorship.planned_end.strftime(DATE),
        "is_group": mentorship.is_group,
    }


def _curator_name(school) -> dict | None:
    from accounts.roles import Role
    from people.models import Person

    person = (
        Person.objects.for_school(school)
        .filter(user__memberships__school=school, user__memberships__role=Role.CURATOR)
        .first()
    )
    return _name(person) if person else None


@transaction.atomic
def draft(*, school, type: str, by, context: dict, title: str = "", supersedes=None, **links) -> Document:
    """Registers a new draft with the next number of the school's registry."""
    day = timezone.localdate()
    series = DocumentType(type).series
    sequence, number = next_number(school, day, series)
    mentorships = links.pop("mentorships", None)
    document = Document.objects.create(
        school=school,
        type=type,
        title=title or TITLES[type],
        number=number,
        year=day.year,
        series=series,
        sequence=sequence,
        date=day,
        context={"school": _school(school), **context},
        created_by=by,
        supersedes=supersedes,
        **links,
    )
    if mentorships:
        document.mentorships.set(mentorships)
    return document


# --- one function per kind of document ---------------------------------------------


def _groups_word(mentorships, *, case: str = "gent") -> str:
    """«наставнических пар», «наставнических групп» or «наставнических пар и групп» (or in the instrumental)."""
    kinds = {m.is_group for m in mentorships}
    words = {
        "gent": ("наставнических пар", "наставнических групп", "наставнических пар и групп"),
        "ablt": ("наставническими парами", "наставническими группами", "наставническими парами и группами"),
    }[case]
    if kinds == {False}:
        return words[0]
    if kinds == {True}:
        return words[1]
    return words[2]


def _participants(mentorships) -> tuple[list, list]:
    mentors, mentees, seen = [], [], set()
    for mentorship in mentorships:
        for person in mentorship.mentors:
            if person.pk not in seen:
                seen.add(person.pk)
                mentors.append(person)
        for person in mentorship.mentees:
            if person.pk not in seen:
                seen.add(person.pk)
                mentees.append(person)
    return mentors, mentees


def _acquainted(*groups) -> list[dict]:
    """Everyone the order gives a task or concerns, once each, in the order given."""
    seen, people = set(), []
    for group in groups:
        for person in group:
            if person is not None and person["full"] not in seen:
                seen.add(person["full"])
                people.append(person)
    return people


@in_russian
def pairs_order_context(school, mentorships) -> dict:
    """The part of a pair-fixing order's content that depends on its pairs (drafted again when one is excluded)."""
    return _pairs_context(school, list(mentorships))


def _pairs_context(school, mentorships) -> dict:
    mentors, mentees = _participants(mentorships)
    mentor_names, mentee_names = [_name(p) for p in mentors], [_name(p) for p in mentees]
    curator = _curator_name(school)
    return {
        "pairs": [_pair_row(m) for m in mentorships],
        "mentors": mentor_names,
        "mentees": mentee_names,
        "groups_word": _groups_word(mentorships),
        "groups_word_ablt": _groups_word(mentorships, case="ablt"),
        "curator": curator,
        "acquainted": _acquainted(mentor_names, mentee_names, [curator]),
    }


def _refuse_pairs_in_pending_orders(mentorships, type: str) -> None:
    from documents.orders import pending_order_for

    problems = []
    for mentorship in mentorships:
        order = pending_order_for(mentorship, type)
        if order is not None:
            problems.append(
                _("%(pair)s is already in the draft order No. %(number)s: exclude it there first.")
                % {"pair": mentorship, "number": order.number}
            )
    if problems:
        raise ValidationError(problems)


@in_russian
def draft_pairs_order(*, school, mentorships, by, basis: str = "") -> Document:
    mentorships = list(mentorships)
    if not mentorships:
        raise ValidationError(_("Choose the pairs and groups the order fixes."))
    wrong = [m for m in mentorships if m.status != MentorshipStatus.PROPOSED]
    if wrong:
        raise ValidationError(
            _("Only proposed pairs and groups are fixed by an order: %(list)s.") % {"list": "; ".join(map(str, wrong))}
        )
    _refuse_pairs_in_pending_orders(mentorships, DocumentType.ORDER_PAIRS)
    from mentoring.cross_school import fixing_problems  # a mentor from another school: their order first

    if problems := [problem for m in mentorships for problem in fixing_problems(m)]:
        raise ValidationError(problems)
    return draft(
        school=school,
        type=DocumentType.ORDER_PAIRS,
        by=by,
        mentorships=mentorships,
        context={"basis": basis.strip(), **_pairs_context(school, mentorships)},
    )


@in_russian
def draft_external_mentor_order(*, link, by) -> Document:
    """The mentor's school assigns its employee to mentor a teacher of another school of the
    municipality (issue 18): the extra duty, the mentee and her school, the term, the form and the
    pay (Labour Code art. 351.8). The mentee's school fixes the pair by its own order afterwards."""
    from documents.orders import PENDING

    school, mentorship = link.mentor_school, link.mentorship
    if link.mentor_order_id and link.mentor_order.status in (*PENDING, DocumentStatus.SIGNED):
        raise ValidationError(
            _("The order for this mentor is already registered: No. %(number)s.") % {"number": link.mentor_order.number}
        )
    mentors = [p for p in mentorship.mentors if p.school_id == school.pk]
    if not mentors:
        raise ValidationError(_("The pair has no mentor of this school."))
    mentor, mentees = _name(mentors[0]), [_name(p) for p in mentorship.mentees]
    host = mentorship.school
    curator = _curator_name(school)
    return draft(
        school=school,
        type=DocumentType.ORDER_EXTERNAL_MENTOR,
        by=by,
        person=mentors[0],
        title=f"{TITLES[DocumentType.ORDER_EXTERNAL_MENTOR]}: {mentors[0].short_name}",
        context={
            "mentor": mentor,
            "mentees": mentees,
            "host": {"full_name": host.full_name, "short_name": host.short_name or host.full_name},
            "form": str(mentorship.form),
            "modes": [str(m) for m in mentorship.modes.all()],
            "direction": mentorship.direction,
            "start": mentorship.planned_start.strftime(DATE),
            "end": mentorship.planned_end.strftime(DATE),
            "is_group": mentorship.is_group,
            "by_municipality": link.proposed_by_municipality,
            "curator": curator,
            "acquainted": _acquainted([mentor], [curator]),
        },
    )


@in_russian
def draft_completion_order(*, school, mentorships, by) -> Document:
    mentorships = list(mentorships)
    if not mentorships:
        raise ValidationError(_("Choose the mentorships the order completes."))
    wrong = [m for m in mentorships if m.status != MentorshipStatus.ACTIVE]
    if wrong:
        raise ValidationError(
            _("Only active mentorships can be completed by an order: %(list)s.") % {"list": "; ".join(map(str, wrong))}
        )
    _refuse_pairs_in_pending_orders(mentorships, DocumentType.ORDER_COMPLETION)
    return draft(
        school=school,
        type=DocumentType.ORDER_COMPLETION,
        by=by,
        mentorships=mentorships,
        context=_pairs_context(school, mentorships),
    )


# Seed 000 §6.3: at a side's initiative or by mutual decision (for valid reasons), at the
# curator's initiative (force majeure); the others from the pair's life.
TERMINATION_GROUNDS = {
    TerminationReason.MUTUAL: "по обоюдному решению наставника и {mentee}",
    TerminationReason.MENTOR_INITIATIVE: "по инициативе наставника по уважительным причинам",
    TerminationReason.MENTEE_INITIATIVE: "по инициативе {mentee} по уважительным причинам",
    TerminationReason.FORCE_MAJEURE: (
        "по инициативе куратора реализации программ наставничества в связи с форс-мажорными обстоятельствами"
    ),
    TerminationReason.IMPROPER_FULFILMENT: (
        "по инициативе куратора реализации программ наставничества в связи с ненадлежащим выполнением "
        "персонализированной программы наставничества"
    ),
    TerminationReason.PARTICIPANT_LEFT: (
        "в связи с прекращением трудовых (образовательных) отношений участника со школой"
    ),
}


def _mentee_word(mentees: list[dict]) -> str:
    """«наставляемого», «наставляемой» or «наставляемых»."""
    if len(mentees) != 1:
        return "наставляемых"
    return phrases.by_sex(mentees[0]["sex"], "наставляемого", "наставляемой")


def _termination_row(mentorship) -> dict:
    row = _pair_row(mentorship)
    grounds = TERMINATION_GROUNDS.get(mentorship.termination_reason, "по иным причинам")
    row["grounds"] = grounds.format(mentee=_mentee_word(row["mentees"]))
    row["note"] = mentorship.termination_note.strip()
    row["on"] = mentorship.termination_on.strftime(DATE)
    return row


@in_russian
def draft_termination_order(*, school, mentorships, by) -> Document:
    mentorships = list(mentorships)
    if not mentorships:
        raise ValidationError(_("Choose the pairs whose early end the order decides."))
    wrong = [m for m in mentorships if not m.termination_proposed]
    if wrong:
        raise ValidationError(
            _("Only pairs whose early end is proposed can be ended by an order: %(list)s.")
            % {"list": "; ".join(map(str, wrong))}
        )
    _refuse_pairs_in_pending_orders(mentorships, DocumentType.ORDER_TERMINATION)
    context = _pairs_context(school, mentorships)
    context["pairs"] = [_termination_row(m) for m in mentorships]
    return draft(school=school, type=DocumentType.ORDER_TERMINATION, by=by, mentorships=mentorships, context=context)


def _extension_row(mentorship) -> dict:
    from mentoring.terms import MAX_MONTHS, add_months

    row = _pair_row(mentorship)
    program = getattr(mentorship, "program", None)
    first = program.versions.order_by("number").first() if program else None
    first_start = datetime.date.fromisoformat(first.snapshot["start"]) if first else mentorship.planned_start
    row["new_end"] = mentorship.extension_to.strftime(DATE)
    row["program"] = program.title if program else ""
    row["override"] = (
        program.term_override_reason.strip()
        if program and mentorship.extension_to >= add_months(first_start, MAX_MONTHS)
        else ""
    )
    return row


@in_russian
def draft_extension_order(*, school, mentorships, by) -> Document:
    mentorships = list(mentorships)
    if not mentorships:
        raise ValidationError(_("Choose the pairs whose term the order extends."))
    wrong = [m for m in mentorships if not m.extension_proposed]
    if wrong:
        raise ValidationError(
            _("Only pairs with an agreed extension can be extended by an order: %(list)s.")
            % {"list": "; ".join(map(str, wrong))}
        )
    _refuse_pairs_in_pending_orders(mentorships, DocumentType.ORDER_EXTENSION)
    context = _pairs_context(school, mentorships)
    context["pairs"] = [_extension_row(m) for m in mentorships]
    return draft(school=school, type=DocumentType.ORDER_EXTENSION, by=by, mentorships=mentorships, context=context)


REPLACEMENT_GROUNDS = {
    ReplacementReason.MENTEE_REQUEST: "на основании заявления {mentee}",
    ReplacementReason.MENTOR_REQUEST: "на основании заявления наставника",
    ReplacementReason.ILLNESS: "в связи с длительной болезнью наставника",
    ReplacementReason.PARENTAL_LEAVE: "в связи с уходом наставника в отпуск по уходу за ребёнком",
    ReplacementReason.LONG_LEAVE: "в связи с длительным отпуском наставника",
    ReplacementReason.BUSINESS_TRIP: "в связи с длительной служебной командировкой наставника",
    ReplacementReason.STUDY: "в связи с обучением наставника",
    ReplacementReason.DISMISSAL: "в связи с увольнением (переводом) наставника",
    ReplacementReason.DISCIPLINARY: "в связи с привлечением наставника к дисциплинарной ответственности",
    ReplacementReason.INCOMPATIBILITY: "в связи с психологической несовместимостью наставника и {mentee}",
    ReplacementReason.OTHER: "по иным причинам ({note})",
}


@in_russian
def draft_replacement_order(*, replacement, by) -> Document:
    """The old mentor is freed from, and the new one appointed on, the same day: no day without a
    mentor and none with two."""
    from documents.orders import PENDING

    pending = replacement.documents.filter(status__in=PENDING).first()
    if pending is not None:
        raise ValidationError(
            _("This replacement is already in the draft order No. %(number)s.") % {"number": pending.number}
        )
    mentorship = replacement.mentorship
    mentees = [_name(p) for p in mentorship.mentees]
    mentee_word = (
        phrases.by_sex(mentees[0]["sex"], "наставляемого", "наставляемой") if len(mentees) == 1 else "наставляемых"
    )
    old, new = _name(replacement.outgoing.person), _name(replacement.incoming)
    curator = _curator_name(mentorship.school)
    return draft(
        school=mentorship.school,
        type=DocumentType.ORDER_REPLACEMENT,
        by=by,
        replacement=replacement,
        context={
            "old": old,
            "new": new,
            "mentees": mentees,
            "grounds": REPLACEMENT_GROUNDS.get(replacement.reason, "в связи с заменой наставника").format(
                mentee=mentee_word, note=replacement.note.strip().rstrip(".")
            ),
            "effective_on": replacement.effective_on.strftime(DATE),
            "end": mentorship.planned_end.strftime(DATE),
            "curator": curator,
            "acquainted": _acquainted([old, new], mentees, [curator]),
        },
    )


@in_russian
def draft_curator_order(*, school, person, by, academic_year: str) -> Document:
    if person.user_id is None:
        raise ValidationError(
            _("%(person)s has no account: create one before appointing them curator.") % {"person": person}
        )
    return draft(
        school=school,
        type=DocumentType.ORDER_CURATOR,
        by=by,
        person=person,
        context={"curator": _name(person), "academic_year": academic_year, "acquainted": [_name(person)]},
    )


def council_members(school):
    """The bank's people whose accounts are members of the school's mentor council."""
    from accounts.roles import Role
    from people.models import Person

    return (
        Person.objects.for_school(school)
        .current()
        .filter(user__memberships__school=school, user__memberships__role=Role.COUNCIL_MEMBER)
        .distinct()
        .order_by("last_name", "first_name", "patronymic")
    )


@in_russian
def draft_council_order(*, school, chair, by, academic_year: str, members=None) -> Document:
    """The methodical association (council of mentors, seed 000 §2.2): its chair and its members."""
    members = [p for p in (council_members(school) if members is None else members) if p.pk != chair.pk]
    if not members:
        raise ValidationError(_("The mentor council has no members besides its chair: give council members a role."))
    names = [_name(p) for p in members]
    chair_name = _name(chair)
    curator = _curator_name(school)
    return draft(
        school=school,
        type=DocumentType.ORDER_COUNCIL,
        by=by,
        context={
            "chair": chair_name,
            "members": names,
            "academic_year": academic_year,
            "curator": curator,
            "acquainted": _acquainted([chair_name], names, [curator]),
        },
    )


def _award_context(school, people, award: str) -> dict:
    names = [_name(p) for p in people]
    curator = _curator_name(school)
    return {"award": award, "people": names, "curator": curator, "acquainted": _acquainted(names, [curator])}


@in_russian
def draft_award_order(*, school, people, award: str, by) -> Document:
    people = list(people)
    if not people:
        raise ValidationError(_("Choose the mentors to reward."))
    return draft(
        school=school,
        type=DocumentType.ORDER_AWARD,
        by=by,
        context=_award_context(school, people, award),
    )


@in_russian
def draft_regulation_order(*, school, by, regulation_date: datetime.date, roadmap_year: str) -> Document:
    """The order and its appendices: the Положение and the roadmap print what is snapshotted here."""
    from documents import regulation  # imported here: it imports this module

    appendices = regulation.snapshot(school, roadmap_year=roadmap_year, regulation_date=regulation_date.strftime(DATE))
    regulation.require_roadmap(appendices)
    curator = _curator_name(school)
    return draft(
        school=school,
        type=DocumentType.ORDER_REGULATION,
        by=by,
        context={
            "regulation_date": regulation_date.strftime(DATE),
            "roadmap_year": appendices["roadmap"]["year"],
            "curator": curator,
            "acquainted": _acquainted([curator]),
            **appendices,
        },
    )


PUBLICATION_CATEGORIES = (
    "фамилия, имя, отчество",
    "должность (для обучающегося — класс)",
    "роль в системе наставничества (наставник, наставляемый)",
    "области профессиональных компетенций (для наставника)",
    "сведения о программе наставничества: название, форма наставничества, сроки реализации",
    "результаты завершённой программы наставничества и описание практики наставничества",
)

CONSENT_KINDS = {
    DocumentType.CONSENT_PERSONAL_DATA: ConsentKind.PERSONAL_DATA,
    DocumentType.CONSENT_GUARDIAN: ConsentKind.GUARDIAN,
    DocumentType.CONSENT_PUBLICATION: ConsentKind.PUBLICATION,
    DocumentType.CONSENT_MUNICIPAL: ConsentKind.MUNICIPAL_SHARING,
}


def consent_kind(document) -> str:
    """The bank's consent that a signed consent document gives."""
    if document.type == DocumentType.CONSENT_PARTICIPATION:
        mentor = document.context.get("role") == "mentor"
        return ConsentKind.MENTOR_PARTICIPATION if mentor else ConsentKind.MENTEE_PARTICIPATION
    return CONSENT_KINDS[document.type]


def public_urls(school) -> list[str]:
    section = settings.PUBLIC_BASE_URL.rstrip("/") + reverse("public:index", kwargs={"slug": school.slug})
    return [section, *([school.website] if school.website else [])]


@in_russian
def draft_consent(
    *,
    person,
    type: str,
    by,
    guardian_name: str = "",
    role: str = "mentee",
    guardian_address: str = "",
    share_contacts: bool = False,
) -> Document:
    """A consent printed for its subject to sign (or to confirm in the portal): never the director's."""
    if type == DocumentType.CONSENT_GUARDIAN and not guardian_name.strip():
        raise ValidationError(_("A guardian's consent needs the guardian's full name."))
    if type == DocumentType.CONSENT_GUARDIAN and not person.is_minor():
        raise ValidationError(_("A guardian's consent is for a minor: %(person)s is not one.") % {"person": person})
    if type == DocumentType.CONSENT_MUNICIPAL and person.school.municipality_id is None:
        raise ValidationError(_("The school belongs to no municipality: there is nobody to share the data with."))
    return draft(
        school=person.school,
        type=type,
        by=by,
        person=person,
        title=f"{TITLES[type]}: {person.short_name}",
        context={
            "person": _subject(person),
            "guardian_name": guardian_name.strip(),
            "guardian": phrases.official(guardian_name.strip(), "") if guardian_name.strip() else None,
            "guardian_address": guardian_address.strip(),
            "role": role,
            "valid_until": consent_term_end(timezone.localdate()).strftime(DATE),
            "public_urls": public_urls(person.school) if type == DocumentType.CONSENT_PUBLICATION else [],
            "categories": list(PUBLICATION_CATEGORIES) if type == DocumentType.CONSENT_PUBLICATION else [],
            **(_municipal_sharing(person, share_contacts) if type == DocumentType.CONSENT_MUNICIPAL else {}),
        },
    )


def _municipal_sharing(person, share_contacts: bool) -> dict:
    """The municipal consent (seed 004 §III.6): the third party, the data (``municipal.bank``
    hands over nothing else) and whether the contacts go too — the subject's choice, kept in the
    context: ``municipal.bank.sharing_contacts`` reads it from the signed document."""
    from municipal.bank import CONTACT_DATA, MATCHING_DATA

    municipality = person.school.municipality
    return {
        "municipality": municipality.name if municipality else "",
        "shared_data": [*MATCHING_DATA, *([CONTACT_DATA] if share_contacts else [])],
        "contacts": bool(share_contacts),
    }


@in_russian
def draft_contract_supplement(
    *, mentorship, by, monthly_pay, contract_number: str, contract_date: datetime.date
) -> Document:
    """Art. 351.8 of the Labour Code: the content, term, form and pay of the mentoring, agreed in writing.

    The term starts on the pair's planned start or on the day of signing, whichever is later: the
    agreement takes effect when both parties have signed it.
    """
    mentors = mentorship.mentors
    if not mentors:
        raise ValidationError(_("The pair has no mentor to make an agreement with."))
    mentor = mentors[0]
    if mentor.kind != PersonKind.STAFF:
        raise ValidationError(
            _("%(person)s is not an employee of the school: an agreement to an employment contract is not made.")
            % {"person": mentor}
        )
    if Decimal(monthly_pay) <= 0:
        raise ValidationError(_("The monthly extra pay must be more than zero."))
    today = timezone.localdate()
    if mentorship.planned_end <= today:
        raise ValidationError(_("The pair's term has already ended: there is nothing to agree on."))
    return draft(
        school=mentorship.school,
        type=DocumentType.CONTRACT_SUPPLEMENT,
        by=by,
        person=mentor,
        mentorships=[mentorship],
        title=f"{TITLES[DocumentType.CONTRACT_SUPPLEMENT]}: {mentor.short_name}",
        context={
            "mentor": _subject(mentor),
            "mentees": [_name(p) for p in mentorship.mentees],
            "form": str(mentorship.form),
            "modes": [str(m) for m in mentorship.modes.all()],
            "start": mentorship.planned_start.strftime(DATE),
            "start_iso": mentorship.planned_start.isoformat(),
            "end": mentorship.planned_end.strftime(DATE),
            "monthly_pay": str(Decimal(monthly_pay).quantize(Decimal("0.01"))),
            "contract_number": contract_number,
            "contract_date": contract_date.strftime(DATE),
        },
    )


def _program_context(program) -> dict:
    return {
        "title": program.title,
        "goal": program.goal,
        "tasks": program.tasks,
        "expected_results": program.expected_results,
        "directions": program.directions,
        "start": program.start.strftime(DATE),
        "end": program.end.strftime(DATE),
        "mentors": [_name(p) for p in program.mentorship.mentors],
        "mentees": [_name(p) for p in program.mentorship.mentees],
        "deficits": [d.description for d in program.deficits.all()],
        "stages": [
            {"name": str(s.get_kind_display()), "start": s.start.strftime(DATE), "end": s.end.strftime(DATE)}
            for s in program.stages.all()
        ],
        "items": [
            {
                "title": i.title,
                "kind": str(i.get_kind_display()),
                "when": i.planned_on.strftime(DATE)
                + (f" – {i.planned_until.strftime(DATE)}" if i.planned_until else ""),
                "responsible": i.responsible,
                "expected_result": i.expected_result,
                "status": str(i.get_status_display()),
            }
            for i in program.items.all()
        ],
        "version": program.version,
        "completion_reason": str(program.get_completion_reason_display()) if program.completion_reason else "",
        "completed_on": program.completed_on.strftime(DATE) if program.completed_on else "",
        "results": program.mentor_report_results,
        "worked": program.mentor_report_worked,
        "recommendations": program.mentor_report_recommendations,
        "self_assessment": program.mentee_self_assessment,
        "log_count": program.log.count(),
        "items_done": sum(1 for i in program.items.all() if i.status == PlanItemStatus.DONE),
        "items_total": sum(1 for i in program.items.all() if i.status != PlanItemStatus.CANCELLED),
        "approved_by": _approver(program),
        "approved_on": program.approved_at.astimezone(ZoneInfo(program.mentorship.school.time_zone)).strftime(DATE)
        if program.approved_at
        else "",
    }


def _approver(program) -> dict | None:
    """The curator who approved the program (the «УТВЕРЖДАЮ» block), as a person of the bank if known."""
    user = program.approved_by
    if user is None:
        return None
    person = getattr(user, "person", None)
    if person is not None:
        return _name(person)
    full = " ".join(part for part in (user.last_name, user.first_name, user.patronymic) if part)
    return {**phrases.official(full, "Куратор реализации программ наставничества"), "position": ""}


@in_russian
def draft_program(*, program, by) -> Document:
    return draft(
        school=program.mentorship.school,
        type=DocumentType.PROGRAM,
        by=by,
        program=program,
        title=f"{TITLES[DocumentType.PROGRAM]}: {program.title}",
        context={"program": _program_context(program)},
    )


@in_russian
def draft_mentor_report(*, program, by) -> Document:
    if not program.mentor_report_results:
        raise ValidationError(_("The mentor's report is written when the program is completed."))
    return draft(
        school=program.mentorship.school,
        type=DocumentType.MENTOR_REPORT,
        by=by,
        program=program,
        title=f"{TITLES[DocumentType.MENTOR_REPORT]}: {program.title}",
        context={"program": _program_context(program)},
    )


@in_russian
def correction_of(*, document: Document, by) -> Document:
    """A new draft that cites a signed document it corrects (the signed one never changes)."""
    if document.status != DocumentStatus.SIGNED:
        raise ValidationError(_("Only a signed document is corrected by a new one; edit a draft directly."))
    copy = draft(
        school=document.school,
        type=document.type,
        by=by,
        context={k: v for k, v in document.context.items() if k != "school"},
        title=document.title,
        supersedes=document,
        replacement=document.replacement,
        person=document.person,
        program=document.program,
    )
    copy.mentorships.set(document.mentorships.all())
    return copy
