"""The project's Japanese and Russian translations of the seed record are complete and well formed.

fixtures/translations.json gives every seed event a Japanese and a Russian title and summary,
every event type and tag a Japanese and a Russian name, and every Russian-language seed
statement an English translation by the project.
"""

import importlib
import json
import re
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TRANSLATIONS_PATH = FIXTURES / "translations.json"

KANA = re.compile(r"[\u3040-\u30ff]")
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
ENGLISH_MONTH = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b"
)
TITLE_MAX = 300
SUMMARY_MAX = 5000


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed() -> dict:
    return read(FIXTURES / "seed.json")


@pytest.fixture(scope="module")
def translations() -> dict:
    return read(TRANSLATIONS_PATH)


def seed_tag_slugs(seed: dict) -> list[str]:
    slugs: list[str] = []
    for event in seed["events"]:
        slugs += [slug for slug in event["tags"] if slug not in slugs]
    return slugs


def event_type_slugs() -> list[str]:
    migration = importlib.import_module("incidents.migrations.0002_event_types")
    return [row[0] for row in migration.EVENT_TYPES]


def test_file_is_pretty_printed_in_seed_order(seed, translations):
    text = TRANSLATIONS_PATH.read_text(encoding="utf-8")
    assert text == json.dumps(translations, ensure_ascii=False, indent=2) + "\n"
    assert list(translations) == ["events", "event_types", "tags", "statements"]
    assert list(translations["events"]) == [event["slug"] for event in seed["events"]]
    assert list(translations["event_types"]) == event_type_slugs()
    assert list(translations["tags"]) == seed_tag_slugs(seed)


def test_every_seed_event_has_both_translations(seed, translations):
    for event in seed["events"]:
        row = translations["events"][event["slug"]]
        assert set(row) == {"title_ja", "summary_ja", "title_ru", "summary_ru"}, event["slug"]
        for field, text in row.items():
            assert text.strip() == text and text, (event["slug"], field)
            limit = TITLE_MAX if field.startswith("title") else SUMMARY_MAX
            assert len(text) <= limit, (event["slug"], field, len(text))
            assert not ENGLISH_MONTH.search(text), (event["slug"], field, "English month name")
        for field in ("title_ja", "summary_ja"):
            assert KANA.search(row[field]), (event["slug"], field, "no Japanese kana")
            assert not CYRILLIC.search(row[field]), (event["slug"], field, "Cyrillic in Japanese")
        for field in ("title_ru", "summary_ru"):
            assert CYRILLIC.search(row[field]), (event["slug"], field, "no Cyrillic")
            assert not JAPANESE.search(row[field]), (event["slug"], field, "Japanese in Russian")


def test_named_actors_keep_the_record_spelling(seed, translations):
    """An actor named in full in an English summary is spelled as the actor's own ja/ru name."""
    actors = {actor["slug"]: actor for actor in seed["actors"]}
    for event in seed["events"]:
        row = translations["events"][event["slug"]]
        for role in event["actors"]:
            actor = actors[role["actor"]]
            if actor["kind"] != "person" or actor["name_en"] not in event["summary"]:
                continue
            if actor["name_ja"]:
                assert actor["name_ja"] in row["summary_ja"], (event["slug"], actor["slug"])
            # Russian declines names (Захарова → Захаровой, Зеленский → Зеленским): compare
            # the surname without its last two letters.
            surname = actor["name_ru"].split()[-1]
            stem = surname[: max(3, len(surname) - 2)]
            assert stem in row["summary_ru"], (event["slug"], actor["slug"])


@pytest.mark.parametrize("vocabulary", ["event_types", "tags"])
def test_every_type_and_tag_has_distinct_names(seed, translations, vocabulary):
    expected = event_type_slugs() if vocabulary == "event_types" else seed_tag_slugs(seed)
    names = translations[vocabulary]
    assert set(names) == set(expected)
    for slug, row in names.items():
        assert set(row) == {"name_ja", "name_ru"}, slug
        assert row["name_ja"].strip() and JAPANESE.search(row["name_ja"]), slug
        assert row["name_ru"].strip() and CYRILLIC.search(row["name_ru"]), slug
    for field in ("name_ja", "name_ru"):
        values = [row[field].casefold() for row in names.values()]
        duplicates = {value for value in values if values.count(value) > 1}
        assert not duplicates, (vocabulary, field, duplicates)


def test_every_russian_statement_has_an_english_translation(seed, translations):
    russian = [
        (event["slug"], statement)
        for event in seed["events"]
        for statement in event["statements"]
        if statement["language"] == "ru"
    ]
    entries = translations["statements"]
    assert len(entries) == len(russian)
    for (slug, statement), entry in zip(russian, entries, strict=True):
        assert set(entry) == {"event", "speaker", "text_startswith", "translation_en"}
        assert entry["event"] == slug
        assert entry["speaker"] == statement["speaker"]
        assert entry["text_startswith"] == statement["text"][:40]
        english = entry["translation_en"]
        assert english.strip() and not CYRILLIC.search(english), slug
        assert re.search(r"[A-Za-z]{3}", english), slug
