"""Committing a checked upload: its proposal (if any), then one table commit carrying its rows and its record, which
makes the upload exist; a proposal is committed under a lock, so two groups proposing the same indicator cannot both
win."""
from __future__ import annotations

from indicators.i18n import _

import json

import pyarrow as pa

from indicators.store.files import new_upload_id
from indicators.store.observations import OBS_SCHEMA, UPLOAD_ID_RE, Store
from indicators.uploads.notes import clean_note, file_name_problems
from indicators.uploads.prepare import Prepared


def commit(store: Store, prep: Prepared, group: str, note: str | None = None,
           upload_id: str | None = None) -> str:
    """Write a prepared upload's proposal (if any), then commit its rows and record as one table version. Everything
    that could refuse it (note, file name, id, the record's encoding) is checked before the first byte is written;
    ValueError says why."""
    if not prep.ok:
        raise ValueError(_("this upload has problems and cannot be committed"))
    note = clean_note(prep.note if note is None else note)
    bad_name = file_name_problems(prep.file_name)
    if bad_name:
        raise ValueError(bad_name[0].reason)
    upload_id = upload_id or new_upload_id()
    if not UPLOAD_ID_RE.match(upload_id):
        raise ValueError(_("invalid upload id {id}").format(id=repr(upload_id)))
    if store.exists(upload_id):
        raise ValueError(_("upload {id} already exists").format(id=upload_id))
    n = prep.table.num_rows
    uid = pa.array([upload_id], pa.string()).take(pa.array([0] * n, pa.int32())) if n else pa.array([], pa.string())
    table = prep.table.append_column("upload_id", uid).select(OBS_SCHEMA.names).cast(OBS_SCHEMA)
    record = {
        "kind": "commit", "upload_id": upload_id, "group": group, "committed_at": None,
        "file_name": prep.file_name, "sha256": prep.sha256, "rows_accepted": table.num_rows, "rows_rejected": 0,
        "note": note, "indicators": prep.indicators(),
        "details": {"layout": prep.layout, "encoding": prep.encoding, "bytes": prep.size,
                    "rows_set_aside": int(len(prep.set_aside)), "notes": prep.notes,
                    "proposal": prep.proposal["id"] if prep.proposal else None},
    }
    encode_record(record)                             # a record that cannot be written refuses the commit here

    def write() -> None:
        written = []
        try:
            if prep.proposal:
                from indicators.uploads.proposals import write_proposal
                written.append(write_proposal(store.root, upload_id, prep.proposal, group))
            store.commit_table(table, record)
        except BaseException:                         # no table commit: the proposal is removed again
            for path in written:
                path.unlink(missing_ok=True)
            raise

    if not prep.proposal:
        write()
    else:
        from indicators.store.in_force import accepted
        from indicators.uploads.proposals import lock
        with lock(store.root):                        # two groups proposing the same id at once: one wins
            if any(r["indicator"]["id"] == prep.proposal["id"] for r in accepted(store.root)):
                raise ValueError(_("indicator {id} was proposed by another upload meanwhile").format(
                    id=prep.proposal['id']))
            write()
    return upload_id


def encode_record(record: dict) -> bytes:
    """A log record as the bytes written (UTF-8 JSON); ValueError when it holds text UTF-8 cannot encode."""
    try:
        return json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8")
    except (UnicodeEncodeError, TypeError, ValueError) as exc:
        raise ValueError(_("the upload record cannot be written ({error}): nothing was written").format(
            error=exc.__class__.__name__)) \
            from None
