"""Indicators proposed by working groups: a catalogue entry uploaded together with its data.

A proposal is validated like the shipped catalogue (catalogue.catalogue_problems) and its data like any upload. It is
stored as proposals/<upload_id>.json in the data directory, written before the upload's log record, so it exists
exactly when its upload does: a retraction of the upload withdraws the proposal too. The catalogue in force
(shipped catalogue plus accepted proposals) is indicators.store.in_force.catalogue_for.

Policy (a data manager's default): a proposed indicator is shown, chartable and uploadable at once, with its group
named as the source, but it enters the index with weight 0 until the operator adopts it into catalogue.yaml
(the weight the group asked for is kept as proposed_weight).
"""
from __future__ import annotations

from indicators.i18n.formats import integer

from indicators.i18n import N_, _

import contextlib
import fcntl
import hashlib
import json
import math
import os
import re
import tempfile
from pathlib import Path
from typing import Any, Iterator

import yaml

from indicators.store.catalogue import DIRECTIONS, LEVELS, PILLARS, Catalogue, catalogue_problems
from indicators.store.files import atomic_write_bytes, utc_now
from indicators.store.in_force import PROPOSALS_DIR, merge
from indicators.store.objects import Location, location
from indicators.uploads.constants import FORMULA
from indicators.uploads.problems import Problem

MAX_DEFINITION_BYTES = 20_000
DEFINITION_DEPTH = 2                         # the mapping, then a list inside it
DEFINITION_FIELDS = 40                       # the catalogue has 24 fields
DEFINITION_LIST = 50                         # items of a list (thresholds: 3, series codes: a few)
DEFINITION = N_("indicator definition")      # the column problems of a proposal are reported in
ID_RE = re.compile(r"^[a-z][a-z0-9_]{2,62}$")
CODE_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,60}$")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
TEXT_FIELDS = {"name": 300, "short_name": 60, "unit": 120, "sdg": 60, "gcm": 200, "source": 500, "licence": 300,
               "definition": 3000, "method_note": 3000}
NUMBER_FIELDS = ("best", "worst", "valid_min", "valid_max", "weight")
ALLOWED = set(TEXT_FIELDS) | set(NUMBER_FIELDS) | {"id", "pillar", "level", "direction", "thresholds", "window",
                                                   "binary", "trend", "raw_direction", "series_codes"}
REQUIRED = ("id", "name", "pillar", "level", "unit", "direction", "best", "worst", "thresholds", "valid_min",
            "valid_max", "licence", "definition")
EXAMPLE = N_("""\
id: domestic_worker_coverage
name: Share of domestic workers covered by labour law
short_name: Domestic workers covered
pillar: protection
level: country
unit: "% of domestic workers"
direction: higher_is_better
best: 100
worst: 0
thresholds: [90, 60, 30]
valid_min: 0
valid_max: 100
weight: 1
source: National labour force survey
licence: CC BY 4.0
series_codes: [DW_COVERAGE]
definition: Domestic workers covered by the labour code, as a share of all domestic workers.
""")   # words translated where shown


class _PlainLoader(yaml.SafeLoader):
    """YAML's safe loader without aliases, anchors or tags, and at most two levels deep (a mapping of fields whose
    values are scalars or flat lists): an alias bomb, a tag or deep nesting is refused while the text is parsed,
    before any node is built."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        """Refuse aliases, anchors, explicit tags and nesting beyond a list inside the mapping."""
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.YAMLError(_("aliases and anchors (& and *) are not allowed"))
        if getattr(event, "tag", None) is not None:    # set only by an explicit tag (!!python/..., !x, !)
            raise yaml.YAMLError(_("tags such as {tag} are not allowed").format(tag=event.tag))
        depth = getattr(self, "_depth", 0)
        if depth >= DEFINITION_DEPTH and isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            raise yaml.YAMLError(_("fields hold a value or a list of values, nothing nested deeper"))
        self._depth = depth + 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth = depth


def parse_proposal(text: str) -> dict[str, Any]:
    """A proposal from YAML or JSON text (one mapping of catalogue fields); raises ValueError with a reason. The text
    is capped in size, parsed without aliases, anchors or tags, and its shape checked before any value is used."""
    if not isinstance(text, str):
        raise ValueError(_("the indicator definition must be text (YAML or JSON)"))
    if len(text) > MAX_DEFINITION_BYTES or len(text.encode("utf-8", "replace")) > MAX_DEFINITION_BYTES:
        raise ValueError(_("the indicator definition is longer than {n} bytes").format(n=integer(MAX_DEFINITION_BYTES)))
    try:
        data = yaml.load(text, Loader=_PlainLoader)    # noqa: S506 (a safe loader, stricter still)
    except yaml.YAMLError as exc:
        raise ValueError(_("the indicator definition is not valid YAML or JSON ({error})").format(
            error=str(exc).splitlines()[0])) from None
    check_shape(data)
    return data


def check_shape(data: Any) -> None:
    """ValueError unless data is a mapping of text field names to scalars (text, number, true/false, null) or flat
    lists of scalars, with at most DEFINITION_FIELDS fields and DEFINITION_LIST items per list."""
    if not isinstance(data, dict):
        raise ValueError(_("the indicator definition must be a set of 'field: value' lines (id, name, pillar, ...)"))
    if len(data) > DEFINITION_FIELDS:
        raise ValueError(_("the indicator definition has {n} fields, more than the {limit} allowed").format(
            n=len(data), limit=DEFINITION_FIELDS))
    for key, value in data.items():
        if not isinstance(key, str):
            raise ValueError(_("field names of the indicator definition must be text (id, name, pillar, ...)"))
        items = value if isinstance(value, list) else [value]
        if isinstance(value, list) and len(value) > DEFINITION_LIST:
            raise ValueError(_("field {field} lists more than {limit} values").format(field=repr(key[:40]),
                                                                                   limit=DEFINITION_LIST))
        if not all(v is None or isinstance(v, (str, int, float, bool)) for v in items):
            raise ValueError(_("field {field} must be text, a number, true/false or a list of these").format(
                field=repr(key[:40])))


def _number(v: Any) -> float | None:
    """A finite float, or None."""
    if isinstance(v, bool) or (isinstance(v, str) and not v.isascii()):   # float() reads ٣ as 3: ASCII only
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def validate_proposal(entry: dict[str, Any], cat: Catalogue,
                      group: str) -> tuple[dict[str, Any], Catalogue, list[Problem]]:
    """(cleaned entry, catalogue with it, problems). The entry gets the group as source and weight 0 (see module)."""
    bad = _Findings()
    e = {str(k).strip(): v for k, v in entry.items()}
    _check_fields(e, bad)
    iid = _check_id(e, cat, bad)
    _check_texts(e, bad)
    _check_numbers(e, bad)
    _check_choices(e, bad)
    w = _check_window(e, bad)
    codes = _check_series_codes(e, cat, bad)
    _check_booleans(e, bad)
    if bad.problems:
        return e, cat, bad.problems
    clean = _clean_entry(e, iid, codes, w, group)
    merged = merge(cat, [clean])
    own = [p for p in catalogue_problems(merged) if p.startswith(f"{iid}:")]
    problems = [Problem(None, _(DEFINITION), None, p.split(":", 1)[1].strip()) for p in own]
    return clean, merged, problems


class _Findings:
    """The problems of one proposal, each about a field of the indicator definition."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def __call__(self, field: str, reason: str, value: Any = None) -> None:
        self.problems.append(Problem(None, _(DEFINITION) + f": {field}", None if value is None else str(value)[:80],
                                     reason))


def _check_fields(e: dict[str, Any], bad: _Findings) -> None:
    """Unknown fields (derived indicators and data status cannot be proposed) and missing required ones."""
    for k in sorted(set(e) - ALLOWED):
        bad(k, _("unknown field (derived indicators and data status cannot be proposed)") if k in (
            "derived_from", "derived_end", "data_status") else _("unknown field (allowed: {names})").format(
            names=", ".join(sorted(ALLOWED))))
    for k in REQUIRED:
        if e.get(k) in (None, "", []):
            bad(k, _("required field is missing"))


def _check_id(e: dict[str, Any], cat: Catalogue, bad: _Findings) -> str:
    """The proposed id: well-formed and not in the catalogue yet."""
    iid = str(e.get("id", "")).strip()
    if iid and not ID_RE.match(iid):
        bad("id", _("id must be 3-63 characters: lower-case letters, digits and _, starting with a letter"), iid)
    elif iid in cat.indicators.index:
        bad("id", _("an indicator with this id already exists in the catalogue"), iid)
    return iid


def _check_texts(e: dict[str, Any], bad: _Findings) -> None:
    """Text fields: text (stripped in e), not too long, no control characters, not formula-like."""
    for k, limit in TEXT_FIELDS.items():
        v = e.get(k)
        if v is None:
            continue
        if not isinstance(v, (str, int, float)) or isinstance(v, bool):
            bad(k, _("must be text"), v)
            continue
        v = str(v).strip()
        e[k] = v
        if len(v) > limit:
            bad(k, _("longer than {n} characters").format(n=limit))
        if CONTROL.search(v):
            bad(k, _("control characters are not allowed"))
        if FORMULA.match(v):
            bad(k, _("looks like a spreadsheet formula"), v)


def _check_numbers(e: dict[str, Any], bad: _Findings) -> None:
    """Goalposts, valid range and weight as finite numbers, thresholds as three (converted in e)."""
    for k in NUMBER_FIELDS:
        if k in e and e[k] is not None:
            f = _number(e[k])
            if f is None:
                bad(k, _("must be a finite number"), e[k])
            else:
                e[k] = f
    t = e.get("thresholds")
    if t is not None:
        if not isinstance(t, list) or len(t) != 3 or any(_number(x) is None for x in t):
            bad("thresholds", _("thresholds must be a list of three numbers, from best to worst"), t)
        else:
            e["thresholds"] = [_number(x) for x in t]


def _check_choices(e: dict[str, Any], bad: _Findings) -> None:
    """Pillar, level and direction among the catalogue's; a corridor indicator's raw direction."""
    if e.get("pillar") is not None and e["pillar"] not in PILLARS:
        bad("pillar", _("pillar must be one of {values}").format(values=", ".join(PILLARS)), e["pillar"])
    if e.get("level") is not None and e["level"] not in LEVELS:
        bad("level", _("level must be one of {values}").format(values=", ".join(LEVELS)), e["level"])
    if e.get("direction") is not None and e["direction"] not in DIRECTIONS:
        bad("direction", _("direction must be one of {values}").format(values=", ".join(DIRECTIONS)), e["direction"])
    if e.get("level") == "corridor" and e.get("raw_direction") not in ("migration", "money"):
        bad("raw_direction", _("a corridor indicator needs raw_direction: migration (origin -> destination as people "
                               "move) or money (sending -> receiving country of remittances)"), e.get("raw_direction"))


def _check_window(e: dict[str, Any], bad: _Findings) -> Any:
    """The look-back window (default 5 years; null for a status indicator), non-negative."""
    w = e.get("window", 5)
    if w is not None and (_number(w) is None or _number(w) < 0):
        bad("window", _("window must be a non-negative number of years (or null for a status)"), w)
    return w


def _check_series_codes(e: dict[str, Any], cat: Catalogue, bad: _Findings) -> list[str]:
    """The series codes as a list of well-formed codes, none already mapped to an indicator of the same level."""
    codes = e.get("series_codes", [])
    if isinstance(codes, str):
        codes = [codes]
    if not isinstance(codes, list) or any(not isinstance(c, (str, int)) or not CODE_RE.match(str(c)) for c in codes):
        bad("series_codes", _("series_codes must be a list of codes (letters, digits, . _ -)"), codes)
        codes = []
    codes = [str(c) for c in codes]
    taken = {str(c).upper(): i for i, cs, lvl in zip(cat.indicators.index, cat.indicators["series_codes"],
                                                     cat.indicators["level"])
             for c in (cs if isinstance(cs, list) else []) if lvl == e.get("level")}
    for c in codes:
        if c.upper() in taken:
            bad("series_codes", _("series code {code} already belongs to {indicator}").format(
                code=c, indicator=taken[c.upper()]), c)
    return codes


def _check_booleans(e: dict[str, Any], bad: _Findings) -> None:
    """binary and trend, when given, are true or false."""
    for k in ("binary", "trend"):
        if k in e and not isinstance(e[k], bool):
            bad(k, _("must be true or false"), e[k])


def _clean_entry(e: dict[str, Any], iid: str, codes: list[str], w: Any, group: str) -> dict[str, Any]:
    """The catalogue entry of a proposal without problems: the group named as source, weight 0 until adopted."""
    given_source = e.get("source")
    return {
        **{k: e[k] for k in ALLOWED if k in e},
        "id": iid, "series_codes": codes, "short_name": e.get("short_name") or str(e["name"])[:60],
        "sdg": e.get("sdg") or "none given", "gcm": e.get("gcm") or "none given", "window": w,
        "source": f"Working group {group}" + (f": {given_source}" if given_source else ""),
        "proposed_weight": e.get("weight", 1.0), "weight": 0.0, "proposed_by": group,
        "data_status": (f"Proposed by working group {group}: shown and uploadable, not in the index until the "
                        "operator adopts it (weight 0)."),
    }


def write_proposal(root: str | os.PathLike | Location, upload_id: str, entry: dict[str, Any], group: str) -> Location:
    """Store a validated proposal for an upload (atomically); call before the upload's log record is written."""
    path = location(root) / PROPOSALS_DIR / f"{upload_id}.json"
    record = {"upload_id": upload_id, "group": group, "proposed_at": utc_now(), "indicator": entry}
    atomic_write_bytes(path, json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"))
    return path


@contextlib.contextmanager
def lock(root: str | os.PathLike | Location) -> Iterator[None]:
    """An exclusive inter-process lock for one data directory, kept outside it (a rejected upload writes nothing); for
    an s3:// data directory it serialises the processes of one machine only (README, "Store on object storage")."""
    digest = hashlib.sha1(str(location(root)).encode()).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"mpd-{digest}.lock"
    with open(path, "a+") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
