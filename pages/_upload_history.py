"""The history tab of the upload page: every upload (who, when, file, hash, rows, note, status), one upload's record
and the values as they stood right after it, and its retraction by the group that made it."""
from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html, no_update

from indicators.i18n import N_, _, ngettext, use
from indicators.i18n.formats import integer
from indicators.store.observations import Store
from indicators.uploads.notes import note_problems
from indicators.uploads.history import as_of, history
from indicators.uploads.templates import indicator_options, upload_catalogue
from indicators.scoring.service import warm_new_version
from pages._data import store
from pages._upload_gate import gate
from pages._shared import data_table, empty_note
from pages._language import dropdown

STATUS = {"committed": N_("committed"), "retracted": N_("retracted")}


def history_tab(st: Store, upload_id: str | None, indicator: str | None) -> html.Div:
    """Every upload (who, when, file, hash, rows, note, status); one upload's past state; retraction."""
    hist = history(st)
    notice = damaged_notice(st)
    if hist.empty:
        return html.Div([notice, empty_note(_("No uploads yet."))])
    gone = " · " + _("RETRACTED")
    options = [{"label": f"{r.committed_at[:16].replace('T', ' ')} · {r.group} · {r.file_name} · "
                         + ngettext("{n} row", "{n} rows", r.rows).format(n=integer(r.rows))
                         + (gone if r.status == "retracted" else ""), "value": r.upload_id}
               for r in hist.itertuples()]
    shown = hist.assign(status=[_(STATUS[s]) if s in STATUS else s for s in hist["status"]])
    chosen = upload_id if upload_id in set(hist["upload_id"]) else None
    return html.Div([
        notice,
        html.P(ngettext("{n} upload, newest first.", "{n} uploads, newest first.", len(hist)).format(
            n=integer(len(hist))) + " " + _("The current value of each indicator, place and period comes from the "
                                            "latest upload that is not retracted; older values stay as history."),
               className="small text-muted"),
        data_table("upload-history", shown.astype(object), page_size=10,   # hashes cut on screen, whole on hover/export
                   style_cell_conditional=[{"if": {"column_id": "sha256"}, "maxWidth": 110, "overflow": "hidden",
                                            "textOverflow": "ellipsis", "whiteSpace": "nowrap"}],
                   tooltip_data=[{"sha256": {"value": str(h), "type": "text"}} for h in hist["sha256"]],
                   tooltip_duration=None),
        html.Label(_("Look at one upload"), htmlFor="upload-history-pick", className="small fw-semibold mt-3"),
        dropdown(id="upload-history-pick", options=options, value=chosen, placeholder=_("Choose an upload")),
        html.Div(history_detail(st, hist, chosen, indicator) if chosen else None, id="upload-history-detail",
                 className="mt-3"),
    ])


def damaged_notice(st: Store) -> html.Div | None:
    """A notice listing the store's damaged records, which are left out of every page until the operator acts."""
    damaged = st.damaged()
    if not damaged:
        return None
    return dbc.Alert([html.Strong(ngettext("{n} damaged record left out. ", "{n} damaged records left out. ",
                                           len(damaged)).format(n=integer(len(damaged)))),
                      _("The rest of the data is served as usual; the dashboard's administrator can list and repair "
                        "them (see For developers)."),
                      html.Ul([html.Li(f"{d.path}: {d.reason}") for d in damaged], className="small mb-0")],
                     color="warning", id="upload-damaged")


def history_detail(st: Store, hist: pd.DataFrame, upload_id: str, indicator: str | None) -> html.Div:
    """One upload: its record, the values as they stood right after it, and the retraction form."""
    rec = hist.set_index("upload_id").loc[upload_id]
    inds = [i for i in str(rec["indicators"] or "").split(",") if i]
    options = indicator_options(upload_catalogue(st))
    known = {o["value"] for o in options}
    ind = indicator if indicator in known else (inds[0] if inds else None)
    past = as_of(st, upload_id, ind)
    status = (dbc.Badge(_("retracted"), color="danger") if rec["status"] == "retracted"
              else dbc.Badge(_("committed"), color="success"))
    facts = [(_("Group"), rec["group"]), (_("Committed"), rec["committed_at"]), (_("File"), rec["file_name"]),
             ("SHA-256", rec["sha256"]), (_("Rows"), integer(rec["rows"])), (_("Layout"), rec["layout"] or "long"),
             (_("Set aside"), integer(rec["set_aside"])), (_("Note"), rec["note"] or "")]
    if rec["status"] == "retracted":
        facts += [(_("Retracted"), _("{when} by {group}").format(when=rec["retracted_at"], group=rec["retracted_by"])),
                  (_("Reason"), rec["retraction_note"] or "")]
    return html.Div([
        html.H2([_("Upload") + " ", html.Code(upload_id), " ", status], className="h6"),
        html.Dl(sum([[html.Dt(k, className="col-sm-2 small"), html.Dd(str(v), className="col-sm-10 small mb-1")]
                     for k, v in facts], []), className="row", id="upload-record"),
        html.H3(_("Values of any indicator as they stood right after this upload"), className="h6 mt-2"),
        html.P(_("The rows this upload brought come first; the others are the values then current from earlier "
                 "uploads."), className="small text-muted mb-1"),
        dropdown(id="upload-asof-indicator", options=options, value=ind, clearable=False, className="mb-2"),
        dcc.Store(id="upload-asof-default", data=inds[0] if inds else None),
        html.A(_("Download these values (CSV)"), href=f"/api/uploads/{upload_id}/as-of.csv?indicator={ind or ''}",
               className="small"),
        data_table("upload-asof", past.astype(object), page_size=10) if len(past) else
        empty_note(_("No values of this indicator at that point.")),
        html.Div([
            html.H3(_("Retract this upload"), className="h6 mt-3"),
            html.P(_("Retracting hides this upload's values; the values it replaced come back. Nothing is deleted and "
                     "the retraction is recorded. Only the group that made the upload can retract it here."),
                   className="small text-muted"),
            dbc.Row([dbc.Col(dbc.Input(id="upload-retract-token", type="password",
                                       placeholder=_("Your group's token"), autocomplete="off"), md=4),
                     dbc.Col(dbc.Input(id="upload-retract-note", placeholder=_("Why (recorded)"), maxLength=1000),
                             md=5),
                     dbc.Col(dbc.Button(_("Retract"), id="upload-retract", color="danger", outline=True), md=3)],
                    className="g-2"),
            html.Div(id="upload-retract-result", className="mt-2", role="status"),
        ]) if rec["status"] != "retracted" else None,
    ])


@callback(Output("upload-retract-result", "children"), Output("upload-history-detail", "children"),
          Input("upload-retract", "n_clicks"), State("upload-retract-token", "value"),
          State("upload-retract-note", "value"), State("upload-history-pick", "value"),
          State("upload-asof-indicator", "value"), State("page-lang", "data"), prevent_initial_call=True)
def _retract(clicks, token, note, upload_id, indicator, lang=None):
    """Retract the chosen upload with the group's credential, then show its new state (in the page's language)."""
    if not clicks or not upload_id:
        return no_update, no_update
    with use(lang):
        return _retract_in_language(token, note, upload_id, indicator)


def _retract_in_language(token, note, upload_id, indicator):
    """The retraction and its answer, in the language in force."""
    group, refusal = gate(token, _("Not retracted"), "upload-retract-denied")
    if refusal is not None:
        return refusal, no_update
    refused = note_problems(note, "retraction note")
    if refused:
        return dbc.Alert(_("Not retracted: {why}.").format(why=refused[0].reason), color="danger"), no_update
    st = store()
    log = st.uploads().set_index("upload_id")
    if upload_id not in log.index:
        return dbc.Alert(_("No such upload."), color="danger"), no_update
    if log.at[upload_id, "group"] != group:
        return dbc.Alert(_("Not retracted: this upload was made by {owner}, not {group}.").format(
                         owner=log.at[upload_id, 'group'], group=group),
                         color="danger", id="upload-retract-denied"), no_update
    try:
        st.retract(upload_id, group=group, note=(note or "").strip())
        warm_new_version(st)
    except ValueError as exc:                         # retracted meanwhile by someone else: exactly one wins
        return dbc.Alert(_("Not retracted: {why}.").format(why=exc), color="warning",
                         id="upload-retract-conflict"), no_update
    done = dbc.Alert([html.Strong(_("Retracted. ")), _("The values it had replaced are current again; the retraction "
                                                       "is recorded in the history.")], color="success",
                     id="upload-retracted")
    return no_update, [done, history_detail(st, history(st), upload_id, indicator)]
