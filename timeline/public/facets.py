"""Facet counts for the timeline's filter form.

Each option shows how many events the timeline would list with that option under the
current filters, leaving out the facet's own filter (the usual faceting rule, so that
picking a second actor widens the list rather than emptying the facet). The counts are
timeline/public/matching.py's: one query for all the facets and the histogram.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .filters import FACETS, EventFilter
from .matching import Counts, count_matches

# Options shown before the rest are folded away under "more".
VISIBLE_OPTIONS = 8
# At most this many options per facet (the largest counts; chosen ones always): a long
# tail of outlets with one article each helps nobody, and search finds them by name.
MAX_OPTIONS = 40


@dataclass
class Option:
    slug: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    options: list[Option] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    hidden: int = 0  # options left out (beyond MAX_OPTIONS)

    @property
    def visible(self) -> list[Option]:
        return self.options[:VISIBLE_OPTIONS]

    @property
    def more(self) -> list[Option]:
        return self.options[VISIBLE_OPTIONS:]

    @property
    def selected_count(self) -> int:
        return sum(option.selected for option in self.options)


def build_facets(filterset: EventFilter, counts: Counts | None = None) -> list[Facet]:
    """The facets, with a count for every option that would list something (``counts``:
    those of ``count_matches(filterset)``, when they are known already)."""
    counts = counts if counts is not None else count_matches(filterset)
    data = filterset.data_clean
    errors = filterset.form.errors if filterset.is_bound else {}
    facets = []
    for name in FACETS:
        selected = set(data.get(name) or [])
        facet = Facet(name, filterset.filters[name].label, errors=list(errors.get(name, [])))
        seen = set()
        for slug, label, count in counts.options[name]:
            facet.options.append(Option(slug, label, count, slug in selected))
            seen.add(slug)
        # A chosen option with nothing left under the other filters still shows (with 0),
        # so that it can be unticked.
        for slug in data.get(name) or []:
            if slug not in seen:
                label = filterset.labels.get((name, slug), slug)
                facet.options.append(Option(slug, label, 0, True))
        # Chosen options first, so that they are never folded away under "more".
        facet.options.sort(key=lambda option: not option.selected)
        keep = max(MAX_OPTIONS, len(selected))
        facet.hidden = max(len(facet.options) - keep, 0)
        facet.options = facet.options[:keep]
        facets.append(facet)
    return facets
