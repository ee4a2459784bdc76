from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # The rate limits' counters live in a database table when CACHE_URL is unset (settings
    # CACHES["limits"]); «migrate» alone makes it, so no deployment needs «createcachetable».
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_school_requisites")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop, elidable=True)]
