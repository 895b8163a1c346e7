"""The preview of the upload page: what a checked file would change (new, changed and unchanged values, notes, a
proposed indicator), or its problems, and the rows it sets aside (in the language in force)."""
from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from indicators.i18n import N_, _, ngettext
from indicators.i18n.formats import integer, significant
from indicators.uploads.prepare import Prepared
from indicators.uploads.preview import Changes, set_aside_summary
from indicators.uploads.problems import problems_frame
from pages._shared import data_table

STATUS_WORDS = {"new": N_("new"), "changed": N_("changed"), "unchanged": N_("unchanged")}


def values_counted(n: int) -> str:
    """'1 value', '1,200 values' in the language in force."""
    return ngettext("{n} value", "{n} values", n).format(n=integer(n))


def preview(prep: Prepared, diff: Changes | None) -> html.Div:
    """What a checked file would change, or its problems."""
    if not prep.ok:
        total = prep.problem_count or len(prep.problems)
        head = ngettext("Rejected: {n} problem", "Rejected: {n} problems", total).format(n=integer(total))
        shown = "" if total <= len(prep.problems) else _(" (the first {n} are listed)").format(
            n=integer(len(prep.problems)))
        return html.Div([
            dbc.Alert([html.Strong(f"{head}{shown}. "),
                       _("Nothing was stored. Fix the rows below in your spreadsheet and check the file again.")],
                      color="danger", id="upload-rejected"),
            data_table("upload-problem-table", problems_frame(prep.problems).astype(object), page_size=15,
                       export=False),
            set_aside_block(prep),
        ])
    c = diff.counts()
    counts = [dbc.Badge(_("{n} new").format(n=integer(c["new"])), color="primary", className="me-1"),
              dbc.Badge(_("{n} changed").format(n=integer(c["changed"])), color="warning", text_color="dark",
                        className="me-1"),
              dbc.Badge(_("{n} unchanged").format(n=integer(c["unchanged"])), color="secondary", className="me-1")]
    parts = [
        dbc.Alert([html.Strong(ngettext("Ready: {values} passes every check. ", "Ready: {values} pass every check. ",
                                        prep.n_rows).format(values=values_counted(prep.n_rows))),
                   _("Layout {layout}; indicators {ids}.").format(layout=prep.layout,
                                                                  ids=", ".join(prep.indicators()))],
                  color="success", id="upload-ready"),
        html.Div(counts, id="upload-counts", className="mb-2"),
    ]
    if prep.proposal:
        parts.append(dbc.Alert(_("New indicator proposed: {id} ({name}), source: {source}.").format(
            id=prep.proposal["id"], name=prep.proposal["name"], source=prep.proposal["source"]), color="info",
            className="py-2"))
    if prep.notes:
        parts.append(html.Ul([html.Li(n) for n in prep.notes], className="small", id="upload-notes"))
    parts += changes_block(diff, c)
    parts.append(set_aside_block(prep))
    return html.Div(parts)


def changes_block(diff: Changes, c: dict) -> list:
    """The table of changed and new values (old -> new), statuses in words."""
    detail = diff.detail.copy()
    if not len(detail):
        return []
    detail["old -> new"] = [(_("(new)") if pd.isna(o) else significant(o, 6)) + f" -> {significant(n, 6)}"
                            for o, n in zip(detail["old_value"], detail["new_value"])]
    detail["status"] = [_(STATUS_WORDS[s]) if s in STATUS_WORDS else s for s in detail["status"]]
    detail = detail[["row", "status", "indicator_id", "place", "period", "sex", "old -> new", "source",
                     "old_upload", "old_group"]]
    title = (_("Changed and new values") if len(detail) >= c["new"] + c["changed"] or len(detail) < 5000
             else _("Changed and new values (first {n})").format(n=integer(5000)))
    return [html.H3(title, className="h6"),
            data_table("upload-changes", detail.astype(object), page_size=10, export=False)]


def set_aside_block(prep: Prepared) -> html.Div:
    """Rows set aside on purpose (aggregates ...), listed."""
    summary = set_aside_summary(prep.set_aside)
    if summary.empty:
        return html.Div()
    return html.Div([html.H3(_("Set aside, not loaded: {values}").format(values=values_counted(len(prep.set_aside))),
                             className="h6 mt-2"),
                     html.P(_("Each with its reason: regional and income aggregates are not countries and are never "
                              "mixed into country data; Conventions the catalogue does not list are never guessed."),
                            className="small text-muted"),
                     data_table("upload-set-aside", summary.astype(object), page_size=10, export=False)],
                    id="upload-set-aside-box")
