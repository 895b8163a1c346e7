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
- The lazy chunks of the components nearly every page renders (EARLY_CHUNKS) are page scripts, fetched in parallel
  with the others instead of after the page's first render.
- The app's layout (with the opened page in it) and callback graph are preloaded from the shell's head
  (preload_links), so the server builds them while the browser loads and runs the scripts.
- Plotly (assets/vendor/plotly-partial.min.js, 450 KB compressed, about 0.2 s of script time) is left out of the
  shell of a page whose first screen has no chart (the methodology, upload and developers pages: their page
  registration says `first_screen_chart=False`). The shell names its URL in a meta tag and prefetches it (lowest
  priority, into the HTTP cache); assets/deferred.js makes dcc.Graph load that file when it first draws a chart
  (`window._dashPlotlyJSURL`, which Dash otherwise points at its 4.8 MB plotly.min.js). Pages with a chart at the top
  keep the script tag, so their chart never waits for a second fetch.

MPD_SCRIPTS=dash leaves Dash's script list as it is, =runtime only swaps the polyfill, =grid also defers AG Grid
(configurations of bench/transfer.py, so each step stays measurable side by side); the default does all of it and
preloads.
"""
from __future__ import annotations

import html
import json
import os
import re

SCRIPTS_ENV = "MPD_SCRIPTS"                 # "dash", "runtime", "grid": the steps before "ours" (benchmarks)
MODES = ("ours", "grid", "runtime", "dash")
RUNTIME = "vendor/regenerator-runtime-0.14.1.js"                 # under assets/, served by this server
RUNTIME_VERSION = "0.14.1"
POLYFILL_TAG = re.compile(r'<script src="([^"]*/deps/polyfill@[^"]*)"></script>')
DEFERRED = ("dash_ag_grid",)
PRELOADED = ("_dash-layout", "_dash-dependencies")  # what Dash's renderer fetches first, once its scripts have run
BLOCK_ID = "mpd-deferred-scripts"
PLOTLY_TAG = re.compile(r'<script src="([^"]*/assets/vendor/plotly-partial\.min\.js[^"]*)"></script>')
PLOTLY_META = "mpd-plotly-url"              # <meta name=...>: the Plotly file dcc.Graph loads (assets/deferred.js)
# Lazy chunks of Dash's components that nearly every page renders (the navbar's search is a dropdown, most pages have
# a chart and a DataTable): loaded with the page's scripts, in parallel, instead of one after another once the page
# has rendered. Each first render of a not-yet-loaded chunk suspends React, and Dash 4's dropdown rebuilds its search
# index each time (measured: up to 28 times, 0.3 s, on the methodology page); with these loaded first, 1-3 times.
EARLY_CHUNKS = ({"relative_package_path": "dcc/async-dropdown.js", "namespace": "dash"},
                {"relative_package_path": "dcc/async-graph.js", "namespace": "dash"},
                {"relative_package_path": "dcc/async-slider.js", "namespace": "dash"},
                {"relative_package_path": "dash_table/async-table.js", "namespace": "dash"},
                {"relative_package_path": "dash_table/async-highlight.js", "namespace": "dash"})                # component libraries loaded when a page first renders one of theirs


def mode() -> str:
    """How the shell's script list is changed ($MPD_SCRIPTS: "ours", the default, "runtime" or "dash")."""
    chosen = os.environ.get(SCRIPTS_ENV, "ours")
    return chosen if chosen in MODES else "ours"


def shell_scripts(scripts: str, runtime_src: str, how: str = "ours", chunk_srcs: tuple[str, ...] = ()) -> str:
    """Dash's script tags as the shell should carry them: unchanged ("dash"), the polyfill swapped for runtime_src
    ("runtime"), also the deferred libraries left out and named in a data block put first ("grid"), and also the
    early chunks' scripts (chunk_srcs, URLs of EARLY_CHUNKS) put last ("ours")."""
    if how == "dash":
        return scripts
    scripts = swap_polyfill(scripts, runtime_src)
    if how == "runtime":
        return scripts
    scripts, block = defer_libraries(scripts)
    if how == "grid":
        return block + scripts
    return block + scripts + "".join(f'<script src="{html.escape(src)}"></script>' for src in chunk_srcs)


def preload_links(prefix: str = "/") -> str:
    """`<link rel=preload>` tags for the app's layout and callback graph, so the browser asks for them while it loads
    and runs the scripts instead of after (the layout carries the opened page: pages/_first.py; the Dash renderer's
    own fetch then takes the preloaded answers: same URL, same-origin credentials)."""
    return "".join(f'<link rel="preload" href="{html.escape(prefix)}{name}" as="fetch" crossorigin="anonymous">'
                   for name in PRELOADED)


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


def plotly_url(scripts: str) -> str | None:
    """The URL of the partial Plotly bundle the shell's scripts load (None when they load none:
    MPD_PLOTLY_BUNDLE=full)."""
    found = PLOTLY_TAG.search(scripts)
    return html.unescape(found.group(1)) if found else None


def lazy_plotly(scripts: str, chart_on_first_screen: bool) -> tuple[str, str]:
    """The scripts' HTML, without the Plotly tag when the page's first screen has no chart, and the head tags naming
    Plotly's URL for dcc.Graph (and prefetching it when left out); unchanged, with no head tags, when there is no
    partial bundle."""
    src = plotly_url(scripts)
    if src is None:
        return scripts, ""
    meta = f'<meta name="{PLOTLY_META}" content="{html.escape(src)}">'
    if chart_on_first_screen:
        return scripts, meta
    return PLOTLY_TAG.sub("", scripts, count=1), meta + f'<link rel="prefetch" href="{html.escape(src)}" as="script">'
