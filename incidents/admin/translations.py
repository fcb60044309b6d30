"""The admin's "Missing translation" filter, for every record with Japanese and Russian text."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q

from ..translation import TRANSLATED

LANGUAGE_NAMES = {"ja": "Japanese", "ru": "Russian"}


def missing(fields: tuple[str, ...], language: str) -> Q:
    """Rows with any of ``fields`` empty in ``language`` (``title`` → ``title_ja``)."""
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}_{language}": ""})
    return condition


def missing_translation_filter(*fields: str) -> type[admin.SimpleListFilter]:
    """A list filter for rows whose Japanese or Russian ``fields`` are not all filled."""

    class MissingTranslationFilter(admin.SimpleListFilter):
        title = "missing translation"
        parameter_name = "missing"

        def lookups(self, request, model_admin):
            return (
                *((language, LANGUAGE_NAMES[language]) for language in TRANSLATED),
                ("any", "Japanese or Russian"),
            )

        def queryset(self, request, queryset):
            if self.value() in TRANSLATED:
                return queryset.filter(missing(fields, self.value()))
            if self.value() == "any":
                either = Q()
                for language in TRANSLATED:
                    either |= missing(fields, language)
                return queryset.filter(either)
            return queryset

    return MissingTranslationFilter
