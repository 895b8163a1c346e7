"""The UN SDG Global Database CSV as downloaded: SeriesCode, GeoAreaCode (UN M49), TimePeriod, Value, footnotes,
nature, units and disaggregation columns; regional aggregates and unsupported disaggregations are set aside."""
from __future__ import annotations

from indicators.i18n.formats import integer

from indicators.i18n import _, ngettext

import re

import numpy as np
import pyarrow as pa

from indicators.uploads.constants import M49_AREAS, SDG_KNOWN, SDG_SEX, SDG_TOTALS
from indicators.uploads.long import RawLong
from indicators.uploads.sheet import Sheet


def read_sdg(sheet: Sheet) -> RawLong:
    """UN SDG Global Database CSV: M49 area codes; regional aggregates and unsupported disaggregations set aside."""
    from indicators.store.countries import country_table
    idx = {n: i for i, n in enumerate(sheet.names)}
    t = sheet.table
    n = t.num_rows
    rows = sheet.rows()
    get = lambda name: [s.strip() for s in t.column(idx[name]).to_pylist()] if name in idx else [""] * n  # noqa: E731
    codes, names = get("geoareacode"), get("geoareaname")
    m49 = set(country_table()["m49"])
    dims = [nm for nm in sheet.names if nm not in SDG_KNOWN and nm and nm != "sex"]
    keep = np.ones(n, dtype=bool)
    set_aside: list[dict] = []
    for k in range(n):
        code = codes[k]
        m = re.fullmatch(r"([0-9]{1,4})(?:\.0+)?", code)
        if m and f"{int(m.group(1)):03d}" in m49:
            continue
        if not code and not names[k]:
            continue                                 # left to validation: missing place
        label = names[k] or M49_AREAS.get(str(int(m.group(1))) if m else "", "")
        keep[k] = False
        set_aside.append({"row": int(rows[k]), "column": sheet.display("geoareacode"), "value": code,
                          "place": label or code,
                          "reason": _("not a country: a regional or other aggregate (UN M49 area)")
                          if m else _("not a UN M49 country code")})
    for d in dims:
        vals = get(d)
        for k in range(n):
            if keep[k] and vals[k].lower() not in SDG_TOTALS:
                keep[k] = False
                set_aside.append({"row": int(rows[k]), "column": sheet.display(d), "value": vals[k],
                                  "place": names[k] or codes[k],
                                  "reason": _("disaggregated by {what} = {value} (the store keeps totals and sex "
                                              "only)").format(what=sheet.display(d).strip('[]'), value=vals[k])})
    sex_raw = get("sex")
    sex = [SDG_SEX.get(s.lower(), s) for s in sex_raw]
    nature, units, foot = get("nature"), get("units"), get("footnote")
    note = ["; ".join(x for x in (f"nature {a}" if a else "", f"units {b}" if b else "", c) if x)
            for a, b, c in zip(nature, units, foot)]
    sel = np.flatnonzero(keep)
    pick = lambda vals: pa.array([vals[k] for k in sel], type=pa.string())  # noqa: E731
    cols = {"indicator_id": pick(get("seriescode")), "iso3": pick(codes), "iso3_name": pick(names),
            "period": pick([re.sub(r"\.0+$", "", p) for p in get("timeperiod")]), "value": pick(get("value")),
            "sex": pick(sex), "source": pick(get("source")), "note": pick(note)}
    labels = {"indicator_id": sheet.display("seriescode"), "iso3": sheet.display("geoareacode"),
              "iso3_name": sheet.display("geoareaname"), "period": sheet.display("timeperiod"),
              "value": sheet.display("value"), "sex": sheet.display("sex"), "source": sheet.display("source"),
              "note": sheet.display("footnote")}
    notes = []
    if set_aside:
        notes.append(ngettext("{n} row set aside (aggregates or disaggregations), listed in the preview.",
                              "{n} rows set aside (aggregates or disaggregations), listed in the preview.",
                              len(set_aside)).format(n=integer(len(set_aside))))
    return RawLong(columns=cols, rows=rows[sel], length=len(sel), layout="sdg", labels=labels,
                   set_aside=set_aside, notes=notes, default_source="UN SDG Global Database", portal=True)
