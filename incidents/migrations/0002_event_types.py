"""Seed the controlled vocabulary of event types, with PLOVER / CAMEO codes where one fits."""

from django.db import migrations

EVENT_TYPES = [
    # slug, name, PLOVER, CAMEO, description
    (
        "summons",
        "Summons",
        "ACCUSE",
        "",
        "A government calls in another state's envoy to protest or explain.",
    ),
    (
        "diplomatic_protest",
        "Diplomatic protest",
        "ACCUSE",
        "111",
        "A formal protest, note or condemnation through diplomatic channels.",
    ),
    (
        "threat_warning",
        "Threat or warning",
        "THREATEN",
        "13",
        "A warning of consequences or an explicit threat.",
    ),
    (
        "sanction",
        "Sanction",
        "SANCTION",
        "163",
        "Asset freezes, export or import bans and other sanctions.",
    ),
    (
        "entry_ban",
        "Entry ban",
        "SANCTION",
        "172",
        "Barring named people from entering the country.",
    ),
    (
        "expulsion",
        "Expulsion",
        "REJECT",
        "166",
        "Expelling diplomats, officials or other foreign nationals.",
    ),
    (
        "military_aid",
        "Military aid",
        "AID",
        "072",
        "Supplying military equipment, funds or training to a third party.",
    ),
    (
        "military_activity",
        "Military activity",
        "MOBILIZE",
        "15",
        "Drills, patrols, deployments and other shows of force.",
    ),
    (
        "airspace_violation",
        "Airspace violation",
        "COERCE",
        "",
        "Military aircraft entering or approaching the other side's airspace.",
    ),
    (
        "detention",
        "Detention",
        "COERCE",
        "173",
        "Arrest or detention of a national of the other side.",
    ),
    (
        "agreement_cooperation",
        "Agreement or cooperation",
        "AGREE",
        "057",
        "Agreements, talks that reach terms, and practical cooperation.",
    ),
    (
        "economic_measure",
        "Economic measure",
        "",
        "",
        "Trade, energy or investment decisions short of sanctions.",
    ),
    ("statement", "Statement", "", "01", "A notable public statement that is itself the incident."),
    ("other", "Other", "", "", "Anything that fits no other type."),
]


def add_types(apps, schema_editor):
    EventType = apps.get_model("incidents", "EventType")
    for position, (slug, name, plover, cameo, description) in enumerate(EVENT_TYPES):
        EventType.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "plover_code": plover,
                "cameo_code": cameo,
                "description": description,
                "position": position,
            },
        )


def remove_types(apps, schema_editor):
    EventType = apps.get_model("incidents", "EventType")
    EventType.objects.filter(slug__in=[row[0] for row in EVENT_TYPES], events__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]
    operations = [migrations.RunPython(add_types, remove_types)]
