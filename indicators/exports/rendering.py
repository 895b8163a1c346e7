"""The one warm render browser: print-ready static images (PNG, SVG, PDF) of plotly figures, rendered offline.

Static rendering uses kaleido 1.x with the machine's own Chromium (Debian's `chromium` on the PATH, or the
`MPD_CHROMIUM` / `BROWSER_PATH` environment variables). One browser is started on first use and kept warm in a
background thread, so a batch of charts (or a web server answering many export clicks) pays the browser start once;
`warm_browser()` scopes it to a block, `stop_browser()` closes it. Base maps come from the bundled TopoJSON
(figures.apply_offline_topojson) and MathJax is disabled: nothing is fetched from a CDN.

The renderer is fenced: its Chromium runs with network access off (constants.OFFLINE_FLAGS, through choreographer's
browser_cls), and `render` refuses a figure that would load anything (layout images, tile maps) or an image larger
than MAX_RENDER_PIXELS a side. Web exports only ever pass figures the server built (exports/requests.py).
"""
from __future__ import annotations

import asyncio
import atexit
import contextlib
import datetime as dt
import math
import os
import shutil
import threading
import time
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from indicators.exports.constants import (CHART_FORMATS, MAX_RENDER_PIXELS, OFFLINE_FLAGS, PNG_SCALE, PRINT_HEIGHT,
    PRINT_WIDTH, RENDER_TIMEOUT, TILE_TRACES)
from indicators.views import figures


def chromium_path() -> str | None:
    """The Chromium to render with: $MPD_CHROMIUM, $BROWSER_PATH, else `chromium` (Debian) on the PATH."""
    for env in ("MPD_CHROMIUM", "BROWSER_PATH"):
        if os.environ.get(env):
            return os.environ[env]
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def offline_chromium() -> type:
    """choreographer's Chromium with the network switched off (its command line gets OFFLINE_FLAGS)."""
    from choreographer.browsers import Chromium

    class OfflineChromium(Chromium):
        """Chromium that can reach nothing but local files."""

        def get_cli(self) -> list[str]:
            """The command line choreographer builds, plus the flags that switch the network off."""
            return [*super().get_cli(), *OFFLINE_FLAGS]

    return OfflineChromium


class _Browser:
    """One kaleido browser living in a daemon thread with its own event loop; thread-safe calls."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self.started_at: float | None = None
        self.renders = 0

    @property
    def running(self) -> bool:
        """Whether the browser is up."""
        return self._kaleido is not None

    def start(self, tabs: int = 1) -> None:
        """Start the browser (no-op when running); raises RuntimeError when no Chromium can be started."""
        with self._lock:
            if self._kaleido is not None:
                return
            import kaleido
            if not pio.defaults.topojson:               # never let a static export reach for the CDN
                figures.apply_offline_topojson()
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="kaleido-browser", daemon=True)
            thread.start()
            path = chromium_path()

            async def _open() -> Any:
                """Open kaleido's browser with the tabs asked for (MathJax off, the machine's Chromium)."""
                k = kaleido.Kaleido(n=tabs, timeout=RENDER_TIMEOUT, mathjax=False, browser_cls=offline_chromium(),
                                    **({"path": path} if path else {}))
                await k.open()
                return k

            try:
                self._kaleido = asyncio.run_coroutine_threadsafe(_open(), loop).result(RENDER_TIMEOUT)
            except BaseException as exc:
                loop.call_soon_threadsafe(loop.stop)
                thread.join(5)
                raise RuntimeError(f"could not start the headless browser for static export ({path or 'no chromium on the PATH'}): "
                                   f"{exc}. Install Debian's chromium (see README).") from exc
            self._loop, self._thread = loop, thread
            self.started_at = time.time()
            self.renders = 0

    def stop(self) -> None:
        """Close the browser and its thread (no-op when not running)."""
        with self._lock:
            if self._kaleido is None or self._loop is None:
                return
            k, loop, thread = self._kaleido, self._loop, self._thread
            self._kaleido = self._loop = self._thread = None
            with contextlib.suppress(BaseException):
                asyncio.run_coroutine_threadsafe(k.close(), loop).result(30)
            loop.call_soon_threadsafe(loop.stop)
            if thread is not None:
                thread.join(10)

    def render(self, fig: dict, opts: dict) -> bytes:
        """Render one figure dict with kaleido options (format, width, height, scale); restarts a dead browser once."""
        for attempt in (1, 2):
            self.start()
            k, loop = self._kaleido, self._loop
            if k is None or loop is None:       # stopped by another thread in between
                continue
            future = asyncio.run_coroutine_threadsafe(
                k.calc_fig(fig, opts=opts, topojson=pio.defaults.topojson), loop)
            try:
                data = future.result(RENDER_TIMEOUT + 5)
                self.renders += 1
                return data
            except Exception as exc:            # a crashed browser: start a fresh one and try once more
                future.cancel()
                if attempt == 2 or not _looks_dead(exc):
                    raise
                self.stop()
        raise RuntimeError("static export failed twice")


def _looks_dead(exc: BaseException) -> bool:
    """Whether an error means the browser process went away (worth one restart)."""
    text = f"{type(exc).__name__} {exc}".lower()
    return any(w in text for w in ("closed", "broken pipe", "connection", "browserfailed", "channel", "timeout"))


_BROWSER = _Browser()
atexit.register(_BROWSER.stop)


def start_browser() -> None:
    """Start the shared render browser now (it otherwise starts on the first render)."""
    _BROWSER.start()


def stop_browser() -> None:
    """Close the shared render browser."""
    _BROWSER.stop()


def browser_running() -> bool:
    """Whether the shared render browser is up."""
    return _BROWSER.running


@contextlib.contextmanager
def warm_browser() -> Iterator[None]:
    """One browser for every render in the block (started by the first render); closed after it unless already up."""
    was_running = _BROWSER.running
    try:
        yield
    finally:
        if not was_running:
            _BROWSER.stop()


def render(fig: go.Figure | Mapping, fmt: str = "png", scale: float | None = None, width: int | None = None,
           height: int | None = None) -> bytes:
    """Static image bytes (png, svg or pdf) of a figure, rendered by the shared warm browser."""
    fmt = fmt.lower()
    if fmt not in CHART_FORMATS:
        raise ValueError(f"format must be one of {', '.join(CHART_FORMATS)}, not {fmt!r}")
    d = fig.to_dict() if isinstance(fig, go.Figure) else dict(fig)
    layout = d.get("layout") or {}
    opts = {"format": fmt, "width": int(width or layout.get("width") or PRINT_WIDTH),
            "height": int(height or layout.get("height") or PRINT_HEIGHT),
            "scale": float(scale if scale is not None else (PNG_SCALE if fmt == "png" else 1))}
    if max(opts["width"], opts["height"]) * opts["scale"] > MAX_RENDER_PIXELS or min(opts["width"], opts["height"]) < 1:
        raise ValueError(f"an exported image is at most {MAX_RENDER_PIXELS} pixels a side")
    refuse_external(d)
    return _BROWSER.render(_jsonable(d), opts)


def refuse_external(d: Mapping[str, Any]) -> None:
    """ValueError for a figure that would make the renderer load something: layout images or tile-map traces."""
    # an image's source is an URL or a file path (also in a template); tile maps fetch tiles and styles. The
    # dashboard's own figures have neither.
    layout = d.get("layout") or {}
    template = (layout.get("template") or {}) if isinstance(layout.get("template"), Mapping) else {}
    if layout.get("images") or (template.get("layout") or {}).get("images"):
        raise ValueError("a chart with images or tile maps is not rendered")
    if any(isinstance(t, Mapping) and t.get("type") in TILE_TRACES for t in d.get("data") or []):
        raise ValueError("a chart with images or tile maps is not rendered")


def _jsonable(obj: Any) -> Any:
    """Plain JSON types for the browser (numpy arrays and scalars, NaN -> None, timestamps -> ISO)."""
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return [_jsonable(v) for v in obj.tolist()]
    if isinstance(obj, (np.floating, float)):
        return None if math.isnan(float(obj)) or math.isinf(float(obj)) else float(obj)
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.bool_):
        return bool(obj)
    if isinstance(obj, (pd.Timestamp, dt.date, dt.datetime, np.datetime64)):
        return pd.Timestamp(obj).isoformat()
    if obj is pd.NA or obj is pd.NaT:
        return None
    return obj
