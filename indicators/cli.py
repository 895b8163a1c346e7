"""Command-line interface: `python -m indicators {score,corridors,ingest,uploads,retract,catalog,explain}`."""
from __future__ import annotations

import argparse
import sys

from .catalogue import catalogue_table, load_catalogue
from .ingest import format_problems, ingest
from .scoring import explain_text
from .service import (corridor_table, country_names, default_year, explanation, get_store, parse_weights,
                      score_table, scorecard)


def _parser() -> argparse.ArgumentParser:
    """The argument parser; --data-dir is accepted before or after the sub-command."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS,
                        help="data directory (default: $MPD_DATA_DIR, else the bundled data/)")
    p = argparse.ArgumentParser(prog="python -m indicators", parents=[common],
                                description="Migrant-protection indicators: scores, uploads and catalogue.")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("score", parents=[common], help="country scores for a reference year (CSV)")
    s.add_argument("--year", type=int)
    s.add_argument("--weights", default="", help="e.g. protection=1,recruitment=1,remittance=1,association=1")
    s.add_argument("--aggregation", choices=["arithmetic", "geometric"], default="arithmetic")
    c = sub.add_parser("corridors", parents=[common], help="corridor scores for a reference year (CSV)")
    c.add_argument("--year", type=int)
    c.add_argument("--aggregation", choices=["arithmetic", "geometric"], default="arithmetic")
    i = sub.add_parser("ingest", parents=[common], help="validate and commit a long-format CSV")
    i.add_argument("file")
    i.add_argument("--group", required=True, help="working group uploading the file")
    i.add_argument("--note", default="")
    sub.add_parser("uploads", parents=[common], help="list the upload log (CSV)")
    r = sub.add_parser("retract", parents=[common], help="retract an upload (nothing is deleted)")
    r.add_argument("upload_id")
    r.add_argument("--group", default="operator")
    r.add_argument("--note", default="")
    sub.add_parser("catalog", parents=[common], help="the indicator catalogue (CSV)")
    e = sub.add_parser("explain", parents=[common], help="how a country's score was built")
    e.add_argument("--iso3", required=True)
    e.add_argument("--year", type=int)
    e.add_argument("--weights", default="")
    e.add_argument("--aggregation", choices=["arithmetic", "geometric"], default="arithmetic")
    from .briefing import add_export_arguments
    add_export_arguments(sub.add_parser("export", parents=[common], help="briefing packs (PDF, PowerPoint) and charts"))
    return p


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    args = _parser().parse_args(argv)
    store = get_store(getattr(args, "data_dir", None))
    out = sys.stdout
    try:
        if args.command == "score":
            card = scorecard(store, args.year or default_year(), parse_weights(args.weights), args.aggregation)
            print(f"# {card.index_note()}", file=sys.stderr)
            score_table(card).to_csv(out, index=False, float_format="%.2f")
        elif args.command == "corridors":
            card = scorecard(store, args.year or default_year(), None, args.aggregation)
            corridor_table(card).to_csv(out, index=False, float_format="%.4g")
        elif args.command == "ingest":
            res = ingest(args.file, group=args.group, note=args.note, store=store)
            if not res.ok:
                print(format_problems(res.problems), file=out)
                print(f"rejected: {len(res.problems)} problem(s); nothing was written", file=sys.stderr)
                return 1
            print(res.upload_id, file=out)
            print(f"committed {res.rows} rows", file=sys.stderr)
        elif args.command == "uploads":
            store.uploads().to_csv(out, index=False)
        elif args.command == "retract":
            store.retract(args.upload_id, group=args.group, note=args.note)
            print(f"retracted {args.upload_id}", file=out)
        elif args.command == "catalog":
            catalogue_table(load_catalogue()).to_csv(out, index=False)
        elif args.command == "explain":
            iso3 = args.iso3.upper()
            ex = explanation(store, iso3, args.year or default_year(), parse_weights(args.weights), args.aggregation)
            print(explain_text(ex, country_names().get(iso3, iso3)), file=out)
        elif args.command == "export":
            from .briefing import run_export
            return run_export(store, args)
    except (ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
