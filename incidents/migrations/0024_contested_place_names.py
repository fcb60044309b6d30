"""Contested places carry every party's name in Japanese and Russian too, as in English.

The Japanese and Russian pages name places in their own language (the Place filter, the map,
a place's page): a name that only one party uses would take its side there. So the southern
Kurils are "北方領土／南クリル諸島" and "Южные Курилы / Северные территории", as in English
"Northern Territories / Southern Kurils". A name an editor has changed since the seed is
kept. Each name alone stays an alias, so that a location text naming 択捉島 or Итуруп still
finds the place (incidents.gazetteer), as "Etorofu" does. The search text of the events in
these places is rewritten by ``manage.py rebuild_search_index`` (as after 0018: a migration
cannot run the indexer on its historical models); ``load_seed`` does it itself.
"""

from django.db import migrations

# slug: ((Japanese before, after), (Russian before, after))
NAMES = {
    "southern-kurils": (
        ("北方領土", "北方領土／南クリル諸島"),
        ("Южные Курилы", "Южные Курилы / Северные территории"),
    ),
    "etorofu-iturup": (("択捉島", "択捉島／イトゥルップ島"), ("Итуруп", "Итуруп / Эторофу")),
    "kunashiri-kunashir": (("国後島", "国後島／クナシル島"), ("Кунашир", "Кунашир / Кунасири")),
    "soya-strait": (
        ("宗谷海峡", "宗谷海峡／ラ・ペルーズ海峡"),
        ("Пролив Лаперуза", "Пролив Лаперуза / пролив Соя"),
    ),
}


def rename(apps, schema_editor, forward=True):
    Place = apps.get_model("incidents", "Place")
    for place in Place.objects.filter(slug__in=NAMES):
        aliases = place.aliases.splitlines()
        for field, (before, after) in zip(("name_ja", "name_ru"), NAMES[place.slug], strict=True):
            if not forward:
                before, after = after, before
            if getattr(place, field) != before:
                continue  # changed by an editor since: kept
            setattr(place, field, after)
            if forward:  # each name alone stays findable
                parts = (part.strip() for part in after.replace("／", "/").split("/"))
                aliases += [part for part in parts if part not in aliases]
        place.aliases = "\n".join(aliases)
        place.save(update_fields=["name_ja", "name_ru", "aliases"])


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0023_translation_state_labels")]

    operations = [migrations.RunPython(rename, rename_back)]
