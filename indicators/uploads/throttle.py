"""Rate limits of the write paths (previews, dry runs, commits, retractions), per working group and per client
address, counted by the `limits` library, the engine of flask-limiter.

One set of counts serves the page and the HTTP API: the web layer hands its flask-limiter strategy over (use()), and
the API's flask-limiter limits use the same keys (KEY_PREFIX, "group:<name>" or "address:<ip>", SCOPE), so a group
or an address has one budget whichever way it comes in. Where the counts live ($MPD_RATE_LIMIT_STORAGE):
  memory://                       one process only (each gunicorn worker would count on its own)
  file:///path/rate-limits.sqlite every worker of one server (the default: a file in the system's temporary folder)
  redis://host:6379               several servers (needs the `redis` package)
The limits: $MPD_RATE_LIMIT_GROUP and $MPD_RATE_LIMIT_ADDRESS (flask-limiter's notation, "20/minute;200/hour").
The client address is the connection's, or the one a configured proxy forwards ($MPD_TRUSTED_PROXIES, web layer).
"""
from __future__ import annotations

from indicators.i18n import _, ngettext

import getpass
import logging
import math
import os
import tempfile
import threading
import time

from limits import parse_many
from limits.strategies import FixedWindowRateLimiter, RateLimiter
from limits.storage import storage_from_string

from indicators.uploads import counters  # noqa: F401  (registers the file:// storage with `limits`)
from indicators.uploads.constants import (
    RATE_LIMIT_ADDRESS, RATE_LIMIT_ADDRESS_ENV, RATE_LIMIT_GROUP, RATE_LIMIT_GROUP_ENV, RATE_LIMIT_STORAGE_ENV)

LOG = logging.getLogger(__name__)
KEY_PREFIX, SCOPE = "mpd", "writes"
_engine: RateLimiter | None = None
_lock = threading.Lock()


def storage_uri() -> str:
    """Where the counts live: $MPD_RATE_LIMIT_STORAGE, else a SQLite file in the temporary folder (per user)."""
    uri = os.environ.get(RATE_LIMIT_STORAGE_ENV, "").strip()
    if uri:
        return uri
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid())
    return f"file://{tempfile.gettempdir()}/mpd-rate-limits-{user}.sqlite"


def group_limits() -> str:
    """The limits per working group ($MPD_RATE_LIMIT_GROUP or the default)."""
    return os.environ.get(RATE_LIMIT_GROUP_ENV, "").strip() or RATE_LIMIT_GROUP


def address_limits() -> str:
    """The limits per client address ($MPD_RATE_LIMIT_ADDRESS or the default)."""
    return os.environ.get(RATE_LIMIT_ADDRESS_ENV, "").strip() or RATE_LIMIT_ADDRESS


def group_key(group: str) -> str:
    """The counting key of a working group."""
    return f"group:{group}"


def address_key(address: str) -> str:
    """The counting key of a client address."""
    return f"address:{address}"


def use(limiter: RateLimiter) -> None:
    """Count with this strategy from now on (the web layer's flask-limiter one: one storage for page and API)."""
    global _engine
    with _lock:
        _engine = limiter


def engine() -> RateLimiter:
    """The counting strategy: the one handed over, else a fixed window over storage_uri() (memory if it fails)."""
    global _engine
    with _lock:
        if _engine is None:
            try:
                _engine = FixedWindowRateLimiter(storage_from_string(storage_uri()))
            except Exception as exc:                  # a storage that cannot be opened must not stop uploads
                LOG.warning("rate limits: storage %s unusable (%s); counting in memory", storage_uri(), exc)
                _engine = FixedWindowRateLimiter(storage_from_string("memory://"))
        return _engine


def admit(group: str | None, address: str | None) -> str | None:
    """Count one write by a group from an address; None when it is within every limit, else why not (nothing is
    counted for a refused write)."""
    checks = ([(group_limits(), group_key(group), _("your working group"))] if group else []) + \
             ([(address_limits(), address_key(address), _("your address"))] if address else [])
    items = [(item, key, who) for spec, key, who in checks for item in parse_many(spec)]
    eng = engine()
    for item, key, who in items:
        if not eng.test(item, KEY_PREFIX, key, SCOPE):
            wait = max(1, math.ceil(eng.get_window_stats(item, KEY_PREFIX, key, SCOPE).reset_time - time.time()))
            return _("too many uploads, previews or retractions from {who} ({n} per {window}): try again in {wait} "
                     "s").format(who=who, n=item.amount, window=_window(item), wait=wait)
    for item, key, _who in items:
        eng.hit(item, KEY_PREFIX, key, SCOPE)
    return None


def _window(item) -> str:
    """'minute', '10 minutes' ... of a limit item."""
    unit, n = item.GRANULARITY.name, item.multiples
    words = {"second": ngettext("second", "{n} seconds", n), "minute": ngettext("minute", "{n} minutes", n),
             "hour": ngettext("hour", "{n} hours", n), "day": ngettext("day", "{n} days", n)}
    return words[unit].format(n=n) if unit in words else unit if n == 1 else f"{n} {unit}s"
