"""Small, explicit test-data builders (no factory library needed at this size)."""

from __future__ import annotations

import itertools

from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from django.utils.text import slugify

from incidents.models import (
    Actor,
    Event,
    EventActor,
    EventSource,
    EventType,
    Source,
    Statement,
    Status,
    Tag,
)
from incidents.search_index import refresh_search_index

_counter = itertools.count(1)


def _n() -> int:
    return next(_counter)


def actor(name: str | None = None, kind: str = Actor.Kind.PERSON, **fields) -> Actor:
    n = _n()
    name = name or f"Actor {n}"
    fields.setdefault("slug", f"{slugify(name)}-{n}")
    return Actor.objects.create(name_en=name, kind=kind, **fields)


def source(url: str | None = None, title: str | None = None, **fields) -> Source:
    n = _n()
    return Source.objects.create(
        url=url or f"https://news.example.com/articles/{n}",
        title=title or f"Article {n}",
        **fields,
    )


def tag(slug: str, name: str | None = None) -> Tag:
    return Tag.objects.get_or_create(slug=slug, defaults={"name": name or slug.replace("-", " ")})[
        0
    ]


def event(
    title: str | None = None,
    date: str = "2023-06-09",
    type: str = "summons",
    status: str = Status.PUBLISHED,
    actors: list[tuple[Actor, str]] | None = None,
    sources: list[Source] | None = None,
    tags: list[str] | None = None,
    with_source: bool = True,
    **fields,
) -> Event:
    n = _n()
    obj = Event(
        title=title or f"Event {n}",
        slug=fields.pop("slug", f"event-{n}"),
        summary=fields.pop("summary", f"Summary of event {n}."),
        event_type=EventType.objects.get(slug=type),
        status=Status.DRAFT,
        **fields,
    )
    obj.set_date(date)
    obj.save()
    for position, (who, role) in enumerate(actors or []):
        EventActor.objects.create(event=obj, actor=who, role=role, position=position)
    if sources is None and with_source:
        sources = [source()]
    for position, src in enumerate(sources or []):
        EventSource.objects.create(event=obj, source=src, position=position)
    for slug in tags or []:
        obj.tags.add(tag(slug))
    if status != Status.DRAFT:
        # Status last, as an editor works: the publishing rules need the sources linked.
        obj.status = status
        if status == Status.PUBLISHED and not obj.source_links.exists():
            # Deliberately rule-breaking test data (published without a source): update()
            # skips the rules, as it skips every save() hook.
            obj.published_at = obj.published_at or timezone.now()
            Event.objects.filter(pk=obj.pk).update(status=status, published_at=obj.published_at)
        else:
            obj.save()
    refresh_search_index([obj.pk])
    return obj


def statement(
    event: Event, speaker: Actor, text: str, source: Source | None = None, **fields
) -> Statement:
    if source is None:
        link = event.source_links.first()
        source = link.source if link else globals()["source"]()
    obj = Statement.objects.create(event=event, speaker=speaker, text=text, source=source, **fields)
    refresh_search_index([event.pk])
    return obj


def staff_user(
    user_model, username: str, groups: tuple[str, ...] = ("Editors",), superuser: bool = False
):
    user = user_model.objects.create_user(
        username=username,
        password="correct horse battery staple",
        is_staff=True,
        is_superuser=superuser,
    )
    found = Group.objects.filter(name__in=groups)
    if found.exists():
        user.groups.add(*found)
    else:
        # Before the workflow groups exist: every permission of the incidents app.
        user.user_permissions.add(*Permission.objects.filter(content_type__app_label="incidents"))
    return user
