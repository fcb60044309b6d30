"""Releases of the published record (``manage.py release``, ``/data/``).

- ``building``: reading the published record once and saving it as a release (files,
  counts, checksums, the changelog from the previous release, withdrawn events carried);
- ``package``: the Frictionless ``datapackage.json`` (table schemas from the exports' column
  table, licence, citation, version);
- ``citing``: the citations of a release and of an event as a release holds it;
- ``views``: ``/data/``, each release's page, its files and its events.

The model (``Release``, ``ReleaseFile``, ``ReleaseEntry``) is in incidents/models/releases.py.
"""
