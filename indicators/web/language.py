"""The language of an HTTP API answer: `?lang=` (en, fr, es), else the request's Accept-Language, else English; set
for the whole request (messages, names, units) and said in the answer (Content-Language, Vary: Accept-Language)."""
from __future__ import annotations

from flask import Blueprint, Response, g, request

from indicators.i18n import pick, use


def request_language() -> str:
    """The language asked for by the current request."""
    return pick(request.args.get("lang"), request.headers.get("Accept-Language"))


def install(bp: Blueprint) -> None:
    """Answer every request of a blueprint in its language."""
    bp.before_request(_enter)
    bp.after_request(_label)
    bp.teardown_request(_leave)


def _enter() -> None:
    """Put the request's language in force until the request ends."""
    block = use(request_language())
    block.__enter__()
    g.mpd_language_block = block


def _label(resp: Response) -> Response:
    """Say the answer's language, and that it varies with Accept-Language (caches keep one copy per language)."""
    resp.headers["Content-Language"] = request_language()
    resp.vary.add("Accept-Language")
    return resp


def _leave(_exc: BaseException | None = None) -> None:
    """Restore the language in force before the request."""
    block = g.pop("mpd_language_block", None)
    if block is not None:
        block.__exit__(None, None, None)
