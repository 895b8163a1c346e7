"""HTTP API for scripted uploads (a Flask blueprint registered on the dashboard's server).

    POST /api/uploads                     multipart: file (CSV), optional indicator, layout, note, dry_run,
                                          definition (a proposed indicator, YAML/JSON); Authorization: Bearer <token>
                                          -> 201 {"ok": true, "upload_id": ..., "rows": ..., "changes": {...}}
                                          -> 422 {"ok": false, "problems": [{row, column, value, reason}, ...]}
    GET  /api/uploads                     the upload log (open, like the rest of the dashboard)
    GET  /api/uploads/<id>                one upload's record
    POST /api/uploads/<id>/retract        retract an upload of your group (previous values come back)
    GET  /api/uploads/<id>/as-of.csv      values as they stood right after that upload (?indicator=...)
    GET  /api/templates/<indicator>.csv   a template: header and one example row
    GET  /api/codes.csv                   the allowed codes (?indicator=...)

Credentials are checked before the body is read; a body over the size limit is refused (413) while it streams in.
Nothing is written unless the credential is valid and the whole file passes validation.
"""
from __future__ import annotations

import logging

from flask import Blueprint, Response, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from indicators.uploads import auth, history, templates as uploads
from indicators.store.config import data_dir
from indicators.store.safe_tables import csv_text
from indicators.uploads.constants import limits
from indicators.uploads.ingest import ingest_bytes

LOG = logging.getLogger(__name__)
MULTIPART_SLACK = 256 * 1024          # room for the form fields and multipart boundaries around the file
api = Blueprint("uploads_api", __name__, url_prefix="/api")


def _store():
    """The store of the configured data directory (as the pages use it)."""
    from indicators.scoring.service import get_store
    return get_store(str(data_dir()))


def _error(status: int, message: str, **extra) -> tuple[Response, int]:
    """A JSON error answer."""
    resp = jsonify({"ok": False, "error": message, **extra})
    if status == 401:
        resp.headers["WWW-Authenticate"] = 'Bearer realm="uploads"'
    return resp, status


def _group() -> str:
    """The authenticated group of the request (raises auth.AuthError)."""
    return auth.authenticate(auth.bearer(request.headers.get("Authorization")), str(data_dir()))


@api.errorhandler(auth.AuthError)
def _auth_failed(exc: auth.AuthError):
    """401 or 403 with the reason."""
    return _error(exc.status, exc.message)


@api.errorhandler(RequestEntityTooLarge)
def _too_large(exc):
    """413 with the limit."""
    return _error(413, f"the upload is over the limit of {limits()[0]:,} bytes")


def _flag(name: str) -> bool:
    """A truthy form field (1, true, yes, on)."""
    return (request.form.get(name) or "").strip().lower() in ("1", "true", "yes", "on")


@api.post("/uploads")
def post_upload():
    """Validate and commit (or, with dry_run, only check) an uploaded CSV."""
    group = _group()
    max_bytes, max_rows = limits()
    if request.content_length is not None and request.content_length > max_bytes + MULTIPART_SLACK:
        return _too_large(None)
    request.max_content_length = max_bytes + MULTIPART_SLACK
    f = request.files.get("file")
    if f is None:
        return _error(400, "no file: send the CSV as the multipart field 'file'")
    raw = f.stream.read(max_bytes + 1)
    if len(raw) > max_bytes:
        return _too_large(None)
    definition = request.form.get("definition")
    if definition is None and "definition" in request.files:
        definition = request.files["definition"].stream.read(64 * 1024).decode("utf-8", "replace")
    layout = request.form.get("layout") or request.form.get("format") or "auto"
    res = ingest_bytes(raw, f.filename or "upload.csv", group, request.form.get("note") or None, store=_store(),
                       layout=layout, indicator=request.form.get("indicator") or None,
                       proposal=definition or None, dry_run=_flag("dry_run"), compare=True,
                       max_bytes=max_bytes, max_rows=max_rows)
    body = res.summary()
    body["group"] = group
    if not res.ok:
        return jsonify(body), 422
    if res.upload_id:
        LOG.info("upload %s by %s: %s rows from %s", res.upload_id, group, res.rows, res.file_name)
        return jsonify(body), 201
    return jsonify(body), 200


@api.get("/uploads")
def list_uploads():
    """The upload log as JSON records, oldest first (?group=, ?status=committed|retracted)."""
    log = history.history(_store(), group=request.args.get("group") or None).iloc[::-1]
    status = request.args.get("status")
    if status:
        log = log[log["status"] == status]
    return jsonify({"uploads": _json_records(log)})


@api.get("/uploads/<upload_id>")
def get_upload(upload_id: str):
    """One upload's record."""
    log = history.history(_store())
    row = log[log["upload_id"] == upload_id]
    if row.empty:
        return _error(404, f"no upload {upload_id!r}")
    return jsonify(_json_records(row)[0])


@api.post("/uploads/<upload_id>/retract")
def retract_upload(upload_id: str):
    """Retract an upload of the caller's group; the previous values come back (nothing is deleted)."""
    group = _group()
    store = _store()
    log = store.uploads()
    row = log[log["upload_id"] == upload_id]
    if row.empty:
        return _error(404, f"no upload {upload_id!r}")
    owner = row.iloc[0]["group"]
    if owner != group:
        return _error(403, f"upload {upload_id} was made by {owner!r}; only that group (or the operator, with "
                           "the command line) can retract it")
    if row.iloc[0]["status"] == "retracted":
        return _error(409, f"upload {upload_id} is already retracted")
    payload = request.get_json(silent=True) or {}
    note = payload.get("note") if isinstance(payload, dict) else None
    note = note or request.form.get("note") or ""
    try:
        record = store.retract(upload_id, group=group, note=str(note)[:1000])
    except ValueError as exc:
        return _error(409, str(exc))
    return jsonify({"ok": True, "upload_id": upload_id, "retracted_at": record["retracted_at"], "group": group})


@api.get("/uploads/<upload_id>/as-of.csv")
def as_of_csv(upload_id: str):
    """Values as they stood right after an upload, as CSV."""
    try:
        df = history.as_of(_store(), upload_id, request.args.get("indicator") or None)
    except KeyError:
        return _error(404, f"no upload {upload_id!r}")
    return _csv(csv_text(df), f"as-of_{upload_id}.csv")


@api.get("/templates/<indicator_id>.csv")
def template(indicator_id: str):
    """A CSV template for one indicator."""
    store = _store()
    cat = uploads.upload_catalogue(store)
    if indicator_id not in cat.indicators.index or isinstance(cat.indicators.at[indicator_id, "derived_from"], str):
        return _error(404, f"no uploadable indicator {indicator_id!r}")
    return _csv(uploads.template_csv(cat, indicator_id, store), f"template_{indicator_id}.csv")


@api.get("/codes.csv")
def codes():
    """The allowed codes, for one indicator or all."""
    store = _store()
    cat = uploads.upload_catalogue(store)
    ind = request.args.get("indicator") or None
    if ind and ind not in cat.indicators.index:
        return _error(404, f"no indicator {ind!r}")
    return _csv(uploads.codes_csv(cat, ind), f"codes_{ind or 'all'}.csv")


def _csv(text: str, name: str) -> Response:
    """A CSV download (UTF-8 with BOM so spreadsheets read accents); text comes from the neutralising writer."""
    return Response("\ufeff" + text, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "X-Content-Type-Options": "nosniff"})


def _json_records(df) -> list[dict]:
    """DataFrame rows as JSON-safe dicts."""
    import math
    out = []
    for rec in df.to_dict("records"):
        out.append({k: (None if v is None or (isinstance(v, float) and math.isnan(v)) else
                        v.item() if hasattr(v, "item") else v) for k, v in rec.items()})
    return out
