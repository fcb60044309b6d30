"""Reading settings from environment variables, strictly: a typo stops the program with a
message naming the variable, instead of silently meaning something else.

Imports nothing of the project and does not load Django's settings, so gunicorn.conf.py
uses it too (before the app is imported).
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = ("1", "true", "yes", "on")
FALSE_VALUES = ("0", "false", "no", "off")


def env_bool(name: str, default: bool = False) -> bool:
    """A yes/no variable. Anything else stops the site: "DEBUG=ture" must not mean "off"."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not understood: use one of {', '.join(TRUE_VALUES)} "
        f"or {', '.join(FALSE_VALUES)} (or leave it unset for {'on' if default else 'off'})."
    )


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or list(default or [])


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        at_least = "" if minimum is None else f" of at least {minimum}"
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a whole number{at_least}: use digits only, or leave "
            f"it unset for {default}."
        ) from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} is too small: it must be at least {minimum}.")
    return number


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = os.environ.get(name, "").strip().upper()
    if not value:
        return default
    if value not in choices:
        raise ImproperlyConfigured(
            f"{name}={os.environ[name]!r} is not one of {', '.join(choices)}."
        )
    return value
