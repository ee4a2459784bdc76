"""Demo bank: mentor and mentee profiles, deficits, trainings, awards and consents."""

import datetime

from accounts.models import School
from people.models import (
    Award,
    AwardKind,
    CategoryMark,
    Consent,
    ConsentKind,
    Deficit,
    GrowthDirection,
    MenteeCategory,
    MenteeProfile,
    MentorProfile,
    MentorTraining,
    MentorWillingness,
    Person,
)

# employee number → (competence areas, max mentees, willingness)
MENTORS = {
    "0004": (
        "Начальное общее образование; адаптация молодых педагогов; классное руководство",
        3,
        MentorWillingness.READY,
    ),
    "0005": ("Физика; подготовка к ГИА; цифровые лаборатории", 2, MentorWillingness.READY),
    "0008": ("Русский язык и литература; работа с родителями", 2, MentorWillingness.READY),
    "0010": ("История; проектная деятельность обучающихся", 2, MentorWillingness.LATER),
    "0014": ("Биология; исследовательская деятельность", 1, MentorWillingness.READY),
    # A young teacher who mentored an experienced one in digital tools (the reverse pair, ended early).
    "0022": ("Цифровые инструменты учителя; ФГИС «Моя школа»", 1, MentorWillingness.READY),
    "0023": ("Начальные классы; формирующее оценивание", 2, MentorWillingness.READY),
    "0027": ("Математика; олимпиадная подготовка; методическая работа", 3, MentorWillingness.READY),
    "В-001": ("Методика обучения математике; современные образовательные технологии", 4, MentorWillingness.READY),
    "У-101": ("Информатика; программирование на Python (наставник-ученик)", 1, MentorWillingness.READY),
}

# employee number → (chosen categories, requests, strengths, direction, deficits)
MENTEES = {
    "0006": (
        [],
        "Планирование уроков по ФГОС, дисциплина на уроке в 7-х классах",
        "Хорошо владеет цифровыми инструментами",
        GrowthDirection.SUBJECT,
        ["Построение урока в логике системно-деятельностного подхода", "Управление дисциплиной в классе"],
    ),
    "0011": (
        [],
        "Работа с родителями, ведение электронного журнала",
        "Свободно владеет английским",
        GrowthDirection.PARENTS,
        ["Общение с родителями в конфликтной ситуации"],
    ),
    "0013": ([], "Организация внеурочной деятельности", "Спортивные достижения", GrowthDirection.EXTRACURRICULAR, []),
    "0015": (
        [],
        "Формирующее оценивание в начальной школе",
        "Творческий подход",
        GrowthDirection.SUBJECT,
        ["Критерии оценивания письменных работ"],
    ),
    "0029": (
        [],
        "Адаптация первоклассников, работа с родителями",
        "Творческие занятия, музыка",
        GrowthDirection.PARENTS,
        ["Организация учебной деятельности первоклассников"],
    ),
    "0022": ([], "Подготовка обучающихся к олимпиадам по информатике", "Программирование", GrowthDirection.SUBJECT, []),
    "0028": (
        [MenteeCategory.AFTER_BREAK],
        "Обновлённые ФГОС ООО и ФОП",
        "Опыт работы в музее",
        GrowthDirection.SUBJECT,
        ["Работа по обновлённым ФГОС"],
    ),
    "0017": (
        [MenteeCategory.BURNOUT],
        "Вернуть интерес к работе, новые форматы занятий",
        "Большой опыт",
        GrowthDirection.OTHER,
        [],
    ),
    "0020": (
        [MenteeCategory.DIGITAL],
        "Освоить ФГИС «Моя школа» и цифровые лаборатории",
        "Мастер-практик",
        GrowthDirection.SUBJECT,
        ["Использование цифровых образовательных ресурсов"],
    ),
    "У-103": ([], "Подтянуть математику", "Любит конструировать", GrowthDirection.SUBJECT, ["Решение текстовых задач"]),
}

CONSENT_START = datetime.date(2025, 8, 20)


def _consents(person: Person, participation: str) -> None:
    kinds = [ConsentKind.PERSONAL_DATA, participation]
    if person.is_minor():
        kinds.append(ConsentKind.GUARDIAN)
    for kind in kinds:
        Consent.objects.get_or_create(
            person=person,
            kind=kind,
            given_on=CONSENT_START,
            defaults={"guardian_name": "Кириллова Наталья Олеговна" if kind == ConsentKind.GUARDIAN else ""},
        )


def seed_bank(school: School | None = None) -> None:
    school = school or School.objects.get(slug="sosh-2")
    people = {p.employee_number: p for p in Person.objects.for_school(school)}
    for number, (areas, max_mentees, willingness) in MENTORS.items():
        person = people[number]
        MentorProfile.objects.update_or_create(
            person=person,
            defaults={"competence_areas": areas, "max_mentees": max_mentees, "willingness": willingness},
        )
        _consents(person, ConsentKind.MENTOR_PARTICIPATION)
    for number, (categories, requests, strengths, direction, deficits) in MENTEES.items():
        person = people[number]
        MenteeProfile.objects.update_or_create(
            person=person, defaults={"requests": requests, "strengths": strengths, "growth_direction": direction}
        )
        for category in categories:
            CategoryMark.objects.get_or_create(person=person, category=category)
        for description in deficits:
            Deficit.objects.get_or_create(
                person=person,
                description=description,
                defaults={"diagnosed_on": datetime.date(2025, 9, 15), "method": "Анкета самооценки, посещение уроков"},
            )
        if number != "0013":  # one young teacher has not signed yet: the board shows the gap
            _consents(person, ConsentKind.MENTEE_PARTICIPATION)
    # A withdrawn publication consent, so the history shows a withdrawal.
    Consent.objects.get_or_create(
        person=people["0010"],
        kind=ConsentKind.PUBLICATION,
        given_on=CONSENT_START,
        defaults={"withdrawn_on": datetime.date(2026, 2, 10)},
    )
    MentorTraining.objects.get_or_create(
        person=people["0027"],
        title="Наставничество в образовательной организации: технологии и практики",
        defaults={"provider": "ЛОИРО", "hours": 36, "completed_on": datetime.date(2025, 3, 28)},
    )
    MentorTraining.objects.get_or_create(
        person=people["0004"],
        title="Организация наставничества педагогических работников",
        defaults={
            "provider": "Академия Минпросвещения России",
            "hours": 72,
            "completed_on": datetime.date(2024, 11, 15),
        },
    )
    Award.objects.get_or_create(
        person=people["0027"], kind=AwardKind.FOR_MENTORING, defaults={"awarded_on": datetime.date(2025, 10, 5)}
    )
    Award.objects.get_or_create(
        person=people["0004"],
        kind=AwardKind.CERTIFICATE,
        defaults={"title": "Почётная грамота комитета образования", "awarded_on": datetime.date(2024, 10, 5)},
    )
