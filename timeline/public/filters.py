"""The one filter set behind the timeline, the exports, the feed and the API.

Query string: ``q``, ``from``, ``to``, ``actor``, ``type``, ``tag``, ``publisher``, ``place``
(slugs, repeatable; a place includes the places inside it), ``order``. A bad value never
raises: it is reported as a form error and ignored, and every other filter still applies
(unknown slugs are dropped one by one).
"""

from __future__ import annotations

import re
from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, QuerySet, Value
from django.http import QueryDict
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from incidents.dates import PartialDate, parse_partial_date
from incidents.models import Actor, Event, EventType, Place, Status, Tag

from .search import MAX_QUERY_LENGTH, rank_events, search_events

SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,200}$")
MAX_VALUES = 50
ORDER_CHOICES = (("desc", _("Newest first")), ("asc", _("Oldest first")))
# The repeatable filters, in the order the form shows them, with the message for a value
# that names nothing public.
FACETS = {
    "actor": _("Unknown actor “%(value)s”: ignored."),
    "type": _("Unknown event type “%(value)s”: ignored."),
    "tag": _("Unknown tag “%(value)s”: ignored."),
    "publisher": _("Unknown publisher “%(value)s”: ignored."),
    "place": _("Unknown place “%(value)s”: ignored."),
}


class ShowableData:
    """A field whose submitted value is shown back without NUL (HTML cannot carry it)."""

    def bound_data(self, data: Any, initial: Any) -> Any:
        data = super().bound_data(data, initial)
        return data.replace("\x00", "") if isinstance(data, str) else data


class SearchField(ShowableData, forms.CharField):
    pass


class PartialDateField(ShowableData, forms.CharField):
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` → PartialDate (or None when empty)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)
        self.widget.attrs.update({"placeholder": "YYYY-MM-DD", "inputmode": "numeric"})

    def clean(self, value: Any) -> PartialDate | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return parse_partial_date(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from exc


class SlugListField(forms.Field):
    """Repeatable slugs (``?actor=a&actor=b``): a de-duplicated list of stripped strings.

    Whether each slug exists is checked for all the lists in one query by the form.
    """

    widget = forms.SelectMultiple

    def to_python(self, value: Any) -> list[str]:
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        seen: dict[str, None] = {}
        for item in value:
            item = str(item).strip()
            if item:
                seen.setdefault(item, None)
        return list(seen)


class PartialDateFilter(django_filters.Filter):
    field_class = PartialDateField


class SlugListFilter(django_filters.Filter):
    field_class = SlugListField


class EventFilterForm(forms.Form):
    def full_clean(self) -> None:
        super().full_clean()
        # A message that quotes a submitted value (an unknown slug, an invalid choice, a bad
        # date) is shown on the page: without NUL, which HTML cannot carry.
        for name, messages in self._errors.items():
            if any("\x00" in message for message in messages):
                self._errors[name] = self.error_class(
                    [message.replace("\x00", "") for message in messages],
                    field_id=messages.field_id,
                    renderer=messages.renderer,
                )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.labels: dict[tuple[str, str], str] = {}
        self._check_slugs(cleaned)
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and end.upper < start.lower:
            self.add_error("to", _("“To” is before “From”: this date was ignored."))
        return self.cleaned_data

    def _check_slugs(self, cleaned: dict[str, Any]) -> None:
        """Keep the slugs that name something public; report and drop the others."""
        wanted = {name: cleaned.get(name) or [] for name in FACETS}
        well_formed = {
            name: [slug for slug in slugs if SLUG_RE.match(slug)][:MAX_VALUES]
            for name, slugs in wanted.items()
        }
        found = _public_options(well_formed)
        self.labels = {key: label for key, (label, _pk) in found.items()}
        # The filters match by id: the planner counts an id's rows from the statistics,
        # where a slug looked up through a join leaves it guessing (nested loops over
        # tens of thousands of rows for a state that takes part in half the record).
        self.ids = {key: pk for key, (_label, pk) in found.items()}
        for name, slugs in wanted.items():
            if not slugs:
                continue
            known = [slug for slug in well_formed[name] if (name, slug) in self.labels]
            unknown = [slug for slug in slugs if (name, slug) not in self.labels]
            for slug in unknown[:5]:
                shown = slug if len(slug) <= 60 else slug[:59] + "…"
                self.add_error(name, FACETS[name] % {"value": shown})
            if len(unknown) > 5:
                more = len(unknown) - 5
                message = ngettext(
                    "%(count)s more unknown value was ignored.",
                    "%(count)s more unknown values were ignored.",
                    more,
                )
                self.add_error(name, message % {"count": more})
            # add_error() drops the whole field; the known values still apply.
            self.cleaned_data[name] = known


def _public_options(slugs: dict[str, list[str]]) -> dict[tuple[str, str], tuple[str, int]]:
    """{(facet, slug): (label, id)} for the slugs that exist publicly, in a single query."""
    parts = []

    def labelled(queryset: QuerySet, facet: str, label: str) -> QuerySet:
        return (
            queryset.annotate(
                facet_name=Value(facet),
                facet_slug=F("slug"),
                facet_label=F(label),
                facet_id=F("pk"),
            )
            .values_list("facet_name", "facet_slug", "facet_label", "facet_id")
            .order_by()
        )

    if slugs["actor"]:
        actors = Actor.objects.filter(slug__in=slugs["actor"]).public()
        parts.append(labelled(actors, "actor", "name_en"))
    if slugs["publisher"]:
        publishers = Actor.objects.filter(slug__in=slugs["publisher"]).publishers()
        parts.append(labelled(publishers, "publisher", "name_en"))
    if slugs["type"]:
        parts.append(labelled(EventType.objects.filter(slug__in=slugs["type"]), "type", "name"))
    if slugs["tag"]:
        tagged = Event.tags.through.objects.filter(
            tag=OuterRef("pk"), event__status=Status.PUBLISHED
        )
        tags = Tag.objects.filter(slug__in=slugs["tag"]).filter(Exists(tagged))
        parts.append(labelled(tags, "tag", "name"))
    if slugs["place"]:
        parts.append(
            labelled(Place.objects.filter(slug__in=slugs["place"]).public(), "place", "name_en")
        )
    if not parts:
        return {}
    query = parts[0] if len(parts) == 1 else parts[0].union(*parts[1:], all=True).order_by()
    return {(facet, slug): (label, pk) for facet, slug, label, pk in query}


class EventFilter(django_filters.FilterSet):
    """Published events narrowed by the timeline's query string."""

    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", max_length=MAX_QUERY_LENGTH
    )
    q.field_class = SearchField
    # "from" is a Python keyword, so it is added to the class namespace by name.
    locals()["from"] = PartialDateFilter(
        label=pgettext_lazy("date filter", "From"), method="filter_from"
    )
    to = PartialDateFilter(label=pgettext_lazy("date filter", "To"), method="filter_to")
    actor = SlugListFilter(label=_("Actor"), method="filter_actors")
    type = SlugListFilter(label=_("Event type"), method="filter_types")
    tag = SlugListFilter(label=_("Tag"), method="filter_tags")
    publisher = SlugListFilter(label=_("Publisher"), method="filter_publishers")
    place = SlugListFilter(label=_("Place"), method="filter_places")
    # Ordering is applied after filtering (see ordered()); this only validates the value.
    order = django_filters.ChoiceFilter(
        label=_("Order"),
        choices=ORDER_CHOICES,
        method="filter_nothing",
        empty_label=_("Best match"),
    )

    class Meta:
        model = Event
        fields = ()
        form = EventFilterForm

    def __init__(self, data: QueryDict | None = None, queryset: QuerySet | None = None, **kwargs):
        base = queryset if queryset is not None else Event.objects.all()
        # Whatever queryset is passed in, only published events are ever public.
        super().__init__(data, queryset=base.published(), **kwargs)

    # --- the filters ---------------------------------------------------------------------

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_events(queryset, value)

    def filter_from(self, queryset: QuerySet, name: str, value: PartialDate) -> QuerySet:
        return queryset.in_range(start=value.lower)

    def filter_to(self, queryset: QuerySet, name: str, value: PartialDate) -> QuerySet:
        return queryset.in_range(end=value.upper)

    def _ids(self, name: str, slugs: list[str]) -> list[int]:
        return [self.form.ids[(name, slug)] for slug in slugs]

    def filter_actors(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        return queryset.with_actors(self._ids(name, value))

    def filter_types(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        return queryset.of_types(self._ids(name, value))

    def filter_tags(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        return queryset.tagged(self._ids(name, value))

    def filter_publishers(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        return queryset.from_publishers(self._ids(name, value))

    def filter_places(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        return queryset.in_places(self._ids(name, value))

    def filter_nothing(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset

    # --- applying them ---------------------------------------------------------------------

    @property
    def data_clean(self) -> dict[str, Any]:
        """The valid, applied values (ignored ones left out)."""
        if not self.is_bound:
            return {}
        self.errors  # noqa: B018 - validates the form
        return self.form.cleaned_data

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        return self.ordered(self.apply(queryset))

    def apply(self, queryset: QuerySet, exclude: str | None = None) -> QuerySet:
        for name, value in self.data_clean.items():
            if name != exclude:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def without(self, name: str) -> QuerySet:
        """The filtered events, unordered, ignoring one filter (for that filter's facet)."""
        return self.apply(self.queryset.all(), exclude=name).order_by()

    @property
    def unordered(self) -> QuerySet:
        return self.apply(self.queryset.all()).order_by()

    @property
    def search_text(self) -> str:
        return self.data_clean.get("q") or ""

    @property
    def chosen_order(self) -> str:
        return self.data_clean.get("order") or ""

    @property
    def is_ranked(self) -> bool:
        """Best match first: a search without an explicit order."""
        return bool(self.search_text) and not self.chosen_order

    def ordered(self, queryset: QuerySet) -> QuerySet:
        if self.is_ranked:
            return rank_events(queryset, self.search_text)
        return queryset.chronological(self.chosen_order or "desc")

    @property
    def labels(self) -> dict[tuple[str, str], str]:
        """Display names of the selected, known slugs: {(facet, slug): label}."""
        self.data_clean  # noqa: B018 - validates the form
        return getattr(self.form, "labels", {})

    def active(self) -> list[tuple[str, str, str]]:
        """(parameter, value, label) for every filter that is applied."""
        data = self.data_clean
        chips: list[tuple[str, str, str]] = []
        if data.get("q"):
            chips.append(("q", data["q"], gettext("“%(query)s”") % {"query": data["q"]}))
        for name, label in (
            ("from", pgettext("date filter", "From %(date)s")),
            ("to", pgettext("date filter", "To %(date)s")),
        ):
            if data.get(name):
                chips.append((name, data[name].iso, label % {"date": data[name]}))
        for name in FACETS:
            for slug in data.get(name) or []:
                chips.append((name, slug, self.labels.get((name, slug), slug)))
        if data.get("order"):
            chips.append(("order", data["order"], dict(ORDER_CHOICES)[data["order"]]))
        return chips

    def query_string(self, drop: tuple[str, str] | None = None, **replace: Any) -> str:
        """The applied filters as a tidy query string (no empty or ignored values).

        ``drop=("actor", "tass")`` removes one value; ``page=2`` sets or replaces a parameter.
        """
        params = QueryDict(mutable=True)
        for name, value, _label in self.active():
            if (name, value) != drop and name not in replace:
                params.appendlist(name, value)
        for name, value in replace.items():
            if value not in (None, ""):
                params[name] = str(value)
        return params.urlencode()


# Code points that HTML and XML cannot carry (controls other than tab, line feed, form feed
# and carriage return; lone surrogates; noncharacters). A query value that holds one is
# echoed by the form, the feed's title, the file names: they are dropped before filtering,
# so that every output stays well-formed (found by tests/test_fuzz.py). NUL is the
# exception: the fields report it as an error (and ignore the value), and only its echo in
# the form drops it (ShowableData).
UNSHOWABLE_RE = re.compile(
    "[\x01-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(chr(plane * 0x10000 + low) for plane in range(17) for low in (0xFFFE, 0xFFFF))
    + "]"
)


def showable(params: QueryDict) -> QueryDict:
    """``params`` without the code points no page or feed can show."""
    if not any(UNSHOWABLE_RE.search(value) for _, values in params.lists() for value in values):
        return params
    clean = QueryDict(mutable=True)
    for name, values in params.lists():
        clean.setlist(name, [UNSHOWABLE_RE.sub("", value) for value in values])
    return clean


def filter_events(params: QueryDict) -> tuple[EventFilter, QuerySet[Event]]:
    """The filter set for ``params`` and its events: published only, ordered, all pages."""
    filterset = EventFilter(showable(params))
    return filterset, filterset.qs
