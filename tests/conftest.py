"""Shared fixtures: temporary data directories and paths to the test files."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from indicators.store.observations import Store
from tests.s3_server import s3_dir, s3_endpoint  # noqa: F401  (fixtures: an S3 server on loopback)

# Rate limits (indicators/uploads/throttle.py) counted in memory and set high for the suite, whose tests send many
# uploads from one address in a few seconds; tests/web/test_rate_limits.py lowers them where it tests them. The
# servers the browser tests start inherit these.
os.environ.setdefault("MPD_RATE_LIMIT_STORAGE", "memory://")
os.environ.setdefault("MPD_RATE_LIMIT_GROUP", "100000/minute")
os.environ.setdefault("MPD_RATE_LIMIT_ADDRESS", "100000/minute")
os.environ.setdefault("MPD_RATE_LIMIT_READ", "100000/minute")     # the read API (tests/web/test_read_api.py lowers it)
# Materialised scorecards and page layouts of this run only (one folder per run; the servers the tests start inherit
# it), so that nothing computed by an earlier run, or a test's monkeypatched code, is read by another run.
if "MPD_CACHE_DIR" not in os.environ:
    os.environ["MPD_CACHE_DIR"] = tempfile.mkdtemp(prefix="mpd-test-cache-")
    atexit.register(shutil.rmtree, os.environ["MPD_CACHE_DIR"], ignore_errors=True)

FILES = Path(__file__).parent / "files"
HOSTILE = Path(__file__).parent / "hostile"
PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _no_views_remembered_from_other_tests(monkeypatch):
    """Each test starts with no page views remembered by this process (pages._layouts redraws the views it served
    after a commit: another test's views, over another data directory, are not this test's to redraw)."""
    import sys
    from collections import OrderedDict
    layouts = sys.modules.get("pages._layouts")
    if layouts is not None:
        monkeypatch.setattr(layouts, "_recent", OrderedDict())
        monkeypatch.setattr(layouts, "_redrawn", set())


@pytest.fixture
def empty_store(tmp_path: Path) -> Store:
    """A store over a data directory that does not exist yet."""
    return Store(tmp_path / "data")


@pytest.fixture
def group_api(tmp_path: Path, monkeypatch):
    """(the app's Flask test client, the token of group "Group A", the data directory) over a fresh data directory
    that MPD_DATA_DIR points at."""
    from app import server
    from indicators.uploads import auth
    d = tmp_path / "data"
    token = auth.add_group("Group A", d)
    monkeypatch.setenv("MPD_DATA_DIR", str(d))
    return server.test_client(), token, d


@pytest.fixture
def files() -> Path:
    """Folder of hand-made CSV files used by ingestion tests."""
    return FILES


# ---------------------------------------------------------------------- end-to-end browser fixtures
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
OUTPUT = Path(__file__).parent / "output"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_data_dir(tmp_path_factory) -> Path:
    """A private copy of the bundled data, so browser tests that upload never touch data/."""
    dest = tmp_path_factory.mktemp("live") / "data"
    shutil.copytree(PROJECT / "data", dest)
    return dest


@contextlib.contextmanager
def serve(data_dir: Path) -> Iterator[str]:
    """The real app served by a subprocess on a free loopback port over data_dir; yields its base URL.

    Its output goes to a file next to the data directory: an undrained pipe fills up (64 KB of request log lines)
    and then blocks the server in the middle of the suite.
    """
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "MPD_WARM_SCORECARDS": "0"}   # no background work in tests
    log_path = data_dir.parent / "live_server.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, str(PROJECT / "app.py"), "--port", str(port),
                                 "--data-dir", str(data_dir)], cwd=PROJECT, env=env,
                                stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(url + "/_dash-layout", timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(log_path.read_text(errors="replace"))
                time.sleep(0.3)
        else:
            proc.kill()
            raise RuntimeError("the dashboard did not start within 60 s")
        try:
            yield url
        finally:
            proc.terminate()
            proc.wait(10)


@pytest.fixture(scope="session")
def live_server(live_data_dir):
    """The real app over a private copy of the bundled data, for the whole session; yields its base URL."""
    with serve(live_data_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole session, driven by Playwright."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def _as_function(wait_for_function):
    """wait_for_function that passes a JS expression as a function (the page's CSP forbids eval of a string)."""
    # Playwright runs a string predicate through eval() in the page, which the dashboard's Content-Security-Policy
    # refuses (no 'unsafe-eval'); a function it calls as it is
    import re

    def wait(expression: str, **kwargs):
        if not re.match(r"^\s*(async\s+)?(function\b|\(?[\w\s,]*\)?\s*=>)", expression):
            expression = f"() => ({expression})"
        return wait_for_function(expression, **kwargs)
    return wait


@pytest.fixture
def page(browser):
    """A fresh browser page that records console errors (a Content-Security-Policy violation is one); fails the test
    if any were logged, on it or on any other page the test opens in its context."""
    OUTPUT.mkdir(exist_ok=True)
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    errors: list[str] = []

    def watch(pg) -> None:
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.console_errors = errors
        pg.wait_for_function = _as_function(pg.wait_for_function)

    ctx.on("page", watch)
    pg = ctx.new_page()
    yield pg
    ctx.close()
    assert not errors, f"browser console errors: {errors}"


def choose_option(page, dropdown_id: str, text: str) -> None:
    """Pick an option of a Dash 4 dropdown by its visible text (open it, click the role=option element)."""
    page.click(f"#{dropdown_id}")
    search = page.locator(".dash-dropdown-content input[type='search'], .dash-dropdown-search input, "
                          "[role='dialog'] input[type='search']")
    if search.count():
        search.first.fill(text)
    page.get_by_role("option", name=text, exact=False).first.click()


def wait_drawn(page, timeout: int = 15_000) -> None:
    """Wait until the parts of the page drawn after its first screen (pages/_later.py) are all in."""
    page.wait_for_function("() => !document.querySelector('.mpd-later:empty')", timeout=timeout)


def wait_location(page, pattern: str, timeout: int = 15_000) -> None:
    """Wait until the address bar matches a regex (history.pushState navigations fire no 'load' event)."""
    page.wait_for_function("p => new RegExp(p).test(location.href)", arg=pattern, timeout=timeout)
