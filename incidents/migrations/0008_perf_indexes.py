"""A covering index over published events for the timeline's histogram and type counts.

With 100k events, counting published events by month and by type read the whole table
(a sequential scan, ~0.8 s); from this partial index PostgreSQL answers both with an
index-only scan (~60 ms). PostgreSQL only (INCLUDE); SQLite has no need at its sizes.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS event_published_cover_idx ON incidents_event (date_lower) "
    "INCLUDE (date_precision, event_type_id, id, date_upper, end_date) "
    "WHERE status = 'published'"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS event_published_cover_idx")


class Migration(migrations.Migration):
    dependencies = [("incidents", "0007_event_history_tags_and_responses")]
    operations = [migrations.RunPython(create_index, drop_index)]
