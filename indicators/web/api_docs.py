"""The read API's human page: plain HTML built from its OpenAPI document (no script, nothing fetched from elsewhere)."""
from __future__ import annotations

from html import escape
from typing import Any

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
        f"<td>{escape(str(p.get('description') or p.get('schema', {}).get('description') or ''))}</td></tr>"
        for p in _parameters(op, spec))
    answers = ", ".join(escape(code) for code in op.get("responses", {}))
    text = escape(op.get("description") or "")
    return (f"<h3 id='{escape(method + path)}'><code>{escape(method.upper())} {escape(path)}</code></h3>"
            f"<p>{escape(op.get('summary') or '')} {text}</p>"
            + (f"<table><tr><th>parameter</th><th>in</th><th>meaning</th></tr>{rows}</table>" if rows else "")
            + f"<p><small>Answers: {answers}</small></p>")


def docs_page(spec: dict[str, Any], citation: str) -> str:
    """The whole page: what the API is, how to cite, every route of the OpenAPI document grouped by tag."""
    info = spec.get("info", {})
    by_tag: dict[str, list[str]] = {}
    for path, item in sorted(spec.get("paths", {}).items()):
        for method, op in item.items():
            tag = (op.get("tags") or ["other"])[0]
            tag = tag if isinstance(tag, str) else tag.get("name", "other")
            by_tag.setdefault(tag, []).append(_operation(path, method, op, spec))
    sections = "".join(f"<h2>{escape(t)}</h2>{''.join(ops)}" for t, ops in by_tag.items())
    examples = "\n".join(escape(e) for e in EXAMPLES)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(info.get('title', 'API'))}</title><style>{STYLE}</style></head><body>"
        f"<h1>{escape(info.get('title', 'API'))}</h1><p>{escape(info.get('description', ''))}</p>"
        "<p>Open like the dashboard's pages, no key needed; rate limited per address (HTTP 429 with Retry-After "
        "over the limit). Answers are cached per data version (ETag). Errors are JSON: "
        "<code>{\"ok\": false, \"error\": \"reason\"}</code> with a 4xx status. Machine-readable description: "
        "<a href='/api/v1/openapi.json'>/api/v1/openapi.json</a> (OpenAPI). Dashboard: <a href='/'>home</a>, "
        "<a href='/methodology'>methodology</a>.</p>"
        f"<h2>How to cite</h2><p>{escape(citation)}</p><p>Each answer carries the citation of the data it holds "
        "(field <code>citation</code>, header <code>X-Citation</code>).</p>"
        f"<h2>Examples</h2><pre>{examples}</pre>{sections}</body></html>")
