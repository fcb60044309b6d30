"""Statements: what an actor said, taken from a source, about an event."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..provenance import checked_state
from .actors import Actor
from .base import Language, Status, TimestampedModel
from .events import Event
from .revisions import RevisionStamped
from .sources import Source


class StatementQuerySet(models.QuerySet):
    def published(self) -> StatementQuerySet:
        return self.filter(event__status=Status.PUBLISHED)


class StatementKind(models.TextChoices):
    QUOTE = "quote", _("Direct quote")
    PARAPHRASE = "paraphrase", _("Paraphrase")


class SourceCheck(models.TextChoices):
    VERIFIED = "verified", _("Verified: found in the source’s stored text")
    CONFIRMED = "confirmed", _("Confirmed by an editor")
    UNVERIFIED = "unverified", _("Source not verified")


class TranslationBy(models.TextChoices):
    """Who made the words of ``Statement.text`` a translation (incidents.translation labels
    them for readers)."""

    UNSTATED = "", "Not stated: decided by the speaker’s side"
    NOBODY = "original", "Nobody: the speaker’s own words"
    SOURCE = "source", "The source: it printed the words in translation"
    PROJECT = "project", "The project: our translation of the source’s words below"


class Statement(TimestampedModel):
    Kind = StatementKind
    SourceCheck = SourceCheck
    TranslationBy = TranslationBy

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="statements")
    speaker = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="statements")
    speaker_title = models.CharField(
        "speaker’s title at the time",
        max_length=200,
        blank=True,
        help_text="e.g. “Spokeswoman, Russian Foreign Ministry”.",
    )
    text = models.TextField(
        max_length=10000,
        help_text="Verbatim for a direct quote (keep the source’s punctuation); in your own "
        "words for a paraphrase.",
    )
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.ENGLISH)
    translation_by = models.CharField(
        "translated by",
        max_length=10,
        blank=True,
        choices=TranslationBy.choices,
        default=TranslationBy.UNSTATED,
        help_text="Who translated the text above. Not stated: the page calls it the speaker’s "
        "original when it is in their side’s language (Russian for Russia’s officials, "
        "Japanese for Japan’s) and a translation as printed by the source otherwise. "
        "The project: the text is our own translation, labelled so wherever it is shown, "
        "and the source’s words go below.",
    )
    original_text = models.TextField(
        "words as the source printed them",
        blank=True,
        max_length=10000,
        help_text="When the text above is the project’s translation: the words as the source "
        "prints them (the speaker’s own, or the source’s translation of them). Never words "
        "translated back from English: an original is recorded only from a source that "
        "prints it.",
    )
    original_language = models.CharField(
        "language of those words", max_length=5, choices=Language.choices, blank=True
    )
    kind = models.CharField(
        max_length=10, choices=StatementKind.choices, default=StatementKind.QUOTE
    )
    said_on = models.DateField("date said", null=True, blank=True)
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="statements",
        help_text="The article this statement was taken from (required).",
    )
    position = models.PositiveSmallIntegerField(default=0)
    # An editor who picks the source asserts that it prints the statement: "confirmed" by
    # default. Set automatically on save (incidents.provenance.checked_state): "verified"
    # whenever the words are found in the source's stored text.
    source_check = models.CharField(
        "source check",
        max_length=10,
        choices=SourceCheck.choices,
        default=SourceCheck.CONFIRMED,
        help_text="Verified: the words were found in the source’s stored text (checked "
        "automatically on save). Confirmed: an editor read them in the article. Not verified: "
        "nobody has found them in the linked article — the public page says so.",
    )
    history = HistoricalRecords(bases=[RevisionStamped])

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ("event", "position", "said_on", "id")
        indexes = [
            models.Index(fields=("speaker", "event"), name="statement_speaker_idx"),
            models.Index(fields=("source",), name="statement_source_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="statement_text_required"),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in StatementKind]), name="statement_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(source_check__in=[c.value for c in SourceCheck]),
                name="statement_source_check_valid",
            ),
            models.CheckConstraint(
                condition=Q(translation_by__in=[t.value for t in TranslationBy]),
                name="statement_translation_by_valid",
            ),
            # The project translates from words a source printed, kept beside its translation.
            models.CheckConstraint(
                condition=~Q(translation_by=TranslationBy.PROJECT) | ~Q(original_text=""),
                name="statement_project_translation_has_original",
            ),
        ]

    def __str__(self) -> str:
        excerpt = self.text if len(self.text) <= 60 else self.text[:57] + "…"
        return f"{self.speaker}: “{excerpt}”"

    def get_absolute_url(self) -> str:
        return f"{self.event.get_absolute_url()}#statement-{self.pk}"

    @property
    def is_quote(self) -> bool:
        return self.kind == self.Kind.QUOTE

    @property
    def source_unverified(self) -> bool:
        return self.source_check == SourceCheck.UNVERIFIED

    def clean(self) -> None:
        if self.translation_by == TranslationBy.PROJECT and not self.original_text.strip():
            raise ValidationError(
                {
                    "original_text": "A translation by the project is made from the words a "
                    "source printed: give them here, as the source prints them."
                }
            )
        if self.original_text.strip() and self.translation_by in (
            TranslationBy.UNSTATED,
            TranslationBy.NOBODY,
        ):
            raise ValidationError(
                {
                    "translation_by": "With the source’s words below, the text above is a "
                    "translation: say whose (the project’s, or the source’s when it prints both)."
                }
            )

    def save(self, *args, **kwargs) -> None:
        if self.original_text and not self.translation_by:
            # A text with the source's words beside it is a translation; the importer and
            # older records say whose by that alone: an editor's, the project's.
            self.translation_by = TranslationBy.PROJECT
        self.source_check = checked_state(self)
        super().save(*args, **kwargs)
