"""The controlled vocabulary: event types (with PLOVER/CAMEO codes) and tags.

Names in English (required), Japanese and Russian (optional: the pages of a language without
one show the English, marked; incidents.translation)."""

from __future__ import annotations

from django.db import models


class EventType(models.Model):
    """Controlled vocabulary of event types, seeded by a data migration."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100, unique=True, help_text="In English (required).")
    name_ja = models.CharField(
        "Japanese name", max_length=100, blank=True, help_text="Shown on the Japanese pages."
    )
    name_ru = models.CharField(
        "Russian name", max_length=100, blank=True, help_text="Shown on the Russian pages."
    )
    description = models.TextField(blank=True)
    description_ja = models.TextField("Japanese description", blank=True)
    description_ru = models.TextField("Russian description", blank=True)
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
    name = models.CharField(max_length=100, unique=True, help_text="In English (required).")
    name_ja = models.CharField(
        "Japanese name", max_length=100, blank=True, help_text="Shown on the Japanese pages."
    )
    name_ru = models.CharField(
        "Russian name", max_length=100, blank=True, help_text="Shown on the Russian pages."
    )

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name
