"""The importer's score on the corpus of cases in ``tests/import_cases/`` (issue 13): the
yardstick the importer is tuned against, shown by ``manage.py import_score``.

It lives in the importing package, next to what it measures, because it scores the same
record the command and the admin's preview show (``preview_record``); it only reads files and
never touches the database (speakers are scored as the article names them, before they are
matched to actors).

A case is ``NAME.txt`` or ``NAME.html`` (raw bytes, in whatever encoding the page had) and
``NAME.expected.json``:

- ``set``: "dev" or "holdout" (default "dev"; a case's name decides nothing, only this key
  does). Tune on dev; the holdout figure is the one that counts.
- ``given_url``: the address passed as ``import_articles --url`` (the file does not name it).
- ``title`` (or ``title_startswith``), ``title_guessed``, ``published_on``, ``publisher``,
  ``credit``, ``author``, ``language``, ``kind`` (default "news"), ``url``: the metadata. A
  missing publisher, credit or author means the article names none; publisher, credit,
  author and a quotation's speaker and title may be a list of equally right answers.
- ``patterns``: the failure patterns of real pages the case reproduces (issue 13), so that
  the dev and holdout sets can be checked to cover the same ones.
- ``encoding``: the encoding the file is stored in, when it is not UTF-8 (for the record).
- ``paragraphs``: article paragraphs that must be kept whole; ``keep``: distinctive passages
  of the article that must be kept (a substring of the text).
- ``boilerplate``: passages of site chrome that must not be kept.
- ``quotes``: ``{"startswith", "speaker", "title"}`` — every quotation the importer should
  offer, with who said it (and the title the article gives them, when it gives one).

Texts are compared normalised (Unicode NFKC, whitespace collapsed, case folded, quotation
marks and brackets stripped at the ends), so that the score is about meaning, not
punctuation.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .limits import ImportRejected
from .preview import preview_record, read_named_file

# The project's own corpus (the repository's tests/, next to the incidents app).
CASES_DIR = Path(__file__).resolve().parents[2] / "tests" / "import_cases"
SETS = ("dev", "holdout")
LANGUAGES = ("en", "ja", "ru")
# Stripped at the ends of compared texts: quotation marks of the three languages, brackets.
QUOTE_MARKS = "\"'«»“”„‟‘’‚‹›「」『』〝〟()[]（）【】 "


def normalise(text: str | None) -> str:
    """The text as compared: NFKC, one space for any whitespace, case folded, quotation
    marks stripped at both ends."""
    text = unicodedata.normalize("NFKC", text or "")
    text = " ".join(text.split()).casefold()
    return text.strip(unicodedata.normalize("NFKC", QUOTE_MARKS) + QUOTE_MARKS)


@dataclass
class Case:
    name: str
    path: Path
    expected: dict
    set: str

    @property
    def language(self) -> str:
        return self.expected.get("language", "")


def case_set(expected: dict) -> str:
    """The case's set, as its expected JSON says (names once decided it; they no longer do,
    so that a reported held-back case can become tuning material by one key)."""
    return expected.get("set", "dev")


def load_cases(which: str = "all", directory: Path | None = None) -> list[Case]:
    """The cases of one set ("dev", "holdout") or of all, sorted by name."""
    directory = directory or CASES_DIR
    cases = []
    for spec in sorted(directory.glob("*.expected.json")):
        name = spec.name.removesuffix(".expected.json")
        expected = json.loads(spec.read_text(encoding="utf-8"))
        source = next(p for p in directory.glob(f"{name}.*") if not p.name.endswith(".json"))
        case = Case(name, source, expected, case_set(expected))
        if which in ("all", case.set):
            cases.append(case)
    return cases


def run_case(case: Case) -> dict:
    """What the importer makes of the case's file (the ``import_articles --json`` record)."""
    article = read_named_file(
        case.path.name, case.path.read_bytes(), url=case.expected.get("given_url", "")
    )
    return preview_record(article, path=str(case.path))


@dataclass
class CaseScore:
    name: str
    set: str
    language: str
    error: str = ""
    # Metadata: True when right.
    title: bool = False
    date: bool = False
    publisher: bool = False
    author: bool = False
    credit: bool = False
    language_right: bool = False
    kind: bool = False
    # Text: counts.
    boilerplate_total: int = 0
    boilerplate_kept: int = 0
    body_total: int = 0
    body_lost: int = 0
    # Quotations.
    quotes_total: int = 0
    quotes_found: int = 0
    speakers_right: int = 0
    invented: int = 0
    problems: list[str] = field(default_factory=list)


def _same(found: str | None, wanted: str | list[str] | None) -> bool:
    """Equal when normalised; ``wanted`` may list several right answers (a ministry named
    in English or Japanese, "МИД России" or "МИД РФ")."""
    if isinstance(wanted, list):
        return any(_same(found, one) for one in wanted)
    return normalise(found) == normalise(wanted)


def _quote_matches(found: str, wanted_start: str) -> bool:
    found, wanted = normalise(found), normalise(wanted_start)
    return bool(wanted) and found.startswith(wanted)


def score_case(case: Case, record: dict | None, error: str = "") -> CaseScore:
    """How the importer's record for one case compares with the case's expectations. A case
    the importer refused (``record`` None) scores nothing: every field wrong, every
    paragraph lost, every quotation missed."""
    exp = case.expected
    score = CaseScore(case.name, case.set, case.language, error=error)
    paragraphs = [*exp.get("paragraphs", []), *exp.get("keep", [])]
    score.body_total = len(paragraphs)
    score.boilerplate_total = len(exp.get("boilerplate", []))
    score.quotes_total = len(exp.get("quotes", []))
    if record is None:
        score.body_lost = score.body_total
        score.problems.append(f"refused: {error}")
        return score

    # Title: the headline (or its start), and marked as a guess exactly when it is one.
    title = record.get("title")
    if "title_startswith" in exp:
        title_right = normalise(title).startswith(normalise(exp["title_startswith"]))
    else:
        title_right = _same(title, exp.get("title"))
    score.title = title_right and record.get("title_guessed") == exp.get("title_guessed", False)
    score.date = record.get("published") == exp.get("published_on")
    score.publisher = _same(record.get("publisher"), exp.get("publisher"))
    score.author = _same(record.get("author"), exp.get("author"))
    score.credit = _same(record.get("credit"), exp.get("credit"))
    score.language_right = record.get("language") == exp.get("language")
    score.kind = record.get("kind") == exp.get("kind", "news")
    for name, right, got, wanted in (
        (
            "title",
            score.title,
            f"{title!r} (guessed: {record.get('title_guessed')})",
            f"{exp.get('title', exp.get('title_startswith'))!r} "
            f"(guessed: {exp.get('title_guessed', False)})",
        ),
        ("date", score.date, record.get("published"), exp.get("published_on")),
        ("publisher", score.publisher, record.get("publisher"), exp.get("publisher")),
        ("author", score.author, record.get("author"), exp.get("author")),
        ("credit", score.credit, record.get("credit"), exp.get("credit")),
        ("language", score.language_right, record.get("language"), exp.get("language")),
        ("kind", score.kind, record.get("kind"), exp.get("kind", "news")),
    ):
        if not right:
            if name != "title":
                got, wanted = repr(got), repr(wanted)
            score.problems.append(f"{name}: got {got}, expected {wanted}")

    # Body: whole paragraphs kept whole, passages kept somewhere; boilerplate gone.
    text = record.get("text") or ""
    kept_paragraphs = {normalise(p) for p in text.split("\n\n") if p.strip()}
    text_n = normalise(text)
    for paragraph in exp.get("paragraphs", []):
        if normalise(paragraph) not in kept_paragraphs:
            score.body_lost += 1
            score.problems.append(f"paragraph lost: {paragraph[:60]!r}")
    for passage in exp.get("keep", []):
        if normalise(passage) not in text_n:
            score.body_lost += 1
            score.problems.append(f"passage lost: {passage[:60]!r}")
    for snippet in exp.get("boilerplate", []):
        if normalise(snippet) in text_n:
            score.boilerplate_kept += 1
            score.problems.append(f"boilerplate kept: {snippet[:60]!r}")

    # Quotations: found (by their start), right speaker (and title, when the case gives it),
    # and quotations offered that the case does not list (invented).
    offered = record.get("quotes") or []
    for wanted in exp.get("quotes", []):
        found = next((q for q in offered if _quote_matches(q["quote"], wanted["startswith"])), None)
        if found is None:
            score.problems.append(f"quote missed: {wanted['startswith'][:50]!r}")
            continue
        score.quotes_found += 1
        right = _same(found.get("speaker"), wanted.get("speaker"))
        if right and "title" in wanted:
            right = _same(found.get("speaker_title"), wanted["title"])
        if right:
            score.speakers_right += 1
        else:
            score.problems.append(
                f"speaker of {wanted['startswith'][:40]!r}: got {found.get('speaker')!r} / "
                f"{found.get('speaker_title')!r}, expected {wanted.get('speaker')!r} / "
                f"{wanted.get('title')!r}"
            )
    starts = [w["startswith"] for w in exp.get("quotes", [])]
    for quote in offered:
        if not any(_quote_matches(quote["quote"], start) for start in starts):
            score.invented += 1
            score.problems.append(f"invented quote: {quote['quote'][:50]!r}")
    return score


def score_cases(cases: Iterable[Case]) -> list[CaseScore]:
    scores = []
    for case in cases:
        try:
            record, error = run_case(case), ""
        except ImportRejected as exc:
            record, error = None, str(exc)
        scores.append(score_case(case, record, error))
    return scores


FIELDS = ("title", "date", "publisher", "author", "credit", "language", "kind")


def _share(scores: list[CaseScore], part: str, whole: str, key: str = "right") -> dict:
    """One figure of the summary: the ``part`` over the cases (under ``key``) of the
    ``whole`` (under "total"), e.g. the quotes found of all the quotes in the articles."""
    return {
        key: sum(getattr(s, part) for s in scores),
        "total": sum(getattr(s, whole) for s in scores),
    }


def summarise(scores: list[CaseScore]) -> dict:
    """The per-field figures over some cases: metadata as right/total, text as counts, and
    speakers per language."""
    total = len(scores)
    summary: dict = {"cases": total}
    for name in FIELDS:
        attr = "language_right" if name == "language" else name
        summary[name] = {"right": sum(getattr(s, attr) for s in scores), "total": total}
    summary["boilerplate_kept"] = _share(scores, "boilerplate_kept", "boilerplate_total", "count")
    summary["body_lost"] = _share(scores, "body_lost", "body_total", "count")
    summary["quotes_found"] = _share(scores, "quotes_found", "quotes_total")
    summary["speakers_right"] = _share(scores, "speakers_right", "quotes_total")
    for language in LANGUAGES:
        in_language = [s for s in scores if s.language == language]
        speakers = _share(in_language, "speakers_right", "quotes_total")
        summary[f"speakers_right_{language}"] = speakers
    summary["invented_quotes"] = {"count": sum(s.invented for s in scores)}
    summary["refused"] = {"count": sum(bool(s.error) for s in scores)}
    return summary


ROWS = (
    ("title", "title"),
    ("date", "date"),
    ("publisher", "publisher"),
    ("author", "author"),
    ("credit", "credit (wire)"),
    ("language", "language"),
    ("kind", "kind"),
    ("boilerplate_kept", "boilerplate passages kept (lower is better)"),
    ("body_lost", "body paragraphs lost (lower is better)"),
    ("quotes_found", "quotes found (recall)"),
    ("speakers_right", "speakers right"),
    ("speakers_right_en", "speakers right, en"),
    ("speakers_right_ja", "speakers right, ja"),
    ("speakers_right_ru", "speakers right, ru"),
    ("invented_quotes", "invented quotes (lower is better)"),
    ("refused", "cases refused (lower is better)"),
)


def _cell(figure: dict) -> str:
    if "right" in figure:
        right, total = figure["right"], figure["total"]
        percent = f" ({100 * right / total:.0f}%)" if total else ""
        return f"{right}/{total}{percent}"
    if "total" in figure:
        return f"{figure['count']} of {figure['total']}"
    return str(figure["count"])


def format_table(summaries: dict[str, dict]) -> str:
    """A Markdown table: one row per figure, one column per set of cases."""
    names = list(summaries)
    header = ["figure", *(f"{n} ({summaries[n]['cases']} cases)" for n in names)]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for key, label in ROWS:
        cells = [_cell(summaries[n][key]) for n in names]
        lines.append("| " + " | ".join([label, *cells]) + " |")
    return "\n".join(lines)


def format_problems(scores: list[CaseScore]) -> str:
    """Each case's set, language and what it got wrong (for tuning on the dev set)."""
    lines = []
    for s in scores:
        status = "ok" if not s.problems else f"{len(s.problems)} problem(s)"
        lines.append(f"{s.name} [{s.set}, {s.language}]: {status}")
        lines.extend(f"    {problem}" for problem in s.problems)
    return "\n".join(lines)


def as_dict(score: CaseScore) -> dict:
    return asdict(score)
