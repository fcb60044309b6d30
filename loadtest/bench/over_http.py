"""Measuring over HTTP: against gunicorn, started here on 127.0.0.1 with the repository's
gunicorn.conf.py and production settings, or against a server given with ``--url``.
Also the timeline page's weight, conditional requests, and (``--load``) the wrk run.
"""

from __future__ import annotations

import gzip
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError

from .cases import HX, PAGE_WEIGHT_BUDGET_KB, Case
from .load import load_test
from .measuring import Timing
from .novel import measure_first_answers


def measure_over_http(
    cases: list[Case],
    exports: list[Case],
    rows: dict[str, dict[str, Any]],
    report: dict[str, Any],
    options: dict[str, Any],
    say: Callable[[str], None],
) -> None:
    """Add each row's ``http`` timing, and the page weight, conditional and load results."""
    timeout = options["timeout"]

    def run(base: str, server: subprocess.Popen | None) -> None:
        # First, while the server has cached nothing but the code's own warm-up request.
        http_get(base, "/", HX, timeout)
        report.update(
            measure_first_answers(
                lambda path, headers: http_get(base, path, headers, timeout), options, say
            )
        )
        for case in cases:
            timing = measure_http(base, case, options["runs"], options["warmup"], timeout)
            rows[case.name]["http"] = asdict(timing)
        for case in exports:
            before = worker_peak_rss_mb(server)
            timing = measure_http(base, case, 1, 0, max(timeout, 120))
            rows[case.name]["http"] = asdict(timing)
            rows[case.name]["http"]["worker_peak_rss_mb_before"] = before
            rows[case.name]["http"]["worker_peak_rss_mb_after"] = worker_peak_rss_mb(server)
        try:
            report["page_weight"] = page_weight(base)
        except (OSError, urllib.error.URLError) as exc:
            report["page_weight"] = {"error": str(exc)}
        report["conditional"] = conditional_check(base)
        if options["load"]:
            say(f"  load: wrk, {options['connections']} connections, {options['load']} s")
            report["load"] = load_test(base, cases, options["load"], options["connections"])

    if options["url"]:
        report["meta"]["server"] = options["url"]
        run(options["url"].rstrip("/"), None)
        return
    port = free_port(options["port"])
    log = Path(tempfile.gettempdir()) / f"bench-gunicorn-{port}.log"
    with gunicorn(port, log) as (base, server):
        report["meta"]["server"] = f"gunicorn ({base}, gunicorn.conf.py)"
        run(base, server)


def http_get(base: str, path: str, headers: dict[str, str], timeout: float) -> tuple[int, int]:
    request = urllib.request.Request(base + path, headers=headers)  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            size = 0
            while chunk := response.read(256 * 1024):
                size += len(chunk)
            return response.status, size
    except urllib.error.HTTPError as exc:
        return exc.code, len(exc.read())


def measure_http(base: str, case: Case, runs: int, warmup: int, timeout: float) -> Timing:
    for i in range(warmup):
        http_get(base, case.paths[i % len(case.paths)], case.headers, timeout)
    samples, status, size = [], 0, 0
    for i in range(runs):
        started = time.perf_counter()
        status, size = http_get(base, case.paths[i % len(case.paths)], case.headers, timeout)
        samples.append((time.perf_counter() - started) * 1000)
    return Timing.of(samples, status, size)


def free_port(preferred: int) -> int:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", preferred))
            return preferred
        except OSError:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]


def server_env() -> dict[str, str]:
    """Production settings for the child server, safe to run on a loopback port."""
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        TESTING="0",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        PYTHONUNBUFFERED="1",
    )
    return env


@contextmanager
def gunicorn(port: int, log: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    env = server_env()
    base_dir = Path(settings.BASE_DIR)
    # Manifest static storage (production) needs collected files to render pages.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=base_dir,
        env=env,
        check=True,
    )
    with log.open("w") as out:
        server = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "gunicorn.conf.py",
                "timeline.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
            ],
            cwd=base_dir,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise CommandError(f"gunicorn exited ({server.returncode}); see {log}")
            try:
                if http_get(base, "/healthz", {}, 2)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise CommandError(f"gunicorn did not answer /healthz within 60 s; see {log}")
            time.sleep(0.3)
        yield base, server
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def worker_peak_rss_mb(server: subprocess.Popen | None) -> float | None:
    """The largest VmHWM (peak RSS) among gunicorn's worker processes (Linux only)."""
    if server is None:
        return None
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    try:
        pids = children.read_text().split()
    except OSError:
        return None
    peaks = []
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        if match:
            peaks.append(int(match[1]) / 1024)
    return round(max(peaks), 1) if peaks else None


def page_weight(base: str) -> dict[str, Any]:
    """The timeline page's HTML, CSS and JS, gzip-compressed (what a first visit downloads)."""
    request = urllib.request.Request(base + "/")  # noqa: S310 - loopback
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        html = response.read()
    assets = re.findall(rb'<(?:link[^>]+href|script[^>]+src)="(/static/[^"]+\.(?:css|js))"', html)
    items = {"html": len(gzip.compress(html, 6))}
    cache_headers = {}
    for asset in dict.fromkeys(a.decode() for a in assets):
        request = urllib.request.Request(base + asset, headers={"Accept-Encoding": "gzip"})  # noqa: S310
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            body = response.read()
            items[asset] = (
                len(body)
                if response.headers.get("Content-Encoding")
                else len(gzip.compress(body, 6))
            )
            cache_headers[asset] = response.headers.get("Cache-Control", "")
    total = sum(items.values())
    return {
        "bytes_gzip": items,
        "total_kb": round(total / 1024, 1),
        "budget_kb": PAGE_WEIGHT_BUDGET_KB,
        "within_budget": total / 1024 <= PAGE_WEIGHT_BUDGET_KB,
        "cache_control": cache_headers,
    }


def conditional_check(base: str) -> dict[str, Any]:
    """Does a repeat visit with the validators it was given get a 304?"""
    results = {}
    for path in ("/", "/feed.atom"):
        try:
            with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310
                etag = response.headers.get("ETag")
                modified = response.headers.get("Last-Modified")
        except urllib.error.HTTPError as exc:
            results[path] = {"error": exc.code}
            continue
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        status = http_get(base, path, headers, 30)[0] if headers else None
        results[path] = {"etag": bool(etag), "last_modified": bool(modified), "repeat": status}
    return results
