"""Demo: the municipal bank (issue 18, item 2) — mentors and mentees of both demo schools who
consented to share their data with the municipality, so that demo-officer's bank and bases show
something. Idempotent: one municipal consent per person from CONSENT_DAY, profiles by person."""

import datetime

from accounts.models import User
from documents import drafting, signing
from documents.models import Document, DocumentType
from people.models import (
    Consent,
    ConsentKind,
    MentorProfile,
    MentorWillingness,
    Person,
)

CONSENT_DAY = datetime.date(2025, 9, 15)
DEMO_PASSWORD = "nastavnik-2026"  # demo/seed.py's (imported from there it would be a cycle)

# (school slug, employee number): mentors and mentees of «СОШ № 2» (profiles from demo/bank.py),
# the partner mentor and the pupil mentor among them.
MAIN = [
    ("sosh-2", "0004"),
    ("sosh-2", "0005"),
    ("sosh-2", "0027"),
    ("sosh-2", "В-001"),
    ("sosh-2", "У-101"),
    ("sosh-2", "0006"),
    ("sosh-2", "0011"),
    ("sosh-2", "0013"),
    ("sosh-2", "0015"),
]
# The small school's own experienced teachers (its young ones are in demo/cross_school.py's pairs).
SMALL_MENTORS = [
    ("alekhovshchina", "1004", "Русский язык и литература; подготовка к ГИА", 2),
    ("alekhovshchina", "1002", "Математика и информатика; олимпиадная подготовка", 1),
]


def _person(slug: str, number: str) -> Person | None:
    return Person.objects.filter(school__slug=slug, employee_number=number).first()


def _shares(person: Person) -> None:
    """A municipal consent from CONSENT_DAY, unless one is already in force (another demo step's)."""
    if not Consent.objects.active().filter(person=person, kind=ConsentKind.MUNICIPAL_SHARING).exists():
        Consent.objects.get_or_create(person=person, kind=ConsentKind.MUNICIPAL_SHARING, given_on=CONSENT_DAY)


def _signed_consent(slug: str, number: str) -> None:
    """The printed consent (contacts ticked), confirmed by its subject in the portal, once."""
    person = _person(slug, number)
    if person is None or person.user is None:
        return
    if Document.objects.filter(person=person, type=DocumentType.CONSENT_MUNICIPAL).exists():
        return
    curator = User.objects.get(username="demo-curator")
    document = drafting.draft_consent(
        person=person, type=DocumentType.CONSENT_MUNICIPAL, by=curator, share_contacts=True
    )
    signing.send_for_signature(document=document, by=curator)
    signing.sign_as_party(document=document, by=person.user, password=DEMO_PASSWORD)


def seed_municipal_bank() -> None:
    _signed_consent("sosh-2", "0027")  # her contacts are in the municipal bank and bases
    for slug, number in MAIN:
        person = _person(slug, number)
        if person is not None:
            _shares(person)
    for slug, number, areas, most in SMALL_MENTORS:
        mentor = _person(slug, number)
        if mentor is None:
            continue
        MentorProfile.objects.get_or_create(
            person=mentor,
            defaults={"competence_areas": areas, "max_mentees": most, "willingness": MentorWillingness.READY},
        )
        _shares(mentor)
