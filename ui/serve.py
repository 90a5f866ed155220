"""``streamlit run`` with the first page prepared as the server starts (``make run``).

``python -m ui.serve dashboard.py [streamlit options]`` is ``streamlit run dashboard.py
[options]`` plus one thread that computes the first page's cached data
(``ui.warmup.warm_in_background``) while the server comes up, so that the first visitor
does not wait for it. Set ``BRIEFMAP_NO_WARMUP=1`` to start without it.
"""

from __future__ import annotations

import os
import sys
import threading
import time


def main(argv: list[str] | None = None) -> int:
    """Run Streamlit's ``run`` command with ``argv`` (default: this process's arguments)."""
    from streamlit.web import cli

    args = list(sys.argv[1:] if argv is None else argv)
    if not os.environ.get("BRIEFMAP_NO_WARMUP"):
        threading.Thread(target=_warm_when_up, name="briefmap-warmup", daemon=True).start()
    sys.argv = ["streamlit", "run", *args]
    return cli.main()


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
