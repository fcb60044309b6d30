"""Article import: one importer behind the admin's "Add source from article" and
``manage.py import_articles``. Callers use what this package exports, not its modules.

The pipeline (``pipeline``) is: read the input (``reading``: pasted text, an uploaded
.txt/.html file; ``fetch``: a page fetched on request) → extract the article (trafilatura for
HTML) → clean the text of the boilerplate news sites wrap around it (``boilerplate``,
``cleaning``) → read the metadata: title, publisher, author, date, language (``metadata``) →
find quotations and who said them (``quotes``: English, Russian, Japanese) → match names to
existing actors (``actors``) → check for duplicates (``dedupe``). Nothing is written to the
database until ``save_import`` runs (``saving``), in one transaction. Every import runs under
one overall time limit (``limits``).

The cleaning rules describe *kinds* of boilerplate (link lists under a "popular / ranking /
related" heading, sign-up and share prompts, legal disclaimers, navigation, wire IDs) rather
than the phrasing of particular sites, and the article's own paragraphs are recognised as
prose, so that unknown sites are handled too. ``tests/import_cases/`` holds the cases it is
scored on.
"""

from ..urlnorm import normalise_url
from .actors import ActorIndex, match_actors
from .article_dates import date_from_menafn, find_date, is_dateline
from .cleaning import clean_text
from .dedupe import SIMILARITY_THRESHOLD, find_duplicate, similarity
from .fetch import FETCH_TIMEOUT_SECONDS, USER_AGENT, FetchedPage, fetch_url
from .limits import (
    IMPORT_TIME_LIMIT_SECONDS,
    MAX_ARTICLE_BYTES,
    ImportRejected,
    ImportTooSlow,
    check_size,
    time_limit,
)
from .metadata import guess_title
from .pipeline import parse_article, read_file, read_url
from .preview import preview_record, read_named_file
from .quotes import MAX_QUOTES, MAX_QUOTES_PER_PARAGRAPH, QUOTE_CONTEXT_CHARS, find_quotes
from .reading import ALLOWED_EXTENSIONS, decode_bytes, looks_like_html
from .results import Article, DraftStatement
from .saving import (
    ConfirmedStatement,
    DuplicateSource,
    NewEvent,
    SavedImport,
    add_statements,
    event_for,
    get_or_create_actor,
    save_import,
)
from .scoring import CASES_DIR as IMPORT_CASES_DIR
from .scoring import format_problems, format_table, load_cases, score_cases, summarise
from .text import detect_language, plain

__all__ = [
    "ALLOWED_EXTENSIONS",
    "FETCH_TIMEOUT_SECONDS",
    "IMPORT_CASES_DIR",
    "IMPORT_TIME_LIMIT_SECONDS",
    "MAX_ARTICLE_BYTES",
    "MAX_QUOTES",
    "MAX_QUOTES_PER_PARAGRAPH",
    "QUOTE_CONTEXT_CHARS",
    "SIMILARITY_THRESHOLD",
    "USER_AGENT",
    "ActorIndex",
    "Article",
    "ConfirmedStatement",
    "DraftStatement",
    "DuplicateSource",
    "FetchedPage",
    "ImportRejected",
    "ImportTooSlow",
    "NewEvent",
    "SavedImport",
    "add_statements",
    "check_size",
    "clean_text",
    "date_from_menafn",
    "decode_bytes",
    "detect_language",
    "event_for",
    "fetch_url",
    "find_date",
    "find_duplicate",
    "find_quotes",
    "format_problems",
    "format_table",
    "get_or_create_actor",
    "guess_title",
    "is_dateline",
    "load_cases",
    "looks_like_html",
    "match_actors",
    "normalise_url",
    "parse_article",
    "plain",
    "preview_record",
    "read_file",
    "read_named_file",
    "read_url",
    "save_import",
    "score_cases",
    "similarity",
    "summarise",
    "time_limit",
]
