"""Cold start: seconds from process start to the first page served, per page, on the bundled data (or --data-dir),
with an empty shared cache ("nothing materialised") and with the data version already materialised by an earlier
process ("materialised"). Each measurement is a fresh Python process (imports included), the page rendered through
the Dash Pages callback with Flask's test client. Measured, not asserted.

Run: .venv/bin/python bench/coldstart.py [--data-dir DIR] [--repeat 3]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PAGES = ("/", "/country/KEN", "/corridors", "/compare", "/methodology", "/methodology/audit")
CHILD = """
import json, sys, time
t0 = time.perf_counter()
sys.path[:0] = [{project!r}, {bench!r}]
from app import server
from callbacks import ROUTER
body = dict(ROUTER, inputs=[{{"id": "_pages_location", "property": "pathname", "value": sys.argv[1]}},
                            {{"id": "_pages_location", "property": "search", "value": ""}}])
t1 = time.perf_counter()
r = server.test_client().post("/_dash-update-component", json=body)
print(json.dumps({{"status": r.status_code, "imports": t1 - t0, "total": time.perf_counter() - t0}}))
"""


def run(page: str, env: dict) -> dict:
    """One fresh process: import the app, render one page; seconds for imports and in all."""
    code = CHILD.format(project=str(PROJECT), bench=str(PROJECT / "bench"))
    out = subprocess.run([sys.executable, "-c", code, page], env=env, capture_output=True, text=True, cwd=PROJECT,
                         timeout=300)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    """Print per page: nothing materialised (first process of a data version) and materialised (a later one)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", default=str(PROJECT / "data"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print(f"{'page':18} {'nothing materialised s':>23} {'materialised s':>15} {'imports s':>10}")
    for page in PAGES:
        cold, warm, imports = [], [], []
        for _ in range(args.repeat):
            cache = tempfile.mkdtemp(prefix="mpd-coldstart-")
            env = {**os.environ, "MPD_DATA_DIR": args.data_dir, "MPD_CACHE_DIR": cache, "MPD_WARM_SCORECARDS": "0"}
            first = run(page, env)               # empty cache: this process materialises what the page needs
            second = run(page, env)              # a new process on the same data version
            assert first["status"] == second["status"] == 200, (first, second)
            cold.append(first["total"])
            warm.append(second["total"])
            imports.append(second["imports"])
        print(f"{page:18} {statistics.median(cold):23.2f} {statistics.median(warm):15.2f} "
              f"{statistics.median(imports):10.2f}")


if __name__ == "__main__":
    main()
