"""Tooling: the benchmark of the public site, run by ``manage.py bench`` (``make bench``).

For every case (the timeline page, the HTMX fragment for each filter alone and combined,
full-text searches, deep pages, the event/actor/source pages, the API, the exports) it
reports the median and 95th-percentile time over ``--runs`` requests, the number of SQL
queries and the response size, measured

- in-process, through Django's test client (server time: URL routing, middleware, queries,
  templates; no network), and
- over HTTP, against gunicorn started here on 127.0.0.1 with the repository's
  gunicorn.conf.py (or a server given with ``--url``).

Exports are timed to the last byte and their peak memory is measured in a separate
process (peak RSS, which includes the database driver's buffers) and with tracemalloc.
On PostgreSQL every SELECT of every case is run again under ``EXPLAIN (ANALYZE)`` to report
whether the events table is read by a sequential scan. ``--load SECONDS`` then runs wrk
with 50 connections over varied timeline URLs. Prints a table and writes JSON
(``bench-results/bench-<time>.json`` by default) so runs can be compared.

One module per concern: ``cases`` (what is measured, budgets), ``measuring`` (in process),
``explain`` (query plans), ``exports`` (time and peak memory), ``over_http`` (gunicorn and
HTTP timings), ``load`` with ``wrk.lua`` (the wrk run) and ``report`` (table and JSON).
"""
