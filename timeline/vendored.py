"""Third-party browser code served as our own static files: no CDN, no request elsewhere.

The map's library (Leaflet) and its clustering plugin come from npm at the versions
package-lock.json pins; ``make vendor`` (``python -m timeline.vendored``) copies the files
the site uses from node_modules into static/vendor/ and cuts the basemap from world-atlas
(timeline/public/maps.py), all committed, so that ``make run`` needs no npm.
tests/test_map.py checks the copies are byte for byte the locked packages' files. Source
maps are copied too: the minified files name them, and the manifest storage of
``collectstatic`` refuses a reference to a missing file.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "static" / "vendor"

# package -> files inside it (paths in the package; copied under static/vendor/<package>/
# with "dist/" left out).
FILES: dict[str, list[str]] = {
    "leaflet": [
        "LICENSE",
        "dist/leaflet.js",
        "dist/leaflet.js.map",
        "dist/leaflet.css",
        # leaflet.css names these (layer control, default marker), unused but referenced.
        "dist/images/layers.png",
        "dist/images/layers-2x.png",
        "dist/images/marker-icon.png",
    ],
    "leaflet.markercluster": [
        "MIT-LICENCE.txt",
        "dist/leaflet.markercluster.js",
        "dist/leaflet.markercluster.js.map",
        "dist/MarkerCluster.css",
    ],
}


def copies() -> list[tuple[Path, Path]]:
    """(file in node_modules, its copy in static/vendor) for every vendored file."""
    return [
        (NODE_MODULES / package / name, VENDOR / package / name.removeprefix("dist/"))
        for package, names in FILES.items()
        for name in names
    ]


def vendor() -> int:
    for source, target in copies():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return len(FILES)


if __name__ == "__main__":
    import django

    print(f"Copied the files of {vendor()} npm packages into {VENDOR.relative_to(ROOT)}/.")
    # The basemap: Natural Earth land from world-atlas, cut to the map's region.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "timeline.settings")
    django.setup()
    from timeline.public import maps

    rings = maps.build_basemap(NODE_MODULES / "world-atlas" / "land-50m.json")
    print(f"Wrote {maps.BASEMAP.relative_to(ROOT)} and its SVG ({rings} rings of land).")
