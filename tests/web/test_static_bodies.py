"""Compressed static bodies (indicators/web/static_bodies.py): kept per process, improved once per installation to
brotli's best quality, shared through the cache directory by content hash; and, in the real app, served that way."""
from __future__ import annotations

import re
import time

import brotli
import pytest

from indicators.web.static_bodies import BEST_QUALITY, NOT_CACHED, StaticBodies, best_folder, digest

TEXT = ("function draw(chart) { return chart.layout.title.text + chart.data.length; }\n" * 400).encode()


def fast(body: bytes) -> bytes:
    """The body as flask-compress first compresses it (the fast brotli level)."""
    return brotli.compress(body, quality=5)


def test_a_brotli_body_is_improved_to_the_best_quality_and_shared_by_content_hash(tmp_path):
    key = f"br;/assets/draw.js@{digest(TEXT)}"
    cache = StaticBodies(folder=tmp_path, background=False)
    assert cache.get(key) is None
    cache.set(key, fast(TEXT))
    best = cache.get(key)
    assert best == brotli.compress(TEXT, quality=BEST_QUALITY) and brotli.decompress(best) == TEXT
    assert len(best) < len(fast(TEXT))
    assert (tmp_path / f"{digest(TEXT)}.br").read_bytes() == best           # written once, by content hash
    other = StaticBodies(folder=tmp_path, background=False)                  # another worker, or the next start
    assert other.get(key) == best
    changed = TEXT + b"// changed\n"                                         # a new file under the same path
    assert other.get(f"br;/assets/draw.js@{digest(changed)}") is None


def test_a_body_on_disk_that_does_not_match_its_content_hash_is_not_served(tmp_path):
    key = f"br;/assets/draw.js@{digest(TEXT)}"
    (tmp_path / f"{digest(TEXT)}.br").write_bytes(brotli.compress(b"something else"))
    assert StaticBodies(folder=tmp_path, background=False).get(key) is None
    (tmp_path / f"{digest(TEXT)}.br").write_bytes(b"not brotli at all")
    assert StaticBodies(folder=tmp_path, background=False).get(key) is None


def test_other_bodies_are_kept_as_given(tmp_path):
    cache = StaticBodies(limit=3, folder=tmp_path, background=False)
    cache.set("gzip;/a.js@abc", b"gz")                                       # gzip: kept as compressed
    cache.set("br;/b.js", b"b")                                              # no content hash: kept, not improved
    cache.set("br;" + NOT_CACHED, b"dynamic")                                # a page or callback: never kept
    assert (cache.get("gzip;/a.js@abc"), cache.get("br;/b.js"), cache.get("br;" + NOT_CACHED)) == (b"gz", b"b", None)
    assert list(tmp_path.iterdir()) == []
    cache.set("br;/c.js", b"c")
    cache.set("br;/d.js", b"d")                                              # over the limit: not kept
    assert (cache.get("br;/c.js"), cache.get("br;/d.js")) == (b"c", None)


def test_a_folder_it_cannot_write_leaves_the_best_body_to_this_process(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    key = f"br;/assets/draw.js@{digest(TEXT)}"
    cache = StaticBodies(folder=blocked, background=False)
    cache.set(key, fast(TEXT))
    assert cache.get(key) == brotli.compress(TEXT, quality=BEST_QUALITY)
    assert StaticBodies(folder=blocked, background=False).get(key) is None


def test_a_bad_body_on_disk_is_replaced(tmp_path):
    key = f"br;/assets/draw.js@{digest(TEXT)}"
    (tmp_path / f"{digest(TEXT)}.br").write_bytes(b"not brotli at all")
    cache = StaticBodies(folder=tmp_path, background=False)
    cache.set(key, fast(TEXT))
    assert cache.get(key) == (tmp_path / f"{digest(TEXT)}.br").read_bytes() == brotli.compress(TEXT, quality=11)


def test_the_background_thread_improves_the_body(tmp_path):
    key = f"br;/assets/draw.js@{digest(TEXT)}"
    cache = StaticBodies(folder=tmp_path)
    cache.set(key, fast(TEXT))
    deadline = time.monotonic() + 20
    while cache.get(key) == fast(TEXT) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert cache.get(key) == brotli.compress(TEXT, quality=BEST_QUALITY)
    assert cache.worker is not None and cache.worker.daemon


@pytest.fixture(scope="module")
def client():
    from app import server
    return server.test_client()


def test_the_app_serves_a_script_best_compressed_once_improved(client):
    src = re.search(r'<script src="(/assets-bundle/app\.js\?m=[^"]+)"', client.get("/").get_data(as_text=True)).group(1)
    plain = client.get(src).data
    first = client.get(src, headers={"Accept-Encoding": "br"})
    assert first.headers["Content-Encoding"] == "br" and brotli.decompress(first.data) == plain
    saved = best_folder() / f"{digest(plain)}.br"
    deadline = time.monotonic() + 30                  # the low-priority thread writes it, then serves it
    again = client.get(src, headers={"Accept-Encoding": "br"})
    while not (saved.exists() and again.data == saved.read_bytes()) and time.monotonic() < deadline:
        time.sleep(0.05)
        again = client.get(src, headers={"Accept-Encoding": "br"})
    assert again.data == saved.read_bytes() == brotli.compress(plain, quality=BEST_QUALITY)
    assert int(again.headers["Content-Length"]) == len(again.data) <= len(first.data)
    assert again.headers["Cache-Control"] == "public, max-age=31536000, immutable"
