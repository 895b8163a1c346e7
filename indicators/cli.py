"""Command-line interface: `python -m indicators {score,audit,corridors,ingest,uploads,retract,catalog,explain,
groups,history,as-of,export,check,migrate-store}`.
Every CSV it prints goes through the one neutralising writer (indicators.store.safe_tables)."""
from __future__ import annotations

import argparse
import logging
import os
import sys

from indicators.i18n import LANGUAGES, _, ngettext, use
from indicators.i18n.formats import integer
from indicators.store.catalogue import catalogue_table
from indicators.store.safe_tables import write_csv
from indicators.uploads.constants import LAYOUTS, limits
from indicators.uploads.ingest import ingest
from indicators.uploads.problems import format_problems
from indicators.scoring.explain import explain_text
from indicators.scoring.citation import citation
from indicators.scoring.service import (
    audit, corridor_table, country_names, default_year, explanation, get_store, method_version, parse_weights, score_table,
    scorecard, version_line)
from indicators.scoring.vintage import vintage_note

DEBUG_ENV = "MPD_DEBUG"


def _parser() -> argparse.ArgumentParser:
    """The argument parser; --data-dir is accepted before or after the sub-command."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS,
                        help="data directory (default: $MPD_DATA_DIR, else the bundled data/)")
    common.add_argument("--lang", default=argparse.SUPPRESS, choices=LANGUAGES,
                        help="language of notes, exported files and explanations (default en; CSV column names and "
                             "codes stay English so scripts can read them)")
    p = argparse.ArgumentParser(prog="python -m indicators", parents=[common],
                                description="Migrant-protection indicators: scores, uploads and catalogue.")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("score", parents=[common], help="country scores for a reference year (CSV)")
    s.add_argument("--year", type=int)
    s.add_argument("--weights", default="", help="e.g. protection=1,recruitment=1,remittance=1,association=1")
    s.add_argument("--aggregation", choices=["arithmetic", "geometric"], default="arithmetic")
    au = sub.add_parser("audit", parents=[common], help="statistical audit of the composite (CSV)",
                        description="JRC-style statistical audit of the index for a year, weights and rule: "
                        "correlations of indicators with their pillar and of pillars with the index (Pearson, "
                        "Spearman, n), redundant indicator pairs, dominance (importance = r\u00b2 share against the "
                        "nominal weight share), coverage and rank uncertainty. CSV on stdout; by default the flags, "
                        "one plain-language row each (kind, subject, parent, value, threshold, meaning).")
    au.add_argument("--year", type=int)
    au.add_argument("--weights", default="", help="e.g. protection=1,recruitment=1,remittance=1,association=1")
    au.add_argument("--aggregation", choices=["arithmetic", "geometric"], default="arithmetic")
    au.add_argument("--table", choices=["flags", "correlations", "redundancy", "dominance", "coverage",
                                        "uncertainty", "all"], default="flags",
                    help="which table (default: flags); 'all' stacks every table with a `table` column first")
    c = sub.add_parser("corridors", parents=[common], help="corridor scores for a reference year (CSV)")
    c.add_argument("--year", type=int)
    c.add_argument("--aggregation", choices=["arithmetic", "geometric"], default="arithmetic")
    i = sub.add_parser("ingest", parents=[common],
                       help="validate and commit a CSV (long, wide, WDI, SDG or NORMLEX ratification layout)")
    i.add_argument("file")
    i.add_argument("--group", required=True, help="working group uploading the file")
    i.add_argument("--note", default="")
    i.add_argument("--layout", "--format", dest="layout", choices=("auto",) + LAYOUTS, default="auto",
                   help="file layout (default: recognised from the header)")
    i.add_argument("--indicator", help="indicator id for files without an indicator column (or to confirm it)")
    i.add_argument("--propose", metavar="DEFINITION", help="YAML/JSON file proposing a new indicator for this data")
    i.add_argument("--dry-run", action="store_true", help="check and show what would change; write nothing")
    i.add_argument("--max-bytes", type=int, help="size limit (default $MPD_MAX_UPLOAD_BYTES or 200 MB)")
    i.add_argument("--max-rows", type=int, help="row limit (default $MPD_MAX_UPLOAD_ROWS or 5,000,000)")
    g = sub.add_parser("groups", parents=[common], help="working-group credentials: add, list, revoke")
    gsub = g.add_subparsers(dest="action", required=True)
    ga = gsub.add_parser("add", parents=[common], help="register a group and print its new token (shown once)")
    ga.add_argument("name")
    ga.add_argument("--replace", action="store_true", help="issue a new token for an existing group")
    gsub.add_parser("list", parents=[common], help="list groups (CSV; tokens are never shown)")
    gr = gsub.add_parser("revoke", parents=[common], help="revoke a group's token")
    gr.add_argument("name")
    h = sub.add_parser("history", parents=[common], help="upload history, newest first (CSV)")
    h.add_argument("--group")
    h.add_argument("--indicator")
    a = sub.add_parser("as-of", parents=[common], help="values as they stood right after an upload (CSV)")
    a.add_argument("upload_id")
    a.add_argument("--indicator")
    sub.add_parser("uploads", parents=[common], help="list the upload log (CSV)")
    r = sub.add_parser("retract", parents=[common], help="retract an upload (nothing is deleted)")
    r.add_argument("upload_id")
    r.add_argument("--group", default="operator")
    r.add_argument("--note", default="")
    ck = sub.add_parser("check", parents=[common], help="check the data directory: damaged records, missing or "
                        "orphan files (exit 1 when anything is listed)")
    ck.add_argument("--quarantine", action="store_true",
                    help="damaged table commits: say what to do (they are never moved)")
    ck.add_argument("--clean", action="store_true", help="delete temporary and orphan files older than an hour")
    ms = sub.add_parser("migrate-store", parents=[common], help="convert a data directory of the previous layout "
                        "(log/ and observations/<id>.parquet) into a new Delta Lake store, history kept")
    ms.add_argument("old_dir")
    ms.add_argument("new_dir", help="a new folder, or an s3://bucket/prefix URL (credentials from AWS_* variables)")
    sub.add_parser("catalog", parents=[common], help="the indicator catalogue (CSV)")
    sub.add_parser("warm", parents=[common], help="materialise the data version's scorecards in $MPD_CACHE_DIR")
    e = sub.add_parser("explain", parents=[common], help="how a country's score was built")
    e.add_argument("--iso3", required=True)
    e.add_argument("--year", type=int)
    e.add_argument("--weights", default="")
    e.add_argument("--aggregation", choices=["arithmetic", "geometric"], default="arithmetic")
    from indicators.exports.batch import add_export_arguments
    add_export_arguments(sub.add_parser("export", parents=[common], help="briefing packs (PDF, PowerPoint) and charts"))
    return p


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the process exit code (2 for a refused request, 1 for a failure). No traceback
    reaches the user unless $MPD_DEBUG is set: the error is said in one line."""
    args = _parser().parse_args(argv)
    try:
        with use(getattr(args, "lang", None)):
            if args.command == "migrate-store":            # the old directory is not a store this code can open
                from indicators.store.migrate import main as migrate_main
                return migrate_main(args.old_dir, args.new_dir)
            return _run(get_store(getattr(args, "data_dir", None)), args, sys.stdout)
    except (ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:                          # BrokenPipeError is handled by __main__
        if os.environ.get(DEBUG_ENV) or isinstance(exc, BrokenPipeError):
            raise
        logging.getLogger(__name__).debug("command failed", exc_info=True)
        print(f"error: the command failed ({type(exc).__name__}: {str(exc)[:300]}); set {DEBUG_ENV}=1 for the "
              "details", file=sys.stderr)
        return 1


def _run(store, args, out) -> int:
    """Run the parsed command against the store."""
    if args.command == "score":
        card = scorecard(store, args.year or default_year(store), parse_weights(args.weights), args.aggregation)
        print(f"# {card.index_note()}", file=sys.stderr)
        write_csv(_versioned(score_table(card), store, card), out, float_format="%.2f")
    elif args.command == "audit":
        return _audit(store, args, out)
    elif args.command == "corridors":
        card = scorecard(store, args.year or default_year(store), None, args.aggregation)
        write_csv(_versioned(corridor_table(card), store, card), out, float_format="%.4g")
    elif args.command == "ingest":
        return _ingest(store, args, out)
    elif args.command == "groups":
        return _groups(store, args, out)
    elif args.command == "history":
        from indicators.uploads.history import history
        write_csv(history(store, group=args.group, indicator=args.indicator), out)
    elif args.command == "as-of":
        from indicators.uploads.history import as_of
        write_csv(as_of(store, args.upload_id, args.indicator), out)
    elif args.command == "uploads":
        write_csv(store.uploads(), out)
    elif args.command == "retract":
        from indicators.uploads.notes import clean_note
        store.retract(args.upload_id, group=args.group, note=clean_note(args.note, "retraction note"))
        print(f"retracted {args.upload_id}", file=out)
    elif args.command == "check":
        return _check(store, args, out)
    elif args.command == "catalog":
        from indicators.store.in_force import catalogue_for
        write_csv(catalogue_table(catalogue_for(store.root)), out)
    elif args.command == "warm":
        from indicators.scoring.service import warm
        print(f"materialised {warm(store)} objects for data version {store.version()}", file=out)
    elif args.command == "explain":
        iso3 = args.iso3.upper()
        ex = explanation(store, iso3, args.year or default_year(store), parse_weights(args.weights), args.aggregation)
        print(f"{version_line(store)}\n" + explain_text(ex, country_names().get(iso3, iso3)), file=out)
    elif args.command == "export":
        from indicators.exports.batch import run_export
        return run_export(store, args)
    return 0


def _versioned(table, store, card):
    """A score table with the method and data version of every row (and both, with the data years, on stderr)."""
    dv = store.data_version()
    print(f"# {version_line(store)}; {vintage_note(card.indicators, card.catalogue, card.year)}", file=sys.stderr)
    print(f"# Cite: {citation(store)}", file=sys.stderr)
    return table.assign(method=method_version(card.catalogue), data_version=f"{dv['number']} of {dv['date']}")


def _audit(store, args, out) -> int:
    """`audit`: one audit table (or all, stacked) as CSV; the index note and versions go to stderr."""
    from indicators.scoring.audit import stacked
    year = args.year or default_year(store)
    weights = parse_weights(args.weights)
    card = scorecard(store, year, weights, args.aggregation)
    tables = audit(store, year, weights, args.aggregation)
    print(f"# statistical audit, {year}, {args.aggregation} mean; {card.index_note()}", file=sys.stderr)
    table = stacked(tables) if args.table == "all" else tables[args.table]
    write_csv(_versioned(table, store, card), out, float_format="%.6g")
    return 0


def _ingest(store, args, out) -> int:
    """`ingest`: print the upload id (exit 0) or one `row N, column C: reason` line per problem (exit 1)."""
    max_bytes, max_rows = limits()
    proposal = None
    if args.propose:
        with open(args.propose, encoding="utf-8") as fh:
            proposal = fh.read()
    res = ingest(args.file, group=args.group, note=args.note, store=store, max_bytes=args.max_bytes or max_bytes,
                 max_rows=args.max_rows or max_rows, layout=args.layout, indicator=args.indicator, proposal=proposal,
                 dry_run=args.dry_run, compare=args.dry_run)
    for note in res.notes:
        print(_("note: {note}").format(note=note), file=sys.stderr)
    if res.set_aside is not None and len(res.set_aside):
        from indicators.uploads.preview import set_aside_summary
        s = set_aside_summary(res.set_aside)
        print(_("set aside ({n} values, not loaded): ").format(n=integer(len(res.set_aside)))
              + "; ".join(f"{p} ({n})" for p, n in zip(s["place"], s["values"])), file=sys.stderr)
    if not res.ok:
        print(format_problems(res.problems, total=res.problem_count), file=out)
        n = res.problem_count or len(res.problems)
        print(ngettext("rejected: {n} problem; nothing was written", "rejected: {n} problems; nothing was written",
                       n).format(n=integer(n)), file=sys.stderr)
        return 1
    if args.dry_run:
        c = res.changes.counts() if res.changes else {}
        print(_("ok: {rows} rows would be committed ({new} new, {changed} changed, {unchanged} unchanged); nothing "
                "was written (dry run)").format(rows=res.rows, new=c.get('new', 0), changed=c.get('changed', 0),
                                                unchanged=c.get('unchanged', 0)), file=out)
        return 0
    print(res.upload_id, file=out)
    print(_("committed {rows} rows ({layout} layout)").format(rows=res.rows, layout=res.layout), file=sys.stderr)
    return 0


def _groups(store, args, out) -> int:
    """`groups add|list|revoke`."""
    from indicators.uploads import auth
    if args.action == "add":
        token = auth.add_group(args.name, store.root, replace=args.replace)
        print(token, file=out)
        print(f"group {args.name!r} registered; give it this token now, it is not stored and cannot be shown again",
              file=sys.stderr)
    elif args.action == "list":
        import pandas as pd
        rows = [{"group": g.name, "created_at": g.created_at, "revoked_at": g.revoked_at or "",
                 "status": "active" if g.active else "revoked", "token_hint": g.token_hint}
                for g in auth.list_groups(store.root)]
        write_csv(pd.DataFrame(rows, columns=["group", "created_at", "revoked_at", "status", "token_hint"]), out)
    elif args.action == "revoke":
        auth.revoke_group(args.name, store.root)
        print(f"revoked {args.name}", file=out)
    return 0


def _check(store, args, out) -> int:
    """`check`: one line per problem of the data directory (exit 1 if any), then what --quarantine/--clean did."""
    from indicators.store.check import check_store, repair
    problems = check_store(store)
    for p in problems:
        print(str(p), file=out)
    for line in repair(store, problems, args.quarantine, args.clean):
        print(line, file=out)
    if not problems:
        print(f"ok: {len(store.uploads())} uploads, no damaged, missing or orphan file", file=out)
    return 1 if problems else 0
