"""The rooms keep their purpose: load-test tooling lives in ``loadtest/``, and the site never
depends on it (README, "Layout")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

ROOT = Path(settings.BASE_DIR)


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function (relative ones resolved)."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("app", ["timeline", "incidents"])
def test_the_site_never_imports_the_load_test_tooling(app):
    offenders = {
        str(path.relative_to(ROOT)): sorted(n for n in imported_modules(path) if "loadtest" in n)
        for path in (ROOT / app).rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_tooling_commands_keep_their_names_and_live_in_loadtest():
    commands = get_commands()
    assert commands["bench"] == "loadtest"
    assert commands["seed_synthetic"] == "loadtest"


def test_no_load_test_module_is_over_700_lines():
    lengths = {
        str(path.relative_to(ROOT)): len(path.read_text().splitlines())
        for path in (ROOT / "loadtest").rglob("*.py")
    }
    assert {path: n for path, n in lengths.items() if n > 700} == {}
