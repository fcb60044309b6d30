"""GIN index on the search vector — PostgreSQL only (SQLite uses the text fallback)."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS event_search_vector_gin "
            "ON incidents_event USING gin (search_vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS event_search_vector_gin")


class Migration(migrations.Migration):
    dependencies = [("incidents", "0002_event_types")]
    operations = [migrations.RunPython(create_index, drop_index)]
