"""Publication workflow: the rules a public event must satisfy, and who may change its status.

Everything that can make an event public goes through this module:

* ``publication_problems(event)`` — the publishing rules, in one place;
* ``publish`` / ``unpublish`` / ``send_to_review`` / ``return_to_draft`` (and the bulk
  ``change_status_of``) — the domain actions used by the admin change form, the admin bulk
  actions, the importer and the shell; they check the user's permission and the rules, and
  record who published and when;
* ``edit_refusal(user, obj)`` — whether an editor may change, delete or restore a record that
  a published event shows (the event itself, its statements, source links and actor roles,
  and the actors, sources, tags and places it displays) *directly*: the one rule every admin path
  asks; ``needs_proposal(user, obj)`` — whether their change to it is instead stored as a
  proposed correction for a reviewer (incidents/proposals.py);
* ``unpublished_relations(event)`` — the causes and responses of an event that are not
  public, for the reviewer who publishes it;
* signal receivers (connected by ``IncidentsConfig.ready``) that apply the rules to *every*
  ``save()`` of a published event whoever makes it, keep a published event sourced when its
  source links change, and link a statement's source to its event automatically.

Why a ``pre_save`` receiver rather than code in ``Event.save()``: the rules read the event's
source links and statements, so they live next to the actions in this module instead of
making the model import its own workflow; the receiver sees every ``save()`` (admin, import,
shell, management commands) and skips raw fixture/backup loads through the ``raw`` flag.
``QuerySet.update()`` bypasses it, as it bypasses every signal: it is used only for derived
columns (the search index).

Statements' sources are **linked automatically** rather than refused: an editor who takes a
quote from an article has already said that the article reports the event, so asking them to
add the same article again in another list would only produce refusals to click through.
The automatic link goes after the existing ones (never becomes the primary source) and says
in its note why it is there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from . import notifications
from .dates import bounds_for
from .models import Actor, Event, EventActor, EventSource, Place, Source, Statement, Status, Tag
from .urlnorm import validate_http_url

PUBLISH_PERMISSION = "incidents.publish_event"
AUTO_LINK_NOTE = "Linked automatically: a statement on this event is taken from this source."
NO_SOURCE = "A published event needs at least one source: link the article(s) that report it."
# The columns change_status sets: where an event is in the workflow, not what it says.
STATUS_FIELDS = ("status", "published_at", "published_by_id", "submitted_at", "submitted_by_id")


class PublicationRefused(ValidationError):
    """The change would leave a published event breaking a publishing rule."""


# --- Who may do what ------------------------------------------------------------------------


def can_publish(user) -> bool:
    """Reviewers (and superusers) publish and unpublish; editors do not."""
    return bool(user is not None and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def can_edit(user, event: Event) -> bool:
    """Only a reviewer changes a published event: an editor's edit would go public unreviewed."""
    return not edit_refusal(user, event)


class EditRefused(PermissionDenied):
    """An editor tried to change something a published event shows."""


# What each part of an event is called in a refusal.
PART_NAMES = {Statement: "statements", EventSource: "sources", EventActor: "actors"}


def shown_publicly(obj) -> bool:
    """Whether a published event shows ``obj`` (an actor, a source or a tag), on its own page,
    the event's, the timeline or the API, so that a change to it would be public at once."""
    if obj.pk is None:
        return False
    published = Event.objects.published()
    if isinstance(obj, Tag):
        return published.filter(tags=obj).exists()
    if isinstance(obj, Source):
        return (
            Source.objects.filter(pk=obj.pk)
            .filter(
                Q(Exists(published.filter(source_links__source=OuterRef("pk"))))
                | Q(Exists(published.filter(statements__source=OuterRef("pk"))))
            )
            .exists()
        )
    if isinstance(obj, Actor):
        # A public actor's page names its country, so the country is shown too.
        return Actor.objects.public().filter(Q(pk=obj.pk) | Q(country_id=obj.pk)).exists()
    if isinstance(obj, Place):
        # A place with a published event in it or inside it has a public page.
        return Place.objects.public().filter(pk=obj.pk).exists()
    return False


def edit_refusal(user, obj) -> str:
    """Why ``user`` may not change, delete or restore ``obj`` as stored, directly; "" when
    they may.

    Whatever a published event shows changes live only through a reviewer: an editor's
    change would be public at once, unreviewed (a source's URL pointed at another page, a
    statement brought back from the history). The editor's change to the event itself (with
    its actors, sources and statements) or to an actor, source, tag or place it shows is proposed
    instead (``needs_proposal``); deleting and restoring stay a reviewer's. Reviewers keep
    full rights. The admin asks this for every change form, save, deletion (one or in bulk),
    restore of an earlier version and recovery of a deleted record.
    """
    if obj is None or can_publish(user):
        return ""
    if isinstance(obj, Event):
        if obj.status == Status.PUBLISHED:
            return (
                "This event is published: only a reviewer can change it directly. Your "
                "changes on its page are proposed as a correction, for a reviewer to approve."
            )
        return ""
    if type(obj) in PART_NAMES:
        event = Event.objects.published().filter(pk=obj.event_id).only("title").first()
        if event is not None:
            return (
                f"Its event “{event.title}” is published: only a reviewer can change its "
                f"{PART_NAMES[type(obj)]} directly. Propose the change on the event’s page."
            )
        return ""
    if isinstance(obj, (Actor, Source, Tag, Place)) and shown_publicly(obj):
        what = obj._meta.verbose_name
        return (
            f"This {what} is shown by a published event: only a reviewer can change it "
            "directly, because the change would be public at once. Your changes on its page "
            "are proposed as a correction, for a reviewer to approve."
        )
    return ""


def needs_proposal(user, obj) -> bool:
    """Whether ``user``'s save of ``obj`` becomes a proposed correction rather than a change:
    an editor's, of a published event or of an actor, source, tag or place a published event shows.
    (Its rows — actor roles, source links, statements — are proposed with the event.)"""
    if obj is None or obj.pk is None or not isinstance(obj, (Event, Actor, Source, Tag, Place)):
        return False
    return bool(edit_refusal(user, obj))


def check_editable(user, obj, *, lock: bool = False) -> None:
    """Raise ``EditRefused`` when ``edit_refusal`` says no. With ``lock``, the event concerned
    (``obj`` or the event it belongs to) is locked and re-read first, so that it cannot be
    published between the check and the caller's save."""
    event_id = obj.pk if isinstance(obj, Event) else getattr(obj, "event_id", None)
    if lock and event_id is not None and not can_publish(user):
        stored = Event.objects.select_for_update().filter(pk=event_id).first()
        if isinstance(obj, Event) and stored is not None:
            obj = stored
    refusal = edit_refusal(user, obj)
    if refusal:
        raise EditRefused(refusal)


def needs_publish_permission(current: str, target: str) -> bool:
    """Editors move events between draft and review; anything to or from published is review."""
    return current != target and Status.PUBLISHED in (current, target)


# --- The rules ------------------------------------------------------------------------------


def publication_problems(event: Event) -> list[str]:
    """Every reason why ``event`` (in memory, with its links as stored) may not be public."""
    problems: list[str] = []
    if event.date_lower is None:
        problems.append("The event has no date.")
    else:
        lower, upper = bounds_for(event.date_precision, event.date_lower)
        if (event.date_lower, event.date_upper) != (lower, upper):
            problems.append(
                "The date bounds do not match the date’s precision; save the event again."
            )
        if event.end_date and event.end_date < event.date_lower:
            problems.append("The end date is before the date.")
    if event.pk is None:
        problems.append(NO_SOURCE)
        return problems
    sources = list(
        Source.objects.filter(event_links__event_id=event.pk).only(
            "pk", "title", "url", "archive_url"
        )
    )
    if not sources:
        problems.append(NO_SOURCE)
    for source in sources:
        for url in (source.url, source.archive_url):
            if not url:
                continue
            try:
                validate_http_url(url)
            except ValidationError:
                problems.append(f"Source “{source.title}” has a link that is not http(s): {url}")
    unlinked = (
        Statement.objects.filter(event_id=event.pk)
        .exclude(source_id__in=[source.pk for source in sources])
        .select_related("speaker", "source")
    )
    problems.extend(
        f"The statement by {statement.speaker} is taken from “{statement.source}”, which is not "
        "among the event’s sources."
        for statement in unlinked
    )
    return problems


def check_publishable(event: Event, prefix: str = "") -> None:
    problems = publication_problems(event)
    if problems:
        raise PublicationRefused([prefix + problem for problem in problems], code="unpublishable")


# --- Status changes -------------------------------------------------------------------------


def change_status(event: Event, target: str, user) -> bool:
    """Move ``event`` to ``target`` on behalf of ``user``; False when it was already there.

    Raises ``PermissionDenied`` when the user may not make this change and
    ``PublicationRefused`` when the event breaks a publishing rule. The row is locked and
    re-read, so the change applies to what is stored, not to a stale copy; the caller's
    instance is brought up to date afterwards.
    """
    if target not in Status.values:
        raise ValueError(f"Unknown status {target!r}.")
    if event.pk is None:
        raise ValueError("Save the event before changing its status.")
    with transaction.atomic():
        stored = Event.objects.select_for_update().get(pk=event.pk)
        if stored.status == target:
            return False
        if needs_publish_permission(stored.status, target) and not can_publish(user):
            verb = "publish" if target == Status.PUBLISHED else "unpublish"
            raise PermissionDenied(f"Only reviewers can {verb} events.")
        if target == Status.PUBLISHED:
            check_publishable(stored)
            stored.published_at = timezone.now()
            stored.published_by = user
        if target == Status.REVIEW:
            stored.submitted_at, stored.submitted_by = timezone.now(), user
            notifications.event_entered_review(stored, user)
        stored.status = target
        stored.updated_by = user
        stored._history_user = user
        stored.save()
    for name in (*STATUS_FIELDS, "version", "updated_at", "updated_by_id"):
        setattr(event, name, getattr(stored, name))
    return True


def publish(event: Event, user) -> bool:
    return change_status(event, Status.PUBLISHED, user)


def unpublish(event: Event, user) -> bool:
    """Take a published event off the site; it goes back to draft for its editor to fix."""
    if event.status != Status.PUBLISHED:
        return False
    return change_status(event, Status.DRAFT, user)


def send_to_review(event: Event, user) -> bool:
    return change_status(event, Status.REVIEW, user)


def return_to_draft(event: Event, user) -> bool:
    return change_status(event, Status.DRAFT, user)


def unpublished_relations(event: Event) -> tuple[list[Event], list[Event]]:
    """The events ``event`` responds to, and its responses, that are not published.

    The public page lists published related events only (it must not hint at a draft), so
    the reviewer who publishes ``event`` is told which links are not shown yet.
    """
    order = ("date_lower", "pk")
    causes = event.responds_to.exclude(status=Status.PUBLISHED).order_by(*order)
    responses = event.responses.exclude(status=Status.PUBLISHED).order_by(*order)
    return list(causes.only("title", "status")), list(responses.only("title", "status"))


@dataclass
class BulkOutcome:
    changed: list[Event] = field(default_factory=list)
    unchanged: list[Event] = field(default_factory=list)
    refused: list[tuple[Event, list[str]]] = field(default_factory=list)


def change_status_of(events: Iterable[Event], target: str, user) -> BulkOutcome:
    """Apply one status change to many events; each succeeds or is refused on its own."""
    outcome = BulkOutcome()
    for event in events:
        try:
            changed = change_status(event, target, user)
        except PermissionDenied as exc:
            outcome.refused.append((event, [str(exc)]))
        except PublicationRefused as exc:
            outcome.refused.append((event, exc.messages))
        else:
            (outcome.changed if changed else outcome.unchanged).append(event)
    return outcome


# --- Enforcement on every save --------------------------------------------------------------


@receiver(pre_save, sender=Event, dispatch_uid="publishing_rules_on_event_save")
def enforce_rules_on_save(sender, instance: Event, raw: bool = False, **kwargs) -> None:
    """A published event is saved only while it satisfies the rules (shell included)."""
    if raw or instance.status != Status.PUBLISHED:
        return
    check_publishable(instance)
    if instance.published_at is None:
        instance.published_at = timezone.now()


def link_source(event_id: int, source_id: int) -> EventSource | None:
    """Make sure ``source`` backs ``event``; returns the link when one had to be created."""
    if EventSource.objects.filter(event_id=event_id, source_id=source_id).exists():
        return None
    last = EventSource.objects.filter(event_id=event_id).aggregate(last=Max("position"))["last"]
    link, created = EventSource.objects.get_or_create(
        event_id=event_id,
        source_id=source_id,
        defaults={"position": 0 if last is None else last + 1, "note": AUTO_LINK_NOTE},
    )
    return link if created else None


@receiver(post_save, sender=Statement, dispatch_uid="publishing_link_statement_source")
def link_statement_source(sender, instance: Statement, raw: bool = False, **kwargs) -> None:
    if not raw and instance.event_id and instance.source_id:
        link_source(instance.event_id, instance.source_id)


def _deleting_events(origin) -> bool:
    """True when a deletion cascades from events themselves (their links go with them)."""
    if isinstance(origin, Event):
        return True
    return isinstance(origin, QuerySet) and origin.model is Event


@receiver(post_delete, sender=EventSource, dispatch_uid="publishing_keep_published_sourced")
def keep_published_event_sourced(sender, instance: EventSource, origin=None, **kwargs) -> None:
    # post_delete runs inside the deletion's transaction: raising undoes the deletion.
    if _deleting_events(origin):
        return
    event = Event.objects.filter(pk=instance.event_id, status=Status.PUBLISHED).first()
    if event is not None:
        check_publishable(
            event, prefix=f"“{event.title}” is published and cannot lose this source: "
        )


@receiver(pre_save, sender=EventSource, dispatch_uid="publishing_guard_link_change")
def guard_link_change(sender, instance: EventSource, raw: bool = False, **kwargs) -> None:
    """Re-pointing a link must not leave a published event without a source it relies on."""
    if raw or instance.pk is None:
        return
    old = EventSource.objects.filter(pk=instance.pk).values("event_id", "source_id").first()
    if old is None or (old["event_id"], old["source_id"]) == (
        instance.event_id,
        instance.source_id,
    ):
        return
    event = Event.objects.filter(pk=old["event_id"], status=Status.PUBLISHED).first()
    if event is None:
        return
    problems = []
    if Statement.objects.filter(event_id=event.pk, source_id=old["source_id"]).exists():
        problems.append("some of its statements are taken from the source this link pointed to.")
    moved_away = instance.event_id != event.pk
    if (
        moved_away
        and not EventSource.objects.filter(event_id=event.pk).exclude(pk=instance.pk).exists()
    ):
        problems.append(NO_SOURCE)
    if problems:
        prefix = f"“{event.title}” is published and cannot lose this source: "
        raise PublicationRefused([prefix + problem for problem in problems], code="unpublishable")
