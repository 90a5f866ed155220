"""One write, all or nothing: transactions, savepoints, the WAL checkpoint, and the
``meta`` table's keys (``schema_version``, ``revision``, ``needs_build``, ``built_at``).

The bottom of the store: it knows SQLite and the ``meta`` table, no other table. Every
write goes through :func:`transaction`, which also counts the store's revision (readers key
their caches on it)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timezone


@contextlib.contextmanager
def transaction(con: sqlite3.Connection, bump: bool = True) -> Iterator[sqlite3.Connection]:
    """One write transaction: waits for other writers, takes the write lock at once, and
    commits everything or nothing. ``bump``: count a new revision (readers' caches)."""
    con.execute("BEGIN IMMEDIATE")
    try:
        yield con
        if bump:
            con.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision'")
        con.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            con.execute("ROLLBACK")
        raise


@contextlib.contextmanager
def savepoint(con: sqlite3.Connection, name: str = "part") -> Iterator[None]:
    """A part of a transaction that is undone alone when it fails."""
    con.execute(f"SAVEPOINT {name}")
    try:
        yield
    except BaseException:
        con.execute(f"ROLLBACK TO {name}")
        con.execute(f"RELEASE {name}")
        raise
    con.execute(f"RELEASE {name}")


def checkpoint(con: sqlite3.Connection) -> None:
    """Copy what the WAL holds into the store file, as far as readers allow: the file alone
    then holds every committed write (a copy of it is a backup) and its time changes."""
    with contextlib.suppress(sqlite3.Error):
        con.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


def read_version(con: sqlite3.Connection) -> int | None:
    """The schema version the store says it has; None when it has no ``meta`` table."""
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.OperationalError:
        return None
    return int(row[0]) if row else None


def get_meta(con: sqlite3.Connection, key: str) -> str | None:
    """The value of one ``meta`` key, or None."""
    row = con.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(con: sqlite3.Connection, key: str, value: str) -> None:
    """Set one ``meta`` key (inside the caller's transaction)."""
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def now() -> str:
    """The time a row is stamped with: UTC, ISO 8601, to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
