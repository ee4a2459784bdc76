"""Demo public section: the curator's words, news and announcements, regulations, consents to publish."""

import datetime

from django.db import transaction

from accounts.models import School
from people.models import Consent, ConsentKind, Person
from public.models import FileKind, NewsItem, PublicFile, SectionText

NEWS = [
    (
        datetime.date(2026, 9, 2),
        False,
        "Стартовал новый учебный год наставничества",
        "В школе сформированы наставнические пары и группы; молодые специалисты начали работу по персонализированным программам.",
    ),
    (
        datetime.date(2026, 10, 12),
        False,
        "Семинар «Технологии наставничества»",
        "Совет наставников провёл обучающий семинар для наставников школы.",
    ),
    (
        datetime.date(2026, 11, 20),
        True,
        "Фестиваль открытых уроков наставнических пар",
        "Приглашаем коллег и родителей на фестиваль открытых уроков в марте.",
    ),
]
FILES = [
    (
        FileKind.FEDERAL,
        "Распоряжение Минпросвещения России от 25.12.2019 № Р-145 «Об утверждении методологии (целевой модели) наставничества обучающихся»",
        "https://docs.edu.gov.ru/document/c4d7feb359d9563f114aea8106c9a2aa/",
    ),
    (
        FileKind.FEDERAL,
        "Письмо Минпросвещения России от 21.12.2021 № АЗ-1128/08 о методических рекомендациях по системе наставничества педагогических работников",
        "https://docs.edu.gov.ru/",
    ),
    (
        FileKind.RECOMMENDATION,
        "Методические рекомендации по разработке и внедрению системы (целевой модели) наставничества педагогических работников",
        "https://docs.edu.gov.ru/",
    ),
]


@transaction.atomic
def seed_public(school: School | None = None) -> None:
    school = school or School.objects.get(slug="sosh-2")
    if NewsItem.objects.for_school(school).exists():
        return
    SectionText.objects.update_or_create(
        school=school,
        defaults={
            "intro": "Система наставничества в школе помогает молодым специалистам и педагогам, пришедшим к нам, "
            "быстрее освоиться в профессии, а опытным педагогам — делиться своим мастерством.",
            "contacts": "Куратор: Морозова Елена Николаевна, заместитель директора по УВР, каб. 204, тел. 8 (81364) 2-15-40",
        },
    )
    for day, announcement, title, body in NEWS:
        NewsItem.objects.create(school=school, title=title, body=body, published_on=day, is_announcement=announcement)
    for position, (kind, title, link) in enumerate(FILES):
        PublicFile.objects.create(school=school, kind=kind, title=title, link=link, position=position)
    # Mentors who agreed to be named on the site.
    for number in ("0027", "0004", "0005", "В-001"):
        person = Person.objects.for_school(school).get(employee_number=number)
        Consent.objects.get_or_create(person=person, kind=ConsentKind.PUBLICATION, given_on=datetime.date(2025, 9, 1))
