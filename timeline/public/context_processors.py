from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext, gettext_noop, pgettext

# The default SITE_NAME, marked for the catalogs; a deployment's own name shows as it is set.
gettext_noop("Russia–Japan Incident Timeline")


def site_name() -> str:
    """The site's name in the active language."""
    return gettext(settings.SITE_NAME)


def site(request: HttpRequest) -> dict:
    # LIST_SEPARATOR: between the items of a list in a sentence (", "; Japanese "、").
    return {"SITE_NAME": site_name(), "LIST_SEPARATOR": pgettext("list separator", ", ")}
