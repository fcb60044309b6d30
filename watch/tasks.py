"""The background work of the source watch, on Django's task framework (django.tasks; in
production the django-tasks-db backend and its ``manage.py db_worker``)."""

from __future__ import annotations

from django.tasks import task

from . import polling


@task(queue_name="watch")
def poll_watched_source(source_id: int) -> dict:
    """Poll one source (skipped if another poll holds it); returns what it found."""
    result = polling.poll_source(source_id)
    if result is None:
        return {"source": source_id, "skipped": True}
    return {"source": source_id, "new_items": len(result.items), "error": result.error}
