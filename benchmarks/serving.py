"""The dashboard served for a benchmark (not a test): one way of starting it, written once.

``serve(app, store, log_path, launcher)`` starts ``dashboard.py`` of the app folder ``app``
on ``store`` on a free loopback port, either as ``streamlit run`` (``launcher="streamlit"``)
or as ``make run`` starts it (``launcher="ui.serve"``: warm-up, memory settings), and yields
``(url, pid)`` once ``/_stcore/health`` answers — a condition, never a sleep. The tests have
their own copy in ``tests/app_server.py``, which fails a test (``pytest.fail``) instead.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    """A TCP port free on the loopback now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(
    app: Path, store: Path, log_path: Path, launcher: str = "streamlit", timeout: float = 180
) -> Iterator[tuple[str, int]]:
    """Serve ``app``/dashboard.py on ``store``; yields (URL, server pid); stops it after."""
    port = free_port()
    env = {**os.environ, "BRIEFMAP_STORE": str(store), "PYTHONPATH": str(app)}
    env.pop("BRIEFMAP_DATA", None)
    start = ["-m", "streamlit", "run"] if launcher == "streamlit" else ["-m", "ui.serve"]
    log = log_path.open("w")
    proc = subprocess.Popen(
        [sys.executable, *start, str(app / "dashboard.py"),
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--server.headless", "true", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false"],
        cwd=app, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start: {log_path.read_text()[-2000:]}")
            time.sleep(0.25)
        yield url, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
