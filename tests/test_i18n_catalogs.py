"""The Japanese and Russian catalogs: complete, in step with the marked strings, and used.

(a) Every entry of locale/{ja,ru}/LC_MESSAGES/django.po is translated, none fuzzy or obsolete,
with each language's plural rule. (b) `make messages` (the Makefile's makemessages command)
run on a copy of the project changes no entry: every marked string is in the catalogs and
nothing stale is left. (c) Public pages in Japanese and Russian show none of the English
interface words; counts take each language's plural forms.
"""

from __future__ import annotations

import io
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from lxml import html

from incidents.models import Place, Release, Role, Status

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("ja", "ru")
PLURAL_FORMS = {
    "ja": "nplurals=1; plural=0;",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
}


def catalog(lang: str, root: Path = ROOT) -> polib.POFile:
    return polib.pofile(str(root / "locale" / lang / "LC_MESSAGES" / "django.po"))


def keys(po: polib.POFile) -> set[tuple[str | None, str, str]]:
    return {(entry.msgctxt, entry.msgid, entry.msgid_plural) for entry in po}


# --- (a) complete --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(lang):
    po = catalog(lang)
    assert len(po) > 300
    assert not po.metadata_is_fuzzy
    assert po.metadata["Language"] == lang
    assert po.metadata["Plural-Forms"] == PLURAL_FORMS[lang]
    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    assert [entry.msgid for entry in po.obsolete_entries()] == []
    forms = 1 if lang == "ja" else 3
    for entry in po:
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == list(range(forms)), entry.msgid
            assert all(entry.msgstr_plural.values()), entry.msgid


# --- (b) in step with the marked strings ------------------------------------------------


def makemessages_arguments() -> list[str]:
    """The options of `make messages` (the Makefile's MAKEMESSAGES line), so that the check
    runs exactly the command everyone runs."""
    line = re.search(r"^MAKEMESSAGES := (.*)$", (ROOT / "Makefile").read_text(), re.M)
    assert line, "Makefile has no MAKEMESSAGES line"
    return shlex.split(line[1])


def test_makemessages_leaves_the_catalogs_unchanged(tmp_path):
    if not shutil.which("msgmerge"):
        pytest.fail("gettext's msgmerge is needed (apt-get install gettext)")
    # A copy of the project: makemessages writes into the locale/ it finds beside the code.
    skip = shutil.ignore_patterns(
        ".*", "__pycache__", "node_modules", "staticfiles", "tests", "docs", "db.sqlite3*",
        "*.mo", "test-artifacts", "bench-results", "backups",
    )  # fmt: skip
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=skip)
    command = makemessages_arguments()
    assert command[:2] == ["manage.py", "makemessages"]
    result = subprocess.run(
        [sys.executable, *command],
        cwd=copy,
        env={"PATH": "/usr/bin:/bin", "TESTING": "1", "ENV_FILE": "/dev/null"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    for lang in LANGUAGES:
        before, after = catalog(lang), catalog(lang, copy)
        added = keys(after) - keys(before)
        stale = keys(before) - keys(after)
        assert not added, f"strings marked but not in the {lang} catalog: {sorted(added)[:10]}"
        assert not stale, f"{lang} entries no longer marked anywhere: {sorted(stale)[:10]}"
        assert [entry.msgid for entry in after.fuzzy_entries()] == []
        assert {entry.msgid: entry.msgstr for entry in after} == {
            entry.msgid: entry.msgstr for entry in before
        }


# --- (c) used: pages in Japanese and Russian ----------------------------------------------

# English interface words that a translated page must not show (as whole words). The test
# data below is written without them, so any of them on a page is an untranslated string.
ENGLISH = re.compile(
    r"\b(Filter|Filters|Search|Statements?|Sources?|Next|Previous|Timeline|Events?|Places?|"
    r"Analysis|About|Data|Download|Published|Publisher|Language|Names|Page|Actors?|Refine|"
    r"Apply|Clear|Cite|Changes|Map|Skip|Releases?|Patterns|Original|Quote|Paraphrase|Type|"
    r"Scope|Method|Licence|Changelog|Sitemap|Newest|Oldest|Order|From|Load more|not found|"
    r"per year|per month)\b"
)
# What a page may show in English: citations (a stable, conventional form with the project's
# English name; BibTeX and CSL-JSON in <pre>), text marked as English (record data that has
# no translation yet) and the event types' own names and descriptions on the about page
# (vocabulary: record data).
EXEMPT = (
    "//*[contains(concat(' ', @class, ' '), ' citation ')] | //pre | //body//*[@lang='en']"
    " | //script"
    " | //table[contains(concat(' ', @class, ' '), ' vocabulary ')]/tbody"
)


@pytest.fixture
def localized(settings):
    """The catalogs compiled by the test session (tests/conftest.py), whatever the settings."""
    settings.LOCALE_PATHS = [ROOT / "locale"]
    return settings


@pytest.fixture
def record(db, make):
    """A small published record whose own text holds none of the ENGLISH words."""
    state = make.actor("Ниппон", kind="state")
    minister = make.actor("Иванов И. И.", country=state)
    article = make.source(title="Посол вызван в МИД", text="Посол вызван. «Мы протестуем».")
    cause = make.event(
        "Вызов посла",
        summary="МИД вызвал посла.",
        actors=[(state, Role.INITIATOR), (minister, Role.TARGET)],
        sources=[article],
        tags=["xq"],
    )
    answer = make.event(
        "Ответный протест", date="2023-06-12", type="diplomatic_protest", sources=[article]
    )
    answer.responds_to.add(cause)
    make.statement(cause, minister, "Мы протестуем", source=article, kind="quote")
    cause.places.add(Place.objects.order_by("pk").first())
    # Two data releases, the second with an event added, one changed and one withdrawn.
    call_command("release", site_url="https://rj-timeline.example", stdout=io.StringIO())
    cause.summary = "МИД вызвал посла в тот же день."
    cause.save()
    answer.status = Status.DRAFT
    answer.save()
    make.event("Запрет на въезд", date="2023-07-01", type="entry_ban", sources=[article])
    call_command("release", site_url="https://rj-timeline.example", stdout=io.StringIO())
    return cause


def visible_text(content: bytes) -> str:
    tree = html.fromstring(content)
    for node in tree.xpath(EXEMPT):
        if node.getparent() is not None:
            node.drop_tree()
    words = tree.xpath("//body//text()")
    words += tree.xpath("//title/text() | //@aria-label | //@title | //@placeholder | //@alt")
    words += tree.xpath("//meta[@name='description']/@content")
    return " ".join(" ".join(words).split())


def public_pages(event) -> list[tuple[str, int]]:
    place = event.places.first()
    release = Release.objects.newest_first().first()
    return [
        (reverse("timeline:index"), 200),
        (reverse("timeline:index") + "?q=zzzz-nothing", 200),
        (reverse("timeline:index") + "?actor=nobody-at-all&from=2023&to=2022", 200),
        (event.get_absolute_url(), 200),
        (event.actor_roles.first().actor.get_absolute_url(), 200),
        (event.source_links.first().source.get_absolute_url(), 200),
        (place.get_absolute_url(), 200),
        (reverse("timeline:places"), 200),
        (reverse("timeline:map"), 200),
        (reverse("timeline:about"), 200),
        (reverse("timeline:analysis"), 200),
        (reverse("timeline:data"), 200),
        (reverse("timeline:release", args=[release.version]), 200),
        (reverse("timeline:release_event", args=[release.version, event.slug]), 200),
        (reverse("timeline:changes"), 200),
        (reverse("timeline:chain", args=[event.slug]), 200),
        (reverse("timeline:index") + "no-such-page/", 404),
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_public_pages_show_no_english_interface_words(client, localized, record, lang):
    from django.core.cache import cache

    with translation.override(lang):
        pages = public_pages(record)
    for url, status in pages:
        cache.clear()  # a page cached in another language must not answer
        with translation.override(lang):
            response = client.get(url)
        assert response.status_code == status, url
        text = visible_text(response.content)
        found = sorted(set(ENGLISH.findall(text)))
        assert not found, f"{lang} {url}: English {found} in: {text[:3000]}"


def render_count(lang: str, count: int) -> str:
    template = Template(
        "{% load i18n %}{% blocktranslate count counter=n trimmed %}"
        "{{ counter }} event{% plural %}{{ counter }} events{% endblocktranslate %}"
    )
    with translation.override(lang):
        return template.render(Context({"n": count}))


def test_counts_take_each_languages_plural_forms(localized):
    assert [render_count("en", n) for n in (1, 2, 5)] == ["1 event", "2 events", "5 events"]
    assert [render_count("ru", n) for n in (1, 2, 5, 11, 21, 22, 25)] == [
        "1 событие",
        "2 события",
        "5 событий",
        "11 событий",
        "21 событие",
        "22 события",
        "25 событий",
    ]
    assert [render_count("ja", n) for n in (1, 2, 5)] == ["1件の事案", "2件の事案", "5件の事案"]


def test_python_strings_are_translated_where_they_are_shown(localized):
    from timeline.public.chains import Lag

    with translation.override("ru"):
        assert [str(Lag(n, n)) for n in (0, 1, 3, 5)] == [
            "в тот же день",
            "через 1 день",
            "через 3 дня",
            "через 5 дней",
        ]
    with translation.override("ja"):
        assert str(Lag(2, 9)) == "2～9日後"
        assert str(Role.INITIATOR.label) == "行為主体"
    assert settings.LANGUAGE_CODE.startswith("en")
    with translation.override("en"):
        assert str(Lag(1, 1)) == "1 day later"


def test_feeds_have_a_title_and_subtitle_in_the_pages_language(client, localized, record):
    with translation.override("ru"):
        url = reverse("timeline:feed_atom")
    feed = client.get(url + "?tag=xq").content.decode()
    assert "<title>Хроника российско-японских инцидентов: xq</title>" in feed
    assert "<subtitle>Новейшие опубликованные инциденты" in feed
    english = client.get(reverse("timeline:feed_atom")).content.decode()
    assert "<title>Russia–Japan Incident Timeline</title>" in english


def test_change_summaries_stored_in_english_are_shown_in_the_pages_language(localized):
    from timeline.templatetags.timeline_tags import change_summary

    stored = "Title, summary (japanese); 1 statement added; 2 source links removed"
    with translation.override("ru"):
        assert change_summary(stored) == (
            "Заголовок, краткое описание (японское); добавлено: 1 заявление; "
            "удалено: 2 ссылки на источники"
        )
        assert change_summary("Published") == "Опубликовано"
        # A piece this does not know: shown as stored, marked as English.
        assert change_summary("Colour; 1 statement added") == (
            '<span lang="en">Colour; 1 statement added</span>'
        )
    with translation.override("ja"):
        assert change_summary("Date; 3 statements changed") == "日付；発言を3件変更"
    with translation.override("en"):
        assert change_summary(stored) == stored
