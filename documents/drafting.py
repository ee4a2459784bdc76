"""Drafting documents from the portal's data: each type builds the words it prints.

The context is computed once, when the draft is made, and stored with the document, so a
later change in the bank does not silently change what the director is about to sign.
Names are declined here (``documents.declension``), never by hand-written endings.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.declension import Case, decline_full_name, decline_person, decline_position, initials_and_last_name
from documents.models import Document, DocumentSettings, DocumentStatus, DocumentType
from documents.numbering import next_number
from mentoring.models import Status as MentorshipStatus
from people.columns import sex_from_patronymic

DATE = "%d.%m.%Y"

TITLES = {
    DocumentType.ORDER_REGULATION: "Об утверждении Положения о системе наставничества и дорожной карты",
    DocumentType.ORDER_CURATOR: "О назначении куратора реализации программ наставничества",
    DocumentType.ORDER_PAIRS: "О закреплении наставников за наставляемыми",
    DocumentType.ORDER_REPLACEMENT: "О замене наставника",
    DocumentType.ORDER_COMPLETION: "О завершении реализации персонализированных программ наставничества",
    DocumentType.ORDER_AWARD: "О поощрении наставников",
    DocumentType.CONSENT_PARTICIPATION: "Согласие на участие в программе наставничества",
    DocumentType.CONSENT_PERSONAL_DATA: "Согласие на обработку персональных данных",
    DocumentType.CONSENT_GUARDIAN: "Согласие законного представителя",
    DocumentType.CONTRACT_SUPPLEMENT: "Дополнительное соглашение к трудовому договору",
    DocumentType.PROGRAM: "Персонализированная программа наставничества",
    DocumentType.MENTOR_REPORT: "Отчёт наставника о реализации персонализированной программы",
}


def _in_text(words: str) -> str:
    """A position inside a sentence: «Учитель физики» → «учитель физики», «ОБЗР» stays."""
    if len(words) > 1 and words[1].islower():
        return words[0].lower() + words[1:]
    return words


def _position(person) -> dict:
    position = person.position or str(person.get_kind_display())
    return {case.name.lower(): _in_text(decline_position(position, case)) for case in Case}


def _name(person) -> dict:
    """A person in every form an order needs."""
    return {
        "pos": _position(person),
        "full": person.full_name,
        "gent": decline_person(person, Case.GENITIVE),
        "datv": decline_person(person, Case.DATIVE),
        "accs": decline_person(person, Case.ACCUSATIVE),
        "ablt": decline_person(person, Case.INSTRUMENTAL),
        "short": initials_and_last_name(person.last_name, person.first_name, person.patronymic),
        "position": person.position or str(person.get_kind_display()),
    }


def _director_in_person_of(school) -> str:
    """«директора Соколовой Ирины Владимировны», for «в лице …» in agreements."""
    position = _in_text(decline_position(str(school.director_position), Case.GENITIVE))
    last, first, patronymic = [*school.director_name.split(), "", "", ""][:3]
    sex = sex_from_patronymic(patronymic)
    if not last or sex is None:
        return f"{position} {school.director_name}".strip()
    return f"{position} {decline_full_name(last, first, patronymic, sex=sex, case=Case.GENITIVE)}"


STANDARD_LEGAL_BASIS = (
    "статьёй 28 Федерального закона от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации»",
    "статьёй 351.8 Трудового кодекса Российской Федерации",
    "распоряжением Правительства Российской Федерации от 31.12.2019 № 3273-р «Об утверждении основных "
    "принципов национальной системы профессионального роста педагогических работников Российской Федерации, "
    "включая национальную систему учительского роста»",
    "Методическими рекомендациями по разработке и внедрению системы (целевой модели) наставничества "
    "педагогических работников в образовательных организациях (письмо Минпросвещения России и Общероссийского "
    "Профсоюза образования от 21.12.2021 № АЗ-1128/08/657)",
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
    director = school.director_name.split()
    return {
        "legal_basis": legal_basis(settings_row),
        "regulation": _regulation(school),
        "inn": school.inn,
        "ogrn": school.ogrn,
        "website": school.website,
        "director_in_person_of": _director_in_person_of(school),
        "full_name": school.full_name,
        "short_name": school.short_name or school.full_name,
        "address": school.address,
        "place": settings_row.place if settings_row and settings_row.place else "",
        "director_position": str(school.director_position),
        "director_name": school.director_name,
        "director_short": initials_and_last_name(*[*director, "", "", ""][:3]) if director else "",
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


def draft_pairs_order(*, school, mentorships, by, basis: str = "") -> Document:
    mentorships = list(mentorships)
    if not mentorships:
        raise ValidationError(_("Choose the pairs and groups the order fixes."))
    wrong = [m for m in mentorships if m.status != MentorshipStatus.PROPOSED]
    if wrong:
        raise ValidationError(
            _("Only proposed pairs and groups are fixed by an order: %(list)s.") % {"list": "; ".join(map(str, wrong))}
        )
    return draft(
        school=school,
        type=DocumentType.ORDER_PAIRS,
        by=by,
        mentorships=mentorships,
        context={
            "basis": basis
            or "В соответствии с Положением о системе наставничества, на основании письменных согласий "
            "наставников и наставляемых",
            "pairs": [_pair_row(m) for m in mentorships],
            "curator": _curator_name(school),
            "acquainted": _acquainted(mentorships),
        },
    )


def _acquainted(mentorships) -> list[dict]:
    seen, people = set(), []
    for mentorship in mentorships:
        for person in mentorship.mentors + mentorship.mentees:
            if person.pk not in seen:
                seen.add(person.pk)
                people.append(_name(person))
    return people


def draft_completion_order(*, school, mentorships, by) -> Document:
    mentorships = list(mentorships)
    if not mentorships:
        raise ValidationError(_("Choose the mentorships the order completes."))
    wrong = [m for m in mentorships if m.status != MentorshipStatus.ACTIVE]
    if wrong:
        raise ValidationError(
            _("Only active mentorships can be completed by an order: %(list)s.") % {"list": "; ".join(map(str, wrong))}
        )
    return draft(
        school=school,
        type=DocumentType.ORDER_COMPLETION,
        by=by,
        mentorships=mentorships,
        context={
            "pairs": [_pair_row(m) for m in mentorships],
            "curator": _curator_name(school),
            "acquainted": _acquainted(mentorships),
        },
    )


def draft_replacement_order(*, replacement, by) -> Document:
    mentorship = replacement.mentorship
    return draft(
        school=mentorship.school,
        type=DocumentType.ORDER_REPLACEMENT,
        by=by,
        replacement=replacement,
        context={
            "old": _name(replacement.outgoing.person),
            "new": _name(replacement.incoming),
            "mentees": [_name(p) for p in mentorship.mentees],
            "reason": str(replacement.get_reason_display()),
            "old_until": (replacement.effective_on - datetime.timedelta(days=1)).strftime(DATE),
            "effective_on": replacement.effective_on.strftime(DATE),
            "end": mentorship.planned_end.strftime(DATE),
            "acquainted": [_name(replacement.outgoing.person), _name(replacement.incoming)],
        },
    )


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


def draft_award_order(*, school, people, award: str, by) -> Document:
    people = list(people)
    if not people:
        raise ValidationError(_("Choose the mentors to reward."))
    return draft(
        school=school,
        type=DocumentType.ORDER_AWARD,
        by=by,
        context={"award": award, "people": [_name(p) for p in people], "acquainted": [_name(p) for p in people]},
    )


def draft_regulation_order(*, school, by, regulation_date: datetime.date, roadmap_year: str) -> Document:
    return draft(
        school=school,
        type=DocumentType.ORDER_REGULATION,
        by=by,
        context={
            "regulation_date": regulation_date.strftime(DATE),
            "roadmap_year": roadmap_year,
            "curator": _curator_name(school),
        },
    )


def draft_consent(*, person, type: str, by, guardian_name: str = "", role: str = "mentee") -> Document:
    if type == DocumentType.CONSENT_GUARDIAN and not guardian_name.strip():
        raise ValidationError(_("A guardian's consent needs the guardian's full name."))
    return draft(
        school=person.school,
        type=type,
        by=by,
        person=person,
        title=f"{TITLES[type]}: {person.short_name}",
        context={"person": _name(person), "guardian_name": guardian_name, "role": role},
    )


def draft_contract_supplement(
    *, mentorship, by, monthly_pay: str, contract_number: str, contract_date: datetime.date
) -> Document:
    """Art. 351.8 of the Labour Code: the content, term, form and pay of the mentoring, agreed in writing."""
    mentor = mentorship.mentors[0]
    return draft(
        school=mentorship.school,
        type=DocumentType.CONTRACT_SUPPLEMENT,
        by=by,
        person=mentor,
        mentorships=[mentorship],
        title=f"{TITLES[DocumentType.CONTRACT_SUPPLEMENT]}: {mentor.short_name}",
        context={
            "mentor": _name(mentor),
            "mentees": [_name(p) for p in mentorship.mentees],
            "form": str(mentorship.form),
            "modes": [str(m) for m in mentorship.modes.all()],
            "start": mentorship.planned_start.strftime(DATE),
            "end": mentorship.planned_end.strftime(DATE),
            "monthly_pay": monthly_pay,
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
    }


def draft_program(*, program, by) -> Document:
    return draft(
        school=program.mentorship.school,
        type=DocumentType.PROGRAM,
        by=by,
        program=program,
        title=f"{TITLES[DocumentType.PROGRAM]}: {program.title}",
        context={"program": _program_context(program)},
    )


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
