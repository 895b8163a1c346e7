"""A file-backed counter storage for the `limits` library (the engine of flask-limiter): rate-limit counts kept in
one SQLite file, so every worker process of a server (gunicorn's workers) shares them without a separate service.

Registered with `limits` under the scheme `file` (`file:///var/lib/mpd/rate-limits.sqlite`, by importing this
module), as the library's documentation describes for custom storages; it supports the fixed-window strategy.
Several servers need a shared network storage instead: `redis://host:6379` (with the `redis` package installed).
"""
from __future__ import annotations

import sqlite3
import threading
import time
import urllib.parse
from pathlib import Path

from limits.storage import Storage

BUSY_TIMEOUT_SECONDS = 5.0


class FileStorage(Storage):
    """Fixed-window counters in a SQLite file (one row per key: count and the time its window expires)."""

    STORAGE_SCHEME = ["file"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: float | str | bool):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        path = urllib.parse.unquote(urllib.parse.urlparse(uri or "").path)
        if not path:
            raise ValueError("a file storage needs a path: file:///path/to/rate-limits.sqlite")
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._db() as db:
            db.execute("CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, count INTEGER NOT NULL, "
                       "expires REAL NOT NULL)")

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        """What a failing storage raises (flask-limiter can fall back to memory on these)."""
        return (sqlite3.Error, OSError)

    def _db(self) -> sqlite3.Connection:
        """This thread's connection (SQLite connections are not shared between threads)."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            self._local.db = db
        return db

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add amount to a key's count (a new window when the old one has expired); the new count."""
        now = time.time()
        db = self._db()
        db.execute("BEGIN IMMEDIATE")             # one writer at a time across processes
        try:
            db.execute("DELETE FROM counters WHERE key = ? AND expires <= ?", (key, now))
            db.execute("INSERT INTO counters (key, count, expires) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE "
                       "SET count = count + excluded.count", (key, amount, now + expiry))
            (count,) = db.execute("SELECT count FROM counters WHERE key = ?", (key,)).fetchone()
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return int(count)

    def get(self, key: str) -> int:
        """The count of a key in its current window (0 when none)."""
        row = self._db().execute("SELECT count FROM counters WHERE key = ? AND expires > ?",
                                 (key, time.time())).fetchone()
        return int(row[0]) if row else 0

    def get_expiry(self, key: str) -> float:
        """When the key's window ends (now when it has none)."""
        row = self._db().execute("SELECT expires FROM counters WHERE key = ? AND expires > ?",
                                 (key, time.time())).fetchone()
        return float(row[0]) if row else time.time()

    def check(self) -> bool:
        """True when the file can be read."""
        try:
            self._db().execute("SELECT 1").fetchone()
            return True
        except sqlite3.Error:
            return False

    def reset(self) -> int | None:
        """Forget every count; how many keys there were."""
        db = self._db()
        (n,) = db.execute("SELECT count(*) FROM counters").fetchone()
        db.execute("DELETE FROM counters")
        return int(n)

    def clear(self, key: str) -> None:
        """Forget one key's count."""
        self._db().execute("DELETE FROM counters WHERE key = ?", (key,))
