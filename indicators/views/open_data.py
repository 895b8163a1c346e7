"""The methodology page's "Open data and how to cite" section: the citation line, where the data can be taken
from (read API, SDMX, data packages, embeds) and what each producer's terms allow."""
from __future__ import annotations

import pandas as pd

from indicators.i18n import N_, _
from indicators.scoring.citation import citation
from indicators.store.observations import Store
from indicators.store.producers import producers, redistribution_text

LINKS = [
    (N_("Whole store as a Frictionless data package (datapackage.json, one CSV per indicator)"),
     "/api/v1/datapackage.zip"),
    (N_("Read API, documented for people"), "/api/v1/docs"),
    (N_("Read API, OpenAPI description"), "/api/v1/openapi.json"),
    (N_("SDMX data structure (SDMX-ML 2.1); each indicator's values as SDMX-CSV at "
        "/api/v1/indicators/<id>/values.sdmx.csv"), "/api/v1/sdmx/structure.xml"),
]


def how_to_cite(store: Store) -> str:
    """The citation of everything the dashboard currently holds (producers first, then the dashboard)."""
    return citation(store)


def open_data_markdown() -> str:
    """What can be reused and where (Markdown with links)."""
    items = "\n".join(f"- [{_(label)}]({url})" for label, url in LINKS)
    return (
        _("Every figure can be reused: each indicator's values (CSV, JSON, SDMX-CSV), its metadata, scores and "
          "profiles come from the read API; every chart has an **Embed** link (an iframe showing the chart alone "
          "with its source and a link back). Cite the original producers first, then this dashboard with the data "
          "version; each download and API answer carries the line for the data it holds.") + "\n\n" + items)


def terms_table() -> pd.DataFrame:
    """Producers, their licences and what their terms allow (one row each)."""
    return pd.DataFrame([{N_("producer"): p.citation, N_("licence"): p.licence, N_("redistribution"): p.redistribution,
                          N_("what it allows"): redistribution_text(p.redistribution),
                          N_("indicators"): ", ".join(p.indicators)} for p in producers()])
