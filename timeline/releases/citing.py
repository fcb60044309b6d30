"""Citations of a release, and of an event as a release holds it: the shared reference
styles (timeline/public/references.py, timeline/exports/citation.py) with the version named."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone

from incidents.dates import PartialDate, parse_partial_date

from ..exports.citation import cite_event_record
from ..public.references import Citation, cite_dataset

if TYPE_CHECKING:
    from incidents.models import Release, ReleaseEntry


def release_url(release: Release, site: str) -> str:
    return site.rstrip("/") + reverse("timeline:release", kwargs={"version": release.version})


def cite_release(release: Release, site: str, accessed: dt.date | None = None) -> Citation:
    """APA, Chicago, BibTeX and CSL-JSON for ``release``, dated the day it was made."""
    made = timezone.localdate(release.created_at)
    return cite_dataset(release_url(release, site), made, accessed, label=release.version)


def entry_url(entry: ReleaseEntry, site: str) -> str:
    return site.rstrip("/") + reverse(
        "timeline:release_event", kwargs={"version": entry.release.version, "slug": entry.slug}
    )


def cite_entry(entry: ReleaseEntry, site: str, accessed: dt.date | None = None) -> Citation:
    """An event as ``entry``'s release holds it, dated the release, naming its version."""
    record = entry.record
    date = record["date"]
    end = PartialDate.of_day(dt.date.fromisoformat(date["end"])) if date.get("end") else None
    return cite_event_record(
        record["title"],
        entry.slug,
        parse_partial_date(date["iso"]),
        end,
        timezone.localdate(entry.release.created_at),
        entry_url(entry, site),
        accessed,
        version=entry.release.version,
    )
