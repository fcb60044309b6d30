"""Revisions: one save of the record — every historical record one database transaction made
for one event (its fields, actor roles, source links and statements), or for records that
belong to no event (an actor, a source).

The historical tables (django-simple-history) carry a ``revision`` column through
``RevisionStamped``; ``incidents.revisions`` fills it as each record is written. Records
written before revisions existed have none (``incidents.history`` groups them by user and
second when it lists them).
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone

from .base import recorded_user

SUMMARY_LENGTH = 300


class RevisionQuerySet(models.QuerySet):
    def public(self) -> RevisionQuerySet:
        """Changes the public may read: to published events, and only those that touched what
        their page shows (``public_summary`` is empty for drafts' edits and internal fields)."""
        return self.filter(event__status="published").exclude(public_summary="")

    def of_event(self, event_id: int) -> RevisionQuerySet:
        return self.filter(event_id=event_id)


class Revision(models.Model):
    created_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    user = recorded_user()
    # Kept when the event is deleted (like simple-history's own references): the history of
    # a deleted event still lists its revisions.
    event = models.ForeignKey(
        "incidents.Event",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="revisions",
    )
    summary = models.CharField(
        max_length=SUMMARY_LENGTH,
        blank=True,
        help_text="What changed, in one line (computed from the records, or given by the "
        "action that made them: “Restored revision of …”).",
    )
    noted = models.BooleanField(
        default=False, help_text="The summary was given by the action, not computed."
    )
    public_summary = models.CharField(
        max_length=SUMMARY_LENGTH,
        blank=True,
        help_text="What changed that the event's public page shows; empty if nothing did.",
    )

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=("event", "created_at"), name="revision_event_idx"),
        ]

    def __str__(self) -> str:
        when = timezone.localtime(self.created_at).strftime("%d %b %Y %H:%M:%S")
        who = self.user or "someone"
        return f"{when} by {who}: {self.summary or 'no changes'}"

    def get_absolute_url(self) -> str:
        return reverse("timeline:change", kwargs={"pk": self.pk})


class RevisionStamped(models.Model):
    """The base of every historical model: the revision its record belongs to."""

    revision = models.ForeignKey(
        Revision,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True
