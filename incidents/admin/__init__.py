"""Curation admin: everything an editor needs to turn articles into sourced events.

Importing the modules registers their admins; nothing else lives here.
"""

from . import actors, events, places, proposals, sources, statements  # noqa: F401 (registers the admins)
