"""Opening a store file: the writer's connection (which creates or migrates the schema),
the readers' read-only one, a backup, and what can be asked of a file without opening a
:class:`~briefmap.store.Store` (its schema version, its revision).

SQLite in WAL mode: readers never wait for a writer and always see a whole transaction;
writers wait for each other (:data:`BUSY_TIMEOUT_S`), so two people reviewing at once lose
nothing. Every connection is opened by :func:`_connect` (the crash tests trace writes
through it)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from briefmap.datafolder import default_store
from briefmap.store.schema import SCHEMA_VERSION, create_schema, migrate, table_names
from briefmap.store.transactions import get_meta, read_version, set_meta, transaction

#: The store the dashboard and the CLI use when not told otherwise: ``$BRIEFMAP_STORE``, or
#: ``briefmap.sqlite`` in the data folder (``briefmap.datafolder``).
DEFAULT_STORE = default_store()
BUSY_TIMEOUT_S = 60.0  # how long a writer waits for another (a rebuild takes a while)


def _connect(path: Path | str, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    else:
        # isolation_level None: no implicit transactions; every write says BEGIN itself
        con = sqlite3.connect(
            path, check_same_thread=False, timeout=BUSY_TIMEOUT_S, isolation_level=None
        )
    con.row_factory = sqlite3.Row
    con.execute("PRAGMA foreign_keys = ON")
    return con


def connect(path: Path | str) -> sqlite3.Connection:
    """A writable connection to the store at ``path``, created if absent and migrated if
    written by an older briefmap: WAL, foreign keys, synchronous FULL (a decision that was
    confirmed survives a power cut). Check :func:`~briefmap.store.schema.needs_build` after
    opening."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = _connect(path)
    try:
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = FULL")
        with transaction(con, bump=False):
            version = read_version(con)
            if version is None and not table_names(con):
                create_schema(con)
                set_meta(con, "needs_build", "1")
            elif version != SCHEMA_VERSION:
                migrate(con, version)
    except BaseException:
        con.close()
        raise
    return con


def connect_readonly(path: Path | str) -> sqlite3.Connection:
    """A read-only connection to an existing store (no lock taken, nothing created)."""
    return _connect(path, readonly=True)


def backup(path: Path | str, dest: Path | str) -> None:
    """A consistent copy of the store at ``path`` in ``dest`` (SQLite's backup, safe while
    the app runs and writes)."""
    src = _connect(path, readonly=True)
    out = sqlite3.connect(dest)
    try:
        src.backup(out)
    finally:
        out.close()
        src.close()


def schema_version(path: Path | str) -> int | None:
    """The schema version a store file was written with; None if it is not a store."""
    try:
        con = _connect(path, readonly=True)
        try:
            return read_version(con)
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return None


def revision(path: Path | str) -> int:
    """A number that grows with every write to the store at ``path``: key readers' caches
    on it (the file's time does not change on a commit in WAL mode)."""
    con = _connect(path, readonly=True)
    try:
        value = get_meta(con, "revision")
    finally:
        con.close()
    return int(value or 0)
