"""The controlled vocabulary: event types (with PLOVER/CAMEO codes) and tags."""

from __future__ import annotations

from django.db import models


class EventType(models.Model):
    """Controlled vocabulary of event types, seeded by a data migration."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    plover_code = models.CharField(
        "PLOVER code", max_length=20, blank=True, help_text="PLOVER event category, where one fits."
    )
    cameo_code = models.CharField(
        "CAMEO code", max_length=10, blank=True, help_text="CAMEO event code, where one fits."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in lists.")

    class Meta:
        ordering = ("position", "name")

    def __str__(self) -> str:
        return self.name

    @property
    def code(self) -> str:
        if self.plover_code:
            return f"PLOVER {self.plover_code}"
        if self.cameo_code:
            return f"CAMEO {self.cameo_code}"
        return ""


class Tag(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name
