"""A release's Frictionless Data Package descriptor (``datapackage.json``).

The events' and statements' table schemas come from the exports' column table
(timeline/exports/columns.py: names, types, descriptions), so the files and the schema that
describes them are declared in one place; sources and actors, which have no CSV export of
their own, are declared here from their JSON records' fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson
from django.urls import reverse

from ..exports.columns import EVENT_TABLE, STATEMENT_TABLE, Column
from ..public.references import LICENSE_NAME, LICENSE_URL, project_name
from .citing import cite_release

if TYPE_CHECKING:
    from incidents.models import Release, ReleaseFile

EVENTS_CSV = "events.csv"
RECORD_JSON = "record.json"
STATE_COLUMN = "state"
STATE_DESCRIPTION = (
    "`published`, or `withdrawn`: an earlier release published the event and the record no "
    "longer does; the row is that release's."
)
PACKAGE_NAME = "russia-japan-incident-timeline"
# The CSVs start with a byte order mark (Excel reads UTF-8 by it): utf-8-sig reads it as one.
CSV_DIALECT = {"encoding": "utf-8-sig", "format": "csv", "mediatype": "text/csv"}


class RecordField(NamedTuple):
    """A column of sources.csv or actors.csv: ``record[key]`` (or ``record[key][part]``)."""

    name: str
    key: str
    type: str = "string"
    part: str = ""


SOURCE_FIELDS = (
    RecordField("id", "id", "integer"),
    RecordField("url", "url"),
    RecordField("title", "title"),
    RecordField("publisher", "publisher", part="slug"),
    RecordField("publisher_name", "publisher", part="name"),
    RecordField("credit", "credit"),
    RecordField("author", "author"),
    RecordField("published_on", "published_on", "date"),
    RecordField("language", "language"),
    RecordField("kind", "kind"),
    RecordField("archive_url", "archive_url"),
    RecordField("page_url", "page_url"),
)
PLACE_FIELDS = (
    RecordField("slug", "slug"),
    RecordField("name", "name_en"),
    RecordField("name_ja", "name_ja"),
    RecordField("name_ru", "name_ru"),
    RecordField("kind", "kind"),
    RecordField("parent", "parent__slug"),
    RecordField("latitude", "latitude", "number"),
    RecordField("longitude", "longitude", "number"),
)
ACTOR_FIELDS = (
    RecordField("slug", "slug"),
    RecordField("name", "name"),
    RecordField("name_ru", "name_ru"),
    RecordField("name_ja", "name_ja"),
    RecordField("kind", "kind"),
    RecordField("url", "url"),
)


def _column_field(column: Column) -> dict[str, Any]:
    field: dict[str, Any] = {"name": column.name, "type": column.type}
    if column.description:
        field["description"] = column.description
    return field


def table_schema(
    fields: Iterable[dict[str, Any]], key: Sequence[str], **extra: Any
) -> dict[str, Any]:
    return {"fields": list(fields), "primaryKey": list(key), **extra}


SCHEMAS = {
    EVENTS_CSV: table_schema(
        [
            *map(_column_field, EVENT_TABLE),
            {
                "name": STATE_COLUMN,
                "type": "string",
                "description": STATE_DESCRIPTION,
                "constraints": {"required": True, "enum": ["published", "withdrawn"]},
            },
        ],
        ["id"],
    ),
    "statements.csv": table_schema(
        map(_column_field, STATEMENT_TABLE),
        ["id"],
        foreignKeys=[
            {"fields": ["event_id"], "reference": {"resource": "events", "fields": ["id"]}}
        ],
    ),
    "sources.csv": table_schema(
        ({"name": spec.name, "type": spec.type} for spec in SOURCE_FIELDS), ["id"]
    ),
    "actors.csv": table_schema(
        ({"name": spec.name, "type": spec.type} for spec in ACTOR_FIELDS), ["slug"]
    ),
    "places.csv": table_schema(
        ({"name": spec.name, "type": spec.type} for spec in PLACE_FIELDS),
        ["slug"],
        foreignKeys=[{"fields": ["parent"], "reference": {"resource": "", "fields": ["slug"]}}],
    ),
}
DESCRIPTIONS = {
    EVENTS_CSV: "Published events (and events withdrawn since an earlier release), oldest first.",
    "statements.csv": "What each side said about the published events, with the source.",
    "sources.csv": "The articles and documents that back the published events.",
    "actors.csv": "States, organisations, people and outlets the published events name.",
    "places.csv": "The places published events happened in, and the places they lie in.",
    RECORD_JSON: "The same events as JSON records, with their actors, statements and sources.",
}


def _resource(file: ReleaseFile) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "name": file.name.rsplit(".", 1)[0],
        "path": file.name,
        "description": DESCRIPTIONS[file.name],
        "bytes": file.size,
        "hash": f"sha256:{file.sha256}",
    }
    if file.name in SCHEMAS:
        resource.update(profile="tabular-data-resource", **CSV_DIALECT)
        resource["schema"] = SCHEMAS[file.name]
    else:
        resource.update(
            profile="data-resource", format="json", mediatype=file.media_type, encoding="utf-8"
        )
    return resource


def datapackage(release: Release, files: Iterable[ReleaseFile], site_url: str) -> bytes:
    """The descriptor of ``release`` and its ``files``, as the bytes of datapackage.json."""
    site = site_url.rstrip("/")
    citation = cite_release(release, site)
    descriptor = {
        "profile": "data-package",
        "name": PACKAGE_NAME,
        "title": project_name(),
        "version": release.version,
        "created": release.created_at.isoformat(),
        "homepage": site + reverse("timeline:index"),
        "description": (
            "A curated record of incidents between Russia and Japan, with the official "
            f"statements made about them and the articles that report them: release "
            f"{release.version}, the published record as it stood on "
            f"{release.created_at.date().isoformat()}."
        ),
        "licenses": [{"name": "CC-BY-4.0", "title": LICENSE_NAME, "path": LICENSE_URL}],
        "contributors": [{"title": project_name(), "role": "publisher"}],
        "citation": {"apa": citation.apa, "bibtex": citation.bibtex, "csl": citation.csl},
        "resources": [_resource(file) for file in files],
    }
    return orjson.dumps(descriptor, option=orjson.OPT_INDENT_2)
