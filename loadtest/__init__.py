"""Tooling: synthetic data and the benchmark; not part of the site.

``manage.py seed_synthetic`` fills a database with a marked, removable synthetic record
(``loadtest.synthetic``); ``manage.py bench`` (``make bench``) measures the public site on
it (``loadtest.bench``). The site never imports this package: ``timeline`` and
``incidents`` run the same without it.
"""
