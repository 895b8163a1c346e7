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

Answers are in the language asked for (`?lang=fr|es`, else Accept-Language, else English): error texts, problem
reasons and notes; codes, row numbers, column names and values stay as they are (web/language.py).

Credentials and the rate limits (per group and per address, 429) are checked before the body is read; a body over the
size limit is refused (413) while it streams in. Nothing is written unless the credential is valid and the whole
file passes validation. A field given twice, two file parts, or a boolean other than 1/true/yes/on or
0/false/no/off is refused; no answer carries a traceback.
"""
from __future__ import annotations

import logging

from flask import Blueprint, Response, jsonify, request
from flask_limiter import RateLimitExceeded
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from indicators.i18n import _
from indicators.i18n.formats import integer
from indicators.uploads import auth, history, templates as uploads
from indicators.store.config import data_dir
from indicators.uploads.constants import FALSE_WORDS, TRUE_WORDS, limits
from indicators.uploads.ingest import ingest_bytes
from indicators.uploads.notes import note_problems
from indicators.web.language import install, request_language
from indicators.web.ratelimit import writes_by_address, writes_by_group
from indicators.scoring.service import warm_new_version

LOG = logging.getLogger(__name__)
MULTIPART_SLACK = 256 * 1024          # room for the form fields and multipart boundaries around the file
api = Blueprint("uploads_api", __name__, url_prefix="/api")
install(api)


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
    return _error(413, _("the upload is over the limit of {n} bytes").format(n=integer(limits()[0])))


class BadField(Exception):
    """A form field the request cannot be read with: an unknown boolean, a field given twice (422 or 400)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


@api.errorhandler(BadField)
def _bad_field(exc: BadField):
    """The field and what is allowed."""
    return _error(exc.status, exc.message)


@api.errorhandler(RateLimitExceeded)
def _too_many(exc: RateLimitExceeded):
    """429 with the limit that was reached (Retry-After is set by flask-limiter)."""
    return _error(429, _("too many uploads, previews or retractions ({limit}): try again later; nothing was read or "
                         "written").format(limit=exc.description))


@api.errorhandler(Exception)
def _unexpected(exc: Exception):
    """Any other failure: a JSON answer without a traceback (the traceback goes to the server's log)."""
    if isinstance(exc, HTTPException):
        return _error(exc.code or 500, exc.description or exc.name)
    LOG.exception("API request failed: %s %s", request.method, request.path)
    return _error(500, _("the request failed on the server; nothing was written unless the answer said so (the "
                         "operator can find the details in the server's log)"))


def _flag(name: str) -> bool:
    """A boolean form field: 1/true/yes/on or 0/false/no/off (or absent); anything else is refused (422)."""
    value = (_field(name) or "").strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise BadField(422, _("{name} must be one of {true} or {false} (got {value}); nothing was checked or "
                          "written").format(name=name, true=", ".join(TRUE_WORDS), false=", ".join(FALSE_WORDS),
                                            value=repr(value[:40])))


def _field(name: str) -> str | None:
    """A form field given at most once (a field given twice is ambiguous: 400)."""
    values = request.form.getlist(name)
    if len(values) > 1:
        raise BadField(400, _("the field {name} is given {n} times: give it once").format(name=repr(name),
                                                                                         n=len(values)))
    return values[0] if values else None


def _one_file(name: str):
    """The one file part of this name, or None (two parts of the same name are refused: 400)."""
    parts = request.files.getlist(name)
    if len(parts) > 1:
        raise BadField(400, _("{n} parts named {name}: send one file per request").format(n=len(parts),
                                                                                         name=repr(name)))
    return parts[0] if parts else None


@api.post("/uploads")
@writes_by_group
@writes_by_address
def post_upload():
    """Validate and commit (or, with dry_run, only check) an uploaded CSV."""
    group = _group()
    max_bytes, max_rows = limits()
    if request.content_length is not None and request.content_length > max_bytes + MULTIPART_SLACK:
        return _too_large(None)
    request.max_content_length = max_bytes + MULTIPART_SLACK
    f = _one_file("file")
    if f is None:
        return _error(400, _("no file: send the CSV as the multipart field 'file'"))
    dry_run = _flag("dry_run")
    raw = f.stream.read(max_bytes + 1)
    if len(raw) > max_bytes:
        return _too_large(None)
    definition = _field("definition")
    part = _one_file("definition")
    if definition is None and part is not None:
        definition = part.stream.read(64 * 1024).decode("utf-8", "replace")
    layout = _field("layout") or _field("format") or "auto"
    res = ingest_bytes(raw, f.filename or "upload.csv", group, _field("note") or None, store=_store(),
                       layout=layout, indicator=_field("indicator") or None,
                       proposal=definition or None, dry_run=dry_run, compare=True,
                       max_bytes=max_bytes, max_rows=max_rows)
    body = res.summary()
    body["group"] = group
    body["lang"] = request_language()
    if not res.ok:
        return jsonify(body), 422
    if res.upload_id:
        LOG.info("upload %s by %s: %s rows from %s", res.upload_id, group, res.rows, res.file_name)
        warm_new_version(_store())                   # the new data version's scorecards, once, in the background
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
        return _error(404, _("no upload {id}").format(id=repr(upload_id)))
    return jsonify(_json_records(row)[0])


@api.post("/uploads/<upload_id>/retract")
@writes_by_group
@writes_by_address
def retract_upload(upload_id: str):
    """Retract an upload of the caller's group; the previous values come back (nothing is deleted)."""
    group = _group()
    store = _store()
    log = store.uploads()
    row = log[log["upload_id"] == upload_id]
    if row.empty:
        return _error(404, _("no upload {id}").format(id=repr(upload_id)))
    owner = row.iloc[0]["group"]
    if owner != group:
        return _error(403, _("upload {id} was made by {owner}; only that group (or the operator, with the command "
                             "line) can retract it").format(id=upload_id, owner=repr(owner)))
    if row.iloc[0]["status"] == "retracted":
        return _error(409, _("upload {id} is already retracted").format(id=upload_id))
    payload = request.get_json(silent=True) or {}
    note = payload.get("note") if isinstance(payload, dict) else None
    note = note or _field("note") or ""
    refused = note_problems(note, "retraction note")
    if refused:
        return _error(422, refused[0].reason, problems=[p.__dict__ for p in refused])
    try:
        record = store.retract(upload_id, group=group, note=note.strip())
    except ValueError as exc:                         # retracted meanwhile (by another request): exactly one wins
        return _error(409, str(exc))
    warm_new_version(store)
    return jsonify({"ok": True, "upload_id": upload_id, "retracted_at": record["retracted_at"], "group": group})


@api.get("/uploads/<upload_id>/as-of.csv")
def as_of_csv(upload_id: str):
    """Values as they stood right after an upload, as CSV."""
    store, indicator = _store(), request.args.get("indicator") or None
    try:                                  # built once per upload for every worker and data version (history.as_of_csv)
        text = store.memo(("api-as-of", upload_id, indicator), lambda: history.as_of_csv(store, upload_id, indicator))
    except KeyError:
        return _error(404, _("no upload {id}").format(id=repr(upload_id)))
    return _csv(text, f"as-of_{upload_id}.csv")


@api.get("/templates/<indicator_id>.csv")
def template(indicator_id: str):
    """A CSV template for one indicator."""
    store = _store()
    cat = uploads.upload_catalogue(store)
    if indicator_id not in cat.indicators.index or isinstance(cat.indicators.at[indicator_id, "derived_from"], str):
        return _error(404, _("no uploadable indicator {id}").format(id=repr(indicator_id)))
    text = store.memo(("api-template", indicator_id), lambda: uploads.template_csv(cat, indicator_id, store))
    return _csv(text, f"template_{indicator_id}.csv")


@api.get("/codes.csv")
def codes():
    """The allowed codes, for one indicator or all."""
    store = _store()
    cat = uploads.upload_catalogue(store)
    ind = request.args.get("indicator") or None
    if ind and ind not in cat.indicators.index:
        return _error(404, _("no indicator {id}").format(id=repr(ind)))
    text = store.memo(("api-codes", ind, request_language()), lambda: uploads.codes_csv(cat, ind))
    return _csv(text, f"codes_{ind or 'all'}.csv")


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
