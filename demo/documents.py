"""Demo documents: signed and pending ones of every type, so the registry and the inbox show everything.

The regulation order is signed with its appendices, so the public section publishes the demo
school's Положение and roadmap (``polozhenie.pdf``).
"""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import School, User
from demo.monitoring import seed_monitoring
from documents import drafting, orders, paper, signing
from documents.models import Document, DocumentSettings, DocumentStatus, DocumentType
from documents.printing import document_pdf
from documents.regulation import published_file
from mentoring.models import Mentorship, ReplacementReason, Status
from mentoring.replacement import replacement_request
from monitoring.models import RoadmapEvent
from people.models import Person
from programs.models import Program, ProgramStatus

DEMO_PASSWORD = "nastavnik-2026"

# What the roadmap's events bring (its «результат» column), by event.
ROADMAP_RESULTS = {
    "Издание приказа о внедрении системы наставничества, назначение куратора": "Приказы изданы",
    "Информирование педагогов о системе наставничества на педагогическом совете": "Протокол педагогического совета",
    "Анкетирование педагогов, выявление профессиональных дефицитов": "Банк наставляемых, перечень дефицитов",
    "Сбор согласий, формирование банка наставников": "Банк наставников, согласия участников",
    "Обучающий семинар «Технологии наставничества»": "Наставники прошли обучение",
    "Встреча-знакомство наставников и наставляемых": "Сформированы наставнические пары и группы",
    "Фестиваль открытых уроков наставнических пар": "Открытые уроки, банк методических материалов",
    "Итоговая конференция «Наставничество: опыт и результаты»": "Лучшие практики наставничества",
    "Мониторинг, анализ, внесение результатов в публичный доклад": "Итоговый аналитический отчёт",
}


def _roadmap(school: School) -> None:
    """The regulation order approves the roadmap: its events exist (and say what they bring) first."""
    seed_monitoring(school)
    for title, result in ROADMAP_RESULTS.items():
        RoadmapEvent.objects.for_school(school).filter(title=title, result="").update(result=result)


def _published_regulation(school: School) -> None:
    """A demo database signed before the Положение was stored alone gets it now (once)."""
    order = (
        Document.objects.for_school(school)
        .filter(type=DocumentType.ORDER_REGULATION, status=DocumentStatus.SIGNED)
        .order_by("-date", "-sequence")
        .first()
    )
    if order is not None:
        published_file(order)


def _extension(school: School, curator, *, busy: set) -> int | None:
    """Mentor and mentee agreed to carry their program on a month longer: the order is drafted."""
    from mentoring.terms import MAX_MONTHS, add_months
    from programs import rules

    programs = Program.objects.filter(
        mentorship__school=school, mentorship__status=Status.ACTIVE, status=ProgramStatus.APPROVED
    ).exclude(mentorship__in=[pk for pk in busy if pk])
    for program in programs.order_by("pk"):
        longer = add_months(program.end, 1)
        if longer >= add_months(program.start, MAX_MONTHS) or rules.has_pending_changes(program):
            continue
        rules.program_update(program=program, by=curator, end=longer)
        rules.correction_agree(
            program=program, by=curator, as_mentor=True, reason="Продление на месяц по обоюдному согласию"
        )
        rules.correction_agree(program=program, by=curator, as_mentor=False)
        drafting.draft_extension_order(school=school, mentorships=[program.mentorship], by=curator)
        return program.mentorship_id
    return None


def _early_end(school: School, curator, *, busy: set) -> int | None:
    """A pair whose mentee is moving away: its early end is proposed and its order drafted."""
    from mentoring import lifecycle
    from mentoring.models import TerminationReason

    today = timezone.localdate()
    candidates = Mentorship.objects.for_school(school).filter(status=Status.ACTIVE).exclude(pk__in=busy)
    pair = next((m for m in candidates.order_by("-pk") if m.planned_end > today + datetime.timedelta(days=21)), None)
    if pair is None:  # the demo's pairs have ended by now
        return None
    lifecycle.termination_propose(
        mentorship=pair,
        by=curator,
        reason=TerminationReason.MENTEE_INITIATIVE,
        note="переезд наставляемого в другой город",
        on=today + datetime.timedelta(days=14),
    )
    drafting.draft_termination_order(school=school, mentorships=[pair], by=curator)
    return pair.pk


@transaction.atomic
def seed_documents(school: School | None = None) -> None:
    school = school or School.objects.get(slug="sosh-2")
    if Document.objects.for_school(school).exists():
        _published_regulation(school)
        return
    _roadmap(school)
    DocumentSettings.objects.get_or_create(
        school=school, defaults={"number_prefix": "01-10/", "place": "г. Лодейное Поле"}
    )
    curator = User.objects.get(username="demo-curator")
    director = User.objects.get(username="demo-director")
    people = {p.employee_number: p for p in Person.objects.for_school(school)}

    def sign(document):
        """Signed as the portal signs it: a consent by its subject, an agreement by the employee and
        then the director, an order by the director; a guardian (no account) signs on paper."""
        signing.send_for_signature(document=document, by=curator)
        document.refresh_from_db()
        if document.needs_party_signature:
            user = document.person.user if document.person_id else None
            if user is None or not signing.is_party(user, document):
                scan = SimpleUploadedFile("scan.pdf", document_pdf(document, final=True), "application/pdf")
                paper.register_original(document=document, by=curator, upload=scan)
                return
            signing.sign_as_party(document=document, by=user, password=DEMO_PASSWORD)
        if document.needs_director_signature:
            signing.sign(document=document, by=director, password=DEMO_PASSWORD)

    sign(
        drafting.draft_regulation_order(
            school=school, by=curator, regulation_date=datetime.date(2025, 8, 28), roadmap_year="2026/2027"
        )
    )
    sign(drafting.draft_curator_order(school=school, person=people["0002"], by=director, academic_year="2026/2027"))
    for consent_type in (DocumentType.CONSENT_PARTICIPATION, DocumentType.CONSENT_PERSONAL_DATA):
        sign(drafting.draft_consent(person=people["0006"], type=consent_type, by=curator))
    # The mentor already shown in the public section confirms her consent to it in the portal.
    sign(drafting.draft_consent(person=people["0027"], type=DocumentType.CONSENT_PUBLICATION, by=curator))
    sign(
        drafting.draft_consent(
            person=people["У-103"],
            type=DocumentType.CONSENT_GUARDIAN,
            by=curator,
            guardian_name="Гусева Марина Олеговна",
        )
    )

    active = Mentorship.objects.for_school(school).filter(status=Status.ACTIVE).prefetch_related("participants__person")
    university = next(m for m in active if m.mentors[0].employee_number == "В-001")
    with_agreement = next(m for m in active if m.mentors[0].employee_number == "0027")
    if with_agreement.planned_end > timezone.localdate():  # an agreement is never made for a term that ended
        sign(
            drafting.draft_contract_supplement(
                mentorship=with_agreement,
                by=director,
                monthly_pay=Decimal("3000"),
                contract_number="27",
                contract_date=datetime.date(1999, 8, 30),
            )
        )
    completed = Program.objects.filter(mentorship__school=school, status=ProgramStatus.COMPLETED).first()
    sign(drafting.draft_mentor_report(program=completed, by=curator))
    sign(
        drafting.draft_award_order(
            school=school, people=[people["0027"], people["0004"]], award="Почётной грамотой", by=director
        )
    )
    council = drafting.council_members(school)
    if council:
        sign(drafting.draft_council_order(school=school, chair=people["0027"], by=director, academic_year="2026/2027"))

    # An order drafted with the wrong list and withdrawn unsigned: its number stays in the registry.
    orders.withdraw(
        document=drafting.draft_award_order(
            school=school, people=[people["0004"]], award="Благодарственным письмом", by=curator
        ),
        by=curator,
        reason="Список награждаемых неполон; подготовлен новый приказ.",
    )

    # Pending: the proposed pair waits for its order in the director's inbox, the program for approval.
    proposed = Mentorship.objects.for_school(school).filter(status=Status.PROPOSED)
    signing.send_for_signature(
        document=drafting.draft_pairs_order(school=school, mentorships=proposed, by=curator), by=curator
    )
    drafting.draft_program(
        program=Program.objects.filter(mentorship__school=school, status=ProgramStatus.APPROVED).first(), by=curator
    )
    drafting.draft_completion_order(school=school, mentorships=[university], by=curator)
    pending = replacement_request(
        mentorship=next(m for m in active if m.mentors[0].employee_number == "0004"),
        outgoing=people["0004"],
        incoming=people["0023"],
        reason=ReplacementReason.PARENTAL_LEAVE,
        effective_on=datetime.date(2027, 1, 11),
        by=curator,
    )
    extended = _extension(school, curator, busy={university.pk, pending.mentorship_id})
    _early_end(school, curator, busy={university.pk, with_agreement.pk, pending.mentorship_id, extended})
    returned = drafting.draft_replacement_order(replacement=pending, by=curator)
    signing.send_for_signature(document=returned, by=curator)
    signing.return_for_correction(document=returned, by=director, comment="Уточните дату начала замены")
