"""Sources: the articles and documents that report events, and the links between them."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..urlnorm import normalise_url, validate_http_url
from .actors import Actor
from .base import Language, Status, TimestampedModel
from .events import Event
from .revisions import RevisionStamped


class SourceQuerySet(models.QuerySet):
    def published(self) -> SourceQuerySet:
        """Sources that back at least one published event."""
        return self.filter(
            Exists(
                EventSource.objects.filter(source=OuterRef("pk"), event__status=Status.PUBLISHED)
            )
        )


def text_fingerprint(text: str) -> str:
    """Hash of the text with case and whitespace folded, for spotting re-imports."""
    folded = " ".join(text.casefold().split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest() if folded else ""


class SourceKind(models.TextChoices):
    NEWS = "news", _("News report")
    WIRE = "wire", _("Wire report")
    OFFICIAL = "official", _("Official statement")
    GOVERNMENT = "government", _("Government document")
    OTHER = "other", _("Other")


# Who publishes a source: a media outlet, or an official body (a ministry, an office)
# publishing its own statement on its own site.
PUBLISHER_KINDS = (Actor.Kind.MEDIA, Actor.Kind.ORGANISATION)


class Source(TimestampedModel):
    Kind = SourceKind
    PUBLISHER_KINDS = PUBLISHER_KINDS

    url = models.URLField(
        "URL",
        max_length=1000,
        unique=True,
        help_text="Link to the original. It is normalised (no tracking parameters, no "
        "fragment) and must be unique: one article, one source.",
    )
    title = models.CharField(max_length=500, help_text="The headline as published.")
    publisher = models.ForeignKey(
        Actor,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="published_sources",
        limit_choices_to={"kind__in": PUBLISHER_KINDS},
        help_text="The outlet that published this copy (an actor of kind “Media outlet”), or "
        "the official body whose own statement it is (an “Organisation”, e.g. a ministry).",
    )
    credit = models.CharField(
        max_length=200,
        blank=True,
        help_text="Original reporter when republished, e.g. “Reuters”.",
    )
    author = models.CharField(max_length=300, blank=True)
    published_on = models.DateField("published", null=True, blank=True)
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.ENGLISH)
    accessed_on = models.DateField("accessed", null=True, blank=True, default=timezone.localdate)
    archive_url = models.URLField(
        "archive URL", max_length=1000, blank=True, help_text="A web archive copy, if any."
    )
    kind = models.CharField(max_length=12, choices=SourceKind.choices, default=SourceKind.NEWS)
    text = models.TextField(
        blank=True,
        max_length=500_000,
        help_text="The article text, cleaned of site boilerplate (menus, rankings, disclaimers).",
    )
    text_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    history = HistoricalRecords(excluded_fields=["text_hash"], bases=[RevisionStamped])

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ("-published_on", "title")
        indexes = [models.Index(fields=("publisher", "published_on"), name="source_publisher_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in SourceKind]), name="source_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="source_url_http",
            ),
            models.CheckConstraint(
                condition=Q(archive_url="")
                | Q(archive_url__startswith="http://")
                | Q(archive_url__startswith="https://"),
                name="source_archive_url_http",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.url:
            try:
                self.url = normalise_url(self.url)
            except ValidationError as exc:
                errors["url"] = exc.messages
            else:
                duplicate = Source.objects.filter(url=self.url).exclude(pk=self.pk).first()
                if duplicate:
                    errors["url"] = (
                        f"This article is already recorded as source #{duplicate.pk} "
                        f"(“{duplicate.title}”)."
                    )
        if self.publisher_id and self.publisher.kind not in PUBLISHER_KINDS:
            errors["publisher"] = (
                f"“{self.publisher}” is a {self.publisher.get_kind_display().lower()}: a source "
                "is published by a media outlet or an official body (an organisation)."
            )
        if self.archive_url:
            try:
                validate_http_url(self.archive_url)
            except ValidationError as exc:
                errors["archive_url"] = exc.messages
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        self.url = normalise_url(self.url)
        self.text_hash = text_fingerprint(self.text)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("timeline:source", kwargs={"pk": self.pk})


class EventSource(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="source_links")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="event_links")
    locator = models.CharField(
        max_length=200, blank=True, help_text="Where in the source, e.g. “para. 4” or “p. 2”."
    )
    note = models.CharField(max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="The first source is shown as the event’s primary source."
    )
    history = HistoricalRecords(bases=[RevisionStamped])

    class Meta:
        ordering = ("position", "id")
        verbose_name = "source link"
        constraints = [
            models.UniqueConstraint(fields=("event", "source"), name="eventsource_unique"),
        ]
        indexes = [models.Index(fields=("source", "event"), name="eventsource_source_idx")]

    def __str__(self) -> str:
        return f"{self.source} → {self.event.title}"
