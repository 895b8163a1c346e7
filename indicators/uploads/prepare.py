"""A checked upload held in memory (nothing written): the file read in any layout, its proposal (if any) checked
like the catalogue, its rows validated; committed whole by commit.commit or rejected whole with its problems."""
from __future__ import annotations

from indicators.i18n.formats import integer

from indicators.i18n import _

import hashlib
import logging
import os
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from indicators.store.catalogue import Catalogue
from indicators.uploads.clean import clean_frame
from indicators.uploads.constants import FRAME_ROWS_MAX, PARALLEL_HASH_BYTES, limits
from indicators.uploads.layouts import read_upload, set_aside_frame
from indicators.uploads.notes import clean_note, file_name_problems, note_problems, safe_file_name
from indicators.uploads.preview import Changes
from indicators.uploads.problems import Problem, Rejected
from indicators.uploads.results import IngestResult
from indicators.uploads.validate import validate_long

LOG = logging.getLogger(__name__)

@dataclass
class Prepared:
    """A validated (or rejected) upload held in memory: nothing has been written."""

    file_name: str
    sha256: str
    size: int
    problems: list[Problem]
    problem_count: int
    table: pa.Table | None = None
    rows: np.ndarray | None = None
    layout: str | None = None
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)
    set_aside: pd.DataFrame = field(default_factory=lambda: set_aside_frame([]))
    rows_read: int = 0
    proposal: dict[str, Any] | None = None
    catalogue: Catalogue | None = None
    note: str = ""

    @property
    def ok(self) -> bool:
        """True when the upload can be committed."""
        return not self.problems and self.table is not None

    @property
    def n_rows(self) -> int:
        """Rows that would be committed."""
        return 0 if self.table is None else self.table.num_rows

    def indicators(self) -> list[str]:
        """Indicator ids in the upload."""
        return [] if self.table is None else sorted(set(pc.unique(self.table["indicator_id"]).to_pylist()))

    def reject(self, problems: list[Problem], count: int | None = None) -> Prepared:
        """This upload, rejected with these problems (count: how many there are in all, when more were found)."""
        self.problems, self.problem_count = problems, len(problems) if count is None else count
        return self

    def result(self, upload_id: str | None = None, changes: Changes | None = None) -> IngestResult:
        """As an IngestResult."""
        frame = None
        if self.table is not None and self.table.num_rows <= FRAME_ROWS_MAX:
            frame = clean_frame(self.table)
        return IngestResult(self.ok, upload_id=upload_id, rows=self.n_rows if self.ok else self.rows_read,
                            problems=self.problems, frame=frame, table=self.table,
                            problem_count=self.problem_count, layout=self.layout, notes=self.notes,
                            set_aside=self.set_aside, changes=changes, sha256=self.sha256, file_name=self.file_name)


def prepare(raw: bytes, file_name: str, *, layout: str = "auto", indicator: str | None = None,
            proposal: dict[str, Any] | str | None = None, group: str | None = None,
            catalogue: Catalogue | None = None, data_dir: str | os.PathLike | None = None,
            max_bytes: int | None = None, max_rows: int | None = None, note: str | None = None) -> Prepared:
    """Read and validate an upload held in memory, with its note and file name; nothing is written. Proposals are
    validated with the data. Whatever goes wrong becomes a problem with a reason (never an exception)."""
    name = safe_file_name(file_name)
    told = file_name_problems(name) + note_problems(note)
    if told:                                          # refused before the file is even read
        prep = Prepared(file_name=name.encode("utf-8", "replace").decode("utf-8"), sha256="", size=len(raw),
                        problems=[], problem_count=0)
        return prep.reject(told)
    try:
        prep = _hashed(raw, name, layout, indicator, proposal, group, catalogue, data_dir, max_bytes, max_rows)
    except Exception as exc:                          # a reader's bug must not reach the user as a traceback
        LOG.exception("checking upload %s failed", name)
        prep = Prepared(file_name=name, sha256=hashlib.sha256(raw).hexdigest(), size=len(raw), problems=[],
                        problem_count=0)
        return prep.reject([Problem(None, None, None, _("the file could not be checked ({error}); nothing was "
                                                        "written: please tell the operator").format(
            error=type(exc).__name__))])
    prep.note = clean_note(note)
    return prep


def _hashed(raw: bytes, name: str, layout: str, indicator: str | None, proposal: dict[str, Any] | str | None,
            group: str | None, catalogue: Catalogue | None, data_dir: str | os.PathLike | None,
            max_bytes: int | None, max_rows: int | None) -> Prepared:
    """prepare() once the file name is safe: the hash computed while the file is checked."""
    if len(raw) > PARALLEL_HASH_BYTES:                # hashlib releases the GIL: hash while the file is parsed
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(max_workers=1) as pool:
            future = pool.submit(lambda: hashlib.sha256(raw).hexdigest())
            prep = _prepare(raw, name, "", layout, indicator, proposal, group, catalogue, data_dir, max_bytes,
                            max_rows)
            prep.sha256 = future.result()
        return prep
    return _prepare(raw, name, hashlib.sha256(raw).hexdigest(), layout, indicator, proposal, group, catalogue,
                    data_dir, max_bytes, max_rows)


def _prepare(raw: bytes, name: str, digest: str, layout: str, indicator: str | None,
             proposal: dict[str, Any] | str | None, group: str | None, catalogue: Catalogue | None,
             data_dir: str | os.PathLike | None, max_bytes: int | None, max_rows: int | None) -> Prepared:
    """prepare() once the file name is safe and the hash is known (or being computed): size, proposal, data."""
    from indicators.store.in_force import catalogue_for
    lim_bytes, lim_rows = limits()
    max_bytes, max_rows = max_bytes or lim_bytes, max_rows or lim_rows
    prep = Prepared(file_name=name, sha256=digest, size=len(raw), problems=[], problem_count=0)
    if len(raw) > max_bytes:
        return prep.reject([Problem(None, None, None, _("the file is {n} bytes, over the limit of {limit} "
                                                        "bytes").format(n=integer(len(raw)),
                                                                        limit=integer(max_bytes)))])
    cat = catalogue or catalogue_for(data_dir)
    if proposal is not None:
        cat = _check_proposal(prep, proposal, cat, group)
        if prep.problems:
            return prep
    prep.catalogue = cat
    return _check_data(prep, raw, layout, indicator, cat, group, max_rows)


def _check_proposal(prep: Prepared, proposal: dict[str, Any] | str, cat: Catalogue,
                    group: str | None) -> Catalogue:
    """The catalogue with the proposed indicator (prep.proposal set), or prep rejected with the proposal's
    problems."""
    from indicators.uploads.proposals import DEFINITION, check_shape, parse_proposal, validate_proposal
    try:
        if not isinstance(proposal, str):
            check_shape(proposal)
        entry = parse_proposal(proposal) if isinstance(proposal, str) else dict(proposal)
    except ValueError as exc:
        prep.reject([Problem(None, DEFINITION, None, str(exc))])
        return cat
    entry, cat, pproblems = validate_proposal(entry, cat, group or "working group")
    if pproblems:
        prep.reject(pproblems)
        return cat
    prep.proposal = entry
    return cat


def _check_data(prep: Prepared, raw: bytes, layout: str, indicator: str | None, cat: Catalogue,
                group: str | None, max_rows: int) -> Prepared:
    """Read the file in its layout and validate its rows: prep holds the clean table, or is rejected."""
    try:
        rl = read_upload(raw, layout, cat, max_rows)
    except Rejected as exc:
        return prep.reject(exc.problems)
    finally:
        pa.default_memory_pool().release_unused()     # the CSV reader's working memory back to the system
    prep.layout, prep.encoding, prep.rows_read = rl.layout, rl.encoding, rl.length
    default = rl.default_source or f"Upload by {group or 'working group'}: {prep.file_name}"
    if prep.proposal and not rl.default_source:
        default = prep.proposal["source"]
    v = validate_long(rl, cat, indicator=indicator, max_rows=max_rows, default_source=default)
    prep.notes = v.notes
    prep.set_aside = set_aside_frame(v.set_aside)
    if v.problems:
        return prep.reject(v.problems, v.problem_count)
    if prep.proposal and prep.proposal["id"] not in set(pc.unique(v.table["indicator_id"]).to_pylist()):
        return prep.reject([Problem(None, None, prep.proposal["id"],
                                    "the file has no rows for the proposed indicator: a proposal comes with its data")])
    prep.table, prep.rows = v.table, v.rows
    return prep
