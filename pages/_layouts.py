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
import functools
import hashlib
import logging
import os
import queue
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import dash_bootstrap_components as dbc
from dash import html

from indicators.scoring import materialise
from indicators.scoring.service import scores_version, updating_notice
from indicators.views.urlstate import settings_from_query
from pages._data import store as data_store
from pages._language import in_language, request_lang

PROJECT = Path(__file__).resolve().parent.parent
NOTICE_SLOT = "scores-updating-slot"                              # where a page says "Scores updating"
BUILDER_NICE = 10                                                 # the background builder thread's niceness (Linux)
LOG = logging.getLogger(__name__)
_jobs: queue.SimpleQueue = queue.SimpleQueue()
_pending: set[Path] = set()
_lock = threading.Lock()
_builder: list[threading.Thread] = []
REMEMBERED = 48                                                   # views a process redraws after a commit, at most
_recent: "OrderedDict[tuple, Callable[[], Any]]" = OrderedDict()   # key -> the view's layout call, oldest first
_redrawn: set[str] = set()                                        # data versions whose views were queued to redraw
_redraws = [0]                                                    # views queued to redraw and not done yet
_CALL: contextvars.ContextVar = contextvars.ContextVar("mpd_view_call", default=None)
_REDRAWING: contextvars.ContextVar = contextvars.ContextVar("mpd_redrawing", default=False)


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


def settings_layout(query: dict, name: str, build: Callable[[Any, Any, str], Any], view: tuple = ()) -> Any:
    """The page `name` (and view: what else in the URL names the view) for the year, weights and aggregation in the
    URL, in the view's language, over the scores of the data version served (shared_layout); build(store, settings,
    version) assembles it."""
    s = settings_from_query(query)
    st = data_store()
    version = scores_version(st, s.year, s.custom_weights, s.aggregation)
    return in_language(query, lambda lang: shared_layout(
        st, version, (name, *view, s.year, str(s.weights), s.aggregation, lang), lambda: build(st, s, version)))


def shared_layout(store, version: str, key: tuple, build: Callable[[], Any]) -> Any:
    """The layout of a view (key: page, settings, language) over the scores of data version `version` (what
    scores_version serves), built once per data version for every worker and memoised in the process; meanwhile
    the newest page an earlier data version drew of the view (see the module's docstring)."""
    remember(key)
    memo_key = (*key, version)
    hit = store.peek(memo_key)
    if hit is not None:
        return hit
    current = store.version()
    path = materialise.object_path(store.root, current, layout_name(key, version))
    if not path.exists() and materialise.warming_on() and not _REDRAWING.get():
        drawn = store.memo(("drawn-earlier", *memo_key), lambda: _earlier_with_notice(store, current, key))
        if drawn is not None and version != current:           # the new scores are not served yet
            return drawn
        if drawn is not None and just_committed(store, current):
            rebuild_later(path, build)                          # this view first, then the others served lately
            redraw_recent(current)
            return drawn
    return store.memo(memo_key, lambda: materialise.materialised(path, build))


def redrawable(layout: Callable[..., Any]) -> Callable[..., Any]:
    """A page's layout function whose views this process draws again over new scores after a commit, before readers
    ask for them (redraw_recent); the view's language is kept with its query (no request then)."""
    @functools.wraps(layout)
    def page_layout(*args: Any, **query: Any) -> Any:
        token = _CALL.set(functools.partial(layout, *args, **{**query, "lang": request_lang(query)}))
        try:
            return layout(*args, **query)
        finally:
            _CALL.reset(token)
    return page_layout


def remember(key: tuple) -> None:
    """Keep the layout call of the view being served (by a redrawable page), the most recent REMEMBERED of them."""
    call = _CALL.get()
    if call is None or _REDRAWING.get():
        return
    with _lock:
        _recent[key] = call
        _recent.move_to_end(key)
        while len(_recent) > REMEMBERED:
            _recent.popitem(last=False)


def redraw_recent(version: str) -> None:
    """Queue, once per data version and process, the redrawing of the views this process served lately, the most
    recent first: after a commit they are drawn over the new scores without waiting for a reader to ask."""
    with _lock:
        if version in _redrawn:
            return
        _redrawn.add(version)
        calls = list(reversed(_recent.values()))
        _redraws[0] += len(calls)
    for call in calls:
        _queue(contextvars.copy_context(), None, functools.partial(_redraw, call))


def _redraw(call: Callable[[], Any]) -> None:
    """Run a view's layout call drawing its page over the scores served (never an earlier drawing)."""
    token = _REDRAWING.set(True)
    try:
        call()
    finally:
        _REDRAWING.reset(token)


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
    _queue(contextvars.copy_context(), path, build)              # the language and settings of the request
    return True


def _queue(ctx: contextvars.Context, path: Path | None, build: Callable[[], Any]) -> None:
    """Put a job on the background builder's queue (a layout file to build, or a view to redraw: path None),
    starting the builder if needed."""
    with _lock:
        if not _builder or not _builder[0].is_alive():
            _builder[:] = [threading.Thread(target=_build_queued, name="mpd-layout-builder", daemon=True)]
            _builder[0].start()
    _jobs.put((ctx, path, build))


def _build_queued() -> None:
    """The background builder: build queued layouts one at a time, at a lower priority than the request threads."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BUILDER_NICE)
    except (AttributeError, OSError):
        pass
    while True:
        ctx, path, build = _jobs.get()
        try:
            if path is None:                                    # a view to redraw (redraw_recent)
                ctx.run(build)
            elif not materialise.held(path.parent, path.name):  # else another worker is building it: read later
                ctx.run(materialise.materialised, path, build)
        except Exception:                                       # a failed build is retried by the next reader
            LOG.exception("building %s failed", getattr(path, "name", "a view"))
        finally:
            with _lock:
                _pending.discard(path)
                if path is None:
                    _redraws[0] -= 1


def pending() -> int:
    """How many layouts and views to redraw this process has queued or is building."""
    with _lock:
        return len(_pending) + _redraws[0]


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
