"""The database cache's table, so `migrate` alone readies a fresh database (ADR 26).

The shared counts of rate limits live in the default cache, which is the database's unless
REDIS_URL is set; settings name this table in CACHES["default"]["LOCATION"]. It is made whatever
the cache is, so switching from Redis back to the database needs nothing more.
"""

from django.core.management import call_command
from django.db import migrations

TABLE = "civicdesk_cache"


def create(apps, schema_editor):
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create, drop)]
