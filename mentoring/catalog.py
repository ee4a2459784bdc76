"""The default catalogs every school starts with, drawn from the seeds; each school edits its own."""

from mentoring.models import MentoringForm, MentoringSettings, Mode, RoleModel
from people.models import PersonKind

STAFF, PUPIL, STUDENT, EXTERNAL = PersonKind.STAFF, PersonKind.PUPIL, PersonKind.PRACTICUM_STUDENT, PersonKind.EXTERNAL

# name, mentor kinds, mentee kinds, role models
FORMS = [
    (
        "педагог – педагог",
        [STAFF],
        [STAFF, STUDENT],
        [
            "опытный педагог – молодой специалист",
            "лидер педагогического сообщества – педагог с затруднениями в коммуникации",
            "педагог-новатор – консервативный педагог",
            "опытный предметник – неопытный предметник",
            "коллега – молодой коллега",
        ],
    ),
    ("руководитель – педагог", [STAFF], [STAFF], ["опытный педагог – молодой специалист", "коллега – молодой коллега"]),
    ("работодатель – ученик", [EXTERNAL], [PUPIL], ["работодатель – будущий сотрудник"]),
    ("социальный партнёр – педагог", [EXTERNAL], [STAFF], ["опытный предметник – неопытный предметник"]),
    ("ученик – ученик", [PUPIL], [PUPIL], ["успевающий – неуспевающий", "лидер – пассивный", "равный – равному"]),
    (
        "учитель – ученик",
        [STAFF],
        [PUPIL],
        ["активный профессионал – равнодушный потребитель", "куратор – автор проекта", "лидер – пассивный"],
    ),
    (
        "педагог вуза (колледжа) – молодой педагог",
        [EXTERNAL],
        [STAFF, STUDENT],
        ["опытный педагог – молодой специалист"],
    ),
    ("школа – школа", [STAFF], [STAFF], ["коллега – молодой коллега"]),
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
