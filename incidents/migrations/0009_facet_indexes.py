"""Indexes for the timeline's uncached counts (facets and histogram) at 100k events.

- The covering index over published events (0008) also carries ``span_end``, so that a
  "from" date filter keeps the histogram and type counts on an index-only scan
  (~180 ms -> ~80 ms at 100k).
- ``incidents_source (id, publisher_id)``: the publisher facet maps each source to its
  outlet; without this index PostgreSQL reads the whole source table, article texts and
  all (~130 MB), to build that map (publisher facet ~700 ms -> ~300 ms).

PostgreSQL only, like 0008 (INCLUDE; SQLite needs neither at its sizes). They are not
declared in ``Meta.indexes``, so Django's model state does not know them.
"""

from django.db import migrations

OLD_COVER = (
    "CREATE INDEX IF NOT EXISTS event_published_cover_idx ON incidents_event (date_lower) "
    "INCLUDE (date_precision, event_type_id, id, date_upper, end_date) "
    "WHERE status = 'published'"
)
CREATE = (
    "CREATE INDEX IF NOT EXISTS event_published_span_cover_idx ON incidents_event "
    "(date_lower) INCLUDE (date_precision, event_type_id, id, date_upper, end_date, span_end) "
    "WHERE status = 'published'",
    "DROP INDEX IF EXISTS event_published_cover_idx",
    "CREATE INDEX IF NOT EXISTS source_id_publisher_idx ON incidents_source (id, publisher_id)",
)
DROP = (
    "DROP INDEX IF EXISTS source_id_publisher_idx",
    OLD_COVER,
    "DROP INDEX IF EXISTS event_published_span_cover_idx",
)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0008_perf_indexes")]
    operations = [migrations.RunPython(create_indexes, drop_indexes)]
