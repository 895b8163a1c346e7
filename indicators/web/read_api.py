"""The read API, `/api/v1/...` (a Flask blueprint): the catalogue and each indicator's metadata, values as JSON and
CSV, scores and ranks, country profiles, corridor tables, the citation; the OpenAPI document (spectree, from the
models of read_models.py) and a human page built from it. The file downloads (SDMX, data packages) are in
read_files.py on the same blueprint.

Open like the pages (no credential), rate limited per client address ($MPD_RATE_LIMIT_READ, generous), cached per
data version (payloads memoised in the store; an ETag of data version + URL answers 304 to a client that has it).
Every answer names the data version and carries the citation line (JSON field `citation`, and the `X-Citation`
header on every answer, CSV included). Bad parameters get a JSON 4xx with the reason; unknown parameters are refused.
"""
from __future__ import annotations

import hashlib
import logging
import os
from urllib.parse import quote

from flask import Blueprint, Response, g, jsonify, request
from flask_limiter import RateLimitExceeded
from spectree import Response as Documented, SpecTree
from werkzeug.exceptions import HTTPException

from indicators.opendata import metadata, params, scores
from indicators.opendata.errors import ApiError
from indicators.opendata.jsonsafe import records
from indicators.opendata.values import values
from indicators.scoring.citation import citation
from indicators.scoring.service import (catalogue, configured_store, default_year, scores_version, version_line,
    years)
from indicators.store.safe_tables import csv_text
from indicators.i18n import N_, _, current
from indicators.store.catalogue_text import localised
from indicators.web import read_models as m
from indicators.web.language import install, request_language
from indicators.web.ratelimit import client_address, limiter

LOG = logging.getLogger(__name__)
READ_LIMIT_ENV = "MPD_RATE_LIMIT_READ"
READ_LIMIT_DEFAULT = "300/minute;10000/hour"
MAX_AGE = 300                  # seconds a client or proxy may reuse an answer without asking (ETag after that)
PREFIX = "/api/v1"

read = Blueprint("read_api", __name__, url_prefix=PREFIX)
install(read)                  # ?lang= / Accept-Language: names, units and notes; Vary: Accept-Language


def cache_key(kind: str) -> tuple[str, str, str]:
    """The memo key of this request's payload: its kind, URL and language."""
    return kind, request.full_path, current()


def _refuse_shape(req, resp, req_validation_error, instance, model_adapter) -> None:
    """spectree's hook: a parameter of the wrong shape or an unknown one -> ApiError 400 with each problem."""
    if req_validation_error is not None:
        problems = model_adapter.validation_errors(req_validation_error)
        words = "; ".join(f"{'.'.join(str(x) for x in p.get('loc', ()))}: {p.get('msg')}" for p in problems)
        raise ApiError(400, f"bad query parameter(s): {words}")


TITLE = N_("Migrant protection indicators: read API")       # English in the OpenAPI document, translated on /docs
DESCRIPTION = N_("Open data of the migrant-protection indicator dashboard: catalogue, values, scores, profiles, "
                 "corridor tables, SDMX and data packages. Every answer carries a citation.")
spec = SpecTree("flask", mode="strict", title=TITLE, version="v1", description=DESCRIPTION,
                page_templates={}, path="api/v1/spectree", before=_refuse_shape, validation_error_status=400)
ERRORS = {"HTTP_400": m.Problem, "HTTP_404": m.Problem, "HTTP_429": m.Problem}


def documented(query=None, ok=None, tags: tuple[str, ...] = ()):
    """spectree's decorator with the API's error answers listed (ok: the model or None for a file)."""
    return spec.validate(query=query or m.NoQuery, resp=Documented(HTTP_200=ok, **ERRORS), tags=list(tags),
                         skip_validation=False)


def read_limits() -> str:
    """The per-address limit of the read API, flask-limiter notation ($MPD_RATE_LIMIT_READ)."""
    return os.environ.get(READ_LIMIT_ENV) or READ_LIMIT_DEFAULT


limiter.limit(read_limits, key_func=lambda: f"read:{client_address()}", scope="opendata-read")(read)


def store():
    """The store of the configured data directory."""
    return configured_store()


def data_version() -> dict:
    """The data version as quoted: number, date, the method line."""
    dv = store().data_version()
    return {"number": dv["number"], "date": dv["date"], "label": version_line(store())}


def answer(payload: dict, cite: str | None = None) -> Response:
    """A JSON answer with the data version and the citation (the payload's own, else the given or the store's)."""
    body = {**payload, "data_version": data_version()}
    body["citation"] = payload.get("citation") or cite or citation(store())
    g.mpd_citation = body["citation"]
    g.mpd_no_store = "scores_updating" in payload    # earlier scores for a few seconds: not to be cached
    return jsonify(body)


def csv_answer(text: str, name: str, cite: str) -> Response:
    """A CSV download (text from the neutralising writer), UTF-8 with BOM, citation in the X-Citation header."""
    g.mpd_citation = cite
    return Response("\ufeff" + text, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def etag() -> str:
    """The ETag of this request: data version token + method + full URL + language (same data, same answer)."""
    return hashlib.sha1(f"{store().version()} {request.method} {request.full_path} {request_language()}"
                        .encode()).hexdigest()[:20]


@read.before_request
def _not_modified():
    """304 when the client already has this answer for this data version."""
    if request.method == "GET" and request.if_none_match and etag() in request.if_none_match:
        return Response(status=304, headers={"ETag": f'"{etag()}"'})
    return None


@read.after_request
def _cache_headers(resp: Response) -> Response:
    """ETag, Cache-Control and CORS for successful reads; the citation header on every answer."""
    if request.method == "GET" and resp.status_code == 200 and g.get("mpd_no_store"):
        resp.headers["Cache-Control"] = "no-store"
    elif request.method == "GET" and resp.status_code == 200:
        resp.set_etag(etag())
        resp.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    resp.headers["Access-Control-Allow-Origin"] = "*"
    cite = g.get("mpd_citation")
    if cite:
        resp.headers["X-Citation"] = cite if cite.isascii() else quote(cite, safe=" ,;:()'&./-")
    return resp


def _error(status: int, reason: str) -> tuple[Response, int]:
    """A JSON error answer."""
    return jsonify({"ok": False, "error": reason}), status


@read.errorhandler(ApiError)
def _api_error(exc: ApiError):
    """The reason of a refused request."""
    return _error(exc.status, exc.reason)


@read.errorhandler(RateLimitExceeded)
def _too_many(exc: RateLimitExceeded):
    """429 with the limit reached (Retry-After is set by flask-limiter)."""
    return _error(429, f"too many requests from this address ({exc.description}); try again later")


@read.errorhandler(Exception)
def _unexpected(exc: Exception):
    """Any other failure: JSON without a traceback (the traceback goes to the server's log)."""
    if isinstance(exc, HTTPException):
        return _error(exc.code or 500, exc.description or exc.name)
    LOG.exception("read API request failed: %s", request.path)
    return _error(500, "the request failed on the server (the operator can find the details in the log)")


def q(name: str) -> str | None:
    """A query parameter (spectree has checked its shape)."""
    return request.args.get(name)


@read.get("/")
@documented(tags=("about",))
def index():
    """What the API offers: its routes, the OpenAPI document and the human page."""
    return answer({"openapi": f"{PREFIX}/openapi.json", "docs": f"{PREFIX}/docs",
                   "routes": sorted(p for p in spec.spec["paths"])})


@read.get("/catalogue")
@documented(ok=m.CatalogueAnswer, tags=("metadata",))
def catalogue_route():
    """Every indicator with its metadata: definition, unit, direction, goalposts, thresholds, SDG/GCM references,
    source, licence and terms of reuse, coverage, links to its values."""
    return answer(metadata.catalogue_payload(store()))


@read.get("/indicators/<indicator_id>")
@documented(tags=("metadata",))
def indicator_route(indicator_id: str):
    """One indicator's metadata and its citation."""
    return answer(metadata.indicator_payload(store(), indicator_id))


def filtered_values(indicator_id: str):
    """(indicator, filtered values) of a values request."""
    ind = params.indicator(indicator_id, localised(catalogue(store())))
    return ind, values(store(), indicator_id, params.countries(q("countries")), params.corridors(q("corridors")),
                       params.years(q("years")))


@read.get("/indicators/<indicator_id>/values.json")
@documented(query=m.ValuesQuery, ok=m.ValuesAnswer, tags=("values",))
def values_json(indicator_id: str):
    """An indicator's current values as JSON, filtered by countries or corridors and years; each value with its
    period, year, source and upload id."""
    ind, df = filtered_values(indicator_id)
    payload = store().memo(cache_key("opendata-values-json"), lambda: {
        "indicator": indicator_id, "unit": str(ind["unit"]), "level": ind["level"], "count": len(df),
        "values": records(df), "citation": citation(store(), [indicator_id])})
    return answer(payload)


@read.get("/indicators/<indicator_id>/values.csv")
@documented(query=m.ValuesQuery, tags=("values",))
def values_csv(indicator_id: str):
    """The same values as CSV (UTF-8 with BOM; the citation in the X-Citation header)."""
    _, df = filtered_values(indicator_id)
    text = store().memo(cache_key("opendata-values-csv"), lambda: csv_text(df))
    return csv_answer(text, f"{indicator_id}_values.csv", citation(store(), [indicator_id]))


def scoring_settings() -> tuple[int, dict | None, str]:
    """(year, weights or None for the catalogue's, rule) of a scores request."""
    st = store()
    return (params.year(q("year"), years(st), default_year(st)), params.weights(q("weights"), catalogue(st)),
            params.rule(q("rule")))


@read.get("/scores")
@documented(query=m.ScoresQuery, ok=m.ScoresAnswer, tags=("scores",))
def scores_route():
    """Scores and ranks of every country for a year, weights and rule (as `python -m indicators score`); rank
    intervals only when already computed for those settings."""
    return answer(scores.scores_payload(store(), *scoring_settings()))


@read.get("/countries/<iso3>")
@documented(query=m.ScoresQuery, tags=("scores",))
def country_route(iso3: str):
    """A country profile: overall and pillar scores, rank, every indicator with value, year, score, rating, trend
    and source, corridors from and to it."""
    year, weights, rule = scoring_settings()
    return answer(store().memo((*cache_key("opendata-profile"), scores_version(store(), year, weights, rule)),
                               lambda: scores.profile_payload(store(), iso3, year, weights, rule)))


@read.get("/corridors")
@documented(query=m.CorridorsQuery, tags=("scores",))
def corridors_route():
    """The ranked corridor table of a year (as `python -m indicators corridors`), optionally one origin or
    destination."""
    st = store()
    ends = [params.countries(q(k)) for k in ("origin", "destination")]
    year, rule = params.year(q("year"), years(st), default_year(st)), params.rule(q("rule"))
    return answer(st.memo((*cache_key("opendata-corridors"), scores_version(st, year, None, rule)),
                          lambda: scores.corridors_payload(st, year, rule, *[e[0] if e else None for e in ends])))


@read.get("/citation")
@documented(query=m.CitationQuery, tags=("about",))
def citation_route():
    """How to cite the data: the original producers first, then the dashboard with its method and data version."""
    cat = catalogue(store())
    ids = [i.strip() for i in (q("indicators") or "").split(",") if i.strip()]
    for i in ids:
        params.indicator(i, cat)
    return answer({"citation": citation(store(), ids or None), "indicators": ids or None})


@read.get("/openapi.json")
def openapi():
    """The OpenAPI document of this API (generated by spectree from the routes and their models)."""
    return jsonify(spec.spec)


@read.get("/docs")
def docs():
    """The API documented for people: an HTML page built from the OpenAPI document (no script, nothing remote)."""
    from indicators.web.api_docs import docs_page
    return Response(docs_page(spec.spec, citation(store())), mimetype="text/html")


@read.route("/<path:rest>")
def unknown(rest: str):
    """Any other path under /api/v1: 404 as JSON (not the dashboard's page)."""
    return _error(404, _("no route {path}; the routes are listed at {spec}").format(
        path=f"{PREFIX}/{rest[:100]}", spec=f"{PREFIX}/openapi.json"))
