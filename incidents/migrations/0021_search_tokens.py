"""Search documents become tokens (incidents.search_tokens): every event's search text and
vector are emptied here, with the historical model, and rewritten in the new form by
``incidents.search_index.rebuild_after_migrate`` once ``migrate`` has finished (the rewrite
needs the current models: names of actors, places, types and tags)."""

from django.db import migrations


def empty_search_index(apps, schema_editor):
    Event = apps.get_model("incidents", "Event")
    Event.objects.update(search_text="", search_vector=None)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0020_proposal_place")]

    operations = [migrations.RunPython(empty_search_index, empty_search_index, elidable=True)]
