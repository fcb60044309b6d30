"""The article importer is a package of small modules, one per stage, and the rest of the site
uses it through the package (``incidents.importing``), never through its inside."""

from __future__ import annotations

from tests.test_layout import ROOT, imported_modules

PACKAGE = ROOT / "incidents" / "importing"


def test_the_old_single_module_is_gone_and_every_stage_module_is_small():
    assert not (ROOT / "incidents" / "importer.py").exists()
    lengths = {
        str(path.relative_to(ROOT)): len(path.read_text().splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    assert len(lengths) >= 10
    assert {path: n for path, n in lengths.items() if n > 700} == {}


def test_callers_import_from_the_package_not_from_its_inside():
    stages = {
        f"incidents.importing.{path.stem}"
        for path in PACKAGE.iterdir()
        if path.name != "__init__.py" and (path.suffix == ".py" or path.is_dir())
    }
    offenders = {}
    for app in ("incidents", "timeline", "loadtest"):
        for path in (ROOT / app).rglob("*.py"):
            if PACKAGE in path.parents:
                continue
            inside = sorted(
                name
                for name in imported_modules(path)
                if any(name == stage or name.startswith(stage + ".") for stage in stages)
            )
            if inside:
                offenders[str(path.relative_to(ROOT))] = inside
    assert offenders == {}
