"""Rate limits on the Flask server: flask-limiter, with the per-group and per-address limits of the write routes
(indicators.uploads.throttle has the policy and the storage), and the client address behind a trusted proxy.

install(server) is the one call app.py makes: it trusts X-Forwarded-For only when $MPD_TRUSTED_PROXIES says how many
proxies set it (werkzeug's ProxyFix; never by default, since anyone can send the header), starts flask-limiter on the
configured storage and hands its strategy to throttle, so the page's callbacks count in the same storage with the
same keys as the API. The API's write routes carry `writes_by_group` and `writes_by_address`: checked before the
request body is read, answered 429 with Retry-After.
"""
from __future__ import annotations

import os

import flask
from flask_limiter import Limiter
from werkzeug.middleware.proxy_fix import ProxyFix

from indicators.store.config import data_dir
from indicators.uploads import auth, throttle
from indicators.uploads.constants import TRUSTED_PROXIES_ENV


def client_address() -> str:
    """The client's address (the proxy's forwarded one when a proxy is trusted, see install)."""
    return flask.request.remote_addr or "unknown"


def _address_key() -> str:
    """flask-limiter key of the client address."""
    return throttle.address_key(client_address())


def _group_or_none() -> str | None:
    """The group of the request's credential, or None (an invalid credential is refused by the route itself)."""
    if "mpd_group" not in flask.g:
        try:
            flask.g.mpd_group = auth.authenticate(auth.bearer(flask.request.headers.get("Authorization")),
                                                  str(data_dir()))
        except auth.AuthError:
            flask.g.mpd_group = None
    return flask.g.mpd_group


def _group_key() -> str:
    """flask-limiter key of the request's group."""
    return throttle.group_key(_group_or_none() or "")


limiter = Limiter(key_func=_address_key, key_prefix=throttle.KEY_PREFIX, strategy="fixed-window",
                  headers_enabled=True, in_memory_fallback_enabled=True)
writes_by_group = limiter.shared_limit(throttle.group_limits, scope=throttle.SCOPE, key_func=_group_key,
                                       exempt_when=lambda: _group_or_none() is None)
writes_by_address = limiter.shared_limit(throttle.address_limits, scope=throttle.SCOPE, key_func=_address_key)


def trusted_proxies() -> int:
    """How many proxies in front of the server set X-Forwarded-For ($MPD_TRUSTED_PROXIES; 0 when unset or bad)."""
    try:
        return max(0, int(os.environ.get(TRUSTED_PROXIES_ENV, "0") or 0))
    except ValueError:
        return 0


def trust_proxies(server: flask.Flask) -> None:
    """Read the client address from X-Forwarded-For only behind the configured number of proxies (none by default:
    anyone can send the header)."""
    hops = trusted_proxies()
    if hops:
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=hops, x_proto=hops, x_host=0, x_prefix=0)


def install(server: flask.Flask) -> None:
    """Trust the configured proxies, start flask-limiter on the configured storage, share it with the page."""
    trust_proxies(server)
    server.config.setdefault("RATELIMIT_STORAGE_URI", throttle.storage_uri())
    limiter.init_app(server)
    throttle.use(limiter.limiter)
