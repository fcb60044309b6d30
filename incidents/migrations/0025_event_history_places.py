"""An event's places are part of its history, as its tags and "responds to" links are (0007):
every historical record of an event now holds the places it had, so the edit log names a
change of places and restoring a revision brings its places back.

The records written before this one never held places, and until now every revision was
shown with the event's places as they are today. The backfill gives each existing record
exactly that — the event's current places — so no comparison of older revisions shows a
change that was never recorded, and restoring one of them leaves today's places as they are
(what it did before). Changes from now on are recorded as they happen.
"""

import django.db.models.deletion
import simple_history.models
from django.db import migrations, models


def backfill(apps, schema_editor):
    """One INSERT … SELECT: every historical record of an event gets its current places."""
    history = apps.get_model("incidents", "HistoricalEvent_places")._meta.db_table
    records = apps.get_model("incidents", "HistoricalEvent")._meta.db_table
    links = apps.get_model("incidents", "Event").places.through._meta.db_table
    schema_editor.execute(
        f"INSERT INTO {history} (id, event_id, place_id, history_id) "
        f"SELECT link.id, link.event_id, link.place_id, record.history_id "
        f"FROM {records} record JOIN {links} link ON link.event_id = record.id"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0024_contested_place_names"),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalEvent_places",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "event",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="incidents.event",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="incidents.historicalevent",
                    ),
                ),
                (
                    "place",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="incidents.place",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalEvent_places",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
