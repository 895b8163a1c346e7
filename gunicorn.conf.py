"""Gunicorn settings for the dashboard in production: `gunicorn -c gunicorn.conf.py app:server`.

Sized for the machine the README targets (2 cores) and for what this app does: CPU-bound pandas/DuckDB work per
request (a few hundred ms), a few slow but legitimate requests (a briefing export starts a headless Chromium and
renders 3-4 charts: about 6 s on 2 cores the first time, 1-3 s after; a 200 MB upload through the API), and a
render browser per worker. Serve it behind a TLS-terminating reverse proxy (see SECURITY.md). Any setting can be
overridden on the command line (`-b`, `-w`, ...) or with GUNICORN_CMD_ARGS.
"""
from __future__ import annotations

import os

# Where to listen: loopback by default, the reverse proxy in front forwards to it. MPD_BIND overrides.
bind = os.environ.get("MPD_BIND", "127.0.0.1:8050")

# Worker class and count. gthread: each worker process runs a small thread pool, so a slow request (a briefing
# export waiting on the render browser, an upload streaming in, a slow client) does not hold the whole process, and
# idle keep-alive connections cost a thread, not a worker. Two processes for two cores: the work is CPU-bound under
# the GIL, so more processes would only add memory (each keeps its own data caches and, after the first export, its
# own Chromium of ~150-250 MB); four threads each cover the waits. MPD_WORKERS / MPD_THREADS for larger machines.
worker_class = "gthread"
workers = int(os.environ.get("MPD_WORKERS", "2"))
threads = int(os.environ.get("MPD_THREADS", "4"))

# Timeouts. With gthread, `timeout` is the worker's heartbeat, not a per-request limit: a worker is killed only when
# its main loop has not reported for this long, i.e. it is truly hung. 120 s sits above the longest legitimate
# stall (one static render may take up to its own 90 s time-out, RENDER_TIMEOUT in indicators/exports/constants.py)
# so a slow export is never mistaken for a hang. On restart or shutdown, in-flight requests get 60 s to finish (a
# briefing under way completes). Idle keep-alive connections from the proxy are closed after 5 s.
timeout = 120
graceful_timeout = 60
keepalive = 5

# Request limits (the app itself caps bodies: 413 over the largest a page sends, the API its 200 MB; SECURITY.md).
# The longest URL the pages write (a comparison of many countries with settings) is well under 2 KB; headers are a
# handful (no cookies; an Authorization bearer token on the API). Anything beyond is refused with 400 before the
# app sees it.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190

# Recycle each worker after about 2,000 requests (jitter spreads the restarts so both workers never restart at
# once): bounds slow memory growth of pandas/DuckDB caches and of the long-lived render browser.
max_requests = 2000
max_requests_jitter = 200

# No preloading: the app is imported in each worker, not in the master before forking. Every worker then opens its
# own store (a DuckDB connection must not be shared across a fork) and starts its own render-browser thread, and
# this stays true even if a later change touches the store at import time. The cost is memory that preloading
# would share only until CPython's reference counts touch the pages anyway.
preload_app = False

# The heartbeat file on a RAM-backed filesystem where there is one (a disk-backed /tmp can stall os.fchmod).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# No control socket (gunicorn 25.1+): nothing else administers this process; it is restarted by its service manager.
control_socket_disable = True

# Logs to stderr for the service manager; the access log without query strings' secrets (there are none in URLs:
# tokens travel in the Authorization header, which is not logged).
accesslog = "-"
errorlog = "-"
loglevel = "info"
proc_name = "migrant-protection-dashboard"
