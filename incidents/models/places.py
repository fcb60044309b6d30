"""Places: the gazetteer of islands, seas, straits, cities and states the record happens in.

A place has names in English, Japanese and Russian plus aliases, a kind, a parent (Etorofu
is in the southern Kurils, which are in the Kuril Islands), a point and optionally a box.
The site takes no side in naming: a contested place's English name carries every name its
parties use ("Etorofu / Iturup"), and each of them is also an alias, so all are searched.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .base import Status, TimestampedModel


class PlaceKind(models.TextChoices):
    ISLAND = "island", _("Island")
    ISLAND_GROUP = "island_group", _("Island group")
    STRAIT = "strait", _("Strait")
    SEA = "sea", _("Sea or ocean")
    AIRSPACE = "airspace", _("Airspace")
    CITY = "city", _("City")
    REGION = "region", _("Region")
    COUNTRY = "country", _("Country")


def _range(field: str, limit: int) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": -limit, f"{field}__lte": limit})


class PlaceQuerySet(models.QuerySet):
    def public(self) -> PlaceQuerySet:
        """Places a published event happened in, or in a place inside them (the Kuril
        Islands are public when an event on Etorofu is). A place only drafts name stays
        unlisted, as an actor only drafts name does: it could tell of an event to come."""
        rows = gazetteer_rows()
        tree = PlaceTree((row.pk, row.parent) for row in rows)
        direct = [row.pk for row in rows if row.published]
        return self.filter(pk__in=tree.with_ancestors(direct))

    def descendant_ids(self, place_ids: Iterable[int]) -> set[int]:
        """The given places and every place inside them, however deep."""
        return self._tree().with_descendants(place_ids)

    @staticmethod
    def _tree() -> PlaceTree:
        return PlaceTree((row.pk, row.parent) for row in gazetteer_rows())


class GazetteerRow(NamedTuple):
    pk: int
    parent: int | None
    slug: str
    name: str
    latitude: float | None
    longitude: float | None
    kind: str
    published: bool  # a published event is placed in it (not only inside it)
    name_ja: str = ""
    name_ru: str = ""

    def local_name(self) -> str:
        """Its name in the page's language, the English where it has none yet."""
        from ..translation import record_language

        return getattr(self, f"name_{record_language()}", "") or self.name


def gazetteer_rows() -> list[GazetteerRow]:
    """Every place's id, parent id, slug, English name, point, kind, whether a published
    event is placed in it, and Japanese and Russian names, cached per data version.

    The gazetteer is small (hundreds of rows) and changes rarely: its parent links are
    walked in Python, the same on SQLite and PostgreSQL, and read from the database once
    per change (writes to places raise the data version, migration 0018).
    """
    from .. import versioning

    def read() -> list[GazetteerRow]:
        published = Place.events.through.objects.filter(
            place=OuterRef("pk"), event__status=Status.PUBLISHED
        )
        places = Place.objects.annotate(published=Exists(published)).order_by()
        fields = ("parent_id", "slug", "name_en", "latitude", "longitude", "kind", "published")
        return [
            GazetteerRow(pk, parent, slug, name, *_float_point(lat, lon), kind, public, ja, ru)
            for pk, parent, slug, name, lat, lon, kind, public, ja, ru in places.values_list(
                "pk", *fields, "name_ja", "name_ru"
            )
        ]

    return cache.get_or_set(f"incidents:gazetteer:4:{versioning.current().number}", read, 3600)


def _float_point(latitude, longitude) -> tuple[float | None, float | None]:
    if latitude is None or longitude is None:
        return None, None
    return float(latitude), float(longitude)


class PlaceTree:
    """The parent links of the gazetteer, walked up or down."""

    def __init__(self, pairs: Iterable[tuple[int, int | None]]) -> None:
        self.parents: dict[int, int | None] = dict(pairs)
        self.children: dict[int | None, list[int]] = {}
        for pk, parent in self.parents.items():
            self.children.setdefault(parent, []).append(pk)

    def _walk(self, start: Iterable[int], step) -> set[int]:
        found, todo = set(), list(start)
        while todo:
            pk = todo.pop()
            if pk is not None and pk not in found:
                found.add(pk)
                todo.extend(step(pk))
        return found

    def with_descendants(self, place_ids: Iterable[int]) -> set[int]:
        return self._walk(place_ids, lambda pk: self.children.get(pk, ()))

    def with_ancestors(self, place_ids: Iterable[int]) -> set[int]:
        return self._walk(place_ids, lambda pk: [self.parents.get(pk)])


class Place(TimestampedModel):
    Kind = PlaceKind

    name_en = models.CharField(
        "English name",
        max_length=200,
        help_text="For a contested place every name its parties use, in alphabetical order "
        "and joined by “ / ”, e.g. “Etorofu / Iturup”.",
    )
    name_ja = models.CharField(
        "Japanese name", max_length=200, blank=True, help_text="In Japanese script, e.g. “択捉島”."
    )
    name_ru = models.CharField(
        "Russian name", max_length=200, blank=True, help_text="In Cyrillic, e.g. “Итуруп”."
    )
    aliases = models.TextField(
        blank=True,
        help_text="Other names and spellings in any language, one per line (all are searched, "
        "and used to recognise the place in an event’s location text).",
    )
    kind = models.CharField(max_length=20, choices=PlaceKind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The place this one lies in (Rebun → Hokkaido). Filtering by a place "
        "includes every place inside it.",
    )
    latitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        help_text="A representative point, in decimal degrees (north positive). Copy it from "
        "any map: right-click → coordinates.",
    )
    longitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        help_text="In decimal degrees (east positive).",
    )
    # An optional bounding box for areas (seas, island groups): south, west, north, east.
    south = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    west = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    north = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    east = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text="The last part of the place’s permanent address (/places/this-slug/).",
    )

    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ("name_en",)
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in PlaceKind]), name="place_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(name_en=""), name="place_name_en_required"),
            models.CheckConstraint(condition=~Q(slug=""), name="place_slug_required"),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=models.F("id")),
                name="place_not_own_parent",
            ),
            models.CheckConstraint(condition=_range("latitude", 90), name="place_latitude_range"),
            models.CheckConstraint(
                condition=_range("longitude", 180), name="place_longitude_range"
            ),
            models.CheckConstraint(
                condition=_range("south", 90) & _range("north", 90), name="place_box_lat_range"
            ),
            models.CheckConstraint(
                condition=_range("west", 180) & _range("east", 180), name="place_box_lon_range"
            ),
            # A box is all four edges or none, its south edge below its north edge (east may
            # be less than west: a box across the 180th meridian).
            models.CheckConstraint(
                condition=Q(south__isnull=True, west__isnull=True, north__isnull=True)
                & Q(east__isnull=True)
                | Q(south__isnull=False, west__isnull=False, north__isnull=False)
                & Q(east__isnull=False, north__gte=models.F("south")),
                name="place_box_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.name_en

    def get_absolute_url(self) -> str:
        return reverse("timeline:place", kwargs={"slug": self.slug})

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def all_names(self) -> list[str]:
        names = [self.name_en, self.name_ja, self.name_ru, *self.alias_list]
        return list(dict.fromkeys(name for name in names if name))

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def ancestors(self) -> list[Place]:
        """The places this one lies in, nearest first (one query each; chains are short)."""
        chain, seen, place = [], {self.pk}, self.parent
        while place is not None and place.pk not in seen:
            chain.append(place)
            seen.add(place.pk)
            place = place.parent
        return chain

    def clean(self) -> None:
        if self.parent_id is None:
            return
        if self.parent_id == self.pk:
            raise ValidationError({"parent": "A place cannot lie inside itself."})
        if self.pk and self.pk in {p.pk for p in [self.parent, *self.parent.ancestors()]}:
            raise ValidationError(
                {"parent": f"“{self.parent}” lies inside this place: that would be a loop."}
            )
