"""Proposals: an editor's correction of something the public sees, waiting for a reviewer.

The published version stays live, unchanged, while a proposal waits; a reviewer approves it
(it goes live at once) or sends it back with a note. The workflow is in
``incidents/proposals.py``; this module is the record of it.

A proposal's target is one of five nullable foreign keys (event, actor, source, tag, place) rather
than a generic relation: real foreign keys keep the database's integrity (a proposal goes
with its record), let ``select_related`` fetch the target, and let the database enforce "at
most one pending proposal per record" with one conditional unique constraint per column,
the same on SQLite and PostgreSQL. A check constraint makes sure exactly one is set.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .actors import Actor
from .base import recorded_user
from .events import Event
from .places import Place
from .sources import Source
from .vocabulary import Tag

TARGETS = ("event", "actor", "source", "tag", "place")


class ProposalState(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    APPROVED = "approved", "Approved"
    SENT_BACK = "sent_back", "Sent back"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ProposalQuerySet(models.QuerySet):
    def pending(self) -> ProposalQuerySet:
        """Waiting for a reviewer, oldest first (the review queue's order)."""
        return (
            self.filter(state=ProposalState.PENDING)
            .select_related(*TARGETS, "created_by")
            .order_by("created_at", "pk")
        )

    def of(self, target: models.Model) -> ProposalQuerySet:
        """The proposals made for ``target`` (an event, actor, source, tag or place)."""
        return self.filter(**{target_field(target): target})


def target_field(target: models.Model) -> str:
    """The column that points at ``target``."""
    for name in TARGETS:
        if isinstance(target, Proposal._meta.get_field(name).related_model):
            return name
    raise TypeError(f"Nothing a proposal can change: {target!r}")


def _exactly_one(names: tuple[str, ...]) -> Q:
    """Q(a set, the others null) | Q(b set, the others null) | …"""
    condition = Q()
    for name in names:
        condition |= Q(**{f"{name}__isnull": False}, **{o: None for o in names if o != name})
    return condition


def _target(model: type[models.Model]) -> models.ForeignKey:
    return models.ForeignKey(
        model, null=True, blank=True, on_delete=models.CASCADE, related_name="proposals"
    )


class Proposal(models.Model):
    State = ProposalState

    event = _target(Event)
    actor = _target(Actor)
    source = _target(Source)
    tag = _target(Tag)
    place = _target(Place)
    # For an event, a snapshot (incidents/snapshots.py) of the event and all its rows; for
    # an actor, source, tag or place, the plain values of its fields (snapshots.values).
    proposed = models.JSONField(help_text="The proposed version.")
    base = models.JSONField(help_text="The live version the proposal was made from.")
    base_token = models.CharField(
        max_length=64,
        blank=True,
        help_text="The live record's edit token then: approval notices a change made since.",
    )
    state = models.CharField(
        max_length=10, choices=ProposalState.choices, default=ProposalState.PENDING
    )
    note = models.TextField("editor’s note", blank=True, max_length=5000)
    review_note = models.TextField("reviewer’s note", blank=True, max_length=5000)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = recorded_user()
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = recorded_user()

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = "proposed correction"
        indexes = [models.Index(fields=("state", "created_at"), name="proposal_state_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in ProposalState]),
                name="proposal_state_valid",
            ),
            # Exactly one target.
            models.CheckConstraint(
                condition=_exactly_one(TARGETS),
                name="proposal_one_target",
            ),
            *(
                models.UniqueConstraint(
                    fields=(name,),
                    condition=Q(state=ProposalState.PENDING),
                    name=f"proposal_one_pending_per_{name}",
                    violation_error_message=(
                        f"A correction of this {name} is already waiting for review."
                    ),
                )
                for name in TARGETS
            ),
        ]

    def __str__(self) -> str:
        return f"Correction #{self.pk} of “{self.target}”"

    @property
    def target(self) -> models.Model:
        """The event, actor, source, tag or place this proposal changes."""
        return next(getattr(self, name) for name in TARGETS if getattr(self, f"{name}_id"))

    @property
    def target_kind(self) -> str:
        return next(name for name in TARGETS if getattr(self, f"{name}_id"))

    @property
    def is_pending(self) -> bool:
        return self.state == ProposalState.PENDING

    def get_admin_url(self) -> str:
        return reverse("admin:incidents_proposal_change", args=(self.pk,))
