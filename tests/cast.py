"""A cast of users per school, so access tests read as stories.

School «A» has a director, curator, secretary, council member, mentor, mentee, a pupil
(a mentee of the «ученик – ученик» form: a pupil's card, the mentee role) and an
outsider with no role there; school «B» in the same municipality has its own curator
and people; a municipal coordinator oversees both, and a member of the municipal methodical
association works with them. A second municipality, with its school «В» and its own coordinator,
is where the first one's data must never show. A region holds the first municipality (not the
second), with its regional coordinator, who sees aggregates only.
"""

import datetime
from dataclasses import dataclass

from accounts.models import Municipality, Region, School, User
from accounts.roles import Role
from people.models import PersonKind
from tests.factories import MembershipFactory, MunicipalityFactory, PersonFactory, SchoolFactory, UserFactory


@dataclass
class Cast:
    municipality: Municipality
    school: School
    other_school: School
    director: User
    curator: User
    secretary: User
    council_member: User
    mentor: User
    mentee: User
    outsider: User
    other_curator: User
    officer: User
    pupil: User
    methodist: User
    other_municipality: Municipality
    far_school: School
    other_officer: User
    region: Region | None = None  # holds the municipality, not the second one
    regional: User | None = None  # the region's coordinator (issue 19)


def _member(username, last, first, patronymic, role, school=None, municipality=None, region=None):
    user = UserFactory(username=username, last_name=last, first_name=first, patronymic=patronymic)
    MembershipFactory(user=user, role=role, school=school, municipality=municipality, region=region)
    return user


def make_cast() -> Cast:
    region = Region.objects.create(name="Ленинградская область", slug="leningradskaya")
    municipality = MunicipalityFactory(name="Лодейнопольский район", slug="lodeynoye", region=region)
    other_municipality = MunicipalityFactory(name="Тихвинский район", slug="tikhvin")
    far_school = SchoolFactory(slug="school-v", short_name="Школа В", municipality=other_municipality)
    school = SchoolFactory(slug="school-a", short_name="Школа А", municipality=municipality)
    other = SchoolFactory(slug="school-b", short_name="Школа Б", municipality=municipality, time_zone="Asia/Irkutsk")
    cast = Cast(
        municipality=municipality,
        school=school,
        other_school=other,
        director=_member("alla", "Соколова", "Алла", "Ивановна", Role.DIRECTOR, school),
        curator=_member("boris", "Морозов", "Борис", "Петрович", Role.CURATOR, school),
        secretary=_member("vera", "Павлова", "Вера", "Сергеевна", Role.SECRETARY, school),
        council_member=_member("galina", "Кузнецова", "Галина", "Олеговна", Role.COUNCIL_MEMBER, school),
        mentor=_member("dmitry", "Смирнов", "Дмитрий", "Андреевич", Role.MENTOR, school),
        mentee=_member("elena", "Васильева", "Елена", "Игоревна", Role.MENTEE, school),
        outsider=UserFactory(username="zhanna", last_name="Жукова", first_name="Жанна"),
        other_curator=_member("zoya", "Зайцева", "Зоя", "Юрьевна", Role.CURATOR, other),
        officer=_member("inna", "Белякова", "Инна", "Сергеевна", Role.MUNICIPAL_OFFICER, municipality=municipality),
        pupil=_member("kirill", "Орехов", "Кирилл", "Денисович", Role.MENTEE, school),
        methodist=_member(
            "larisa", "Громова", "Лариса", "Викторовна", Role.MUNICIPAL_METHODIST, municipality=municipality
        ),
        other_municipality=other_municipality,
        far_school=far_school,
        other_officer=_member(
            "mark", "Тихонов", "Марк", "Ильич", Role.MUNICIPAL_OFFICER, municipality=other_municipality
        ),
        region=region,
        regional=_member("nina", "Орлова", "Нина", "Павловна", Role.REGIONAL_COORDINATOR, region=region),
    )
    PersonFactory(school=school, user=cast.mentor, last_name="Смирнов", first_name="Дмитрий", sex="m")
    PersonFactory(school=school, user=cast.mentee, last_name="Васильева", first_name="Елена")
    PersonFactory(
        school=school,
        user=cast.pupil,
        last_name="Орехов",
        first_name="Кирилл",
        sex="m",
        kind=PersonKind.PUPIL,
        position="",
        school_class="8 «Б»",
        birth_date=datetime.date(2012, 3, 4),
        teaching_started_on=None,
        hired_on=None,
    )
    return cast
