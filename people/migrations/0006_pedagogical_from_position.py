"""Employees («работник», the kind ``staff`` relabelled) get their pedagogical flag from their position.

The flag (0005) starts False for everyone; here every current employee gets what the
nomenclature of pedagogical positions (Government Decree of 21.02.2022 No. 225) says of
their position. ``people.nomenclature`` is a pure function module, safe to import here.
"""

from django.db import migrations, models

from people.nomenclature import is_pedagogical_position

STAFF = "staff"
CHUNK = 500  # positions per query: SQLite caps the number of query parameters


def set_from_position(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    staff = Person.objects.filter(kind=STAFF)
    positions = sorted(set(staff.values_list("position", flat=True)))
    pedagogical = [position for position in positions if is_pedagogical_position(position)]
    staff.update(is_pedagogical=False)
    for start in range(0, len(pedagogical), CHUNK):
        staff.filter(position__in=pedagogical[start : start + CHUNK]).update(is_pedagogical=True)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_person_is_pedagogical"),
    ]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="kind",
            field=models.CharField(
                choices=[
                    ("staff", "employee"),
                    ("pupil", "pupil"),
                    ("practicum", "practicum student"),
                    ("external", "external"),
                ],
                default="staff",
                max_length=16,
                verbose_name="kind",
            ),
        ),
        migrations.RunPython(set_from_position, migrations.RunPython.noop, elidable=True),
    ]
