"""The default catalogs every school starts with, drawn from the seeds; each school edits its own."""

from mentoring.models import MentoringForm, MentoringSettings, Mode, RoleModel
from people.models import PersonKind

STAFF, PUPIL, STUDENT, EXTERNAL = PersonKind.STAFF, PersonKind.PUPIL, PersonKind.PRACTICUM_STUDENT, PersonKind.EXTERNAL

# The teacher–teacher role models (seed 001 §3.1.1, seed 003 §4.3.4). The director mentoring a
# teacher realises the form «педагог – педагог» (seed 001 §3.1.2), so the same models serve there.
TEACHER_TEACHER = [
    "опытный педагог – молодой специалист",
    "лидер педагогического сообщества – педагог, испытывающий профессиональные затруднения в сфере коммуникации",
    "педагог-новатор – консервативный педагог",
    "опытный предметник – неопытный предметник",
]

# name, mentor kinds, mentee kinds, role models (the forms and models of the seeds, each under its form)
FORMS = [
    ("педагог – педагог", [STAFF], [STAFF, STUDENT], TEACHER_TEACHER),
    ("руководитель – педагог", [STAFF], [STAFF], TEACHER_TEACHER),
    # Seed 001 §3.1.3.
    (
        "работодатель – ученик",
        [EXTERNAL],
        [PUPIL],
        [
            "активный профессионал – равнодушный потребитель",
            "коллега – молодой коллега",
            "работодатель – будущий сотрудник",
        ],
    ),
    # Seed 002 §III.1 «работодатель – студент», seed 000 §4.3 «работодатель – студент педагогического
    # вуза/колледжа»: a student on practicum at the school. The seeds give it no role models.
    ("работодатель – студент", [EXTERNAL], [STUDENT], []),
    ("социальный партнёр – педагог", [EXTERNAL], [STAFF], ["опытный предметник – неопытный предметник"]),
    # Seed 001 §3.1.4, seed 003 §4.2.5.
    ("ученик – ученик", [PUPIL], [PUPIL], ["успевающий – неуспевающий", "лидер – пассивный", "равный – равному"]),
    # Seed 003 §4.4.4.
    (
        "учитель – ученик",
        [STAFF],
        [PUPIL],
        ["успевающий – неуспевающий", "лидер – равнодушный", "равный – другому", "куратор – автор проекта"],
    ),
    (
        "педагог вуза (колледжа) – молодой педагог",
        [EXTERNAL],
        [STAFF, STUDENT],
        ["опытный педагог – молодой специалист"],
    ),
    ("школа – школа", [STAFF], [STAFF], []),
]

MODES = [
    "виртуальное (дистанционное)",
    "в группе",
    "краткосрочное (целеполагающее)",
    "реверсивное",
    "ситуационное",
    "скоростное",
    "традиционное «один на один»",
]


def catalog_seed(school) -> None:
    """Creates the defaults a school lacks; never overwrites what the school edited."""
    for position, (name, mentor_kinds, mentee_kinds, role_models) in enumerate(FORMS):
        form, _created = MentoringForm.objects.get_or_create(
            school=school,
            name=name,
            defaults={"mentor_kinds": list(mentor_kinds), "mentee_kinds": list(mentee_kinds), "position": position},
        )
        for role_model in role_models:
            RoleModel.objects.get_or_create(school=school, form=form, name=role_model)
    for name in MODES:
        Mode.objects.get_or_create(school=school, name=name)
    MentoringSettings.objects.get_or_create(school=school)
