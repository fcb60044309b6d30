"""Actors: the states, organisations, people and media outlets the record names."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import Status, TimestampedModel
from .revisions import RevisionStamped


class ActorQuerySet(models.QuerySet):
    def public(self) -> ActorQuerySet:
        """Actors that appear in a published event (as a participant, speaker or publisher)."""
        # The modules of events, sources and statements import this one: imported here.
        from .events import EventActor
        from .sources import Source
        from .statements import Statement

        return self.filter(
            Q(
                Exists(
                    EventActor.objects.filter(actor=OuterRef("pk"), event__status=Status.PUBLISHED)
                )
            )
            | Q(
                Exists(
                    Statement.objects.filter(speaker=OuterRef("pk"), event__status=Status.PUBLISHED)
                )
            )
            | Q(Exists(Source.objects.published().filter(publisher=OuterRef("pk"))))
        )

    def publishers(self) -> ActorQuerySet:
        """Outlets that published a source backing a published event."""
        from .sources import Source

        return self.filter(Exists(Source.objects.published().filter(publisher=OuterRef("pk"))))


class ActorKind(models.TextChoices):
    STATE = "state", _("State")
    ORGANISATION = "organisation", _("Organisation")
    PERSON = "person", _("Person")
    MEDIA = "media", _("Media outlet")


# The two sides of the record, by their state's slug, and the language each speaks: a
# statement in its side's language is the speaker's own words (incidents.translation).
SIDE_LANGUAGES = {"russia": "ru", "japan": "ja"}


class Actor(TimestampedModel):
    Kind = ActorKind

    name_en = models.CharField(
        "English name", max_length=200, help_text="The name readers know, e.g. “Maria Zakharova”."
    )
    name_ru = models.CharField(
        "Russian name", max_length=200, blank=True, help_text="In Cyrillic, e.g. “Мария Захарова”."
    )
    name_ja = models.CharField(
        "Japanese name",
        max_length=200,
        blank=True,
        help_text="In Japanese script, e.g. “マリア・ザハロワ”.",
    )
    aliases = models.TextField(
        blank=True,
        help_text="Other spellings and short forms, one per line (all are searchable).",
    )
    kind = models.CharField(max_length=20, choices=ActorKind.choices, default=ActorKind.PERSON)
    country = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to={"kind": ActorKind.STATE},
        related_name="members",
        help_text="The state this person, organisation or outlet belongs to (empty for states).",
    )
    description = models.TextField(
        blank=True,
        max_length=2000,
        help_text="One or two sentences on who this is. A person’s job title belongs on the "
        "event role or statement, because titles change.",
    )
    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text="The last part of the actor’s permanent address (/actors/this-slug/).",
    )
    history = HistoricalRecords(bases=[RevisionStamped])

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ("name_en",)
        indexes = [models.Index(fields=("kind", "name_en"), name="actor_kind_name_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in ActorKind]), name="actor_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(name_en=""), name="actor_name_en_required"),
            models.CheckConstraint(condition=~Q(slug=""), name="actor_slug_required"),
        ]

    def __str__(self) -> str:
        return self.name_en

    def get_absolute_url(self) -> str:
        return reverse("timeline:actor", kwargs={"slug": self.slug})

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def all_names(self) -> list[str]:
        names = [self.name_en, self.name_ru, self.name_ja, *self.alias_list]
        return [name for name in names if name]

    @property
    def state(self) -> Actor | None:
        """The state this actor is or belongs to (``country`` must be loaded with it)."""
        return self if self.kind == ActorKind.STATE else self.country

    @property
    def side(self) -> str:
        """``"russia"``, ``"japan"`` or ``""`` (a third party, or no state recorded)."""
        state = self.state
        return state.slug if state is not None and state.slug in SIDE_LANGUAGES else ""

    @property
    def side_language(self) -> str:
        """The language of the actor's side (``"ru"``, ``"ja"``), "" for a third party."""
        return SIDE_LANGUAGES.get(self.side, "")

    def clean(self) -> None:
        if self.country_id and self.country_id == self.pk:
            raise ValidationError({"country": "An actor cannot be its own country."})
        if self.country_id and self.country.kind != Actor.Kind.STATE:
            raise ValidationError({"country": "The country must be an actor of kind “State”."})
