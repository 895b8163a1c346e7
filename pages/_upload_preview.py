"""The preview of the upload page: what a checked file would change (new, changed and unchanged values, notes, a
proposed indicator), or its problems, and the rows it sets aside."""
from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from indicators.uploads.prepare import Prepared
from indicators.uploads.preview import Changes, set_aside_summary
from indicators.uploads.problems import problems_frame
from pages._shared import counted, data_table


def preview(prep: Prepared, diff: Changes | None) -> html.Div:
    """What a checked file would change, or its problems."""
    if not prep.ok:
        total = prep.problem_count or len(prep.problems)
        shown = "" if total <= len(prep.problems) else f" (the first {len(prep.problems):,} are listed)"
        return html.Div([
            dbc.Alert([html.Strong(f"Rejected: {total:,} problem{'s' if total != 1 else ''}{shown}. "),
                       "Nothing was stored. Fix the rows below in your spreadsheet and check the file again."],
                      color="danger", id="upload-rejected"),
            data_table("upload-problem-table", problems_frame(prep.problems).astype(object), page_size=15,
                       export=False),
            set_aside_block(prep),
        ])
    c = diff.counts()
    counts = [dbc.Badge(f"{c['new']:,} new", color="primary", className="me-1"),
              dbc.Badge(f"{c['changed']:,} changed", color="warning", text_color="dark", className="me-1"),
              dbc.Badge(f"{c['unchanged']:,} unchanged", color="secondary", className="me-1")]
    detail = diff.detail.copy()
    parts = [
        dbc.Alert([html.Strong(f"Ready: {counted(prep.n_rows, 'value')} "
                                f"{'passes' if prep.n_rows == 1 else 'pass'} every check. "),
                   f"Layout {prep.layout}; indicators {', '.join(prep.indicators())}."], color="success",
                  id="upload-ready"),
        html.Div(counts, id="upload-counts", className="mb-2"),
    ]
    if prep.proposal:
        parts.append(dbc.Alert(f"New indicator proposed: {prep.proposal['id']} ({prep.proposal['name']}), "
                               f"source: {prep.proposal['source']}.", color="info", className="py-2"))
    if prep.notes:
        parts.append(html.Ul([html.Li(n) for n in prep.notes], className="small", id="upload-notes"))
    if len(detail):
        detail["old -> new"] = [("(new)" if pd.isna(o) else f"{o:g}") + f" -> {n:g}"
                                for o, n in zip(detail["old_value"], detail["new_value"])]
        detail = detail[["row", "status", "indicator_id", "place", "period", "sex", "old -> new", "source",
                         "old_upload", "old_group"]]
        more = "" if len(detail) >= c["new"] + c["changed"] or len(detail) < 5000 else " (first 5,000)"
        parts += [html.H3(f"Changed and new values{more}", className="h6"),
                  data_table("upload-changes", detail.astype(object), page_size=10, export=False)]
    parts.append(set_aside_block(prep))
    return html.Div(parts)


def set_aside_block(prep: Prepared) -> html.Div:
    """Rows set aside on purpose (aggregates ...), listed."""
    summary = set_aside_summary(prep.set_aside)
    if summary.empty:
        return html.Div()
    return html.Div([html.H3(f"Set aside, not loaded: {counted(len(prep.set_aside), 'value')}", className="h6 mt-2"),
                     html.P("Each with its reason: regional and income aggregates are not countries and are never "
                            "mixed into country data; Conventions the catalogue does not list are never guessed.",
                            className="small text-muted"),
                     data_table("upload-set-aside", summary.astype(object), page_size=10, export=False)],
                    id="upload-set-aside-box")
