"""Demo documents: signed and pending ones of every type, so the registry and the inbox show everything."""

import datetime

from django.db import transaction

from accounts.models import School, User
from documents import drafting, signing
from documents.models import Document, DocumentSettings, DocumentType
from mentoring.models import Mentorship, ReplacementReason, Status
from mentoring.replacement import replacement_request
from people.models import Person
from programs.models import Program, ProgramStatus

DEMO_PASSWORD = "nastavnik-2026"


@transaction.atomic
def seed_documents(school: School | None = None) -> None:
    school = school or School.objects.get(slug="sosh-2")
    if Document.objects.for_school(school).exists():
        return
    DocumentSettings.objects.get_or_create(
        school=school, defaults={"number_prefix": "01-10/", "place": "г. Лодейное Поле"}
    )
    curator = User.objects.get(username="demo-curator")
    director = User.objects.get(username="demo-director")
    people = {p.employee_number: p for p in Person.objects.for_school(school)}

    def sign(document):
        signing.send_for_signature(document=document, by=curator)
        signing.sign(document=document, by=director, password=DEMO_PASSWORD)

    sign(
        drafting.draft_regulation_order(
            school=school, by=curator, regulation_date=datetime.date(2025, 8, 28), roadmap_year="2026/2027"
        )
    )
    sign(drafting.draft_curator_order(school=school, person=people["0002"], by=director, academic_year="2026/2027"))
    for consent_type in (DocumentType.CONSENT_PARTICIPATION, DocumentType.CONSENT_PERSONAL_DATA):
        sign(drafting.draft_consent(person=people["0006"], type=consent_type, by=curator))
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
    sign(
        drafting.draft_contract_supplement(
            mentorship=next(m for m in active if m.mentors[0].employee_number == "0027"),
            by=director,
            monthly_pay="3 000 ₽",
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
    returned = drafting.draft_replacement_order(replacement=pending, by=curator)
    signing.send_for_signature(document=returned, by=curator)
    signing.return_for_correction(document=returned, by=director, comment="Уточните дату начала замены")
