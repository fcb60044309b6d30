"""What the source watch keeps: the sources it polls, the items it found, and the candidates
(new incidents, or further reports of recorded ones) that wait for an editor."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from incidents.dates import Precision
from incidents.models import Actor, Event, EventType, Source
from incidents.models.base import recorded_user

# A failing source waits longer after each failure in a row, up to a day.
MAX_BACKOFF = dt.timedelta(hours=24)
# How long one poll may hold its source; a worker that died mid-poll frees it after this.
POLL_LEASE = dt.timedelta(minutes=15)


class WatchLanguage(models.TextChoices):
    ENGLISH = "en", "English"
    JAPANESE = "ja", "Japanese"
    RUSSIAN = "ru", "Russian"


class Decision(models.TextChoices):
    NEW = "new", "New"
    DISMISSED = "dismissed", "Dismissed"
    CONFIRMED = "confirmed", "Confirmed"


class DismissReason(models.TextChoices):
    NOT_RUSSIA_JAPAN = "not_russia_japan", "Not about Russia and Japan"
    NOT_INCIDENT = "not_incident", "Not an incident"
    ALREADY_RECORDED = "already_recorded", "Already recorded"
    UNRELIABLE = "unreliable", "Unreliable source"
    OTHER = "other", "Other"


class WatchedSourceQuerySet(models.QuerySet):
    def enabled(self) -> WatchedSourceQuerySet:
        return self.filter(enabled=True)

    def free(self, now: dt.datetime) -> WatchedSourceQuerySet:
        """Sources no poll holds right now (or whose poll's lease has run out)."""
        return self.filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))

    def due(self, now: dt.datetime) -> WatchedSourceQuerySet:
        """Switched on, and their next poll is now or past (never polled: at once)."""
        return self.enabled().filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))


class WatchedSource(models.Model):
    """A feed (RSS/Atom) or a listing page the site polls for new articles."""

    class Kind(models.TextChoices):
        FEED = "feed", "Feed (RSS or Atom)"
        LISTING = "listing", "Listing page"

    name = models.CharField(max_length=200, help_text="What editors call it, e.g. “TASS (en)”.")
    url = models.URLField(
        "address", max_length=1000, unique=True, help_text="The feed’s or listing page’s address."
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FEED)
    language = models.CharField(
        max_length=2, choices=WatchLanguage.choices, default=WatchLanguage.ENGLISH
    )
    outlet = models.ForeignKey(
        Actor,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="watched_sources",
        limit_choices_to={"kind": Actor.Kind.MEDIA},
        help_text="The publisher of what this source lists (an actor of kind “Media outlet”).",
    )
    poll_minutes = models.PositiveIntegerField(
        "poll every (minutes)", default=60, help_text="At least 5 minutes."
    )
    enabled = models.BooleanField(
        "switched on",
        default=False,
        help_text="Only switched-on sources are ever fetched.",
    )
    next_poll_at = models.DateTimeField(
        null=True, blank=True, help_text="When the worker polls it next (empty: at once)."
    )
    last_polled_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    failures = models.PositiveIntegerField(
        "failures in a row", default=0, editable=False, help_text="Each one doubles the wait."
    )
    lease_until = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="A poll of this source runs until then."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = WatchedSourceQuerySet.as_manager()

    class Meta:
        ordering = ("name",)
        indexes = [models.Index(fields=("enabled", "next_poll_at"), name="watch_source_due_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(poll_minutes__gte=5), name="watch_poll_min_5"),
            models.CheckConstraint(
                condition=Q(kind__in=["feed", "listing"]), name="watch_source_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(language__in=[c.value for c in WatchLanguage]),
                name="watch_source_language_valid",
            ),
            models.CheckConstraint(
                condition=Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="watch_source_url_http",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("admin:watch_watchedsource_change", args=[self.pk])

    def wait_after(self, failed: bool) -> dt.timedelta:
        """The pause before the next poll: the interval, doubled per failure in a row."""
        interval = dt.timedelta(minutes=self.poll_minutes)
        if not failed:
            return interval
        return min(interval * (2 ** min(self.failures, 10)), max(MAX_BACKOFF, interval))


class CandidateQuerySet(models.QuerySet):
    def open(self) -> CandidateQuerySet:
        return self.filter(state=Decision.NEW)

    def for_inbox(self, show_all: bool = False) -> CandidateQuerySet:
        """Open candidates, relevant first, newest first; below the threshold only if asked."""
        rows = self.open()
        if not show_all:
            rows = rows.filter(Q(relevant=True) | Q(duplicate_of__isnull=False))
        return rows.order_by("-relevant", "-latest_at", "-pk")


class Candidate(models.Model):
    """One incident the watch found: a new one (several reports grouped) or, with
    ``duplicate_of``, further reports of an event the record already has."""

    title = models.CharField(max_length=500)
    date = models.DateField(null=True, blank=True, help_text="When it happened, as reported.")
    date_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    event_type = models.ForeignKey(
        EventType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actors = models.ManyToManyField(Actor, blank=True, related_name="+")
    score = models.FloatField(default=0)
    relevant = models.BooleanField(default=False)
    duplicate_of = models.ForeignKey(
        Event,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The recorded event these items report.",
    )
    state = models.CharField(max_length=10, choices=Decision.choices, default=Decision.NEW)
    dismiss_reason = models.CharField(max_length=20, choices=DismissReason.choices, blank=True)
    dismiss_note = models.CharField(max_length=500, blank=True)
    decided_by = recorded_user()
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    event = models.ForeignKey(
        Event,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="watch_candidates",
        help_text="The event created from this candidate, or the one its items were added to.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    latest_at = models.DateTimeField(default=timezone.now, help_text="Its newest item’s time.")

    objects = CandidateQuerySet.as_manager()

    class Meta:
        ordering = ("-latest_at", "-pk")
        verbose_name = "candidate"
        # Its list in the admin is the editors' inbox.
        verbose_name_plural = "inbox"
        indexes = [
            models.Index(
                fields=("state", "relevant", "latest_at"), name="watch_candidate_inbox_idx"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=Decision.DISMISSED) | ~Q(dismiss_reason=""),
                name="watch_candidate_dismissed_why",
            ),
            models.CheckConstraint(
                condition=Q(state__in=[c.value for c in Decision]),
                name="watch_candidate_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("admin:watch_candidate_changelist") + f"#candidate-{self.pk}"


class WatchItem(models.Model):
    """One article a watched source listed; kept once per source and address."""

    source = models.ForeignKey(WatchedSource, on_delete=models.CASCADE, related_name="items")
    url = models.URLField(max_length=1000)
    title = models.CharField(max_length=500, blank=True)
    summary = models.TextField(blank=True, help_text="The feed’s own summary, if any.")
    published_at = models.DateTimeField(null=True, blank=True)
    fetched_at = models.DateTimeField(default=timezone.now, editable=False)
    fetch_error = models.TextField(blank=True)
    language = models.CharField(max_length=5, blank=True)
    text = models.TextField(blank=True, help_text="The article’s cleaned text, as fetched.")
    imported_source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="watch_items",
        help_text="The draft source imported from this item.",
    )
    score = models.FloatField(default=0)
    relevant = models.BooleanField(default=False)
    event_type = models.ForeignKey(
        EventType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actors = models.ManyToManyField(Actor, blank=True, related_name="+")
    duplicate_of = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="watch_reports"
    )
    candidate = models.ForeignKey(
        Candidate, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    state = models.CharField(max_length=10, choices=Decision.choices, default=Decision.NEW)
    dismiss_reason = models.CharField(max_length=20, choices=DismissReason.choices, blank=True)
    decided_by = recorded_user()
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ("-published_at", "-pk")
        constraints = [
            models.UniqueConstraint(fields=("source", "url"), name="watch_item_once_per_source"),
            models.CheckConstraint(
                condition=~Q(state=Decision.DISMISSED) | ~Q(dismiss_reason=""),
                name="watch_item_dismissed_why",
            ),
        ]
        indexes = [models.Index(fields=("url",), name="watch_item_url_idx")]

    def __str__(self) -> str:
        return self.title or self.url

    def get_absolute_url(self) -> str:
        return self.url

    @property
    def reported_on(self) -> dt.date | None:
        """The day the article appeared (its feed date, else the day it was found)."""
        when = self.published_at or self.fetched_at
        return timezone.localdate(when) if when else None


def threshold() -> float:
    """Items scoring at least this are relevant (settings.WATCH_RELEVANCE_THRESHOLD)."""
    return float(getattr(settings, "WATCH_RELEVANCE_THRESHOLD", 0.5))
