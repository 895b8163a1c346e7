"""Transfer and time to first chart in headless Chromium (Debian's, driven by Playwright), per page, side by side:

- "before": MPD_TRANSFER=off and MPD_PLOTLY_BUNDLE=full (nothing compressed, no cache headers added, Dash's whole
  plotly.min.js: the site as it was before issue 13's transfer work);
- "compressed": compression and cache lifetimes on, Dash's whole plotly.min.js;
- "partial plotly": compression, cache lifetimes and the partial plotly bundle (assets/vendor/plotly-partial.min.js),
  Dash's own script list (MPD_SCRIPTS=dash);
- "runtime": as "partial plotly", Dash's polyfill swapped for regenerator-runtime (MPD_SCRIPTS=runtime);
- "grid": as "runtime", AG Grid's bundle loaded only when a page shows a grid (MPD_SCRIPTS=grid);
- "after": as "grid", and the lazy chunks nearly every page renders loaded with the page's scripts
  (indicators/web/scripts.py; the default).

`--configs` picks some of them (e.g. `--configs "partial plotly" after`); `--checkout main=/work/main` adds another
checkout's app.py with its defaults, first (code changes that no setting switches). Servers run side by side and
are visited in turn; ratios compare the first configuration and the last.

For each page: bytes transferred (encoded bytes on the wire, headers included, as Chromium's network log counts
them) on a first visit (empty cache) and a repeat visit (a new tab of the same browser profile), the number of
layout renders (POSTs answering the Dash Pages callback), and the time from navigation start to the first chart
drawn (to the page's content where it has no chart) on loopback and on a simulated 10 Mbit/s, 40 ms link
(Chromium's network emulation), with the steps before it (scripts run, layout answered, content drawn), the first
screen drawn and the whole page drawn (parts below the first screen put in, pages/_later.py, and every chart drawn).
The server is `app.py` on a free loopback port over a temporary copy of data/, its scorecards materialised by a first
pass. Measured, not asserted.

Run: .venv/bin/python bench/transfer.py [--pages / /compare ...] [--repeat 3]
         [--links loopback "phone 1.6 Mbit/s 150 ms"]
(the phone's slow mobile link only when asked for: the "before" configuration takes about 40 s per visit on it)
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = ("/", "/country/KEN", "/corridors", "/compare", "/methodology", "/methodology/audit", "/upload",
         "/developers")
CONFIGS = {
    "before": {"MPD_TRANSFER": "off", "MPD_PLOTLY_BUNDLE": "full", "MPD_SCRIPTS": "dash"},
    "compressed": {"MPD_PLOTLY_BUNDLE": "full", "MPD_SCRIPTS": "dash"},
    "partial plotly": {"MPD_SCRIPTS": "dash"},
    "runtime": {"MPD_SCRIPTS": "runtime"},
    "grid": {"MPD_SCRIPTS": "grid"},
    "after": {},
}
LINKS = {"loopback": None, "10 Mbit/s 40 ms": {"offline": False, "latency": 40,
                                               "downloadThroughput": 10e6 / 8, "uploadThroughput": 10e6 / 8},
         # a phone on a slow mobile link (Chrome DevTools' "3G": 1.6 Mbit/s down, 0.75 up, 150 ms), when asked for
         "phone 1.6 Mbit/s 150 ms": {"offline": False, "latency": 150,
                                     "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 0.75e6 / 8}}
DEFAULT_LINKS = ("loopback", "10 Mbit/s 40 ms")
# marks the first chart drawn (or, on a page without one, its content) with performance.now(); runs in every page
FIRST_PAINT_PROBE = """
(() => {
  const mark = () => {
    if (window.__firstChart === undefined && document.querySelector('.js-plotly-plot .main-svg')) {
      window.__firstChart = performance.now();
    }
    const content = document.querySelector('#_pages_content > :not(.mpd-page-loading)');
    if (window.__content === undefined && content) { window.__content = performance.now(); }
    // the whole page drawn: parts below the first screen put in (pages/_later.py) and every chart drawn
    if (window.__content !== undefined && window.__complete === undefined
        && !document.querySelector('.mpd-later:empty')
        && [...document.querySelectorAll('.dash-graph')].every(g => g.querySelector('.main-svg'))) {
      window.__complete = performance.now();
    }
  };
  new MutationObserver(mark).observe(document, {childList: true, subtree: true});
  // the first screen drawn (as Largest Contentful Paint, what is in the viewport): the page's content there, charts
  // drawn, no part still to come (pages/_later.py), no library still loading (assets/deferred.js); checked per frame
  const inView = sel => [...document.querySelectorAll(sel)].filter(e => {
    const r = e.getBoundingClientRect();
    return r.top < innerHeight && r.bottom > 0;
  });
  const screen = () => {
    if (window.__content !== undefined && inView('.mpd-later:empty, .mpd-deferred-loading').length === 0
        && inView('.dash-graph').every(g => g.querySelector('.main-svg'))) {
      window.__firstScreen = performance.now();
    } else {
      requestAnimationFrame(screen);
    }
  };
  requestAnimationFrame(screen);
})();
"""


# the steps before the first chart (Performance API): scripts run (DOMContentLoaded) and the app's layout answered
STEPS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const layout = performance.getEntriesByType('resource').find(e => e.name.endsWith('/_dash-layout'));
  return {dcl_ms: nav.domContentLoadedEventEnd, layout_ms: layout ? layout.responseEnd : null};
}"""


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server(data_dir: Path, cache_dir: Path, extra: dict[str, str], project: Path = PROJECT) -> Iterator[str]:
    """project's app.py on a free loopback port over data_dir with the given environment; yields its URL."""
    port = free_port()
    env = {**os.environ, "MPD_CACHE_DIR": str(cache_dir), "MPD_WARM_SCORECARDS": "0", **extra}
    log = open(data_dir.parent / f"server-{port}.log", "wb")
    proc = subprocess.Popen([sys.executable, str(project / "app.py"), "--port", str(port), "--data-dir",
                             str(data_dir)], cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(url + "/_dash-layout", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)
        log.close()


def settled(cache_dir: Path, quiet: float = 3.0, limit: float = 120.0) -> None:
    """Wait until a server has written no best-compressed static body (indicators/web/static_bodies.py) for `quiet`
    seconds (at most `limit`): what a server running for a minute or more serves."""
    start = last_change = time.monotonic()
    seen = -1
    while time.monotonic() - start < limit:
        n = len(list(cache_dir.glob("*/static-br/*.br")))
        if n != seen:
            seen, last_change = n, time.monotonic()
        elif time.monotonic() - last_change >= quiet:
            return
        time.sleep(0.2)


def visit(ctx, url: str, link: dict | None) -> dict:
    """Open url in a new tab of ctx; bytes on the wire, layout renders, ms to first chart and to content."""
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    if link:
        cdp.send("Network.emulateNetworkConditions", link)
    got = {"bytes": 0, "requests": 0, "renders": 0}

    def finished(e: dict) -> None:
        got["bytes"] += e.get("encodedDataLength", 0)
        got["requests"] += 1
    cdp.on("Network.loadingFinished", finished)
    page.on("request", lambda r: got.__setitem__("renders", got["renders"] + (
        r.method == "POST" and "_pages_content" in (r.post_data or ""))))
    page.goto(url)
    page.wait_for_function("() => window.__content !== undefined", timeout=120_000)
    page.wait_for_function("() => window.__complete !== undefined", timeout=120_000)
    page.wait_for_load_state("networkidle")
    time.sleep(0.3)
    got["first_chart_ms"] = page.evaluate("() => window.__firstChart ?? null")
    got["content_ms"] = page.evaluate("() => window.__content")
    got["complete_ms"] = page.evaluate("() => window.__complete")
    got["screen_ms"] = page.evaluate("() => window.__firstScreen ?? null")
    got.update(page.evaluate(STEPS))
    page.close()
    return got


def measure(browser, base: str, pages: list[str], link_name: str) -> dict[str, dict]:
    """First and repeat visit of every page (a fresh profile per page)."""
    out = {}
    for path in pages:
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        ctx.add_init_script(FIRST_PAINT_PROBE)
        first = visit(ctx, base + path, LINKS[link_name])
        repeat = visit(ctx, base + path, LINKS[link_name])
        ctx.close()
        out[path] = {"first": first, "repeat": repeat}
    return out


def main() -> None:
    """Print the table of bytes, renders and times per configuration, page and link."""
    from playwright.sync_api import sync_playwright
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", nargs="*", default=list(PAGES))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--configs", nargs="*", default=list(CONFIGS), choices=list(CONFIGS))
    ap.add_argument("--links", nargs="*", default=list(DEFAULT_LINKS), choices=list(LINKS))
    ap.add_argument("--checkout", action="append", default=[], metavar="NAME=DIR",
                    help="also another checkout's app.py (its defaults), e.g. main=/work/main")
    ap.add_argument("--json", help="also write the raw figures to this file")
    args = ap.parse_args()
    projects = {name: Path(d) for name, d in (c.split("=", 1) for c in args.checkout)}
    args.configs = [*projects, *args.configs]
    tmp = Path(tempfile.mkdtemp(prefix="mpd-transfer-"))
    data = tmp / "data"
    shutil.copytree(PROJECT / "data", data)
    results: dict = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        with contextlib.ExitStack() as stack:       # one server per configuration, visited in turn (interleaved)
            bases = {}
            for name in args.configs:
                bases[name] = stack.enter_context(server(data, tmp / f"cache-{len(bases)}", CONFIGS.get(name, {}),
                                                         projects.get(name, PROJECT)))
                measure(browser, bases[name], args.pages, "loopback")      # materialise and warm the server
            for i in range(len(bases)):              # static files at their best compression (static_bodies)
                settled(tmp / f"cache-{i}")
            for _ in range(args.repeat):
                for link in args.links:
                    for name in args.configs:
                        results.setdefault((name, link), []).append(measure(browser, bases[name], args.pages, link))
        browser.close()
    report(results, args.pages, args.configs, args.links)
    if args.json:
        Path(args.json).write_text(json.dumps({f"{k[0]}|{k[1]}": v for k, v in results.items()}, indent=1))
    shutil.rmtree(tmp, ignore_errors=True)


def med(runs: list[dict], path: str, visit_: str, key: str) -> float | None:
    """The median of one figure over the runs (None when a page has no chart)."""
    vals = [r[path][visit_][key] for r in runs if r[path][visit_][key] is not None]
    return statistics.median(vals) if vals else None


def report(results: dict, pages: list[str], names: list[str], links: list[str]) -> None:
    """Side-by-side tables: KB transferred, renders, ms to first chart (ratios: first configuration / last)."""
    base = "loopback" if "loopback" in links else links[0]
    print(f"\nKB transferred, first visit / repeat visit ({base}; medians)")
    print(f"{'page':20}" + "".join(f"{n:>24}" for n in names) + f"{'first: ' + names[0][:6] + '/' + names[-1][:6]:>22}")
    for p in pages:
        cells = [(med(results[(n, base)], p, "first", "bytes") / 1024,
                  med(results[(n, base)], p, "repeat", "bytes") / 1024) for n in names]
        print(f"{p:20}" + "".join(f"{f'{a:,.0f} / {b:,.0f}':>24}" for a, b in cells)
              + f"{cells[0][0] / cells[-1][0]:>21.1f}x")
    print("\nlayout renders per navigation (first visit)")
    print(f"{'page':20}" + "".join(f"{n:>12}" for n in names))
    for p in pages:
        print(f"{p:20}" + "".join(f"{med(results[(n, base)], p, 'first', 'renders'):>12.0f}" for n in names))
    for link in links:
        print(f"\nms to first chart (to content where no chart), first visit / repeat visit, {link} (medians)")
        ratio = "first: " + names[-1][:6] + "/" + names[0][:6]
        print(f"{'page':20}" + "".join(f"{n:>24}" for n in names) + f"{ratio:>22}")
        for p in pages:
            cells, firsts = [], []
            for n in names:
                key = "first_chart_ms" if med(results[(n, link)], p, "first", "first_chart_ms") else "content_ms"
                firsts.append(med(results[(n, link)], p, 'first', key))
                cells.append(f"{med(results[(n, link)], p, 'first', key):,.0f} / "
                             f"{med(results[(n, link)], p, 'repeat', key):,.0f}" + ("" if key == "first_chart_ms"
                                                                                   else "*"))
            print(f"{p:20}" + "".join(f"{c:>24}" for c in cells) + f"{firsts[-1] / firsts[0]:>21.2f}x")
    print("* no chart on that page: time to its content")
    for link in links:
        print(f"\nms to the first screen drawn (what a 1400 x 1000 viewport shows, its charts drawn), first visit, {link}"
              " (medians)")
        print(f"{'page':20}" + "".join(f"{n:>24}" for n in names) + f"{names[-1][:6] + '/' + names[0][:6]:>22}")
        for p in pages:
            vals = [med(results[(n, link)], p, "first", "screen_ms") for n in names]
            print(f"{p:20}" + "".join(f"{'-' if v is None else f'{v:,.0f}':>24}" for v in vals)
                  + (f"{vals[-1] / vals[0]:>21.2f}x" if None not in (vals[0], vals[-1]) else ""))
    for link in links:
        print(f"\nsteps of the first visit, {link} (medians, ms): scripts run (DOMContentLoaded) / layout answered / "
              "content drawn / first chart / whole page drawn")
        print(f"{'page':20}" + "".join(f"{n:>38}" for n in names))
        for p in pages:
            steps = [[med(results[(n, link)], p, "first", k) for k in ("dcl_ms", "layout_ms", "content_ms",
                                                                         "first_chart_ms", "complete_ms")]
                     for n in names]
            print(f"{p:20}" + "".join(f"{' / '.join('-' if v is None else f'{v:,.0f}' for v in row):>38}"
                                      for row in steps))


if __name__ == "__main__":
    main()
