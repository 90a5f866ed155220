"""``streamlit run`` with the first page prepared as the server starts (``make run``).

``python -m ui.serve dashboard.py [streamlit options]`` is ``streamlit run dashboard.py
[options]`` plus one thread that computes the first page's cached data
(``ui.warmup.warm_in_background``) while the server comes up, so that the first visitor
does not wait for it. Set ``BRIEFMAP_NO_WARMUP=1`` to start without it.
"""

from __future__ import annotations

import ctypes
import gc
import os
import sys
import threading
import time

#: glibc's mallopt parameter for the number of malloc arenas
M_ARENA_MAX = -8
#: the garbage collector's thresholds for the server (see ``main``)
GC_THRESHOLDS = (20_000, 20, 20)


def main(argv: list[str] | None = None) -> int:
    """Run Streamlit's ``run`` command with ``argv`` (default: this process's arguments)."""
    from streamlit.web import cli

    args = list(sys.argv[1:] if argv is None else argv)
    few_malloc_arenas()
    # A page run makes hundreds of thousands of short-lived objects (rows, symbols); with
    # Python's default thresholds (700, 10, 10) it collected every few hundred of them.
    gc.set_threshold(GC_THRESHOLDS[0], GC_THRESHOLDS[1], GC_THRESHOLDS[2])
    if not os.environ.get("BRIEFMAP_NO_WARMUP"):
        threading.Thread(target=_warm_when_up, name="briefmap-warmup", daemon=True).start()
    sys.argv = ["streamlit", "run", *args]
    return cli.main()


def few_malloc_arenas(arenas: int = 2) -> bool:
    """At most ``arenas`` glibc malloc arenas for this process (``MALLOC_ARENA_MAX``), set
    before the server starts its threads; True if set. A variable ``MALLOC_ARENA_MAX`` in the
    environment wins (glibc reads it itself); elsewhere than glibc, nothing is done.

    Why: glibc gives a thread that allocates its own arena, up to eight per core, and
    Streamlit runs each session's script in a thread of its own; what a session's run frees
    (copies of the map's cached data, a few MB at 10,000 briefs) stays in its arena and is
    rarely given back, so the server's RSS climbs with the sessions it has served.
    ``benchmarks/bench_team.py`` measures it (README, *Serving briefmap to a team*)."""
    if os.environ.get("MALLOC_ARENA_MAX") or not sys.platform.startswith("linux"):
        return False
    try:
        return bool(ctypes.CDLL("libc.so.6").mallopt(M_ARENA_MAX, arenas))
    except (OSError, AttributeError):  # not glibc (musl has no such arenas)
        return False


def _warm_when_up(wait: float = 60.0) -> None:
    """Prepare the first page once Streamlit's runtime exists (its caches are the ones the
    sessions read); imports the page's modules meanwhile."""
    from streamlit.runtime import Runtime

    from ui.warmup import warm_in_background

    deadline = time.monotonic() + wait
    while not Runtime.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    warm_in_background()


if __name__ == "__main__":
    sys.exit(main())
