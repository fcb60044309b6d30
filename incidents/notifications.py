"""Telling the people concerned by email: an event entered review, a proposal was decided.

Built on Django's mail framework (``MAILERS``: the console in development, SMTP from the
environment in production, memory in tests). Two promises:

* **Never on a rolled-back change.** Mail goes out when the caller's transaction commits
  (``transaction.on_commit``; at once outside a transaction), so a save that fails after the
  status changed tells nobody about something that did not happen.
* **Never fails the save.** Mail is a courtesy: a mail server that is down or refuses an
  address is logged, and the editor's work stands.

Each recipient gets a message of their own, so reviewers do not see each other's addresses.
Other workflow modules write their own messages and deliver them through ``send``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.urls import reverse

from . import publishing
from .models import Event

logger = logging.getLogger(__name__)

# The permission check for "who reviews" reads groups and user permissions from the database.
_MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def send(users: Iterable, subject: str, body: str) -> int:
    """Email ``subject`` and ``body`` to each of ``users`` that is active and has an address,
    once the current transaction commits; returns how many messages are queued. Never raises
    for a delivery problem: it is logged instead."""
    addresses = sorted({user.email for user in users if user.is_active and user.email})
    if not addresses:
        return 0
    messages = [EmailMessage(subject=subject, body=body, to=[address]) for address in addresses]
    transaction.on_commit(partial(_deliver, messages), robust=True)
    return len(messages)


def _deliver(messages: list[EmailMessage]) -> None:
    try:
        mailers.default.send_messages(messages)
    except Exception:
        # Whatever the backend raises (socket, SMTP, TLS errors): the change is saved already.
        logger.exception("Could not send %r to %d recipient(s)", messages[0].subject, len(messages))


def reviewers():
    """Active users who may publish: the people who act on a review."""
    return get_user_model().objects.with_perm(publishing.PUBLISH_PERMISSION, backend=_MODEL_BACKEND)


def site_link(path: str) -> str:
    """An address on the site for an email: absolute when ``SITE_URL`` says where it is."""
    return settings.SITE_URL.rstrip("/") + path


def admin_link(url_name: str, *args) -> str:
    return site_link(reverse(url_name, args=args))


def event_entered_review(event, by) -> None:
    """Tell the reviewers (except whoever sent it) that ``event`` waits for them.

    Written once the change commits, from the event as stored: the admin form saves the
    review note typed with the status change after the status itself.
    """
    by_pk = getattr(by, "pk", None)
    transaction.on_commit(partial(_tell_reviewers, event.pk, by_pk), robust=True)


def _tell_reviewers(event_pk: int, by_pk: int | None) -> int:
    event = Event.objects.select_related("submitted_by").filter(pk=event_pk).first()
    if event is None:
        return 0
    who = event.submitted_by.get_username() if event.submitted_by else "Someone"
    body = [f"{who} sent “{event.title}” ({event.date_display}) to review.", ""]
    if event.review_note:
        body += ["Their note:", event.review_note, ""]
    body += [
        f"Review it: {admin_link('admin:incidents_event_change', event.pk)}",
        f"Preview it: {site_link(event.get_absolute_url())}",
        f"Everything waiting: {admin_link('admin:review_queue')}",
    ]
    return send(reviewers().exclude(pk=by_pk), f"In review: {event.title}", "\n".join(body))
