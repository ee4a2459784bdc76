"""Every school's catalog brought to the seeds, without breaking a single pair.

The first catalog put some role models under forms the seeds do not give them («коллега – молодой
коллега» under «педагог – педагог», «активный профессионал – равнодушный потребитель» and «лидер –
пассивный» under «учитель – ученик»), shortened one name, and lacked the form «работодатель –
студент». For every existing school this:

- creates the forms and role models of ``mentoring.catalog.FORMS`` the school lacks;
- gives the shortened «лидер педагогического сообщества – …» its full name from the seeds (the same
  row, so its pairs keep it);
- moves each misplaced role model to its form: a model no pair uses is re-pointed to the right form
  (or deleted when that form has it already); a model some pair uses stays where it is for those
  pairs (a pair's role model always belongs to the pair's form) but is no longer offered for new
  pairs (``is_active`` off), and the right form gets its own.

A school's own forms and role models, and the names it changed, are left as they are.
"""

from django.db import migrations, models

# A role model seeded under the wrong forms: its name → (the forms it must leave, the form it belongs to).
MOVES = {
    "коллега – молодой коллега": (
        ("педагог – педагог", "руководитель – педагог", "школа – школа"),
        "работодатель – ученик",
    ),
    "активный профессионал – равнодушный потребитель": (("учитель – ученик",), "работодатель – ученик"),
    "лидер – пассивный": (("учитель – ученик",), "ученик – ученик"),
}
# (form, the first catalog's shortened name) → the seeds' name (seed 001 §3.1.1, seed 003 §4.3.4).
RENAMES = {
    (
        "педагог – педагог",
        "лидер педагогического сообщества – педагог с затруднениями в коммуникации",
    ): "лидер педагогического сообщества – педагог, испытывающий профессиональные затруднения в сфере коммуникации",
}


def bring_to_seeds(apps, school) -> None:
    """One school's catalog per the seeds; ``apps`` is the migration's (or the project's) registry."""
    from mentoring.catalog import FORMS

    MentoringForm = apps.get_model("mentoring", "MentoringForm")
    RoleModel = apps.get_model("mentoring", "RoleModel")
    Mentorship = apps.get_model("mentoring", "Mentorship")

    forms = {}
    for position, (name, mentor_kinds, mentee_kinds, _role_models) in enumerate(FORMS):
        forms[name], _created = MentoringForm.objects.get_or_create(
            school_id=school.pk,
            name=name,
            defaults={
                "mentor_kinds": [str(kind) for kind in mentor_kinds],
                "mentee_kinds": [str(kind) for kind in mentee_kinds],
                "position": position,
            },
        )
    for (form_name, old), new in RENAMES.items():
        form = forms[form_name]
        if not RoleModel.objects.filter(form=form, name=new).exists():
            RoleModel.objects.filter(form=form, name=old).update(name=new)
    for name, (wrong_forms, right_form_name) in MOVES.items():
        right = forms[right_form_name]
        misplaced = RoleModel.objects.filter(school_id=school.pk, name=name, form__name__in=wrong_forms)
        for role_model in misplaced.order_by("pk"):
            if Mentorship.objects.filter(role_model=role_model).exists():
                role_model.is_active = False  # kept for its pairs, offered no more
                role_model.save(update_fields=["is_active"])
            elif RoleModel.objects.filter(form=right, name=name).exists():
                role_model.delete()
            else:
                role_model.form = right
                role_model.save(update_fields=["form"])
    for name, _mentor_kinds, _mentee_kinds, role_models in FORMS:
        for role_model in role_models:
            RoleModel.objects.get_or_create(school_id=school.pk, form=forms[name], name=role_model)


def bring_every_school_to_seeds(apps, schema_editor):
    School = apps.get_model("accounts", "School")
    for school in School.objects.order_by("pk"):
        bring_to_seeds(apps, school)


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0005_never_approved_pairs_not_formed"), ("accounts", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="rolemodel",
            name="is_active",
            field=models.BooleanField(
                default=True,
                help_text="Off: kept for the pairs that use it, not offered for new ones.",
                verbose_name="offered for new pairs",
            ),
        ),
        migrations.RunPython(bring_every_school_to_seeds, migrations.RunPython.noop),
    ]
