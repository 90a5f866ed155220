"""Copy the browser libraries the map needs out of their PyPI packages into ``static/vendor``.

``python -m briefmap.vendor`` (run by ``make assets``) copies the dist files of Leaflet,
Leaflet.markercluster and jQuery from the installed ``xstatic-*`` packages, pinned in
``pyproject.toml``, so that the page never asks a CDN for them. Streamlit serves
``static/`` (``server.enableStaticServing`` in ``.streamlit/config.toml``) at
``/app/static/``; ``static/vendor`` is built, never committed.
"""

from __future__ import annotations

import importlib
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TARGET = ROOT / "static" / "vendor"

#: target folder under static/vendor -> xstatic package that ships its files
PACKAGES = {
    "leaflet": "xstatic.pkg.leaflet",
    "leaflet.markercluster": "xstatic.pkg.leaflet_markercluster",
    "jquery": "xstatic.pkg.jquery",
}
#: files the page loads; copy_assets checks they arrived
REQUIRED = (
    "leaflet/leaflet.js",
    "leaflet/leaflet.css",
    "leaflet/images/layers.png",
    "leaflet.markercluster/leaflet.markercluster.js",
    "leaflet.markercluster/MarkerCluster.css",
    "jquery/jquery.min.js",
)


def copy_assets(target: Path | str = DEFAULT_TARGET) -> list[Path]:
    """Copy every package's data folder to ``target/<name>``; return the folders written.

    Raises ``FileNotFoundError`` naming a required file that no package provided."""
    target = Path(target)
    written: list[Path] = []
    for name, module in PACKAGES.items():
        base = Path(importlib.import_module(module).BASE_DIR)
        dest = target / name
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(base, dest, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
        written.append(dest)
    missing = [f for f in REQUIRED if not (target / f).is_file()]
    if missing:
        raise FileNotFoundError(f"not in the xstatic packages: {', '.join(missing)}")
    return written


def main() -> int:
    for folder in copy_assets():
        print(f"briefmap: {folder.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
