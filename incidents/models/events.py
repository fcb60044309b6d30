"""Events — what happened — with their status, dates and the actors who took part.

Only published events, and what hangs from them, are ever public: every public query starts
from a ``published()`` / ``public()`` queryset.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..dates import PartialDate, Precision, bounds_for, format_partial_date, parse_partial_date
from .actors import Actor
from .base import Status, TimestampedModel, recorded_user
from .revisions import RevisionStamped
from .vocabulary import EventType, Tag

if TYPE_CHECKING:
    from .sources import Source


# Columns a public page never shows: the search index (most of an event row's bytes) and
# the editors' note.
UNDISPLAYED = ("search_text", "search_vector", "review_note")


class EventQuerySet(models.QuerySet):
    def published(self) -> EventQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def displayed(self, *related: str) -> EventQuerySet:
        """Without the columns no page shows, here and on the ``related`` events."""
        prefixes = ("", *(f"{name}__" for name in related))
        return self.defer(*(f"{prefix}{name}" for prefix in prefixes for name in UNDISPLAYED))

    def in_range(self, start: dt.date | None = None, end: dt.date | None = None) -> EventQuerySet:
        """Events whose known period overlaps [start, end] (bounds-overlap semantics)."""
        qs = self
        if start is not None:
            qs = qs.filter(span_end__gte=start)
        if end is not None:
            qs = qs.filter(date_lower__lte=end)
        return qs

    # The four filters take ids (the timeline's form has looked the slugs up): an id lets
    # the planner estimate the rows from its statistics.
    def with_actors(self, actor_ids) -> EventQuerySet:
        return self.filter(
            Exists(EventActor.objects.filter(event=OuterRef("pk"), actor_id__in=actor_ids))
        )

    def of_types(self, type_ids) -> EventQuerySet:
        return self.filter(event_type_id__in=type_ids)

    def tagged(self, tag_ids) -> EventQuerySet:
        return self.filter(
            Exists(Event.tags.through.objects.filter(event=OuterRef("pk"), tag_id__in=tag_ids))
        )

    def from_publishers(self, publisher_ids) -> EventQuerySet:
        from .sources import EventSource  # sources import this module

        return self.filter(
            Exists(
                EventSource.objects.filter(
                    event=OuterRef("pk"), source__publisher_id__in=publisher_ids
                )
            )
        )

    def in_places(self, place_ids) -> EventQuerySet:
        """Events in any of the places or in a place inside one of them."""
        from .places import Place

        inside = Place.objects.descendant_ids(place_ids)
        return self.filter(
            Exists(Event.places.through.objects.filter(event=OuterRef("pk"), place_id__in=inside))
        )

    def chronological(self, order: str = "desc") -> EventQuerySet:
        if order == "asc":
            return self.order_by("date_lower", "date_upper", "pk")
        return self.order_by("-date_lower", "-date_upper", "-pk")

    def with_counts(self) -> EventQuerySet:
        """Annotate ``statement_count`` and ``source_count`` (subqueries: no row fan-out)."""

        def count_of(model: type[models.Model]) -> Coalesce:
            rows = model.objects.filter(event=OuterRef("pk")).order_by().values("event")
            return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)

        from .sources import EventSource
        from .statements import Statement

        return self.annotate(
            statement_count=count_of(Statement), source_count=count_of(EventSource)
        )

    def for_listing(self) -> EventQuerySet:
        """What a list of events shows: type, counts, actors and sources, in 3 queries."""
        from .sources import EventSource

        return (
            self.select_related("event_type")
            .displayed()
            .with_counts()
            .prefetch_related(
                Prefetch("actor_roles", queryset=EventActor.objects.select_related("actor")),
                Prefetch(
                    "source_links",
                    queryset=EventSource.objects.select_related("source__publisher"),
                ),
            )
        )

    def before(self, event: Event) -> EventQuerySet:
        """Events earlier than ``event`` in timeline order, the nearest first."""
        return self._beside(event, "lt")

    def after(self, event: Event) -> EventQuerySet:
        """Events later than ``event`` in timeline order, the nearest first."""
        return self._beside(event, "gt")

    def _beside(self, event: Event, side: str) -> EventQuerySet:
        lower, upper = event.date_lower, event.date_upper
        # The plain date_lower bound lets the index range start at the event (not scan all).
        return self.filter(
            Q(**{f"date_lower__{side}": lower})
            | Q(date_lower=lower, **{f"date_upper__{side}": upper})
            | Q(date_lower=lower, date_upper=upper, **{f"pk__{side}": event.pk}),
            **{f"date_lower__{side}e": lower},
        ).chronological("desc" if side == "lt" else "asc")


class TranslationState(models.TextChoices):
    """Who stands behind an event's Japanese or Russian title and summary."""

    NONE = "", "Written or checked by an editor"
    PROJECT = "project", "The project’s draft translation, awaiting an editor’s review"
    REVIEWED = "reviewed", "The project’s translation, reviewed by an editor"


TRANSLATION_HELP = (
    "Optional: pages in this language show the English, marked “not yet translated”, "
    "while it is empty. The same facts as the English, in natural {}."
)
STATE_HELP = (
    "The seed’s translations are the project’s drafts: once you have read one against the "
    "English, mark it reviewed."
)


def translated_text(field: type[models.Field], language: str, name: str, **kwargs):
    return field(
        f"{name} ({language})", blank=True, help_text=TRANSLATION_HELP.format(language), **kwargs
    )


class Event(TimestampedModel):
    TranslationState = TranslationState

    title = models.CharField(
        max_length=300, help_text="A short factual headline in your own words (who did what)."
    )
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The last part of the permanent link (/events/this-slug/). "
        "It cannot change once the event is published.",
    )
    summary = models.TextField(
        max_length=5000,
        help_text="Two or three neutral sentences in your own words; quotes go in Statements.",
    )
    title_ja = translated_text(models.CharField, "Japanese", "title", max_length=300)
    summary_ja = translated_text(models.TextField, "Japanese", "summary", max_length=5000)
    translation_ja_state = models.CharField(
        "translation (Japanese)",
        max_length=10,
        blank=True,
        choices=TranslationState.choices,
        default=TranslationState.NONE,
        help_text=STATE_HELP,
    )
    title_ru = translated_text(models.CharField, "Russian", "title", max_length=300)
    summary_ru = translated_text(models.TextField, "Russian", "summary", max_length=5000)
    translation_ru_state = models.CharField(
        "translation (Russian)",
        max_length=10,
        blank=True,
        choices=TranslationState.choices,
        default=TranslationState.NONE,
        help_text=STATE_HELP,
    )
    date_precision = models.CharField(
        "date precision",
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text="How precisely the date is known. “Month” shows as “May 2023”, never 1 May.",
    )
    date_lower = models.DateField(
        "date",
        help_text="The date; for month or year precision any day in that month or year will do "
        "(it is stored as the first day).",
    )
    date_upper = models.DateField(
        editable=False, help_text="Last day the event may have happened on (derived)."
    )
    end_date = models.DateField(
        null=True, blank=True, help_text="For events lasting several days: the last day."
    )
    span_end = models.GeneratedField(
        expression=Coalesce("end_date", "date_upper"),
        output_field=models.DateField(),
        db_persist=True,
    )
    event_type = models.ForeignKey(
        EventType, on_delete=models.PROTECT, related_name="events", verbose_name="type"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="events")
    location_name = models.CharField(
        "location", max_length=200, blank=True, help_text="Place name, e.g. “Tokyo”."
    )
    places = models.ManyToManyField(
        "incidents.Place",
        blank=True,
        related_name="events",
        help_text="Every place the event happened in (the most specific: Rebun, not Hokkaido); "
        "the location text above can keep the detail places do not say.",
    )
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Only published events are public. Publishing needs a reviewer.",
    )
    review_note = models.TextField(
        blank=True, help_text="Doubts to resolve before publishing (never shown to the public)."
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = recorded_user()
    # The latest move to review (incidents.publishing.change_status): the review queue's
    # "waiting since" and "sent by".
    submitted_at = models.DateTimeField("sent to review", null=True, blank=True, editable=False)
    submitted_by = recorded_user()
    responds_to = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="responses",
        help_text="Earlier events this one answers (e.g. a protest answering a drill).",
    )
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Incremented on every save; guards against lost updates.",
    )
    # Denormalised text of the event, its statements and its actors' names, kept up to
    # date by incidents.search_index; search_vector is its weighted PostgreSQL form.
    search_text = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    # Tags, places and "responds to" links are part of the record too: their changes are
    # history (the edit log names them, a restore brings them back).
    history = HistoricalRecords(
        excluded_fields=["search_text", "search_vector", "span_end"],
        m2m_fields=["tags", "places", "responds_to"],
        bases=[RevisionStamped],
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ("-date_lower", "-date_upper", "-id")
        # Publishing is its own permission (Reviewers), checked by incidents.publishing.
        permissions = [("publish_event", "Can publish and unpublish events")]
        indexes = [
            models.Index(
                fields=("status", "date_lower", "date_upper", "id"), name="event_status_date_idx"
            ),
            models.Index(fields=("status", "span_end"), name="event_status_span_end_idx"),
            models.Index(fields=("event_type", "status", "date_lower"), name="event_type_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in Status]), name="event_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(date_precision__in=[p.value for p in Precision]),
                name="event_precision_valid",
            ),
            models.CheckConstraint(
                condition=Q(date_upper__gte=models.F("date_lower")), name="event_bounds_ordered"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("date_lower")),
                name="event_end_not_before_start",
            ),
            # Bounds consistent with precision: a day is one day, a month starts on the 1st and
            # ends in the same month, a year runs from 1 January to 31 December.
            models.CheckConstraint(
                condition=(
                    Q(date_precision=Precision.DAY, date_upper=models.F("date_lower"))
                    | Q(
                        date_precision=Precision.MONTH,
                        date_lower__day=1,
                        date_upper__day__gte=28,
                        date_upper__month=models.F("date_lower__month"),
                        date_upper__year=models.F("date_lower__year"),
                    )
                    | Q(
                        date_precision=Precision.YEAR,
                        date_lower__month=1,
                        date_lower__day=1,
                        date_upper__month=12,
                        date_upper__day=31,
                        date_upper__year=models.F("date_lower__year"),
                    )
                ),
                name="event_bounds_match_precision",
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="event_slug_required"),
            models.CheckConstraint(condition=~Q(title=""), name="event_title_required"),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__in": [t.value for t in TranslationState]}),
                    name=f"event_{name}_valid",
                )
                for name in ("translation_ja_state", "translation_ru_state")
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="event_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="event_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date_display}: {self.title}"

    @property
    def date_display(self) -> str:
        if self.date_lower is None:
            return ""
        return format_partial_date(self.date_precision, self.date_lower)

    @property
    def partial_date(self) -> PartialDate:
        return PartialDate(self.date_precision, self.date_lower, self.date_upper)

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    def set_date(self, value: str) -> None:
        """Set the date from ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        partial = parse_partial_date(value)
        self.date_precision, self.date_lower, self.date_upper = partial

    def normalise_dates(self) -> None:
        if self.date_lower is not None:
            self.date_lower, self.date_upper = bounds_for(self.date_precision, self.date_lower)

    def clean(self) -> None:
        self.normalise_dates()
        if self.end_date and self.date_lower and self.end_date < self.date_lower:
            raise ValidationError({"end_date": "The end date cannot be before the date."})
        if self.pk and self.published_at:
            old_slug = Event.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
            if old_slug and old_slug != self.slug:
                raise ValidationError(
                    {"slug": "This event has been published: its permanent link cannot change."}
                )

    def save(self, *args, **kwargs) -> None:
        self.normalise_dates()
        if self.status == Status.REVIEW and self.submitted_at is None:
            # Put in review without the workflow (seed data, the shell): waiting from now.
            self.submitted_at = timezone.now()
        if self.pk:
            self.version = (self.version or 0) + 1
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("timeline:event", kwargs={"slug": self.slug})

    def primary_source(self) -> Source | None:
        links = sorted(self.source_links.all(), key=lambda link: (link.position, link.pk))
        return links[0].source if links else None


class Role(models.TextChoices):
    INITIATOR = "initiator", _("Initiator")
    TARGET = "target", _("Target")
    PARTICIPANT = "participant", _("Participant")
    MENTIONED = "mentioned", _("Mentioned")


class EventActor(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="actor_roles")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="event_roles")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.PARTICIPANT)
    title = models.CharField(
        "title at the time",
        max_length=200,
        blank=True,
        help_text="The person’s position then, e.g. “Foreign Minister”.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on the event page.")
    Role = Role
    history = HistoricalRecords(bases=[RevisionStamped])

    class Meta:
        ordering = ("position", "id")
        verbose_name = "actor role"
        constraints = [
            models.UniqueConstraint(
                fields=("event", "actor", "role"), name="eventactor_unique_role"
            ),
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in Role]), name="eventactor_role_valid"
            ),
        ]
        indexes = [models.Index(fields=("actor", "event"), name="eventactor_actor_idx")]

    def __str__(self) -> str:
        return f"{self.actor} ({self.get_role_display().lower()})"
