"""The user's own gazetteer: places an analyst saves in review, kept in the data folder.

The file (``places.toml`` of ``briefmap.datafolder``) holds ``[[place]]`` records with the
fields of the curated ``geodata/places.toml``; ``briefmap.places.gazetteer.load_local``
reads it as part of the curated tier, so the next brief that names one of these places maps
it. :func:`add_local_place` checks a record as the curated ones are and appends it, whole
or not at all, under a lock. Importable without Streamlit.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from briefmap.library_drafts import slug


def add_local_place(path: Path, rec: Mapping[str, Any]) -> str:
    """Append the place ``rec`` (the fields of a curated record, without ``id``) to the
    user's gazetteer at ``path`` and return the id it was given (``bm:local-<slug of its
    English name>``, numbered when taken). Raises ValueError, naming ``path``, for a record
    the curated checks refuse; the file is then as it was."""
    from briefmap.places.curated import validate_place
    from briefmap.places.gazetteer import load_local

    existing = {r["id"] for r in load_local(path)}
    base = "bm:local-" + (slug(rec.get("name_en") or rec.get("name_pl") or "") or "place")
    pid, k = base, 2
    while pid in existing:
        pid, k = f"{base}-{k}", k + 1
    rec = {"id": pid, **rec}
    try:
        validate_place(dict(rec))
    except ValueError as exc:
        raise ValueError(str(exc).replace("places.toml", str(path))) from None
    _append_place(path, rec)
    return pid


def _toml_value(v: Any) -> str:
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # a TOML basic string
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(type(v))


def _append_place(path: Path, rec: Mapping[str, Any]) -> None:
    """Append one record to the user's gazetteer, atomically and under a lock (two pages
    saving at once both keep their place)."""
    import fcntl

    from briefmap.places.gazetteer import load_local

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        old = path.read_text(encoding="utf-8") if path.exists() else _GAZETTEER_HEADER
        block = "\n[[place]]\n" + "".join(f"{k} = {_toml_value(v)}\n" for k, v in rec.items())
        new = old.rstrip("\n") + "\n" + block
        fd, tmp = tempfile.mkstemp(prefix=".places-", dir=path.parent, suffix=".toml")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(new)
                fh.flush()
                os.fsync(fh.fileno())
            load_local(
                Path(tmp)
            )  # the whole file still reads: never replace it with one that does not
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


_GAZETTEER_HEADER = """\
# Your own gazetteer additions, saved from briefmap's review page. Same fields as the
# [[place]] records of geodata/places.toml (see the comments there). briefmap reads this
# file as part of its curated tier: the next brief that names one of these places maps it.
"""
