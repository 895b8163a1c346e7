"""HTTP hardening of the dashboard's server (Flask only, no Dash): a cap on request bodies, path traversal answered
404, and security headers on every response.

- Bodies: MAX_CONTENT_LENGTH caps every route (the largest body a page legitimately sends: the upload page's file,
  base64-encoded, in a Dash callback); over it, or streaming past it, the answer is 413 as JSON. A route that needs
  more raises its own limit per request (the upload API does, for its 200 MB files).
- Paths: any request whose path has a `..` segment, a backslash or a NUL is answered 404 before any view runs;
  `not_found_on` turns a view's "no such resource" errors into 404 (Dash's component-suite files).
- Headers: X-Content-Type-Options nosniff, Referrer-Policy, Permissions-Policy, Cross-Origin-Opener-Policy, a
  Content-Security-Policy (scripts only from this server and the hashed inline scripts of the page), and no
  framing: X-Frame-Options DENY with CSP frame-ancestors 'none'. A view decorated with `embeddable` (a later embed
  route) opts out of the framing rules only; everything else still applies. A header a view sets itself is kept.
"""
from __future__ import annotations

import functools
import math
import threading
from collections.abc import Callable, Sequence
from typing import Any

from flask import Flask, Response, abort, current_app, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

CALLBACK_SLACK = 1024 * 1024              # the callback's JSON around the file: other inputs, the definition, ids
EMBEDDABLE = "mpd_embeddable"             # attribute set on a view function by @embeddable
FIXED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def callback_body_limit(max_file_bytes: int) -> int:
    """The largest request body a page may send: a file of max_file_bytes base64-encoded, plus the callback's JSON."""
    return 4 * math.ceil(max_file_bytes / 3) + CALLBACK_SLACK


def content_security_policy(script_hashes: Sequence[str] = (), frame_ancestors: str = "'none'",
                            debug: bool = False) -> str:
    """The Content-Security-Policy of the pages (script hashes from Dash; frame-ancestors; eval only in debug)."""
    # Scripts: this server's files and the page's own inline scripts by hash (no 'unsafe-inline', no 'unsafe-eval':
    # the production bundles of Dash, its components and plotly.js need neither; only Dash's debug mode, whose
    # development bundles are built with eval, gets 'unsafe-eval', and it is never for production). Styles: plotly.js
    # and the Dash components write style attributes and <style> rules at run time, so 'unsafe-inline' (styles cannot
    # run code). Images: data: for plotly's and Bootstrap's inline icons, blob: for plotly's "download plot" button.
    # Everything else (fetches, fonts, workers) from this server only, through default-src; no plugins, no <base>
    # elsewhere, forms post here only. Each source is there because a browser test failed without it.
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(["'self'", *script_hashes, *(["'unsafe-eval'"] if debug else [])]),
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data: blob:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": frame_ancestors,
    }
    return "; ".join(f"{k} {v}" for k, v in directives.items())


def embeddable(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view as one other sites may frame (no X-Frame-Options; CSP frame-ancestors *)."""
    setattr(view, EMBEDDABLE, True)
    return view


def not_found_on(view: Callable[..., Any], *errors: type[BaseException]) -> Callable[..., Any]:
    """A view whose listed errors (a missing or unregistered file) answer 404 instead of a 500."""
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        """The view, with its listed errors as 404."""
        try:
            return view(*args, **kwargs)
        except errors:
            abort(404)
    return wrapped


def traversal(path: str) -> bool:
    """Whether a (decoded) request path tries to leave its folder: a '..' segment, a backslash or a NUL."""
    return "\\" in path or "\x00" in path or ".." in path.split("/")


def _refuse_traversal() -> None:
    """before_request: 404 for a path that tries to leave its folder (before any view reads a file)."""
    if traversal(request.path):
        abort(404)


def _too_large(exc: RequestEntityTooLarge) -> tuple[Response, int]:
    """413 as JSON, with the limit in force."""
    limit = request.max_content_length
    return jsonify({"ok": False, "error": "the request body is too large"
                    + (f" (limit {limit:,} bytes)" if limit else "")}), 413


def install(server: Flask, *, body_limit: int, script_hashes: Callable[[], Sequence[str]]) -> None:
    """Apply the body cap, the traversal check and the security headers to every route of server."""
    # script_hashes is called once, at the first response, when every inline script of the page is known
    server.config["MAX_CONTENT_LENGTH"] = body_limit
    server.before_request(_refuse_traversal)
    server.register_error_handler(RequestEntityTooLarge, _too_large)
    lock = threading.Lock()
    policies: dict[object, Any] = {}

    def policy(framed: bool, debug: bool) -> str:
        """The CSP for a framed or own view, in debug mode or not (the script hashes are read once)."""
        with lock:
            if "hashes" not in policies:
                policies["hashes"] = list(script_hashes())
            key = (framed, debug)
            if key not in policies:
                policies[key] = content_security_policy(policies["hashes"], "*" if framed else "'none'", debug)
            return policies[key]

    def add_headers(resp: Response) -> Response:
        """after_request: the security headers (a header the view set itself is kept)."""
        view = current_app.view_functions.get(request.endpoint or "")
        framed = bool(getattr(view, EMBEDDABLE, False))
        for k, v in FIXED_HEADERS.items():
            resp.headers.setdefault(k, v)
        resp.headers.setdefault("Content-Security-Policy", policy(framed, current_app.debug))
        if not framed:
            resp.headers.setdefault("X-Frame-Options", "DENY")
        return resp

    server.after_request(add_headers)
