"""One corridor over time: its quarterly remittance cost against the SDG 10.c target (3 %) and ceiling (5 %),
as a chart, a table and a sentence saying whether the latest cost meets them and since when."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from indicators.i18n import N_, _
from indicators.i18n.formats import percent, period
from indicators.store.observations import Store
from indicators.views import figures
from indicators.views.markup import esc, markup
from indicators.views.corridors import (CEILING_COLOUR, LINE_COLOUR, RPW_SOURCE, RPW_UNIT, SDG_CEILING, SDG_TARGET,
    TARGET_COLOUR)


def target_status(q: pd.DataFrame) -> str:
    """In words, whether a corridor's latest quarterly cost meets the SDG 10.c target (3 %) and ceiling (5 %), and
    since when: 'Latest cost 4.54 % (2020Q3): above the 3 % target but within the 5 % ceiling, since 2018Q1.'"""
    if q.empty:
        return _("No remittance price for this corridor.")

    def band(v: float) -> str:
        return "meets" if v <= SDG_TARGET else "within" if v <= SDG_CEILING else "above"

    t, c = percent(SDG_TARGET, 0), percent(SDG_CEILING, 0)
    words = {"meets": _("meets the SDG 10.c target of {target} (and so the {ceiling} ceiling)").format(target=t, ceiling=c),
             "within": _("above the {target} target but within the {ceiling} ceiling").format(target=t, ceiling=c),
             "above": _("above the {ceiling} ceiling that no corridor should exceed (and the {target} target)").format(
                 target=t, ceiling=c)}
    bands = [band(v) for v in q["value"]]
    last = bands[-1]
    start = len(bands) - 1
    while start > 0 and bands[start - 1] == last:
        start -= 1
    since = _("in every quarter surveyed") if start == 0 else _("since {period}").format(
        period=period(q['period'].iloc[start]))
    return _("Latest cost {cost} ({period}): {words}, {since} (first surveyed {first}).").format(
        cost=percent(q['value'].iloc[-1], 2), period=period(q['period'].iloc[-1]), words=words[last], since=since,
        first=period(q['period'].iloc[0]))


# ---------------------------------------------------------------------- one corridor over time
def quarterly(series: pd.DataFrame) -> pd.DataFrame:
    """Observations with a period like 2016Q3 or 2016 turned into dates for a time axis, oldest first."""
    if series.empty:
        return pd.DataFrame({"period": pd.Series(dtype=str), "date": pd.Series(dtype="datetime64[ns]"),
                             "value": pd.Series(dtype=float)})
    if "sex" in series.columns:
        series = series[series["sex"].isna() | (series["sex"] == "total")]
    p = series["period"].astype(str)
    q = p.str.extract(r"^(\d{4})(?:Q([1-4]))?$")
    month = (q[1].fillna("1").astype(int) - 1) * 3 + 1
    date = pd.to_datetime(q[0] + "-" + month.astype(str).str.zfill(2) + "-01")
    return pd.DataFrame({"period": p.to_numpy(), "date": date.to_numpy(),
                         "value": series["value"].astype(float).to_numpy()}).sort_values("date").reset_index(drop=True)


def corridor_quarters(store: Store, origin: str, destination: str, year: int | None = None) -> pd.DataFrame:
    """Quarterly remittance cost of one corridor from the store, up to the reference year (memoised)."""
    def compute() -> pd.DataFrame:
        q = quarterly(store.series("remittance_cost_corridor", origin_iso3=origin, destination_iso3=destination))
        return q[q["date"].dt.year <= year].reset_index(drop=True) if year is not None else q
    return store.memo(("corridor-quarters", origin, destination, year), compute)


def rpw_coverage(store: Store) -> str:
    """First and last period of any remittance corridor cost in the store ('2011Q1-2020Q3'), '' when none."""
    def compute() -> str:
        r = store.query("SELECT min(period) AS lo, max(period) AS hi FROM obs_current "
                        "WHERE indicator_id = 'remittance_cost_corridor'")
        lo, hi = r["lo"].iloc[0], r["hi"].iloc[0]
        return "" if lo is None or pd.isna(lo) else f"{lo}-{hi}"
    return store.memo("rpw-coverage", compute)


def trend_table(q: pd.DataFrame) -> pd.DataFrame:
    """The trend chart's data as a table: period, quarter start, cost."""
    return pd.DataFrame({N_("period"): q["period"], N_("quarter starts"): q["date"].dt.strftime("%Y-%m-%d"),
                         N_("cost (% of USD 200 sent)"): q["value"].round(2)})


def trend_figure(q: pd.DataFrame, origin: str, destination: str, coverage: str = "") -> go.Figure:
    """Quarterly cost of sending USD 200 along one corridor (destination -> origin), with the 3 % target and 5 % line.

    origin and destination are display names; coverage (e.g. '2011Q1-2020Q3') is the dataset's span for the
    source line, whose last part is the span of this corridor's own quarters.
    """
    fig = go.Figure()
    fig.add_scatter(x=q["date"], y=q["value"], mode="lines+markers", name=markup("{} → {}", destination, origin),
                    text=[period(p) for p in q["period"]],
                    hovertemplate="%{text}: %{y:.2f} " + esc(_(RPW_UNIT)) + "<extra></extra>",
                    line=dict(color=LINE_COLOUR, width=2), marker=dict(size=6))
    # the limit lines are labelled in the right margin, where no data point or value label can sit on them
    for y, colour, dash, label in ((SDG_TARGET, TARGET_COLOUR, "dash", esc(_("3 % target")) + "<br>" + esc(_("(SDG 10.c)"))),
                                   (SDG_CEILING, CEILING_COLOUR, "dot", esc(_("5 %: no corridor")) + "<br>"
                                    + esc(_("above (SDG 10.c)")))):
        fig.add_hline(y=y, line=dict(color=colour, dash=dash, width=1.5), layer="below")
        fig.add_annotation(x=1, xref="paper", xanchor="left", xshift=6, y=y, yref="y", text=label, showarrow=False,
                           align="left", font=dict(color=colour, size=11), name=f"limit-{y:g}")
    top = max([SDG_CEILING + 1, *q["value"].tolist()])
    span = f"{period(q['period'].iloc[0])}-{period(q['period'].iloc[-1])}" if len(q) else ""
    fig.update_layout(title=dict(text=markup(_("Cost of sending USD 200 from {} to {}"), destination, origin), x=0.01),
                      template="plotly_white", font=figures.FONT, showlegend=False, height=380,
                      yaxis=dict(title=_(RPW_UNIT), range=[0, top * 1.1], rangemode="tozero"),
                      xaxis=dict(title=_("quarter"), type="date"), margin=dict(l=60, r=120, t=50, b=70))
    source = f"{RPW_SOURCE}, {coverage}" if coverage else RPW_SOURCE
    return figures.source_annotation(fig, figures.source_text(source, _(RPW_UNIT), span))
