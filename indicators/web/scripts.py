"""Which scripts the page shell loads before the first chart (issue 13, time to first chart; plain strings, no Dash).

- Dash's `@babel/polyfill` 7.12 (core-js 2 + regenerator-runtime, 99 KB, 0.1-0.25 s of script time on the project
  machine: core-js 2 replaces several native built-ins it judges non-conforming, e.g. String.prototype.trim, with
  slower ones) is swapped, in place, for regenerator-runtime alone (assets/vendor/regenerator-runtime-0.14.1.js): the
  renderer and the component bundles call the global `regeneratorRuntime`, everything else they use is native in
  every browser Dash 4 supports.
- A component library only some pages use (AG Grid, 1.3 MB, only the corridor table) leaves the shell: its script
  tag becomes an entry of a JSON data block `<script type="application/json" id="mpd-deferred-scripts">` (namespace
  to URL; data, not code, so the CSP needs no hash), and assets/deferred.js stands in for the library until a page
  renders one of its components, then loads it.

MPD_SCRIPTS=dash leaves Dash's script list as it is, MPD_SCRIPTS=runtime only swaps the polyfill (configurations
of bench/transfer.py, so "before" stays measurable side by side).
"""
from __future__ import annotations

import html
import json
import os
import re

SCRIPTS_ENV = "MPD_SCRIPTS"                 # "dash": Dash's own list; "runtime": polyfill swapped only (benchmarks)
MODES = ("ours", "runtime", "dash")
RUNTIME = "vendor/regenerator-runtime-0.14.1.js"                 # under assets/, served by this server
RUNTIME_VERSION = "0.14.1"
POLYFILL_TAG = re.compile(r'<script src="([^"]*/deps/polyfill@[^"]*)"></script>')
DEFERRED = ("dash_ag_grid",)
BLOCK_ID = "mpd-deferred-scripts"                # component libraries loaded when a page first renders one of theirs


def mode() -> str:
    """How the shell's script list is changed ($MPD_SCRIPTS: "ours", the default, "runtime" or "dash")."""
    chosen = os.environ.get(SCRIPTS_ENV, "ours")
    return chosen if chosen in MODES else "ours"


def shell_scripts(scripts: str, runtime_src: str, how: str = "ours") -> str:
    """Dash's script tags as the shell should carry them: unchanged ("dash"), the polyfill swapped for runtime_src
    ("runtime"), or also the deferred libraries left out and named in meta tags put first ("ours")."""
    if how == "dash":
        return scripts
    scripts = swap_polyfill(scripts, runtime_src)
    if how == "runtime":
        return scripts
    scripts, block = defer_libraries(scripts)
    return block + scripts


def swap_polyfill(scripts: str, runtime_src: str) -> str:
    """The scripts' HTML with Dash's polyfill tag replaced, at its place, by one loading runtime_src."""
    return POLYFILL_TAG.sub(lambda _: f'<script src="{html.escape(runtime_src)}"></script>', scripts, count=1)


def library_tag(namespace: str) -> re.Pattern[str]:
    """The script tag of a component library's main bundle (Dash's fingerprinted URL under its namespace)."""
    return re.compile(r'<script src="([^"]*/_dash-component-suites/' + re.escape(namespace) + r'/[^"]*\.js)"></script>')


def defer_libraries(scripts: str, namespaces: tuple[str, ...] = DEFERRED) -> tuple[str, str]:
    """The scripts' HTML without the main bundles of namespaces, and the JSON data block naming their URLs by
    namespace (for assets/deferred.js; empty when none was found); a library absent from scripts is left alone."""
    urls = {}
    for ns in namespaces:
        found = library_tag(ns).search(scripts)
        if found:
            scripts = scripts[:found.start()] + scripts[found.end():]
            urls[ns] = html.unescape(found.group(1))
    # "<" is escaped so the block can never close its script element early
    data = json.dumps(urls).replace("<", "\\u003c")
    return scripts, f'<script type="application/json" id="{BLOCK_ID}">{data}</script>' if urls else ""
