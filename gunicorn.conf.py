"""gunicorn settings for production: ``gunicorn timeline.wsgi`` (this file is read by default).

Everything can be tuned from the environment:

- ``WEB_CONCURRENCY`` worker processes (default: one per CPU core — page rendering is
  CPU-bound Python, so more processes than cores only adds context switches);
- ``GUNICORN_THREADS`` threads per worker (default 4: they overlap the time spent waiting
  for PostgreSQL and for slow clients);
- ``DB_POOL_MAX`` connections in each worker's pool (timeline/settings.py). Every thread
  may hold one connection at a time, and so may each of an export's loading threads
  (``EXPORT_LOADERS``, default 1), so the pool is made at least
  ``threads × (1 + EXPORT_LOADERS)``: a thread never waits for another thread's
  connection. The database then sees at most
  ``workers × DB_POOL_MAX`` connections from one app server; keep the sum over all app
  servers below PostgreSQL's ``max_connections`` (100 by default).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path

# gunicorn reads this file before it imports the app; the project may not be on sys.path yet.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.core.exceptions import ImproperlyConfigured

from timeline.env import env_int


def _int(name: str, default: int, minimum: int) -> int:
    """timeline/settings.py's reading of a number; a bad one stops gunicorn with a message
    naming the variable, not a traceback (gunicorn prints one for any other exception)."""
    try:
        return env_int(name, default, minimum=minimum)
    except ImproperlyConfigured as error:
        raise SystemExit(f"gunicorn.conf.py: {error}") from None


bind = os.environ.get("GUNICORN_BIND") or (
    f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
)
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count(), minimum=1)
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4, minimum=1)

# Size the pool to the threads (read by timeline/settings.py when the app is imported): a
# request thread and, while it streams an export, that export's loading threads.
connections_needed = threads * (1 + _int("EXPORT_LOADERS", 1, minimum=0))
if _int("DB_POOL_MAX", 0, minimum=1) < connections_needed:
    os.environ["DB_POOL_MAX"] = str(connections_needed)
if _int("DB_POOL_MIN", 0, minimum=0) > _int("DB_POOL_MAX", connections_needed, minimum=1):
    os.environ["DB_POOL_MIN"] = os.environ["DB_POOL_MAX"]

# Import the app once in the master, then fork: faster starts, shared memory. Safe because
# nothing touches the database at import time and Django's pool opens lazily in each worker.
preload_app = True
# Recycling a worker empties its memory cache (cached counts, pages and responses; see
# timeline/public/caching.py): the load test showed every recycle costing seconds of recomputation
# and client timeouts. So only with a shared cache (REDIS_URL) are workers recycled by
# default, as a guard against slow leaks; GUNICORN_MAX_REQUESTS overrides either way.
max_requests = _int("GUNICORN_MAX_REQUESTS", 20000 if os.environ.get("REDIS_URL") else 0, minimum=0)
max_requests_jitter = max_requests // 10
timeout = _int("GUNICORN_TIMEOUT", 30, minimum=0)
graceful_timeout = 30
keepalive = 5
# Behind a proxy on another host, list its address so X-Forwarded-* are believed.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Access logs cost time at thousands of requests a second; the proxy usually keeps them.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
