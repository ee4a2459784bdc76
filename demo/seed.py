"""Builds the demo municipality, its two schools, their people and accounts.

Everything is keyed on stable identifiers (school slug, employee number, login),
so running it again updates rows in place and never duplicates them. Later
features add their own ``seed_*`` step and register it in ``STEPS``.
"""

import datetime

from django.db import transaction

from accounts.models import Municipality, School, User
from accounts.roles import Role
from accounts.services import role_grant
from demo import staff as data
from demo.association import seed_association
from demo.bank import seed_bank
from demo.cross_school import seed_cross_school
from demo.documents import seed_documents
from demo.mentorships import seed_mentorships
from demo.monitoring import seed_monitoring
from demo.municipal_bank import seed_municipal_bank
from demo.programs import seed_programs
from demo.public import seed_public
from demo.region import seed_region
from demo.second_municipality import seed_second_municipality
from demo.surveys import seed_surveys
from people.models import PartnerOrganization, Person, PersonKind
from people.nomenclature import is_pedagogical_position

DEMO_PASSWORD = "nastavnik-2026"

MUNICIPALITY = {"name": "Лодейнопольский муниципальный район Ленинградской области", "slug": "lodeynoye-pole"}
MAIN_SCHOOL = {
    "slug": "sosh-2",
    "full_name": "Муниципальное бюджетное общеобразовательное учреждение "
    "«Средняя общеобразовательная школа № 2 г. Лодейное Поле»",
    "short_name": "МБОУ «СОШ № 2»",
    "address": "187700, Ленинградская область, г. Лодейное Поле, ул. Гагарина, д. 12",
    "director_name": "Соколова Ирина Владимировна",
    "director_position": "Директор",
    "time_zone": "Europe/Moscow",
}
SMALL_SCHOOL = {
    "slug": "alekhovshchina",
    "full_name": "Муниципальное казённое общеобразовательное учреждение «Алеховщинская основная общеобразовательная школа»",
    "short_name": "МКОУ «Алеховщинская ООШ»",
    "address": "187710, Ленинградская область, Лодейнопольский район, с. Алеховщина, ул. Школьная, д. 3",
    "director_name": "Ильина Мария Павловна",
    "director_position": "Директор",
    "time_zone": "Europe/Moscow",
}

# Demo logins and their roles in the main school.
MAIN_ROLES = {
    "demo-director": [Role.DIRECTOR],
    "demo-curator": [Role.CURATOR],
    "demo-secretary": [Role.SECRETARY],
    "demo-council": [Role.COUNCIL_MEMBER, Role.MENTOR],
    "demo-mentor": [Role.MENTOR],
    "demo-mentee": [Role.MENTEE],
}
SMALL_ROLES = {"demo-director2": [Role.DIRECTOR], "demo-curator": [Role.CURATOR]}
OFFICER = ("demo-officer", "Белякова", "Инна", "Сергеевна")


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _school(municipality, fields) -> School:
    school, _ = School.objects.update_or_create(slug=fields["slug"], defaults={**fields, "municipality": municipality})
    return school


def _user(login, last, first, patronymic) -> User:
    user, created = User.objects.get_or_create(
        username=login,
        defaults={
            "last_name": last,
            "first_name": first,
            "patronymic": patronymic,
            "email": f"{login}@example.org",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _staff(school, rows, roles_by_login) -> None:
    for number, last, first, patronymic, sex, born, position, subjects, began, hired, category, login in rows:
        user = _user(login, last, first, patronymic) if login else None
        Person.objects.update_or_create(
            school=school,
            employee_number=number,
            defaults={
                "last_name": last,
                "first_name": first,
                "patronymic": patronymic,
                "sex": sex,
                "birth_date": _date(born),
                "kind": PersonKind.STAFF,
                "position": position,
                # Teachers and the psychologist are; the director, deputy, secretary and librarian are not.
                "is_pedagogical": is_pedagogical_position(position),
                "subjects": subjects,
                "teaching_started_on": _date(began),
                "hired_on": _date(hired),
                "left_on": _date(data.LEFT.get(number)),
                "qualification_category": category,
                "email": f"{login or 'staff' + number}@example.org",
                "user": user,
            },
        )
        for role in roles_by_login.get(login, []):
            role_grant(user=user, role=role, school=school)


def _pupils_and_partner(school) -> None:
    for number, last, first, patronymic, sex, born, school_class in data.PUPILS:
        Person.objects.update_or_create(
            school=school,
            employee_number=number,
            defaults={
                "last_name": last,
                "first_name": first,
                "patronymic": patronymic,
                "sex": sex,
                "birth_date": _date(born),
                "kind": PersonKind.PUPIL,
                "school_class": school_class,
            },
        )
    partner, _ = PartnerOrganization.objects.get_or_create(school=school, name=data.PARTNER)
    number, last, first, patronymic, sex, born, position = data.EXTERNAL
    Person.objects.update_or_create(
        school=school,
        employee_number=number,
        defaults={
            "last_name": last,
            "first_name": first,
            "patronymic": patronymic,
            "sex": sex,
            "birth_date": _date(born),
            "kind": PersonKind.EXTERNAL,
            "position": position,
            "partner_organization": partner,
            "subjects": "Математика",
        },
    )


def seed_schools_and_people() -> dict:
    municipality, _ = Municipality.objects.update_or_create(
        slug=MUNICIPALITY["slug"], defaults={"name": MUNICIPALITY["name"]}
    )
    main = _school(municipality, MAIN_SCHOOL)
    small = _school(municipality, SMALL_SCHOOL)
    _staff(main, data.STAFF, MAIN_ROLES)
    _pupils_and_partner(main)
    _staff(small, data.SMALL_SCHOOL_STAFF, SMALL_ROLES)
    role_grant(user=User.objects.get(username="demo-curator"), role=Role.CURATOR, school=small)
    officer = _user(*OFFICER)
    role_grant(user=officer, role=Role.MUNICIPAL_OFFICER, municipality=municipality)
    admin = _user("admin", "Администратор", "Портала", "")
    if not admin.is_superuser:
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
    return {"municipality": municipality, "main": main, "small": small}


STEPS = [
    seed_schools_and_people,
    seed_bank,
    seed_mentorships,
    seed_programs,
    seed_documents,
    seed_surveys,
    seed_monitoring,
    seed_public,
    seed_cross_school,
    seed_municipal_bank,
    seed_second_municipality,
    seed_region,
    seed_association,
]


@transaction.atomic
def seed_demo() -> None:
    for step in STEPS:
        step()
