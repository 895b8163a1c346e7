"""The store (or one indicator) as a Frictionless data package: datapackage.json with a table schema, the producers
(sources), licences and what may be redistributed for each resource, plus one CSV per indicator, zipped."""
from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from typing import Any

from indicators.opendata.jsonsafe import plain
from indicators.opendata.values import all_values
from indicators.scoring.citation import citation, indicators_with_values
from indicators.i18n import current
from indicators.scoring.service import catalogue, version_line
from indicators.store.catalogue_text import localised
from indicators.store.catalogue import Catalogue
from indicators.store.observations import Store
from indicators.store.producers import indicator_terms, producers_of
from indicators.store.safe_tables import csv_text

FIELD_TYPES = {"indicator_id": "string", "iso3": "string", "origin_iso3": "string", "destination_iso3": "string",
               "period": "string", "year": "integer", "value": "number", "sex": "string", "source": "string",
               "note": "string", "upload_id": "string"}
FIELD_TEXT = {"iso3": "ISO 3166-1 alpha-3 code of the country", "origin_iso3": "country people migrate from",
              "destination_iso3": "country people migrate to", "period": "year (2020) or quarter (2020Q2)",
              "year": "calendar year of the period", "sex": "empty = total", "source": "the value's own source",
              "upload_id": "the upload that committed the value (see the upload log)"}
PACKAGE_NAME = "migrant-protection-indicators"


def table_schema(columns: list[str], ind: dict[str, Any]) -> dict[str, Any]:
    """The Table Schema of one indicator's CSV (value described with its unit and valid range)."""
    fields = []
    for col in columns:
        f: dict[str, Any] = {"name": col, "type": FIELD_TYPES[col]}
        if col == "value":
            f["description"] = f"{ind['name']} ({ind['unit']})"
            f["constraints"] = {"minimum": plain(ind["valid_min"]), "maximum": plain(ind["valid_max"])}
        elif col in FIELD_TEXT:
            f["description"] = FIELD_TEXT[col]
        if col in ("indicator_id", "period", "year", "value", "upload_id"):
            f.setdefault("constraints", {})["required"] = True
        fields.append(f)
    return {"fields": fields, "missingValues": [""]}


def resource(iid: str, columns: list[str], cat: Catalogue) -> dict[str, Any]:
    """One indicator's resource: path, schema, sources, licences and the terms of redistribution."""
    ind = cat.get(iid)
    terms = indicator_terms(iid, cat)
    res: dict[str, Any] = {
        "name": iid.lower().replace("_", "-"), "path": f"data/{iid}.csv", "profile": "tabular-data-resource",
        "title": str(ind["name"]), "description": str(ind.get("definition") or ""), "format": "csv",
        "mediatype": "text/csv", "encoding": "utf-8", "schema": table_schema(columns, ind),
        "sources": [{"title": p.citation, **({"path": p.licence_url} if p.licence_url else {})}
                    for p in producers_of([iid], cat)],
        "redistribution": terms["redistribution"], "redistributionTerms": terms["redistribution_terms"],
        "licenceInWords": "; ".join(terms["licences"]),
    }
    licences = [{"name": p.licence_id, "path": p.licence_url, "title": p.licence}
                for p in producers_of([iid], cat) if p.licence_id]
    if licences and terms["redistribution"] == "open":
        res["licenses"] = licences
    return res


def package(store: Store, indicator_ids: list[str] | None = None,
            created: str | None = None) -> tuple[dict[str, Any], dict[str, str]]:
    """(datapackage.json as a dict, {path: CSV text}) for these indicators (default: every one with values); titles,
    descriptions and units in the language in force, the CSV files the same in every language."""
    cat = localised(catalogue(store))
    ids = indicator_ids or indicators_with_values(store, cat)
    dv = store.data_version()
    resources, files = [], {}
    for iid in ids:
        df = all_values(store, iid)
        resources.append(resource(iid, list(df.columns), cat))
        files[f"data/{iid}.csv"] = csv_text(df)
    name = PACKAGE_NAME if indicator_ids is None else f"{PACKAGE_NAME}-{ids[0].replace('_', '-')}"
    descriptor = {
        "name": name, "profile": "tabular-data-package",
        "title": "Migrant protection indicators" + ("" if indicator_ids is None else f": {cat.get(ids[0])['name']}"),
        "description": "Indicator values of the migrant-protection dashboard, current as of the data version below. "
                       "Each resource names its producers and what its terms allow (field redistribution).",
        "version": str(dv["number"]), "dataVersion": version_line(store),
        "created": created or dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "citation": citation(store, ids),
        "sources": [{"title": p.citation, **({"path": p.licence_url} if p.licence_url else {})}
                    for p in producers_of(ids, cat)],
        "resources": resources,
    }
    return descriptor, files


def package_zip(store: Store, indicator_ids: list[str] | None = None) -> bytes:
    """The data package zipped: datapackage.json, README.txt (citation and terms) and data/*.csv; memoised per data
    version."""
    def build() -> bytes:
        descriptor, files = package(store, indicator_ids)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("datapackage.json", json.dumps(descriptor, indent=2, ensure_ascii=False))
            z.writestr("README.txt", readme(descriptor))
            for path, text in files.items():
                z.writestr(path, text)
        return buf.getvalue()
    return store.memo(("opendata-datapackage", tuple(indicator_ids or ()), current()), build)


def readme(descriptor: dict[str, Any]) -> str:
    """A short text for people who open the zip: what it is, how to cite, what may be redistributed."""
    lines = [descriptor["title"], "", f"Data version: {descriptor['dataVersion']}", "", "How to cite:",
             descriptor["citation"], "", "Terms of each file:"]
    lines += [f"- {r['path']}: {r['redistribution']} ({r['licenceInWords']}). {r['redistributionTerms']}"
              for r in descriptor["resources"]]
    return "\n".join(lines) + "\n"
