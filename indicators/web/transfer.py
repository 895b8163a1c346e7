"""What travels to the browser (Flask only, no Dash): responses compressed with brotli or gzip through flask-compress
(HTML, the callbacks' JSON, scripts, CSS, map files), and cache lifetimes by URL: a URL that names one version of a
file forever (Dash's `.v<version>m<time>.` component names, `?m=<time>` on assets, `?v=<version>`) is cached for a
year as immutable; other static files are revalidated by ETag (a repeat visit costs a 304, not the file); pages and
callbacks are left to the browser's defaults (they change with every data version), except the app's layout (with
the opened page in it) and callback graph: their ETag is a hash of the body, so a repeat visit of an unchanged page
costs a 304 instead of the layout (up to 45 KB compressed).

Static files are compressed once per process and kept (a bounded set: the package's and assets' own files, keyed by
path and content hash), and once per installation at brotli's best quality by a low-priority thread
(indicators/web/static_bodies.py); dynamic responses are compressed per request at a fast brotli level.
MPD_TRANSFER=off leaves every response as it was before this module (no compression, no cache headers added:
"today's configuration" of bench/transfer.py and bench/load.py).
"""
from __future__ import annotations

import os
import re
from collections.abc import Mapping

from flask import Flask, Request, Response, g, has_request_context, request
from flask_compress import Compress

from indicators.web.static_bodies import NOT_CACHED, StaticBodies, digest

TRANSFER_ENV = "MPD_TRANSFER"              # "off": neither compression nor cache headers (side-by-side benchmarks)
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"                    # may be stored, but asked again with If-None-Match (304 when unchanged)
STATIC_PREFIXES = ("/_dash-component-suites/", "/assets/", "/assets-bundle/", "/_favicon.ico")
REVALIDATED = ("/_dash-layout", "/_dash-dependencies")   # dynamic answers a repeat visit revalidates by ETag
DASH_FINGERPRINT = re.compile(r"\.v[\w-]+m[0-9a-fA-F]+\.")     # dash_html_components.v4_4_1m1796407743.min.js
FINGERPRINT_ARGS = ("m", "v")              # /assets/x.css?m=1796419933.9, /_favicon.ico?v=4.4.1
MAX_DESTREAM_BYTES = 16 * 1024 * 1024      # static files read into memory to be compressed (larger ones stream)
DIGEST = "mpd_static_digest"               # flask.g: the content hash of the static file being answered
_DIGESTS: dict[str, str] = {}              # path -> content hash, per process
SETTINGS = {
    "COMPRESS_ALGORITHM": ["br", "gzip"],  # brotli where the browser accepts it (every current one), else gzip
    "COMPRESS_BR_LEVEL": 5,                # fast enough per callback answer (a few ms for 300 KB), ~20 % under gzip
    "COMPRESS_LEVEL": 6,
    "COMPRESS_MIN_SIZE": 500,
    "COMPRESS_STREAMS": False,             # static files are read into memory first (see _prepare), nothing streams
}


def is_static(path: str) -> bool:
    """Whether a path is one of the app's static files (component scripts, assets, favicon)."""
    return path.startswith(STATIC_PREFIXES)


def fingerprinted(path: str, args: Mapping[str, str]) -> bool:
    """Whether a static URL names one version of its file forever (a new version gets a new URL)."""
    return is_static(path) and (bool(DASH_FINGERPRINT.search(path)) or any(args.get(k) for k in FINGERPRINT_ARGS))


def cache_control(path: str, args: Mapping[str, str], status: int) -> str | None:
    """The Cache-Control a response should carry: immutable when fingerprinted, revalidated for other static files,
    None (leave it) for pages, callbacks and errors."""
    if status != 200 or not is_static(path):
        return None
    return IMMUTABLE if fingerprinted(path, args) else REVALIDATE


def cache_key(req: Request) -> str:
    """The key of a response's compressed body: for static files their path and content hash (static_bodies),
    NOT_CACHED for anything else."""
    if req.method != "GET" or not is_static(req.path):
        return NOT_CACHED
    content = g.get(DIGEST) if has_request_context() else None
    return f"{req.path}@{content}" if content else req.path


def _digest(path: str, resp: Response) -> str:
    """The content hash of a static file's body, computed once per path and process (its content is fixed in a
    process)."""
    known = _DIGESTS.get(path)
    if known is None:
        known = _DIGESTS[path] = digest(resp.get_data())
    return known


def revalidated(resp: Response) -> Response:
    """The layout or callback graph with an ETag of its body and `no-cache`, answered 304 when the browser's copy has
    that ETag (here when sent uncompressed; flask-compress does the same for its per-encoding ETag "<hash>:br");
    other responses unchanged."""
    if request.method != "GET" or resp.status_code != 200 or resp.is_streamed or not request.path.endswith(REVALIDATED):
        return resp
    resp.add_etag()
    resp.headers["Cache-Control"] = REVALIDATE
    return resp.make_conditional(request)


def _prepare(resp: Response) -> Response:
    """after_request, before compression: cache headers, and a static file read into memory so it can be compressed
    (and its compressed body kept); the layout and callback graph revalidated (revalidated)."""
    resp = revalidated(resp)
    policy = cache_control(request.path, request.args, resp.status_code)
    if policy:
        resp.headers["Cache-Control"] = policy
        if resp.is_streamed and (resp.content_length or 0) <= MAX_DESTREAM_BYTES:
            resp.direct_passthrough = False
            resp.set_data(resp.get_data())
        if not resp.is_streamed:
            g.setdefault(DIGEST, _digest(request.path, resp))
    return resp


def transfer_on() -> bool:
    """Whether compression and cache headers are in force ($MPD_TRANSFER, default on)."""
    return os.environ.get(TRANSFER_ENV, "on") != "off"


def install(server: Flask) -> None:
    """Compression and cache headers on every response of server (unless MPD_TRANSFER=off)."""
    if not transfer_on():
        return
    for k, v in SETTINGS.items():
        server.config.setdefault(k, v)
    server.config.setdefault("COMPRESS_CACHE_BACKEND", StaticBodies)
    server.config.setdefault("COMPRESS_CACHE_KEY", cache_key)
    Compress(server)
    server.after_request(_prepare)          # registered last, so it runs before the compressor (Flask's order)
