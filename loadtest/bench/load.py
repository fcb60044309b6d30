"""``bench --load SECONDS``: wrk, with many connections, over the varied timeline URLs.

The Lua script is ``wrk.lua`` beside this module; the URLs are written in front of it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from .cases import Case

WRK_SCRIPT = Path(__file__).with_name("wrk.lua")


def wrk_script(paths: list[tuple[str, bool]]) -> str:
    """The Lua script for these (path, is HTMX) pairs: their two tables, then wrk.lua."""
    return (
        f"\nlocal paths = {{{', '.join(json.dumps(path) for path, _hx in paths)}}}\n"
        f"local headers = {{{', '.join('true' if hx else 'false' for _path, hx in paths)}}}\n"
        + WRK_SCRIPT.read_text()
    )


def load_test(base: str, cases: list[Case], seconds: int, connections: int) -> dict[str, Any]:
    wrk = shutil.which("wrk")
    if not wrk:
        return {"skipped": "wrk is not installed (apt-get install -y wrk)"}
    varied = [c for c in cases if c.group in ("timeline", "fragment", "search", "deep")]
    paths = [(path, bool(c.headers)) for c in varied for path in c.paths]
    lua = wrk_script(paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    threads = min(2, connections)
    try:
        result = subprocess.run(  # noqa: S603 - our own arguments, loopback only
            [
                wrk,
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                script.name,
                base + "/",
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=False,
        )
    finally:
        os.unlink(script.name)
    match = re.search(r"^JSON (\{.*\})$", result.stdout, re.M)
    if not match:
        return {"error": result.stderr or result.stdout}
    data = json.loads(match[1])
    errors = sum(data[k] for k in ("non2xx", "connect", "read", "write", "timeout"))
    data.update(
        connections=connections,
        urls=len(paths),
        requests_per_second=round(data["requests"] / data["seconds"], 1),
        errors=errors,
    )
    return data
