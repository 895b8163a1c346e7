"""Compressed bodies of the app's static files (flask-compress's cache backend; Flask and brotli only, no Dash).

A static file is compressed at the fast brotli level of every response the first time a process serves it, and kept
in memory. A low-priority thread then compresses it once more at brotli's best quality (11: about 10 % smaller,
405 KB instead of 454 KB for the partial Plotly bundle, but 2-3 s of CPU for that file) into a folder of the cache
directory, named by a hash of the file's content. From then on this process, and every process of the installation
(gunicorn's other workers, the next start), serve that smaller body; a changed file has another hash, so an old body
is never served for it. Keys without a content hash (NOT_CACHED: pages, callbacks) are never stored.
"""
from __future__ import annotations

import hashlib
import logging
import os
import queue
import threading
from pathlib import Path

import brotli

from indicators.store.disk_cache import cache_root

LOG = logging.getLogger(__name__)
CACHE_ENTRIES = 256                        # compressed static bodies kept per process (per file and algorithm)
NOT_CACHED = "-"
BEST_QUALITY = 11                          # brotli's best: once per file and installation, off the request threads
BEST_NICE = 19                             # the compressing thread's niceness: requests come first
FOLDER = "static-br"                       # under the cache directory's shared folder


def digest(body: bytes) -> str:
    """The content hash naming a static file's best-compressed body."""
    return hashlib.sha256(body).hexdigest()[:32]


def best_folder() -> Path:
    """Where best-compressed static bodies are kept (the cache directory's shared folder, $MPD_CACHE_DIR)."""
    return cache_root(None) / FOLDER


class StaticBodies:
    """flask-compress's cache backend: compressed bodies of static files by "<algorithm>;<path>@<content hash>"
    (bounded); brotli bodies improved to the best quality in the background and shared through `folder`."""

    def __init__(self, limit: int = CACHE_ENTRIES, folder: Path | None = None, background: bool = True) -> None:
        self.limit = limit
        self.folder = folder if folder is not None else best_folder()
        self.background = background          # False: improve in the caller's thread (tests)
        self.data: dict[str, bytes] = {}
        self.lock = threading.Lock()
        self.queued: set[str] = set()
        self.jobs: queue.Queue[tuple[str, bytes]] = queue.Queue()
        self.worker: threading.Thread | None = None

    def get(self, key: str) -> bytes | None:
        """A stored compressed body (from memory, else a best-quality one on disk), or None."""
        if key.endswith(";" + NOT_CACHED):
            return None
        hit = self.data.get(key)
        if hit is None and self._improvable(key):
            hit = self._read(key)
            if hit is not None:
                self.queued.add(key)                # at its best already
                self._keep(key, hit)
        return hit

    def set(self, key: str, value: bytes) -> None:
        """Store a static file's compressed body while there is room; a brotli body not yet at the best quality is
        queued to be improved."""
        if key.endswith(";" + NOT_CACHED) or self.data.get(key) is value:   # flask-compress stores what it got
            return
        if self._keep(key, value) and self._improvable(key) and key not in self.queued:
            self.queued.add(key)
            if self.background:
                self._start()
                self.jobs.put((key, value))
            else:
                self.improve(key, value)

    def improve(self, key: str, value: bytes) -> None:
        """Serve the body of key at the best quality: from the folder, else compressed here and written there
        (atomically; when the folder cannot be written, this process alone serves it)."""
        best = self._read(key)
        if best is None:
            try:
                best = brotli.compress(brotli.decompress(value), quality=BEST_QUALITY)
            except brotli.error as exc:
                LOG.warning("could not decompress the body of %s: %s", key, exc)
                return
            path = self._path(key)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp.write_bytes(best)
                os.replace(tmp, path)
            except OSError as exc:                  # a read-only or full disk
                LOG.warning("could not keep the best-compressed body of %s: %s", key, exc)
        if len(best) < len(value):
            self._keep(key, best, replace=True)

    def _keep(self, key: str, value: bytes, replace: bool = False) -> bool:
        """Store value under key if it is there already (replace) or while there is room; whether it is stored."""
        with self.lock:
            if (replace and key in self.data) or key not in self.data and len(self.data) < self.limit:
                self.data[key] = value
            return self.data.get(key) is value

    @staticmethod
    def _improvable(key: str) -> bool:
        """A brotli body named by its content hash."""
        return key.startswith("br;") and "@" in key

    def _path(self, key: str) -> Path:
        """The file of the best-compressed body of key (by its content hash)."""
        return self.folder / f"{key.rpartition('@')[2]}.br"

    def _read(self, key: str) -> bytes | None:
        """The best-compressed body of key from the folder, checked against its content hash (a body served for a
        year must be right), or None."""
        try:
            body = self._path(key).read_bytes()
            return body if digest(brotli.decompress(body)) == key.rpartition("@")[2] else None
        except (OSError, brotli.error):
            return None

    def _start(self) -> None:
        """Start the low-priority compressing thread (once)."""
        with self.lock:
            if self.worker is None:
                self.worker = threading.Thread(target=self._run, name="best-compress", daemon=True)
                self.worker.start()

    def _run(self) -> None:
        """Improve queued bodies one by one, at the lowest priority the system gives a thread."""
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BEST_NICE)   # Linux: this thread only
        except (AttributeError, OSError):
            pass
        while True:
            key, value = self.jobs.get()
            self.improve(key, value)
