"""Releases: dated, immutable snapshots of the published record that a paper can cite.

A release is written once (``manage.py release``) and never rewritten: ``save()`` refuses a
second save and database triggers (migration 0016) refuse any UPDATE of its rows, so what a
citation names stays what it named. The files are stored in the database, with their size
and SHA-256, so that the guarantee, the backups and the checksums cover the bytes themselves.
"""

from __future__ import annotations

import gzip
import hashlib
import tempfile
import zlib

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone


class ReleaseImmutable(ValidationError):
    """Raised on an attempt to change a release after it was made."""


class WriteOnce(models.Model):
    """A row that is inserted once and never saved again (the database agrees: 0016)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ReleaseImmutable(f"{self._meta.verbose_name} cannot be changed once made.")
        super().save(*args, **kwargs)


class ReleaseQuerySet(models.QuerySet):
    def newest_first(self) -> ReleaseQuerySet:
        return self.order_by("-created_at", "-pk")


class Release(WriteOnce):
    version = models.CharField(
        max_length=20, unique=True, help_text="CalVer: the day it was made, YYYY.MM.DD[.N]."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next",
        help_text="The release this one's changelog starts from.",
    )
    counts = models.JSONField(
        default=dict, help_text="Rows per kind: events, withdrawn, statements, sources, actors."
    )
    changes = models.JSONField(
        default=dict,
        help_text="Since the previous release: events added, changed (with their fields), "
        "withdrawn (slugs).",
    )

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [models.CheckConstraint(condition=~Q(version=""), name="release_version")]

    def __str__(self) -> str:
        return f"Release {self.version}"

    def get_absolute_url(self) -> str:
        return reverse("timeline:data") + f"#release-{self.version}"

    @property
    def size(self) -> int:
        return sum(file.size for file in self.files.all())


class ReleaseFile(WriteOnce):
    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="files")
    name = models.CharField(max_length=100, help_text="File name in the data package.")
    media_type = models.CharField(max_length=100)
    # The file gzip-compressed (a release of 100k events holds half a gigabyte of JSON, which
    # compresses tenfold); ``size`` and ``sha256`` are the file's own, as downloaded.
    content = models.BinaryField()
    size = models.PositiveBigIntegerField(editable=False)
    sha256 = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ("release", "id")
        constraints = [
            models.UniqueConstraint(fields=("release", "name"), name="releasefile_unique_name"),
            models.CheckConstraint(
                condition=Exact(Length("sha256"), 64), name="releasefile_sha256"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.release.version}/{self.name}"

    def get_absolute_url(self) -> str:
        return reverse(
            "timeline:release_file", kwargs={"version": self.release.version, "name": self.name}
        )

    @classmethod
    def of(cls, release: Release, name: str, media_type: str, data: bytes) -> ReleaseFile:
        """A file of ``release`` holding ``data``, with its size and checksum."""
        packer = Packer()
        packer.write(data)
        return cls.packed(release, name, media_type, packer)

    @classmethod
    def packed(cls, release: Release, name: str, media_type: str, packer: Packer) -> ReleaseFile:
        """A file of ``release`` holding what was written to ``packer``."""
        return cls(
            release=release,
            name=name,
            media_type=media_type,
            content=packer.finish(),
            size=packer.size,
            sha256=packer.sha256,
        )

    @property
    def data(self) -> bytes:
        """The file as it is downloaded."""
        return gzip.decompress(bytes(self.content))


class Packer:
    """A release file compressed as it is written, its size and SHA-256 counted on the way,
    so that a file of hundreds of megabytes is never held whole: only its compressed bytes,
    in a temporary file. They are the bytes ``gzip.compress(data, 6, mtime=0)`` gives."""

    LEVEL = 6

    def __init__(self) -> None:
        self._spool = tempfile.SpooledTemporaryFile(max_size=16 << 20)  # noqa: SIM115 (finish)
        self._zip = zlib.compressobj(self.LEVEL, zlib.DEFLATED, 31)  # 31: a gzip member
        self._hash = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self._hash.update(data)
        self.size += len(data)
        self._spool.write(self._zip.compress(data))

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()

    def finish(self) -> bytes:
        """The compressed file."""
        self._spool.write(self._zip.flush())
        # zlib's gzip header names the system it ran on; gzip.compress writes 255, "unknown".
        self._spool.seek(9)
        self._spool.write(b"\xff")
        self._spool.seek(0)
        content = self._spool.read()
        self._spool.close()
        return content


class ReleaseEntry(WriteOnce):
    """An event as a release holds it: what the changelog compares and an event page cites."""

    class State(models.TextChoices):
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="entries")
    event_id = models.BigIntegerField(help_text="The event's id (kept if the event is deleted).")
    slug = models.SlugField(max_length=200)
    state = models.CharField(max_length=10, choices=State.choices)
    record = models.JSONField(help_text="The event's record as the release's JSON holds it.")
    row = models.JSONField(help_text="The event's cells in the release's events.csv.")

    class Meta:
        ordering = ("release", "id")
        verbose_name_plural = "release entries"
        constraints = [
            models.UniqueConstraint(fields=("release", "event_id"), name="releaseentry_unique"),
            models.CheckConstraint(
                condition=Q(state__in=["published", "withdrawn"]), name="releaseentry_state"
            ),
        ]
        indexes = [models.Index(fields=("slug", "release"), name="releaseentry_slug_idx")]

    def __str__(self) -> str:
        return f"{self.release.version}: {self.slug}"
