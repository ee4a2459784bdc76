"""The catalog per the seeds: each role model under the form the seeds give it, for new schools and old ones."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from demo.mentorships import PAIRS
from mentoring import lifecycle
from mentoring.catalog import FORMS
from mentoring.forms import MentorshipForm
from mentoring.models import MentoringForm, Mentorship, RoleModel
from people.models import PersonKind
from tests.factories import SchoolFactory
from tests.mentoring.helpers import END, START, mentee, mentor

MIGRATION = importlib.import_module("mentoring.migrations.0006_catalog_per_seeds")

LEADER = "лидер педагогического сообщества – педагог, испытывающий профессиональные затруднения в сфере коммуникации"
TEACHER_TEACHER = {
    "опытный педагог – молодой специалист",
    LEADER,
    "педагог-новатор – консервативный педагог",
    "опытный предметник – неопытный предметник",
}
# The quotes of the seeds: form → its role models.
SEEDS = {
    "ученик – ученик": {"успевающий – неуспевающий", "лидер – пассивный", "равный – равному"},  # 001 §3.1.4, 003 §4.2.5
    "учитель – ученик": {  # seed 003 §4.4.4
        "успевающий – неуспевающий",
        "лидер – равнодушный",
        "равный – другому",
        "куратор – автор проекта",
    },
    "работодатель – ученик": {  # seed 001 §3.1.3
        "активный профессионал – равнодушный потребитель",
        "коллега – молодой коллега",
        "работодатель – будущий сотрудник",
    },
    "педагог – педагог": TEACHER_TEACHER,  # seed 001 §3.1.1, seed 003 §4.3.4
    "работодатель – студент": set(),  # seed 002 §III.1, seed 000 §4.3
}

# The first catalog, as schools got it before: misplaced, shortened, without «работодатель – студент».
OLD_FORMS = [
    (
        "педагог – педагог",
        ["staff"],
        ["staff", "practicum"],
        [
            "опытный педагог – молодой специалист",
            "лидер педагогического сообщества – педагог с затруднениями в коммуникации",
            "педагог-новатор – консервативный педагог",
            "опытный предметник – неопытный предметник",
            "коллега – молодой коллега",
        ],
    ),
    (
        "руководитель – педагог",
        ["staff"],
        ["staff"],
        ["опытный педагог – молодой специалист", "коллега – молодой коллега"],
    ),
    ("работодатель – ученик", ["external"], ["pupil"], ["работодатель – будущий сотрудник"]),
    ("социальный партнёр – педагог", ["external"], ["staff"], ["опытный предметник – неопытный предметник"]),
    ("ученик – ученик", ["pupil"], ["pupil"], ["успевающий – неуспевающий", "лидер – пассивный", "равный – равному"]),
    (
        "учитель – ученик",
        ["staff"],
        ["pupil"],
        ["активный профессионал – равнодушный потребитель", "куратор – автор проекта", "лидер – пассивный"],
    ),
    (
        "педагог вуза (колледжа) – молодой педагог",
        ["external"],
        ["staff", "practicum"],
        ["опытный педагог – молодой специалист"],
    ),
    ("школа – школа", ["staff"], ["staff"], ["коллега – молодой коллега"]),
]

pytestmark = pytest.mark.django_db


def offered(school) -> dict[str, set[str]]:
    """Form → the role models offered for new pairs."""
    found: dict[str, set[str]] = {}
    for form in MentoringForm.objects.for_school(school):
        found[form.name] = set(form.role_models.filter(is_active=True).values_list("name", flat=True))
    return found


def old_catalog(school) -> dict[str, MentoringForm]:
    """The school's catalog as the first version of the portal seeded it."""
    RoleModel.objects.filter(school=school).delete()
    MentoringForm.objects.filter(school=school).delete()
    forms = {}
    for position, (name, mentor_kinds, mentee_kinds, role_models) in enumerate(OLD_FORMS):
        forms[name] = MentoringForm.objects.create(
            school=school, name=name, mentor_kinds=mentor_kinds, mentee_kinds=mentee_kinds, position=position
        )
        for role_model in role_models:
            RoleModel.objects.create(school=school, form=forms[name], name=role_model)
    return forms


def pair(school, form, role_model_name, *, mentee_kind=PersonKind.STAFF):
    made, _warnings = lifecycle.mentorship_create(
        school=school,
        form=form,
        role_model=RoleModel.objects.get(form=form, name=role_model_name),
        mentors=[mentor(school)],
        mentees=[mentee(school, kind=mentee_kind)],
        start=START,
        end=END,
        by=None,
    )
    return made


# --- what a new school gets ---------------------------------------------------------


def test_a_new_school_gets_each_role_model_under_the_form_the_seeds_give_it(cast):
    catalog = offered(cast.school)
    for form, role_models in SEEDS.items():
        assert catalog[form] == role_models, form
    assert catalog["руководитель – педагог"] == TEACHER_TEACHER, "seed 001 §3.1.2: the form «педагог – педагог»"
    assert catalog["школа – школа"] == set()
    assert "коллега – молодой коллега" not in catalog["педагог – педагог"] | catalog["школа – школа"]


def test_the_employer_student_form_is_an_external_mentor_and_a_practicum_student(cast):
    form = MentoringForm.objects.get(school=cast.school, name="работодатель – студент")
    assert (form.mentor_kinds, form.mentee_kinds) == ([PersonKind.EXTERNAL], [PersonKind.PRACTICUM_STUDENT])
    employer = mentor(cast.school, kind=PersonKind.EXTERNAL)
    student = mentee(cast.school, kind=PersonKind.PRACTICUM_STUDENT)
    made, _warnings = lifecycle.mentorship_create(
        school=cast.school, form=form, mentors=[employer], mentees=[student], start=START, end=END, by=None
    )
    assert made.form == form


def test_every_form_of_the_catalog_is_listed_once_and_in_order():
    names = [name for name, *_rest in FORMS]
    assert len(names) == len(set(names))
    assert names.index("работодатель – студент") == names.index("работодатель – ученик") + 1


def test_the_demo_pairs_use_role_models_of_their_own_forms():
    catalog = {name: set(role_models) for name, _mentors, _mentees, role_models in FORMS}
    for key, form, role_model, *_rest in PAIRS:
        assert role_model in catalog[form], key


# --- the data migration for the schools that exist -------------------------------------


def test_the_migration_brings_an_old_catalog_to_the_seeds_and_keeps_every_pair_consistent(cast):
    school = SchoolFactory(slug="staraya")
    forms = old_catalog(school)
    own = RoleModel.objects.create(school=school, form=forms["педагог – педагог"], name="наставник-методист – учитель")
    colleague_pair = pair(school, forms["педагог – педагог"], "коллега – молодой коллега")
    professional_pair = pair(
        school,
        forms["учитель – ученик"],
        "активный профессионал – равнодушный потребитель",
        mentee_kind=PersonKind.PUPIL,
    )
    leader_pair = pair(
        school, forms["педагог – педагог"], "лидер педагогического сообщества – педагог с затруднениями в коммуникации"
    )
    kept = {m.pk: m.role_model_id for m in (colleague_pair, professional_pair, leader_pair)}

    MIGRATION.bring_to_seeds(apps, school)

    catalog = offered(school)
    for form, role_models in SEEDS.items():
        assert catalog[form] - {own.name} == role_models, form
    assert own.name in catalog["педагог – педагог"], "the school's own role model stays"
    assert catalog["школа – школа"] == set()
    for mentorship in Mentorship.objects.filter(pk__in=kept).select_related("role_model"):
        assert mentorship.role_model_id == kept[mentorship.pk], "no pair is re-pointed"
        assert mentorship.role_model.form_id == mentorship.form_id, "a pair's role model belongs to its form"
    colleague = RoleModel.objects.get(pk=kept[colleague_pair.pk])
    assert (colleague.form, colleague.is_active) == (forms["педагог – педагог"], False), "kept for its pair only"
    assert RoleModel.objects.get(pk=kept[leader_pair.pk]).name == LEADER, "renamed in place"
    assert not RoleModel.objects.filter(school=school, form=forms["школа – школа"]).exists(), "unused: moved away"
    assert not RoleModel.objects.filter(
        school=school, form=forms["учитель – ученик"], name="лидер – пассивный"
    ).exists(), "unused, and «ученик – ученик» has its own"
    employer_student = MentoringForm.objects.get(school=school, name="работодатель – студент")
    assert employer_student.mentee_kinds == [PersonKind.PRACTICUM_STUDENT]


def test_an_unused_misplaced_role_model_is_moved_not_copied(cast):
    school = SchoolFactory(slug="staraya")
    forms = old_catalog(school)
    moved = RoleModel.objects.get(form=forms["школа – школа"], name="коллега – молодой коллега")

    MIGRATION.bring_to_seeds(apps, school)

    moved_now = RoleModel.objects.filter(pk=moved.pk).first()
    employer = MentoringForm.objects.get(school=school, name="работодатель – ученик")
    assert RoleModel.objects.filter(school=school, name="коллега – молодой коллега").count() == 1
    assert moved_now is None or moved_now.form == employer
    assert RoleModel.objects.get(school=school, name="коллега – молодой коллега").form == employer


def test_the_migration_runs_for_every_school_and_twice_changes_nothing(cast):
    school = SchoolFactory(slug="staraya")
    forms = old_catalog(school)
    pair(school, forms["педагог – педагог"], "коллега – молодой коллега")
    MIGRATION.bring_every_school_to_seeds(apps, None)
    snapshot = sorted(RoleModel.objects.values_list("school_id", "form_id", "name", "is_active"))
    forms_before = MentoringForm.objects.count()

    MIGRATION.bring_every_school_to_seeds(apps, None)

    assert sorted(RoleModel.objects.values_list("school_id", "form_id", "name", "is_active")) == snapshot
    assert MentoringForm.objects.count() == forms_before
    assert offered(cast.school)["работодатель – ученик"] == SEEDS["работодатель – ученик"], "a new school unchanged"


def test_a_school_that_renamed_a_form_keeps_it_and_gets_the_seeds_one(cast):
    school = SchoolFactory(slug="staraya")
    forms = old_catalog(school)
    forms["школа – школа"].name = "сетевое наставничество"
    forms["школа – школа"].save()

    MIGRATION.bring_to_seeds(apps, school)

    renamed = MentoringForm.objects.get(pk=forms["школа – школа"].pk)
    assert renamed.name == "сетевое наставничество"
    assert set(renamed.role_models.values_list("name", flat=True)) == {"коллега – молодой коллега"}, "not ours to move"
    assert MentoringForm.objects.filter(school=school, name="школа – школа").exists()


# --- a role model kept for old pairs is offered no more ---------------------------------


def test_a_role_model_kept_for_old_pairs_is_offered_to_no_new_pair_but_stays_on_its_own(cast):
    school = SchoolFactory(slug="staraya")
    forms = old_catalog(school)
    old = pair(school, forms["педагог – педагог"], "коллега – молодой коллега")
    MIGRATION.bring_to_seeds(apps, school)
    kept = RoleModel.objects.get(pk=old.role_model_id)

    new_pair_form = MentorshipForm(school=school)
    assert kept not in new_pair_form.fields["role_model"].queryset
    editing = MentorshipForm(school=school, keep_role_model=kept)
    assert kept in editing.fields["role_model"].queryset

    from documents.regulation import _forms

    listed = {form["name"]: form["role_models"] for form in _forms(school)}  # the Положение's table of forms
    assert "коллега – молодой коллега" not in listed["педагог – педагог"]
    assert "коллега – молодой коллега" in listed["работодатель – ученик"]


def test_the_catalog_page_tells_a_role_model_kept_for_old_pairs(cast, client_as):
    forms = old_catalog(cast.school)
    kept = pair(cast.school, forms["педагог – педагог"], "коллега – молодой коллега").role_model
    MIGRATION.bring_to_seeds(apps, cast.school)

    page = client_as(cast.curator).get(reverse("mentoring:catalog")).content.decode()

    teacher_teacher = page[page.index("педагог – педагог") : page.index("руководитель – педагог")]
    assert kept.name in teacher_teacher
    assert 'class="text-body-secondary">коллега – молодой коллега (' in teacher_teacher


def test_editing_a_running_pair_keeps_its_retired_role_model(cast, client_as):
    forms = old_catalog(cast.school)
    mentorship = pair(cast.school, forms["педагог – педагог"], "коллега – молодой коллега")
    lifecycle.mentorship_propose(mentorship=mentorship, by=cast.curator)
    MIGRATION.bring_to_seeds(apps, cast.school)
    url = reverse("mentoring:edit", kwargs={"pk": mentorship.pk})
    client = client_as(cast.curator)

    page = client.get(url).content.decode()
    response = client.post(url, {"role_model": mentorship.role_model_id, "direction": "ИКТ"})

    assert f'value="{mentorship.role_model_id}" selected' in page
    assert response.status_code == 302
    saved = Mentorship.objects.get(pk=mentorship.pk)
    assert (saved.role_model_id, saved.direction) == (mentorship.role_model_id, "ИКТ")
