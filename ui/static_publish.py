"""Data every page shares, served as files the browser keeps, not sent on every page run.

Streamlit serves the folder ``static/`` beside ``dashboard.py`` at ``/app/static/``
(``server.enableStaticServing`` in ``.streamlit/config.toml``). :func:`published_url`
writes a script there once, named by a hash of its content, so a browser that has it
already asks for nothing new, and a changed script gets a new name. The basemap's outlines
and water (about half a megabyte, the same for every page) go this way instead of through
the websocket of every page run.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

#: the folder Streamlit serves at /app/static (beside the dashboard's main script)
STATIC_ROOT = Path(__file__).resolve().parent.parent / "static"
#: the generated scripts, under STATIC_ROOT (not committed; `make clean` removes them)
GENERATED = "generated"
URL_PREFIX = "/app/static"


def published_url(name: str, script: str, root: Path = STATIC_ROOT) -> str | None:
    """The URL of ``script`` served as ``static/generated/<name>-<hash>.js``, written
    there if it is not yet (atomically: a page never loads half a file); ``None`` when the
    folder cannot be written (a read-only install), and the caller inlines the script."""
    body = script.encode("utf-8")
    digest = hashlib.sha256(body).hexdigest()[:16]
    rel = f"{GENERATED}/{name}-{digest}.js"
    path = root / rel
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(body)
                os.chmod(tmp, 0o644)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
    except OSError:
        return None
    return f"{URL_PREFIX}/{rel}"
