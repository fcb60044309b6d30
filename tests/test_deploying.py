"""What README's "Deploying" section claims: replicas, shared cache, gunicorn sizing, static."""

from __future__ import annotations

import importlib.util
import os
import re
import runpy
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings

from timeline.middleware import db_router

HTMX = {"HX-Request": "true"}


def redis_is_running() -> bool:
    if importlib.util.find_spec("redis") is None:
        return False
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def test_router_reads_from_the_chosen_replica_and_writes_to_the_primary(monkeypatch):
    router = db_router.PrimaryReplicaRouter()
    monkeypatch.setattr(db_router, "replicas", lambda: ["replica1"])
    assert router.db_for_read(None) == "default"
    token = db_router.choose_replica()
    try:
        assert router.db_for_read(None) == "replica1"
        assert router.db_for_write(None) == "default"
    finally:
        db_router.release(token)
    assert router.db_for_read(None) == "default"
    assert router.allow_migrate("default", "incidents")
    assert not router.allow_migrate("replica1", "incidents")


def test_without_replicas_everything_uses_the_primary():
    assert db_router.choose_replica() is None
    assert db_router.PrimaryReplicaRouter().db_for_read(None) == "default"


def test_only_anonymous_public_reads_go_to_a_replica(editor_client, make, monkeypatch):
    make.event("Summons")
    # "default" stands in for a replica: the test only watches where reads are sent.
    monkeypatch.setattr(db_router, "replicas", lambda: ["default"])
    chosen: list[str | None] = []
    original = db_router.PrimaryReplicaRouter.db_for_read

    def spy(self, model, **hints):
        chosen.append(db_router._replica.get())
        return original(self, model, **hints)

    monkeypatch.setattr(db_router.PrimaryReplicaRouter, "db_for_read", spy)
    Client().get("/")
    assert chosen and all(alias == "default" for alias in chosen)
    chosen.clear()
    editor_client.get("/")
    assert chosen and all(alias is None for alias in chosen)


@pytest.mark.skipif(not redis_is_running(), reason="no Redis on 127.0.0.1:6379")
def test_redis_cache_shares_the_timeline_counts(client, make, django_assert_max_num_queries):
    redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": "rjt-test",
        }
    }
    with override_settings(CACHES=redis):
        cache.clear()
        try:
            make.event("Summons", tags=["kurils"])
            cache.set("probe", {"pickled": [1, 2]})
            assert cache.get("probe") == {"pickled": [1, 2]}
            first = client.get("/?tag=kurils", headers=HTMX)
            # Counts and the page's ids now come from Redis: no counting queries.
            with django_assert_max_num_queries(5):
                second = client.get("/?tag=kurils", headers=HTMX)
            assert second.content.count(b"<article") == first.content.count(b"<article") == 1
        finally:
            cache.clear()


def test_gunicorn_pool_holds_every_thread_and_its_export_loaders(monkeypatch):
    monkeypatch.setenv("GUNICORN_THREADS", "6")
    monkeypatch.setenv("DB_POOL_MAX", "2")
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("EXPORT_LOADERS", "1")
    config = runpy.run_path(str(Path(__file__).parent.parent / "gunicorn.conf.py"))
    assert config["worker_class"] == "gthread"
    assert config["threads"] == 6 and config["workers"] == 3
    assert os.environ["DB_POOL_MAX"] == "12"  # each thread, and one loader each
    assert config["preload_app"] is True


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("GUNICORN_THREADS", "four", "GUNICORN_THREADS='four' is not a whole number of at least 1"),
        ("GUNICORN_TIMEOUT", "30s", "GUNICORN_TIMEOUT='30s' is not a whole number"),
        ("EXPORT_LOADERS", "1.5", "EXPORT_LOADERS='1.5' is not a whole number of at least 0"),
        ("WEB_CONCURRENCY", "0", "WEB_CONCURRENCY=0 is too small: it must be at least 1"),
    ],
)
def test_gunicorn_refuses_a_bad_number_with_a_message_not_a_traceback(name, value, expected):
    # (A WEB_CONCURRENCY that is not a number at all is parsed by gunicorn itself, with a
    # traceback, before it reads gunicorn.conf.py: out of this file's reach.)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN_", "WEB_"))}
    env[name] = value
    result = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "--check-config", "timeline.wsgi"],
        cwd=Path(__file__).parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert "ValueError" not in result.stderr


def test_static_files_are_fingerprinted_and_compressed_for_a_cdn(tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    names = {path.name for path in tmp_path.rglob("*")}
    hashed_css = [n for n in names if re.fullmatch(r"site\.[0-9a-f]{12}\.css", n)]
    assert hashed_css, "site.css gets a content hash in its name"
    assert f"{hashed_css[0]}.gz" in names
