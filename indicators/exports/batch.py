"""The batch command line of the exports: `python -m indicators export` writes briefing packs, their charts or their
indicator tables for countries and corridors, with one warm browser for the whole batch."""
from __future__ import annotations

import argparse
import sys
from typing import TextIO

from indicators.exports.briefing_pack import corridor_pack, country_pack
from indicators.exports.constants import EXPORT_FORMATS
from indicators.exports.rendering import warm_browser
from indicators.scoring.service import default_year, parse_weights
from indicators.store.observations import Store
from indicators.views.urlstate import Settings, default_weights


def add_export_arguments(p: argparse.ArgumentParser) -> None:
    """Options of `python -m indicators export` (argparse sub-parser)."""
    p.add_argument("--iso3", action="append", default=[], metavar="ISO3[,ISO3...]",
                   help="country profile(s); repeat or separate with commas")
    p.add_argument("--corridor", action="append", default=[], metavar="ORIGIN-DESTINATION",
                   help="corridor(s) in the direction people migrate, e.g. NPL-QAT; repeat or separate with commas")
    p.add_argument("--format", action="append", default=[], metavar="|".join(EXPORT_FORMATS),
                   help="pdf and pptx: briefing pack; png and svg: its charts, print-styled; xlsx: indicator table "
                        "with metadata (default pdf; repeat or separate with commas)")
    p.add_argument("--out", default=".", help="output folder (created if missing)")
    p.add_argument("--year", type=int)
    p.add_argument("--weights", default="", help="e.g. protection=1,recruitment=1,remittance=1,association=1")
    p.add_argument("--aggregation", choices=["arithmetic", "geometric"], default="arithmetic")


def _split(values: list[str]) -> list[str]:
    """Repeated and comma-separated option values as one list."""
    return [v.strip() for x in values for v in x.split(",") if v.strip()]


def run_export(store: Store, args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Write the packs or charts asked for; prints each file written. Exit code 0, 1 if any failed, 2 if none asked."""
    out, err = out or sys.stdout, err or sys.stderr
    formats = _split(args.format) or ["pdf"]
    bad = [f for f in formats if f not in EXPORT_FORMATS]
    countries, corridors = [c.upper() for c in _split(args.iso3)], [c.upper() for c in _split(args.corridor)]
    if bad or not (countries or corridors):
        print(f"error: give --iso3 and/or --corridor, and formats among {', '.join(EXPORT_FORMATS)}"
              + (f" (not {', '.join(bad)})" if bad else ""), file=err)
        return 2
    weights = parse_weights(args.weights)
    full = {**default_weights(), **weights}
    settings = Settings(year=int(args.year or default_year(store)), weights=full, aggregation=args.aggregation)
    failed = 0
    with warm_browser():                      # one browser for the whole batch
        jobs = [("country", c) for c in countries] + [("corridor", c) for c in corridors]
        for kind, code in jobs:
            try:
                if kind == "country":
                    pack = country_pack(store, code, settings)
                else:
                    o, _, d = code.partition("-")
                    if not o or not d:
                        raise KeyError(f"corridor {code!r} must look like ORIGIN-DESTINATION, e.g. NPL-QAT")
                    pack = corridor_pack(store, o, d, settings)
                for fmt in formats:
                    for path in pack.write(fmt, args.out):
                        print(path, file=out)
            except KeyError as exc:
                failed += 1
                print(f"error: {exc.args[0] if exc.args else exc}", file=err)
    return 1 if failed else 0
