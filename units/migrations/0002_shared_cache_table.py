"""The database table of the "shared" cache (settings.CACHES): counts that
every app process must see alike, such as failed sign-ins, live in the
database all processes already share."""
from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_shared_cache_table(apps, schema_editor):
    table = schema_editor.quote_name(settings.CACHES["shared"]["LOCATION"])
    schema_editor.execute(f"DROP TABLE IF EXISTS {table}")


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]
    operations = [migrations.RunPython(create_cache_tables, drop_shared_cache_table)]
