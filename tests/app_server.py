"""What every browser test needs, written once: the dashboard served on a free loopback
port (ready when ``/_stcore/health`` answers, never after a sleep) and Debian's Chromium
launched headless with the flags this machine needs (no background networking).

Not a test module: the browser tests import it (``from app_server import …``).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    """A TCP port free on the loopback now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch_chromium(pw):
    """Debian's Chromium through Playwright (its own browser download does not work here).
    A browser test without it fails, saying what to install: it is never skipped."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: apt-get install chromium (.ci/run does)")
    return pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)


def _vendor_assets() -> None:
    from briefmap.vendor import REQUIRED, copy_assets

    if not all((ROOT / "static" / "vendor" / f).exists() for f in REQUIRED):
        copy_assets()  # what `make assets` does


@contextlib.contextmanager
def serve_dashboard(
    env: Mapping[str, str], log_dir: Path, launcher: tuple[str, ...] = ("streamlit", "run")
) -> Iterator[str]:
    """``streamlit run dashboard.py`` (and its pages) with ``env`` added to the environment,
    on a free loopback port; yields the base URL once the server answers its health check,
    and stops the server afterwards. Its log is ``log_dir/streamlit.log``. ``launcher``
    ``("ui.serve",)`` serves it as ``make run`` does."""
    _vendor_assets()
    port = free_port()
    log_path = log_dir / "streamlit.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", *launcher, str(ROOT / "dashboard.py"),
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--server.headless", "true", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"streamlit did not start: {log_path.read_text()[-2000:]}")
            time.sleep(0.25)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def wait_idle(pg, timeout: float = 60, quiet: float = 0.8) -> None:
    """Wait until the Streamlit script of page ``pg`` has not been running for ``quiet``
    seconds (a condition, not a sleep)."""
    state = "() => document.querySelector('[data-testid=stApp]')"
    state += "?.getAttribute('data-test-script-state')"
    deadline = time.monotonic() + timeout
    calm_since = None
    while time.monotonic() < deadline:
        if pg.evaluate(state) in ("running", "initial", None):
            calm_since = None
        elif calm_since is None:
            calm_since = time.monotonic()
        elif time.monotonic() - calm_since >= quiet:
            return
        time.sleep(0.1)
    raise AssertionError("the app kept running")
