"""The research outputs. CSV and JSON exports: exactly the events that ``/`` shows for the same
query string.

The events come from ``filter_events`` (the timeline's own FilterSet), all pages of them.
Responses are streamed: the queryset is read in chunks of ``loading.CHUNK_SIZE`` and what
hangs from each chunk is loaded in a fixed number of queries, so memory stays flat and the
number of queries grows by a constant per chunk, however many events match. On PostgreSQL
the CSVs are written by the database (COPY).

- ``records``: the JSON export's and the API's records (actors, sources, statements, events);
- ``loading``: reading the events a chunk at a time, and what hangs from them;
- ``columns``: the CSV columns, each declared once (header, Python cell, SQL cell);
- ``writers``: CSV and JSON written as they are read; ``copy``: the CSVs written by COPY;
- ``views``: the three downloads.
- ``feeds``: Atom and RSS of the newest matching events; ``citation``: cite.bib, cite.json
  and the JSON-LD of event, source and dataset pages (the shared licence and reference
  styles are in timeline/public/references.py, which the about page uses too).

The settings tests change (``loading.CHUNK_SIZE``, ``loading.can_pipeline``,
``writers.FLUSH_BYTES``, ``views.can_copy``) are not repeated here: patched on the package
they would change nothing, so they are reached only in the module that reads them.
"""

from .columns import EVENT_COLUMNS, STATEMENT_COLUMNS, event_row, statement_rows
from .copy import copy_events_csv, copy_statements_csv
from .loading import (
    Related,
    RelatedLoader,
    Summary,
    iter_events,
    listed,
    load_related,
    load_summaries,
)
from .records import (
    ACTOR,
    ACTOR_VALUES,
    SOURCE_VALUES,
    STATEMENT_OWN,
    STATEMENT_RECORD,
    ExportedEvent,
    Part,
    Said,
    Urls,
    actor_record,
    event_record,
    source_record,
    statement_record,
)
from .views import events_csv, events_json, statements_csv

__all__ = [
    "ACTOR",
    "ACTOR_VALUES",
    "EVENT_COLUMNS",
    "SOURCE_VALUES",
    "STATEMENT_COLUMNS",
    "STATEMENT_OWN",
    "STATEMENT_RECORD",
    "ExportedEvent",
    "Part",
    "Related",
    "RelatedLoader",
    "Said",
    "Summary",
    "Urls",
    "actor_record",
    "copy_events_csv",
    "copy_statements_csv",
    "event_record",
    "event_row",
    "events_csv",
    "events_json",
    "iter_events",
    "listed",
    "load_related",
    "load_summaries",
    "source_record",
    "statement_record",
    "statement_rows",
    "statements_csv",
]
