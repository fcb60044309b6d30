"""The dataset's licence and how to cite it, and the reference styles every citation shares.

Neutral ground: the about page (timeline/public/about.py) cites the dataset, and the research
outputs (timeline/exports/, the API) name its licence and cite single events with the same
APA, Chicago and BibTeX rules (timeline/exports/citation.py). References name the project (as
group author), what is cited, the URL and the access date — the record can change, so APA and
Chicago both ask for when it was read.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone

from incidents.dates import PartialDate

LICENSE_NAME = "CC BY 4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"

BIBTEX_MONTHS = [m.lower() for m in calendar.month_abbr[1:]]  # jan … dec (BibTeX macros)


def project_name() -> str:
    return settings.SITE_NAME


_BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    # Not \{ and \}: BibTeX counts braces without looking at backslashes.
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bibtex_escape(text: str) -> str:
    """Escape LaTeX specials so that hostile text cannot unbalance braces or run commands."""
    text = " ".join(text.split())
    return "".join(_BIBTEX_SPECIALS.get(char, char) for char in text)


def bibtex_url(url: str) -> str:
    # A URL is verbatim to biblatex; only braces could end the field early.
    return "{" + url.replace("{", "%7B").replace("}", "%7D") + "}"


def bibtex_entry(entry_type: str, key: str, fields: list[tuple[str, str]]) -> str:
    lines = [f"@{entry_type}{{{key},"]
    for name, value in fields:
        lines.append(f"  {name} = {value},")
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- Event references -----------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    url: str
    accessed: dt.date
    apa: str
    chicago: str
    bibtex: str
    csl: dict[str, Any]

    @property
    def csl_json(self) -> str:
        return json.dumps([self.csl], ensure_ascii=False, indent=2)


def cite(
    url: str,
    accessed: dt.date,
    *,
    apa: str,
    chicago: str,
    key: str,
    title: str,
    year: int,
    bibtex: list[tuple[str, str]],
    note: str,
    csl: dict[str, Any],
) -> Citation:
    """A reference in every style: the project as group author, what is cited (``apa`` and
    ``chicago`` in each style's words; ``title``, ``year`` and the ``bibtex`` fields for BibTeX;
    ``csl`` between the id and the access date for CSL-JSON), the URL and when it was read (the
    record can change, so every style asks for the access date). ``note`` ends the BibTeX."""
    project, read = project_name(), PartialDate.of_day(accessed).us
    fields = [
        ("author", "{{" + bibtex_escape(project) + "}}"),
        ("title", "{{" + bibtex_escape(title) + "}}"),
        ("year", f"{{{year}}}"),
        *bibtex,
        ("url", bibtex_url(url)),
        ("urldate", f"{{{accessed.isoformat()}}}"),
        ("note", "{" + note + "}"),
    ]
    return Citation(
        url=url,
        accessed=accessed,
        apa=f"{project}. {apa}. Retrieved {read}, from {url}",
        chicago=f"{project}. {chicago}. Accessed {read}. {url}.",
        bibtex=bibtex_entry("misc", key, fields),
        csl={
            "id": key,
            **csl,
            "accessed": {"date-parts": [PartialDate.of_day(accessed).parts]},
            "URL": url,
        },
    )


def cite_dataset(
    url: str,
    version: dt.date | None,
    accessed: dt.date | None = None,
    *,
    label: str = "",
) -> Citation:
    """How to cite the dataset as a whole: ``version`` is the date of the last published
    change, or of the release ``label`` (its version, e.g. "2026.12.01") that is cited."""
    accessed = accessed or timezone.localdate()
    project = project_name()
    version = version or accessed
    label = label or version.isoformat()
    return cite(
        url,
        accessed,
        apa=f"({version.year}). {project} (Version {label}) [Data set]",
        chicago=f"{project}. Dataset, version {label}",
        key="rjtimeline-dataset" + (f"-{label}" if label != version.isoformat() else ""),
        title=project,
        year=version.year,
        bibtex=[("version", f"{{{label}}}")],
        note="Data set, licensed " + LICENSE_NAME,
        csl={
            "type": "dataset",
            "title": project,
            "author": [{"literal": project}],
            "issued": {"date-parts": [PartialDate.of_day(version).parts]},
            "version": label,
        },
    )
