"""Benchmark (not a test): validate + commit a 1 M-row long-format CSV, side by side with a row-by-row baseline.

Builds a SYNTHETIC upload in a temporary directory (never shipped, never mixed with real data): 800,000 country rows
(4 indicators x every country x years and quarters x sex) and 200,000 corridor rows, all valid, real ISO3 codes,
values inside each indicator's valid range. Then, each in its own fresh process (so peak memory is its own):

  ingest    the project's path: indicators.uploads.ingest.ingest() on the file: read, validate, commit the upload as
            one Delta Lake table version (its data file and its record); --repeat fresh processes (as the CLI runs), each then ingesting once more warm (as a
            running dashboard server does, catalogue and country reference loaded)
  legacy    the same path with the previous layout's writer (one Parquet file, then a JSON record) in place of the
            table commit, alternated with `ingest` run by run (today's writer, side by side)
  baseline  a straightforward row-by-row validator: pandas.read_csv as text, then a Python loop with per-row checks
            (indicator known and not derived, level and place codes, period pattern and year range, value numeric,
            finite and in range, 0/1 for binary indicators, sex, duplicate keys), then Store.commit

Reported: seconds, rows/s, peak resident memory of the process (and the part above the interpreter with its
imports), and the ratio. Run: .venv/bin/python bench/ingest.py [--rows 1000000] [--repeat 5]

--commit times the commit step alone (one validated upload committed by the Delta Lake store and by the previous
writer, alternated, wall and CPU time), the part this store changed; --commit --s3 adds the Delta Lake store on an
S3 server on loopback (moto, tests/s3_server.py).

--worst instead builds the worst cases of bench/worst_files.py (each as large as the limits allow: many unknown
country names, every cell wrong, distinct free text, the widest and the sparsest wide files) and reports, each in
a fresh process, the seconds of validation and preview and the peak memory above the loaded process, against the
file's size (the targets: at most 20 s on 2 cores, about 10x the file's size).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COUNTRY = [("labour_rights_sdg882", 0, 10), ("trade_union_freedom_fh", 0, 4), ("migration_policy_sdg1072", 1, 4),
           ("remittance_cost_to_country", 0, 100)]


def rss_mb() -> float:
    """Peak resident memory of this process image so far, in MB: VmHWM (ru_maxrss would carry the parent's peak
    across fork and exec)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_file(path: Path, rows: int) -> int:
    """Write a valid synthetic long-format upload of `rows` rows; returns the row count."""
    import numpy as np
    from indicators.store.countries import country_table
    isos = sorted(country_table()["iso3"])
    rng = np.random.default_rng(20301)
    n_corr = rows // 5
    n_country = rows - n_corr
    periods = [f"{y}{q}" for y in range(1950, 2026) for q in ("", "Q1", "Q2", "Q3", "Q4")]
    out = open(path, "w", encoding="utf-8")
    lines = ["indicator_id,iso3,origin_iso3,destination_iso3,period,value,sex,source,note"]
    k = 0
    for ind, lo, hi in COUNTRY:
        for iso in isos:
            for p in periods:
                for sex in ("total", "female", "male"):
                    if k >= n_country:
                        break
                    lines.append(f"{ind},{iso},,,{p},{lo + (hi - lo) * rng.random():.4f},{sex},SYNTHETIC benchmark,")
                    k += 1
    corridors = [(o, d) for o in isos[:60] for d in isos[100:160] if o != d]
    quarters = [f"{y}Q{q}" for y in range(1990, 2026) for q in range(1, 5)]
    c = 0
    for o, d in corridors:
        for p in quarters:
            if c >= n_corr:
                break
            lines.append(f"remittance_cost_corridor,,{o},{d},{p},{100 * rng.random():.4f},total,SYNTHETIC RPW,")
            c += 1
        if c >= n_corr:
            break
    out.write("\n".join(lines) + "\n")
    out.close()
    return k + c


def worker_ingest(path: Path, data: Path) -> dict:
    """The project's path, timed from the file on disk to the committed upload: first in this fresh process (as
    the CLI runs it), then once more into a second data directory (as a running dashboard server would, with the
    catalogue, the country reference and the memory pool already warm)."""
    from indicators.uploads.ingest import ingest
    from indicators.store.observations import Store
    base = rss_mb()
    t0 = time.perf_counter()
    res = ingest(path, group="bench", store=Store(data), max_bytes=1 << 31, max_rows=10_000_000)
    seconds = time.perf_counter() - t0
    assert res.ok, [str(p) for p in res.problems[:5]]
    peak = rss_mb()
    t0 = time.perf_counter()
    again = ingest(path, group="bench", store=Store(Path(str(data) + "-warm")), max_bytes=1 << 31,
                   max_rows=10_000_000)
    warm = time.perf_counter() - t0
    assert again.ok
    return {"seconds": seconds, "warm_seconds": warm, "rows": res.rows, "peak_mb": peak, "base_mb": base}


def worker_legacy(path: Path, data: Path) -> dict:
    """The same path with the previous layout's writer (a Parquet file and a JSON record, before Delta Lake) in place
    of the table commit: today's validation, yesterday's commit, side by side."""
    from indicators.store import legacy
    from indicators.store.files import utc_now
    from indicators.store.observations import Store

    def previous_commit(self, table, record, stamp=True):
        record["committed_at"] = utc_now()
        legacy.write_upload(self.root, table, record)
        return record["upload_id"]
    Store.commit_table = previous_commit
    Store.exists = lambda self, upload_id: (self.root / "log" / f"{upload_id}.commit.json").exists()
    return worker_ingest(path, data)


def worker_baseline(path: Path, data: Path) -> dict:
    """A row-by-row validator with pandas and per-row Python checks, then the store's own commit."""
    import math
    import re

    import pandas as pd

    from indicators.store.catalogue import load_catalogue
    from indicators.store.countries import iso3_set
    from indicators.store.observations import Store
    from indicators.store.files import sha256_file
    cat = load_catalogue()
    valid = iso3_set()
    meta = {i: (r["level"], float(r["valid_min"]), float(r["valid_max"]), bool(r.get("binary")),
                isinstance(r["derived_from"], str)) for i, r in cat.indicators.iterrows()}
    period_re = re.compile(r"^\d{4}(Q[1-4])?$")
    base = rss_mb()
    t0 = time.perf_counter()
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    problems, seen, values = [], set(), []
    for i, r in enumerate(df.itertuples(index=False), start=2):
        m = meta.get(r.indicator_id)
        if m is None or m[4]:
            problems.append((i, "indicator_id"))
            values.append(math.nan)
            continue
        level, lo, hi, binary, _ = m
        if level == "country":
            if r.iso3 not in valid or r.origin_iso3 or r.destination_iso3:
                problems.append((i, "iso3"))
        elif (r.origin_iso3 not in valid or r.destination_iso3 not in valid or r.iso3
              or r.origin_iso3 == r.destination_iso3):
            problems.append((i, "corridor"))
        if not period_re.match(r.period) or not 1950 <= int(r.period[:4]) <= 2027:
            problems.append((i, "period"))
        try:
            v = float(r.value)
        except ValueError:
            v = math.nan
        if not math.isfinite(v) or v < lo or v > hi or (binary and v not in (0.0, 1.0)):
            problems.append((i, "value"))
        if (r.sex or "total") not in ("total", "female", "male"):
            problems.append((i, "sex"))
        key = (r.indicator_id, r.iso3, r.origin_iso3, r.destination_iso3, r.period, r.sex or "total")
        if key in seen:
            problems.append((i, "duplicate"))
        seen.add(key)
        values.append(v)
    assert not problems, problems[:5]
    clean = pd.DataFrame({"indicator_id": df["indicator_id"], "iso3": df["iso3"].replace("", None),
                          "origin_iso3": df["origin_iso3"].replace("", None),
                          "destination_iso3": df["destination_iso3"].replace("", None), "period": df["period"],
                          "value": values, "sex": df["sex"].replace("", "total"), "source": df["source"],
                          "note": df["note"].replace("", None)})
    Store(data).commit(clean, group="bench", file_name=path.name, sha256=sha256_file(path))
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "rows": len(clean), "peak_mb": rss_mb(), "base_mb": base}


def worker_worst(path: Path, data: Path) -> dict:
    """Validation and preview of one worst-case file as the HTTP API runs it (ingest_bytes, dry run), timed from the
    bytes in memory; peak memory above the process with its imports, the catalogue, the store's connection and the
    file's bytes loaded (as in a running server)."""
    from indicators.store.countries import iso3_set, resolve
    from indicators.store.in_force import catalogue_for
    from indicators.store.observations import Store
    from indicators.uploads.ingest import ingest_bytes
    catalogue_for(None), iso3_set(), resolve("Kenya")
    store = Store(data)
    store.connection()                  # the store's DuckDB connection, open in a running server
    raw = path.read_bytes()
    base = rss_mb()
    t0 = time.perf_counter()
    res = ingest_bytes(raw, path.name, "bench", store=store, dry_run=True)
    seconds = time.perf_counter() - t0
    first = str(res.problems[0])[:100] if res.problems else ""
    return {"seconds": seconds, "peak_mb": rss_mb(), "base_mb": base, "ok": res.ok, "rows": res.rows,
            "problems": res.problem_count, "first": first, "mb": len(raw) / 2 ** 20}


def run_worst(tmp: Path) -> None:
    """Build each worst-case file, validate it in a fresh process, print time and peak memory against the size."""
    from bench.worst_files import WORST
    print(f"{'worst case (validation + preview, dry run)':<48}{'MB':>7}{'rows':>11}{'seconds':>9}{'peak MB':>9}"
          f"{'x size':>8}  outcome")
    for k, (name, build) in enumerate(WORST.items()):
        path = tmp / f"worst-{k}.csv"
        build(path)
        out = subprocess.run([sys.executable, __file__, "--worker", "worst", str(path), str(tmp / f"d{k}")],
                             capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        r = json.loads(out.stdout.strip().splitlines()[-1])
        above = r["peak_mb"] - r["base_mb"]
        outcome = "accepted" if r["ok"] else f"{r['problems']:,} problems: {r['first']}"
        print(f"{name:<48}{r['mb']:>7.1f}{r['rows']:>11,}{r['seconds']:>9.2f}{above:>9.0f}"
              f"{above / max(r['mb'], 1e-9):>8.1f}  {outcome[:90]}")
        path.unlink()


def run_worker(kind: str, path: Path, tmp: Path, k: int) -> dict:
    """One measurement in a fresh interpreter; checks that the committed store holds every row."""
    data = tmp / f"data-{kind}-{k}"
    out = subprocess.run([sys.executable, __file__, "--worker", kind, str(path), str(data)], capture_output=True,
                         text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    result = json.loads(out.stdout.strip().splitlines()[-1])
    from indicators.store.observations import Store
    if kind == "legacy":
        import pyarrow.dataset as ds
        stored = ds.dataset(str(data / "observations"), format="parquet").count_rows()
    else:
        stored = int(Store(data).query("SELECT count(*) AS n FROM obs_current")["n"][0])
    assert stored == result["rows"], (stored, result["rows"])
    return result


def s3_store(k: int):
    """A store on the loopback S3 server (moto) the benchmark started, under a fresh prefix."""
    from indicators.store.objects import S3Path
    from indicators.store.observations import Store
    from tests.s3_server import BUCKET
    return Store(S3Path(f"s3://{BUCKET}/bench-{k}/data"))


def start_s3() -> subprocess.Popen:
    """Start moto's S3 server on loopback (tests/s3_server.py) and point this process's AWS_* variables at it."""
    from tests.s3_server import ENV, make_bucket, start_server
    proc, endpoint = start_server()
    os.environ.update({**ENV, "AWS_ENDPOINT_URL": endpoint})
    make_bucket(endpoint)
    return proc


def run_commit_only(tmp: Path, rows: int, repeat: int, s3: bool = False) -> None:
    """The commit step alone, side by side: one validated 1 M-row upload committed `repeat` times by the Delta Lake
    store and by the previous writer, alternated (with --s3 also by the Delta Lake store on a loopback S3 server,
    moto: a single-threaded emulator, so its figure shows the protocol's requests, not S3's throughput); wall time
    and CPU time of the process (all threads), medians."""
    from indicators.store import legacy
    from indicators.store.files import utc_now
    from indicators.store.observations import OBS_SCHEMA, Store
    from indicators.uploads.commit import commit
    from indicators.uploads.prepare import prepare
    path = tmp / "upload.csv"
    make_file(path, rows)
    prep = prepare(path.read_bytes(), path.name, max_bytes=1 << 31, max_rows=10_000_000)
    assert prep.ok
    times: dict[str, list[tuple[float, float]]] = {"delta": [], "previous": []}
    if s3:
        times["delta on S3 (moto, loopback)"] = []
        server = start_s3()
    for k in range(repeat):
        for kind in times:
            w, c = time.perf_counter(), time.process_time()
            if kind == "delta":
                commit(Store(tmp / f"delta-{k}"), prep, "bench")
            elif kind.startswith("delta on S3"):
                commit(s3_store(k), prep, "bench")
            else:
                import pyarrow as pa
                n = prep.table.num_rows
                uid = pa.array(["u-bench"], pa.string()).take(pa.array([0] * n, pa.int32()))
                table = prep.table.append_column("upload_id", uid).select(OBS_SCHEMA.names).cast(OBS_SCHEMA)
                legacy.write_upload(tmp / f"old-{k}", table, {"upload_id": "u-bench", "committed_at": utc_now()})
            times[kind].append((time.perf_counter() - w, time.process_time() - c))
    print(f"{'commit of ' + format(rows, ',') + ' validated rows':<40}{'wall s':>9}{'CPU s':>9}{'rows/s (wall)':>15}")
    for kind, ts in times.items():
        wall, cpu = statistics.median(t[0] for t in ts), statistics.median(t[1] for t in ts)
        print(f"{kind:<40}{wall:>9.2f}{cpu:>9.2f}{rows / wall:>15,.0f}")
    if s3:
        server.terminate()


def main() -> None:
    """Build the file, run both paths, print the table."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--worst", action="store_true", help="the worst cases of validation time and memory instead")
    p.add_argument("--commit", action="store_true", help="the commit step alone: Delta Lake store vs previous writer")
    p.add_argument("--s3", action="store_true", help="with --commit: also the Delta Lake store on moto (loopback S3)")
    p.add_argument("--worker", nargs=3, metavar=("KIND", "FILE", "DATA"), help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.worker:
        kind, file, data = args.worker
        fn = {"ingest": worker_ingest, "legacy": worker_legacy, "baseline": worker_baseline,
              "worst": worker_worst}[kind]
        print(json.dumps(fn(Path(file), Path(data))))
        return
    if args.commit:
        with tempfile.TemporaryDirectory(prefix="mpd-bench-commit-") as tmpdir:
            run_commit_only(Path(tmpdir), args.rows, args.repeat, args.s3)
        return
    if args.worst:
        with tempfile.TemporaryDirectory(prefix="mpd-bench-worst-") as tmpdir:
            run_worst(Path(tmpdir))
        return
    with tempfile.TemporaryDirectory(prefix="mpd-bench-ingest-") as tmpdir:
        tmp = Path(tmpdir)
        path = tmp / "upload.csv"
        t0 = time.perf_counter()
        n = make_file(path, args.rows)
        print(f"synthetic upload: {n:,} rows, {path.stat().st_size / 1e6:.1f} MB (built in "
              f"{time.perf_counter() - t0:.1f} s); {os.cpu_count()} CPUs")
        runs, olds = [], []
        for k in range(args.repeat):                 # alternated, so both see the same load on a shared machine
            runs.append(run_worker("ingest", path, tmp, k))
            olds.append(run_worker("legacy", path, tmp, k))
        base = run_worker("baseline", path, tmp, 0)
    med = statistics.median(r["seconds"] for r in runs)
    warm = statistics.median(r["warm_seconds"] for r in runs)
    peak = statistics.median(r["peak_mb"] for r in runs)
    above = statistics.median(r["peak_mb"] - r["base_mb"] for r in runs)
    print()
    print(f"{'path (validate + commit, ' + format(n, ',') + ' rows)':<46}{'seconds':>9}{'rows/s':>13}{'peak MB':>10}"
          f"{'above imports MB':>18}")
    print(f"{'ingest, fresh process (median of ' + str(len(runs)) + ')':<46}{med:>9.2f}{n / med:>13,.0f}"
          f"{peak:>10.0f}{above:>18.0f}")
    print(f"{'ingest, warm process (dashboard server)':<46}{warm:>9.2f}{n / warm:>13,.0f}{'':>10}{'':>18}")
    old, old_warm = (statistics.median(r[k] for r in olds) for k in ("seconds", "warm_seconds"))
    print(f"{'previous writer (file + record), fresh':<46}{old:>9.2f}{n / old:>13,.0f}"
          f"{statistics.median(r['peak_mb'] for r in olds):>10.0f}{'':>18}")
    print(f"{'previous writer (file + record), warm':<46}{old_warm:>9.2f}{n / old_warm:>13,.0f}{'':>10}{'':>18}")
    print(f"{'baseline: pandas + per-row checks':<46}{base['seconds']:>9.2f}{n / base['seconds']:>13,.0f}"
          f"{base['peak_mb']:>10.0f}{base['peak_mb'] - base['base_mb']:>18.0f}")
    print()
    each = ", ".join(f"{r['seconds']:.2f}" for r in runs)
    print(f"fresh-process runs (s): {each}")
    print(f"Delta Lake store / previous writer: {med / old:.2f}x the time (fresh), {warm / old_warm:.2f}x (warm)")
    print(f"ratio baseline / ingest: {base['seconds'] / med:.1f}x (fresh), {base['seconds'] / warm:.1f}x (warm); "
          f"targets >= 1,000,000 rows/s: {'met' if n / med >= 1e6 else 'NOT met'} (fresh), "
          f"{'met' if n / warm >= 1e6 else 'NOT met'} (warm); >= 5x: {'met' if base['seconds'] / med >= 5 else 'NOT met'}")


if __name__ == "__main__":
    main()
