"""The read API's human page: plain HTML built from its OpenAPI document (no script, nothing fetched from elsewhere)."""
from __future__ import annotations

from html import escape
from typing import Any

from indicators.i18n import DEFAULT, N_, _, current

STYLE = ("body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}"
         "code,pre{background:#f4f4f4;padding:.1rem .3rem}pre{padding:.6rem;overflow-x:auto}"
         "table{border-collapse:collapse;margin:.4rem 0 1rem}td,th{border:1px solid #ccc;padding:.2rem .5rem;"
         "text-align:left;vertical-align:top}h2{margin-top:2rem;border-top:1px solid #ddd;padding-top:1rem}")
EXAMPLES = [
    "curl 'http://127.0.0.1:8050/api/v1/catalogue'",
    "curl 'http://127.0.0.1:8050/api/v1/indicators/remittance_cost_corridor/values.csv?corridors=NPL-QAT&years=2015-2020'",
    "curl 'http://127.0.0.1:8050/api/v1/scores?year=2020&weights=remittance=2&rule=geometric'",
    "curl -o store.zip 'http://127.0.0.1:8050/api/v1/datapackage.zip'",
]


TAGS = {"about": N_("about the API"), "metadata": N_("metadata"), "values": N_("values"), "scores": N_("scores"),
        "sdmx": N_("SDMX"), "data packages": N_("data packages"), "other": N_("other")}
INTRO = N_("Open like the dashboard's pages, no key needed; rate limited per address (HTTP 429 with Retry-After over "
           "the limit). Answers are cached per data version (ETag). Errors are JSON: {error} with a 4xx status. "
           "Machine-readable description: {openapi} (OpenAPI). Dashboard: {home}, {methodology}.")

ENGLISH_NOTE = N_("The descriptions of the routes and their parameters are in English: they are written from the "
                  "code's own documentation, as the OpenAPI document (/api/v1/openapi.json) gives them. Names, "
                  "units and notes in the answers follow ?lang=.")


def _parameters(op: dict[str, Any], spec: dict[str, Any]) -> list[dict[str, Any]]:
    """An operation's parameters (path and query), with the schema references of spectree resolved."""
    out = []
    for p in op.get("parameters", []):
        if "$ref" in p:
            p = spec["components"]["parameters"][p["$ref"].rsplit("/", 1)[-1]]
        out.append(p)
    return out


def _operation(path: str, method: str, op: dict[str, Any], spec: dict[str, Any]) -> str:
    """One route: its summary and description, parameters and answers."""
    rows = "".join(
        f"<tr><td><code>{escape(p['name'])}</code></td><td>{escape(p.get('in', ''))}</td>"
        f"<td lang='en'>{escape(str(p.get('description') or p.get('schema', {}).get('description') or ''))}</td></tr>"
        for p in _parameters(op, spec))
    answers = ", ".join(escape(code) for code in op.get("responses", {}))
    text = escape(op.get("description") or "")
    head = "".join(f"<th>{escape(w)}</th>" for w in (_("parameter"), _("where"), _("meaning")))
    said = escape(_("Answers:"))
    return (f"<h3 id='{escape(method + path)}'><code>{escape(method.upper())} {escape(path)}</code></h3>"
            f"<p lang='en'>{escape(op.get('summary') or '')} {text}</p>"
            + (f"<table><tr>{head}</tr>{rows}</table>" if rows else "")
            + f"<p><small>{said} {answers}</small></p>")


def docs_page(spec: dict[str, Any], citation: str) -> str:
    """The whole page: what the API is, how to cite, every route of the OpenAPI document grouped by tag."""
    info = spec.get("info", {})
    by_tag: dict[str, list[str]] = {}
    for path, item in sorted(spec.get("paths", {}).items()):
        for method, op in item.items():
            tag = (op.get("tags") or ["other"])[0]
            tag = tag if isinstance(tag, str) else tag.get("name", "other")
            by_tag.setdefault(tag, []).append(_operation(path, method, op, spec))
    sections = "".join(f"<h2>{escape(_(TAGS.get(t, t)))}</h2>{''.join(ops)}" for t, ops in by_tag.items())
    examples = "\n".join(escape(e) for e in EXAMPLES)
    code = current()
    q = "" if code == DEFAULT else f"?lang={code}"
    title = escape(_(info.get("title", "API")))
    home, method = escape(_("home")), escape(_("methodology"))
    intro = escape(_(INTRO)).format(
        error="<code>{&quot;ok&quot;: false, &quot;error&quot;: &quot;reason&quot;}</code>",
        openapi="<a href='/api/v1/openapi.json'>/api/v1/openapi.json</a>",
        home=f"<a href='/{q}'>{home}</a>", methodology=f"<a href='/methodology{q}'>{method}</a>")
    cite, example = escape(_("How to cite")), escape(_("Examples"))
    english = "" if code == DEFAULT else f"<p><em>{escape(_(ENGLISH_NOTE))}</em></p>"
    return (
        f"<!doctype html><html lang='{escape(code)}'><head><meta charset='utf-8'>"
        f"<title>{title}</title><style>{STYLE}</style></head><body>"
        f"<h1>{title}</h1><p>{escape(_(info.get('description', '')))}</p><p>{intro}</p>{english}"
        f"<h2>{cite}</h2><p>{escape(citation)}</p><p>"
        + escape(_("Each answer carries the citation of the data it holds (field {field}, header {header}).")).format(
            field="<code>citation</code>", header="<code>X-Citation</code>")
        + f"</p><h2>{example}</h2><pre>{examples}</pre>{sections}</body></html>")
