"""Benchmark of static exports on the bundled data (measured, not asserted in tests).

    .venv/bin/python bench/export.py [--countries 50] [--data-dir data]

Prints the time of: one chart (world map and a bar chart, PNG/SVG/PDF), first (browser start included) and warm;
one briefing pack (KEN, PDF + PowerPoint), first and warm; a batch of N country packs with one warm browser; and,
for contrast, the same few charts with a new browser per chart (plotly's default without a kept server).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import plotly.io as pio  # noqa: E402

from indicators.exports import briefing_pack, rendering  # noqa: E402
from indicators.exports.country_content import country_content  # noqa: E402
from indicators.exports.print_style import export_chart, print_style  # noqa: E402
from indicators.views import overview  # noqa: F401
from indicators.store.catalogue import load_catalogue  # noqa: F401
from indicators.scoring.service import get_store, scorecard  # noqa: F401


def timed(fn):
    """(seconds, result) of one call."""
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--countries", type=int, default=50)
    p.add_argument("--data-dir", default=None)
    p.add_argument("--year", type=int, default=2020)
    args = p.parse_args()
    store = get_store(args.data_dir)
    settings = briefing_pack.default_settings(args.year)
    card = scorecard(store, args.year)
    cat = load_catalogue()
    world = overview.map_figure(overview.map_view(card, cat, "index"), args.year).to_dict()
    bars = country_content(store, "KEN", settings).charts[0].fig.to_dict()
    rendering.stop_browser()

    print(f"chromium: {rendering.chromium_path()}")
    print("\n== one chart (print style + render)")
    for label, fig in (("world map", world), ("bar chart", bars)):
        for fmt in ("png", "svg", "pdf"):
            runs = [timed(lambda: export_chart(fig, fmt))[0] for _ in range(4)]
            first = " (first, browser start)" if label == "world map" and fmt == "png" else ""
            print(f"{label:10s} {fmt}: first {runs[0]:.2f} s{first}, warm median {statistics.median(runs[1:]):.2f} s")

    print("\n== one briefing pack (KEN: content + charts rendered once + PDF + PowerPoint)")
    rendering.stop_browser()
    for run in ("first", "warm", "warm"):
        t0 = time.perf_counter()
        pack = briefing_pack.country_pack(store, "KEN", settings)
        t1 = time.perf_counter()
        pdf = pack.pdf()
        t2 = time.perf_counter()
        pptx = pack.pptx()
        t3 = time.perf_counter()
        print(f"{run:5s}: total {t3 - t0:.2f} s (content {t1 - t0:.2f}, PDF {t2 - t1:.2f} incl. rendering its charts, "
              f"PowerPoint {t3 - t2:.2f} reusing them; {len(pack._png)} chart renders in all); "
              f"PDF {len(pdf) // 1024} KB, PPTX {len(pptx) // 1024} KB")
    for run in ("first", "warm"):
        t, _ = timed(lambda: briefing_pack.corridor_pack(store, "NPL", "QAT", settings).pdf())
        print(f"corridor NPL-QAT pack, PDF only, {run} (browser already warm): {t:.2f} s")

    codes = list(card.countries.loc[card.countries["rank"].notna(), "iso3"])[: args.countries]
    print(f"\n== batch: {len(codes)} country packs (PDF + PowerPoint), one warm browser")
    rendering.stop_browser()
    with tempfile.TemporaryDirectory() as out, rendering.warm_browser():
        t0 = time.perf_counter()
        per = []
        for code in codes:
            t = time.perf_counter()
            pack = briefing_pack.country_pack(store, code, settings)
            pack.write("pdf", out)
            pack.write("pptx", out)
            per.append(time.perf_counter() - t)
        total = time.perf_counter() - t0
        files = len(list(Path(out).iterdir()))
        renders = rendering._BROWSER.renders
    print(f"total {total:.1f} s for {files} files ({renders} chart renders, 1 browser start); per country: median "
          f"{statistics.median(per):.2f} s, max {max(per):.2f} s")

    print("\n== contrast: a new browser per chart (plotly.io.to_image without a kept server), 3 bar charts")
    times = [timed(lambda: pio.to_image(print_style(bars), format="png", scale=2))[0] for _ in range(3)]
    print("per chart: " + ", ".join(f"{t:.2f} s" for t in times))


if __name__ == "__main__":
    main()
