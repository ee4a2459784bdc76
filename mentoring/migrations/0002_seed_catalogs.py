from django.db import migrations


def seed_existing_schools(apps, schema_editor):
    from mentoring.catalog import FORMS, MODES

    School = apps.get_model("accounts", "School")
    MentoringForm = apps.get_model("mentoring", "MentoringForm")
    RoleModel = apps.get_model("mentoring", "RoleModel")
    Mode = apps.get_model("mentoring", "Mode")
    MentoringSettings = apps.get_model("mentoring", "MentoringSettings")
    for school in School.objects.all():
        for position, (name, mentor_kinds, mentee_kinds, role_models) in enumerate(FORMS):
            form, _ = MentoringForm.objects.get_or_create(
                school=school,
                name=name,
                defaults={"mentor_kinds": [str(k) for k in mentor_kinds], "mentee_kinds": [str(k) for k in mentee_kinds], "position": position},
            )
            for role_model in role_models:
                RoleModel.objects.get_or_create(school=school, form=form, name=role_model)
        for name in MODES:
            Mode.objects.get_or_create(school=school, name=name)
        MentoringSettings.objects.get_or_create(school=school)


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0001_initial"), ("accounts", "0001_initial")]

    operations = [migrations.RunPython(seed_existing_schools, migrations.RunPython.noop)]
