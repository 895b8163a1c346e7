"""Ingestion: validate an upload against the catalogue and the country reference, preview it, then commit it whole.

A file is either committed in full as one new upload or rejected in full with row- and column-level problems;
a rejected file leaves the data directory byte-identical (nothing is written before validation has passed).
Row numbers are the file's rows as a spreadsheet shows them: the header is row 1 (or the row it is on, below a
World Bank metadata block), the first data row is the next one.

Pipeline: bytes -> layouts.read_upload (any layout, as text cells) -> validate.validate_long (vectorised: every text
column is dictionary-encoded, each distinct value is checked once, then flags are mapped back to rows) ->
prepare.Prepared -> preview.changes (new / changed / unchanged against the current data) -> commit.commit (one
Parquet file, then the log record).
"""
from __future__ import annotations

from indicators.i18n.formats import integer

from indicators.i18n import _

import os
from pathlib import Path
from typing import Any

from indicators.store.observations import Store
from indicators.uploads.commit import commit
from indicators.uploads.constants import MAX_BYTES_DEFAULT, MAX_ROWS_DEFAULT
from indicators.uploads.prepare import prepare
from indicators.uploads.preview import changes
from indicators.uploads.problems import Problem, Rejected, reject
from indicators.uploads.results import IngestResult


def ingest_bytes(raw: bytes, file_name: str, group: str, note: str | None = None, *,
                 store: Store | None = None, data_dir: str | os.PathLike | None = None, layout: str = "auto",
                 indicator: str | None = None, proposal: dict[str, Any] | str | None = None, dry_run: bool = False,
                 compare: bool = False, max_bytes: int | None = None, max_rows: int | None = None) -> IngestResult:
    """Validate an upload held in memory and commit it (unless dry_run), or reject it whole without writing."""
    store = store or Store(data_dir)
    prep = prepare(raw, file_name, layout=layout, indicator=indicator, proposal=proposal, group=group,
                   data_dir=store.root, max_bytes=max_bytes, max_rows=max_rows, note=note)
    if not prep.ok:
        return prep.result()
    diff = changes(store, prep) if compare or dry_run else None
    if dry_run:
        return prep.result(changes=diff)
    try:
        upload_id = commit(store, prep, group)
    except ValueError as exc:                         # e.g. the same indicator proposed by another upload meanwhile
        return IngestResult(False, problems=[Problem(None, None, None, str(exc))], problem_count=1,
                            file_name=prep.file_name, sha256=prep.sha256, layout=prep.layout)
    return prep.result(upload_id, diff)


def ingest(path: str | os.PathLike, group: str, note: str | None = None, data_dir: str | os.PathLike | None = None,
           store: Store | None = None, max_bytes: int = MAX_BYTES_DEFAULT,
           max_rows: int = MAX_ROWS_DEFAULT, **options: Any) -> IngestResult:
    """Validate a file (long, wide, WDI, SDG or NORMLEX layout) and commit it as one new upload, or reject it whole
    without writing anything. options: layout, indicator, proposal, dry_run, compare (see ingest_bytes)."""
    path = Path(path)
    if not path.is_file():
        return IngestResult(False, problems=[Problem(None, None, str(path), _("no such file"))], problem_count=1)
    try:
        raw = read_bytes(path, max_bytes)
    except Rejected as exc:
        return IngestResult(False, problems=exc.problems, problem_count=len(exc.problems), file_name=path.name)
    return ingest_bytes(raw, path.name, group, note, store=store, data_dir=data_dir, max_bytes=max_bytes,
                        max_rows=max_rows, **options)


def read_bytes(path: str | os.PathLike, max_bytes: int = MAX_BYTES_DEFAULT) -> bytes:
    """The bytes of a file, refused (Rejected) before reading when it is over the size limit."""
    size = os.path.getsize(path)
    if size > max_bytes:
        raise reject(_("the file is {n} bytes, over the limit of {limit} bytes").format(n=integer(size),
                                                                                       limit=integer(max_bytes)))
    with open(path, "rb") as fh:
        raw = fh.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise reject(_("the file is over the limit of {limit} bytes").format(limit=integer(max_bytes)))
    return raw
