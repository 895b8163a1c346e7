"""Load: many readers at once against gunicorn on loopback, side by side for the shipped configuration and "today's"
(before issue 13's transfer work).

- "shipped": `gunicorn -c gunicorn.conf.py app:server` (2 gthread workers x 4 threads, compression and cache headers).
- "warm-in-thread": the shipped configuration with a new data version warmed by a thread of the committing worker
  (MPD_WARM_SCORECARDS=1, as before) instead of a niced process of its own (the shipped default, "process").
- "today": `gunicorn -w 2 app:server` (2 sync workers) with MPD_TRANSFER=off (nothing compressed), as the README
  said before. Both run the same scoring code, so scorecards are materialised in both: the issue's own "today"
  figures (84 requests/s, p95 385 ms; p95 6.2 s with uploads) were measured before that.

Each server runs over a temporary copy of data/ with its own cache folder, under the shipped rate limits. Readers are
threads, each with its own connection from its own loopback address (127.0.0.2, 127.0.0.3, ...), asking for a random
route, reading the whole answer (Accept-Encoding: br, gzip, as browsers send) and pausing 1-3 s, as people do. Routes:
every page through the Dash Pages callback its URL triggers (as the browser sends it on navigation), the first visit's
layout request of three pages (with the page in it, named by the Referer: pages/_first.py), the HTML shell, and every
API read route. Phases, each bounded in time and in requests per reader:

1. warm: 50 readers with pauses, the data version materialised and every route (every country's profile) asked for
   beforehand;
2. uploads: the same while a working group commits an upload every 10 s through the API (each one a new data
   version: a changed value for one country), with the token from `python -m indicators groups add`; also reported:
   how many answers of the pages that show scores said "Scores updating" (served the previous data version's
   scores, or its whole page while the new page is built) and, per commit, how long after it such answers were
   still given;
3. no pause: 50 readers back to back (throughput).

Prints requests/s, p50, p95, max and errors per route and phase, then the two configurations side by side.
Measured, not asserted; the load generator shares the 2 cores with the server (say so when quoting).

Run: .venv/bin/python bench/load.py [--readers 50] [--seconds 60] [--configs shipped today]
"""
from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
COUNTRIES = ["KEN", "UGA", "NPL", "PHL", "IDN", "BGD", "IND", "QAT", "ARE", "SAU", "MEX", "USA", "GBR", "DEU",
             "FRA", "ETH", "NGA", "ZAF", "BRA", "LKA"]
PAGES = {  # route label -> (pathname, search) of the Dash Pages callback
    "page /": ("/", ""),
    "page /country/<iso3>": ("/country/{iso3}", ""),
    "page /corridors": ("/corridors", ""),
    "page /corridors NPL-QAT": ("/corridors", "?origin=NPL&destination=QAT"),
    "page /compare": ("/compare", ""),
    "page /methodology": ("/methodology", ""),
    "page /methodology/audit": ("/methodology/audit", ""),
    "page /upload": ("/upload", ""),
}
FIRST_VISITS = {  # route label -> page whose first visit asks for the app's layout with the page in it (pages/_first.py)
    "first layout /": "/",
    "first layout /country/<iso3>": "/country/{iso3}",
    "first layout /corridors NPL-QAT": "/corridors?origin=NPL&destination=QAT",
}
GETS = {
    "shell /": "/",
    "api /api/uploads": "/api/uploads",
    "api /api/uploads/<id>": "/api/uploads/{upload_id}",
    "api as-of.csv": "/api/uploads/{upload_id}/as-of.csv?indicator=labour_rights_sdg882",
    "api template": "/api/templates/labour_rights_sdg882.csv",
    "api codes.csv": "/api/codes.csv?indicator=labour_rights_sdg882",
    "api v1 catalogue": "/api/v1/catalogue",
    "api v1 values.json": "/api/v1/indicators/labour_rights_sdg882/values.json",
    "api v1 values.csv": "/api/v1/indicators/labour_rights_sdg882/values.csv",
    "api v1 values.sdmx.csv": "/api/v1/indicators/labour_rights_sdg882/values.sdmx.csv",
    "api v1 scores": "/api/v1/scores",
    "api v1 countries/<iso3>": "/api/v1/countries/{iso3}",
    "api v1 corridors": "/api/v1/corridors?origin=NPL",
    "api v1 citation": "/api/v1/citation",
    "api v1 datapackage.zip": "/api/v1/indicators/labour_rights_sdg882/datapackage.zip",
    "api v1 sdmx structure": "/api/v1/sdmx/structure.xml",
}
ROUTER = {"output": ".._pages_content.children..._pages_store.data..",
          "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
          "changedPropIds": ["_pages_location.pathname"], "state": []}
CONFIGS = {
    "shipped": (["-c", "gunicorn.conf.py"], {}),
    "warm-in-thread": (["-c", "gunicorn.conf.py"], {"MPD_WARM_SCORECARDS": "1"}),
    "today": (["-w", "2"], {"MPD_TRANSFER": "off"}),
}
HEADERS = {"Accept-Encoding": "br, gzip", "User-Agent": "mpd-load"}
UPDATING = b'"id":"scores-updating"'    # the notice a page shows while it serves the previous scores (not its empty slot)
SCORE_PAGES = [r for r in [*PAGES, *FIRST_VISITS] if r not in ("page /upload", "page /compare")]   # the pages that can show it


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def gunicorn(config: str, data: Path, cache: Path, log: Path) -> Iterator[int]:
    """gunicorn in one configuration on a free loopback port; yields the port."""
    args, extra = CONFIGS[config]
    port = free_port()
    env = {**os.environ, "MPD_DATA_DIR": str(data), "MPD_CACHE_DIR": str(cache), "PYTHONPATH": str(PROJECT), **extra}
    env = {k: v for k, v in env.items() if not k.startswith("MPD_RATE_LIMIT")}      # the shipped limits and storage
    with open(log, "wb") as fh:
        proc = subprocess.Popen([GUNICORN, *args, "-b", f"127.0.0.1:{port}", "app:server"], cwd=PROJECT, env=env,
                                stdout=fh, stderr=subprocess.STDOUT)
        try:
            for _ in range(300):
                with contextlib.suppress(OSError):
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                    conn.request("GET", "/_dash-layout")
                    if conn.getresponse().status == 200:
                        break
                if proc.poll() is not None:
                    raise RuntimeError(log.read_text(errors="replace")[-3000:])
                time.sleep(0.3)
            yield port
        finally:
            proc.terminate()
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)


def request_for(route: str, ids: list[str], iso3: str | None = None) -> tuple[str, str, bytes | None, dict]:
    """(method, path, body, headers) of one request on a route (of a random country unless given)."""
    iso3, upload_id = iso3 or random.choice(COUNTRIES), random.choice(ids)
    if route in FIRST_VISITS:                   # the browser's layout request names its page in the Referer
        return "GET", "/_dash-layout", None, {"Referer": FIRST_VISITS[route].format(iso3=iso3)}   # send() adds host
    if route in PAGES:
        path, search = PAGES[route]
        body = dict(ROUTER, inputs=[{"id": "_pages_location", "property": "pathname", "value": path.format(iso3=iso3)},
                                    {"id": "_pages_location", "property": "search", "value": search}])
        return "POST", "/_dash-update-component", json.dumps(body).encode(), {}
    return "GET", GETS[route].format(upload_id=upload_id, iso3=iso3), None, {}


class Reader(threading.Thread):
    """One reader from its own loopback address: random routes, pauses between requests, until stopped."""

    def __init__(self, n: int, port: int, ids: list[str], pause: bool, stop: threading.Event, limit: int,
                 results: dict[str, list]) -> None:
        super().__init__(daemon=True)
        self.addr, self.port, self.ids, self.pause, self.stop_ev, self.limit = f"127.0.0.{n + 2}", port, ids, pause, \
            stop, limit
        self.results = results
        self.conn: http.client.HTTPConnection | None = None
        self.body = b""
        self.notices: list[tuple[float, bool]] | None = None     # (time, answer said "scores updating") of pages

    def send(self, method: str, path: str, body: bytes | None, extra: dict | None = None) -> int:
        """One request on the kept connection (a new one if the server closed it); the status (the answer's body,
        decompressed, in self.body)."""
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60,
                                                       source_address=(self.addr, 0))
            try:
                headers = dict(HEADERS, **({"Content-Type": "application/json"} if body else {}), **(extra or {}))
                if "Referer" in headers:
                    headers["Referer"] = f"http://127.0.0.1:{self.port}{headers['Referer']}"
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                self.body = decoded(resp.read(), resp.getheader("Content-Encoding", ""))
                if resp.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return resp.status
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = None
                if attempt:                 # an idle connection closed by the server is retried once, as browsers do
                    raise
        return 0

    def run(self) -> None:
        """Ask, time, pause, until the phase ends or the reader's request budget is spent."""
        routes = [*PAGES, *FIRST_VISITS, *GETS]
        for _ in range(self.limit):
            if self.stop_ev.is_set():
                break
            route = random.choice(routes)
            method, path, body, extra = request_for(route, self.ids)
            t = time.perf_counter()
            try:
                status = self.send(method, path, body, extra)
            except (OSError, http.client.HTTPException) as e:
                status = f"{type(e).__name__}"
            self.results[route].append((time.perf_counter() - t, status))
            if route in SCORE_PAGES and self.notices is not None and status == 200:
                self.notices.append((time.perf_counter(), UPDATING in self.body))
            if self.pause:
                self.stop_ev.wait(random.uniform(1, 3))


def decoded(raw: bytes, encoding: str) -> bytes:
    """An answer's body as sent before compression (brotli or gzip)."""
    if encoding == "br":
        import brotli
        return brotli.decompress(raw)
    if encoding == "gzip":
        import gzip
        return gzip.decompress(raw)
    return raw


def updating_lag(commits: list, notices: list) -> dict:
    """How the pages answered after each commit: answers that said "scores updating" (the previous data version's
    scores) and, per commit, the seconds from its answer to the last such answer before the next commit (the longest
    a reader could see the previous scores); a commit whose interval ended on such an answer is counted apart (its
    scores never showed before the next commit)."""
    done = sorted(t for _, status, t in commits if status == 201)
    lags, never = [], 0
    for k, t0 in enumerate(done):
        t1 = done[k + 1] if k + 1 < len(done) else float("inf")
        seen = sorted((t, stale) for t, stale in notices if t0 < t < t1)
        stale = [t for t, s in seen if s]
        lags.append(max(stale) - t0 if stale else 0.0)
        never += bool(seen and seen[-1][1] and k + 1 < len(done))
    return {"answers": len(notices), "updating": sum(1 for _, s in notices if s), "lags": lags, "never": never}


def uploader(port: int, token: str, stop: threading.Event, every: float, log: list) -> None:
    """Commit an upload through the API every `every` seconds (a changed value each time); records the answers."""
    k = 0
    while not stop.wait(every):
        k += 1
        csv = ("indicator_id,iso3,origin_iso3,destination_iso3,period,value,sex,source,note\n"
               f"labour_rights_sdg882,KEN,,,2020,{(k % 90) / 10:.1f},total,Load test {k},\n").encode()
        boundary = f"mpdload{k}"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"load{k}.csv\"\r\n"
                "Content-Type: text/csv\r\n\r\n").encode() + csv + f"\r\n--{boundary}--\r\n".encode()
        t = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=("127.0.0.250", 0))
        conn.request("POST", "/api/uploads", body=body, headers={
            "Authorization": f"Bearer {token}", "Content-Type": f"multipart/form-data; boundary={boundary}"})
        resp = conn.getresponse()
        resp.read()
        conn.close()
        log.append((time.perf_counter() - t, resp.status, time.perf_counter()))


def upload_ids(port: int) -> list[str]:
    """The ids of the committed uploads (for the API's per-upload routes)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/api/uploads")
    rows = json.loads(conn.getresponse().read())
    rows = rows.get("uploads", rows) if isinstance(rows, dict) else rows
    return [r["upload_id"] for r in rows][:20]


def phase(port: int, ids: list[str], readers: int, seconds: float, pause: bool, limit: int,
          token: str | None = None) -> dict:
    """Run readers (and the uploader) for a bounded time; per-route timings and the phase's wall time."""
    results: dict[str, list] = defaultdict(list)
    stop = threading.Event()
    threads = [Reader(i, port, ids, pause, stop, limit, results) for i in range(readers)]
    notices: list = []
    for r in threads:
        r.notices = notices                 # list.append is atomic: one shared list
    commits: list = []
    if token:
        threads.append(threading.Thread(target=uploader, args=(port, token, stop, 10.0, commits), daemon=True))
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    deadline = t0 + seconds
    while time.perf_counter() < deadline and any(t.is_alive() for t in threads[:readers]):
        time.sleep(0.2)
    stop.set()
    for t in threads:
        t.join(90)
    return {"results": results, "wall": time.perf_counter() - t0, "commits": commits, "notices": notices}


def stats(rows: list, wall: float) -> dict:
    """n, requests/s, p50, p95, max (ms) and errors of some timed requests."""
    times = sorted(t * 1000 for t, _ in rows)
    errors = sum(1 for _, s in rows if not (isinstance(s, int) and s < 400))
    return {"n": len(times), "rps": len(times) / wall, "p50": statistics.median(times),
            "p95": times[min(len(times) - 1, int(0.95 * len(times)))], "max": times[-1], "errors": errors}


def summarise(res: dict) -> dict[str, dict]:
    """Per route and over all routes."""
    out = {route: stats(rows, res["wall"]) for route, rows in sorted(res["results"].items()) if rows}
    out["ALL"] = stats([r for rows in res["results"].values() for r in rows], res["wall"])
    return out


def print_phase(name: str, config: str, res: dict) -> dict:
    """Print one phase's table; return its summary."""
    s = summarise(res)
    print(f"\n[{config}] {name}: {res['wall']:.0f} s")
    print(f"{'route':26}{'n':>6}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'errors':>8}")
    for route, v in s.items():
        print(f"{route:26}{v['n']:>6}{v['rps']:>8.1f}{v['p50']:>9.0f}{v['p95']:>9.0f}{v['max']:>9.0f}{v['errors']:>8}")
    if res["commits"]:
        ok = sum(1 for _, st, _t in res["commits"] if st == 201)
        print(f"uploads committed: {ok} of {len(res['commits'])}, "
              f"median {statistics.median(t for t, _, _t in res['commits']) * 1000:.0f} ms")
        u = updating_lag(res["commits"], res["notices"])
        lags = u["lags"] or [0.0]
        print(f"scores updating: {u['updating']} of {u['answers']} page answers showed the previous data version's "
              f"scores with the notice; after a commit its scores showed within median {statistics.median(lags):.1f} s,"
              f" max {max(lags):.1f} s (target 10 s); {u['never']} of {len(u['lags'])} commits' scores never showed "
              "before the next commit")
    return s


def main() -> None:
    """Both configurations, three phases each, then a side-by-side summary."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--readers", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--nopause-seconds", type=float, default=20)
    ap.add_argument("--max-requests", type=int, default=400, help="per reader and phase")
    ap.add_argument("--configs", nargs="*", default=list(CONFIGS))
    args = ap.parse_args()
    random.seed(13)
    summary: dict[tuple[str, str], dict] = {}
    for config in args.configs:
        tmp = Path(tempfile.mkdtemp(prefix=f"mpd-load-{config}-"))
        data, cache = tmp / "data", tmp / "cache"
        shutil.copytree(PROJECT / "data", data)
        cache.mkdir()
        token = subprocess.run([sys.executable, "-m", "indicators", "groups", "add", "Load test", "--data-dir",
                                str(data)], cwd=PROJECT, capture_output=True, text=True, check=True,
                               env={**os.environ, "MPD_CACHE_DIR": str(cache)}).stdout.strip().splitlines()[-1]
        with gunicorn(config, data, cache, tmp / "gunicorn.log") as port:
            ids = upload_ids(port)
            for route in [*PAGES, *FIRST_VISITS, *GETS]:       # materialise and warm both workers, every profile
                for iso3 in COUNTRIES if "<iso3>" in route else [None] * 4:
                    with contextlib.suppress(OSError, http.client.HTTPException):   # a worker killed by its timeout
                        Reader(0, port, ids, False, threading.Event(), 1, defaultdict(list)).send(
                            *request_for(route, ids, iso3))
            time.sleep(5)                                      # the background warming of the data version
            for name, kw in (("warm", dict(pause=True, seconds=args.seconds)),
                             ("uploads every 10 s", dict(pause=True, seconds=args.seconds, token=token)),
                             ("no pause", dict(pause=False, seconds=args.nopause_seconds))):
                res = phase(port, ids, args.readers, limit=args.max_requests, **kw)
                summary[(config, name)] = print_phase(name, config, res)
        shutil.rmtree(tmp, ignore_errors=True)
    print("\nside by side (all routes): req/s, p50 / p95 / max ms, errors")
    for name in ("warm", "uploads every 10 s", "no pause"):
        cells = []
        for config in args.configs:
            v = summary[(config, name)]["ALL"]
            cells.append(f"{config}: {v['rps']:.1f}/s, {v['p50']:.0f} / {v['p95']:.0f} / {v['max']:.0f}, {v['errors']}")
        print(f"{name:20}" + " | ".join(cells))


if __name__ == "__main__":
    main()
