"""The app's own small scripts and style sheets served as one file each (issue 13, time to first chart; Flask and
strings, no Dash).

Dash gives every file of assets/ its own tag: seven scripts and four style sheets of the app's, 0.5-4 KB each, so
eleven of the shell's thirty requests, queued six at a time behind each other on one host. The shell instead names
`/assets-bundle/app.js` and `/assets-bundle/app.css` (`?m=` their content's hash: cached as immutable and compressed
like any asset, indicators/web/transfer.py), each the files of its kind at the top of assets/ joined in Dash's order
(sorted by name), put where the first of them was. Libraries under assets/vendor/ keep their own tags (their
licences, their own cache lives). Every worker builds the same bundle from the same files, once per process.
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, abort, request

PREFIX = "/assets-bundle/"
KINDS = {"js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8"}
SEPARATOR = {"js": b"\n;\n", "css": b"\n"}          # a script without a final ";" or newline cannot run into the next
TAGS = {"js": r'<script src="[^"]*?/assets/(?P<name>[\w.-]+\.js)\?m=[\d.]+"></script>',
        "css": r'<link rel="stylesheet" href="[^"]*?/assets/(?P<name>[\w.-]+\.css)\?m=[\d.]+">'}


def own_files(folder: Path, kind: str) -> list[Path]:
    """The files of a kind ("js", "css") at the top of the assets folder, in Dash's order (by name)."""
    return sorted((p for p in Path(folder).glob(f"*.{kind}") if p.is_file()), key=lambda p: p.name)


@lru_cache(maxsize=8)
def bundle(folder: Path, kind: str) -> tuple[bytes, str]:
    """The files of a kind joined, and a hash of the result (the URL's fingerprint); built once per process."""
    body = SEPARATOR[kind].join(p.read_bytes().rstrip() for p in own_files(folder, kind)) + b"\n"
    return body, hashlib.sha1(body).hexdigest()[:16]


def bundled_tags(tags: str, kind: str, url: str) -> str:
    """Dash's tags with those of the top-level assets of a kind replaced by one tag loading url, where the first of
    them was (unchanged when there are none)."""
    found = list(re.finditer(TAGS[kind], tags))
    if not found:
        return tags
    one = f'<script src="{url}"></script>' if kind == "js" else f'<link rel="stylesheet" href="{url}">'
    out, last = [], 0
    for i, m in enumerate(found):
        out += [tags[last:m.start()], one if i == 0 else ""]
        last = m.end()
    return "".join(out) + tags[last:]


def url(folder: Path, kind: str, prefix: str = "/") -> str:
    """The bundle's URL with its fingerprint, under the app's path prefix."""
    return f"{prefix.rstrip('/')}{PREFIX}app.{kind}?m={bundle(Path(folder), kind)[1]}"


def install(server: Flask, folder: Path) -> None:
    """Serve the bundles of the assets folder at /assets-bundle/app.js and app.css."""
    def serve(name: str) -> Response:
        kind = name.removeprefix("app.")
        if not name.startswith("app.") or kind not in KINDS:
            abort(404)
        resp = Response(bundle(Path(folder), kind)[0], content_type=KINDS[kind])
        resp.add_etag()                                  # without its fingerprint: revalidated, 304 when unchanged
        return resp.make_conditional(request)
    server.add_url_rule(PREFIX + "<name>", "assets_bundle", serve, methods=["GET"])
