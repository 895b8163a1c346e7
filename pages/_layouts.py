"""Page layouts built once per data version and view for every worker and process, and what readers are served while
a new data version's pages are being built (not a page itself: Dash Pages skips modules starting with '_').

- A layout is pickled in the current data version's folder of the disk cache (scoring.materialise), named by the view
  (key: page, settings, language), the data version of the scores it shows and a hash of the pages' code.
- While an earlier version's scores are served (scores updating), or while the current version's page of a view is
  being built in the background, readers get the newest page an earlier data version drew of that view, whole, with a
  notice naming its upload and data version: after a commit no reader waits for a page to be built when one was drawn
  before. That lasts UPDATING_FOR seconds after the commit (scoring.materialise): a view first asked for later is
  drawn in the request, so no reader sees earlier scores once they are ready and the commit is 8 s old. Without
  warming ($MPD_WARM_SCORECARDS=0, as in tests) pages are built in the request, as before.
"""
from __future__ import annotations

import contextvars
import hashlib
import logging
import os
import queue
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import dash_bootstrap_components as dbc
from dash import html

from indicators.scoring import materialise
from indicators.scoring.service import updating_notice

PROJECT = Path(__file__).resolve().parent.parent
NOTICE_SLOT = "scores-updating-slot"                              # where a page says "Scores updating"
BUILDER_NICE = 10                                                 # the background builder thread's niceness (Linux)
LOG = logging.getLogger(__name__)
_jobs: queue.SimpleQueue = queue.SimpleQueue()
_pending: set[Path] = set()
_lock = threading.Lock()
_builder: list[threading.Thread] = []


@lru_cache(maxsize=1)
def ui_fingerprint() -> str:
    """A hash of the code, catalogue texts and translations that build the pages (a new deployment never reads a
    layout built by older code)."""
    h = hashlib.sha1()
    files = [*PROJECT.glob("pages/*.py"), *PROJECT.glob("indicators/**/*.py"), *PROJECT.glob("indicators/**/*.po"),
             *PROJECT.glob("indicators/**/*.yaml")]
    for p in sorted(files):
        h.update(str(p.relative_to(PROJECT)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:12]


def layout_name(key: tuple, served: str) -> str:
    """The file name of a view's layout drawn over the scores of data version `served`."""
    view = hashlib.sha1(repr((key, ui_fingerprint())).encode()).hexdigest()[:24]
    return f"layout-{view}-s{materialise.table_version(served) or 0}"


def shared_layout(store, version: str, key: tuple, build: Callable[[], Any]) -> Any:
    """The layout of a view (key: page, settings, language) over the scores of data version `version` (what
    scores_version serves), built once per data version for every worker and memoised in the process; meanwhile
    the newest page an earlier data version drew of the view (see the module's docstring)."""
    memo_key = (*key, version)
    hit = store.peek(memo_key)
    if hit is not None:
        return hit
    current = store.version()
    path = materialise.object_path(store.root, current, layout_name(key, version))
    if not path.exists() and materialise.warming_on():
        drawn = store.memo(("drawn-earlier", *memo_key), lambda: _earlier_with_notice(store, current, key))
        if drawn is not None and (version != current or (just_committed(store, current)
                                                          and rebuild_later(path, build))):
            return drawn
    return store.memo(memo_key, lambda: materialise.materialised(path, build))


def just_committed(store, version: str) -> bool:
    """Whether a data version was committed less than UPDATING_FOR seconds ago: a page not yet drawn over its scores
    is then served as drawn before while it is built; later, it is drawn in the request (new scores show within 10 s
    of a commit whatever the pages readers ask for)."""
    age = materialise.commit_age(store.root, version)
    return age is not None and age < materialise.UPDATING_FOR


def _earlier_with_notice(store, current: str, key: tuple) -> Any | None:
    """The newest earlier drawing of the view with its notice (memoised for the data version: one file read)."""
    drawn = drawn_earlier(store, current, key)
    return None if drawn is None else with_notice(drawn[0], updating_notice(store, drawn[1], whole_page=True))


def drawn_earlier(store, current: str, key: tuple) -> tuple[Any, str] | None:
    """The newest page of the view drawn by an earlier data version over its own scores, with that version; or None."""
    now = materialise.table_version(current)
    if now is None:
        return None
    for n, folder in sorted(materialise.version_folders(store.root, current).items(), reverse=True):
        if n >= now:
            continue
        version = materialise.at_version(current, n)
        drawn = materialise.load(materialise.object_path(store.root, version, layout_name(key, version)))
        if drawn is not None:
            return drawn, version
    return None


def rebuild_later(path: Path, build: Callable[[], Any]) -> bool:
    """Queue the build of a layout for the process's background builder thread (once per file); True when queued or
    already pending."""
    with _lock:
        if path in _pending:
            return True
        _pending.add(path)
        if not _builder or not _builder[0].is_alive():
            _builder[:] = [threading.Thread(target=_build_queued, name="mpd-layout-builder", daemon=True)]
            _builder[0].start()
    _jobs.put((contextvars.copy_context(), path, build))      # the language and settings of the request
    return True


def _build_queued() -> None:
    """The background builder: build queued layouts one at a time, at a lower priority than the request threads."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BUILDER_NICE)
    except (AttributeError, OSError):
        pass
    while True:
        ctx, path, build = _jobs.get()
        try:
            if not materialise.held(path.parent, path.name):      # else another worker is building it: read later
                ctx.run(materialise.materialised, path, build)
        except Exception:                                       # a failed build is retried by the next reader
            LOG.exception("building %s failed", path.name)
        finally:
            with _lock:
                _pending.discard(path)


def pending() -> int:
    """How many layouts this process has queued or is building."""
    with _lock:
        return len(_pending)


def _notice(text: str) -> dbc.Alert | None:
    """The 'Scores updating' alert, or nothing."""
    return dbc.Alert(text, color="warning", className="py-2 small mb-2", id="scores-updating") if text else None


def scores_notice(store, version: str) -> html.Div:
    """The slot of 'Scores updating: ...', filled while the page shows an earlier data version's scores
    (scoring.service.scores_version)."""
    return html.Div(_notice(updating_notice(store, version)), id=NOTICE_SLOT, role="status")


def with_notice(layout: Any, text: str) -> Any:
    """The layout with its notice slot filled with text (a layout without a slot gets the notice on top)."""
    stack = [layout]
    while stack:
        node = stack.pop()
        if getattr(node, "id", None) == NOTICE_SLOT:
            node.children = _notice(text)
            return layout
        kids = getattr(node, "children", None)
        stack += kids if isinstance(kids, (list, tuple)) else [kids] if kids is not None else []
    return html.Div([html.Div(_notice(text), id=NOTICE_SLOT, role="status"), layout])
