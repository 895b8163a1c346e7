"""The bundled uploads, read from indicators/store/bundled_sources.yaml, each with its reader and converter."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import yaml

from indicators.store.config import STORE_PACKAGE_DIR
from indicators.store.sources.ciri import convert_ciri
from indicators.store.sources.common import Converted, read_text_csv
from indicators.store.sources.freedom_house import convert_fh
from indicators.store.sources.ilo import convert_ilo_conventions, convert_ilostat
from indicators.store.sources.ituc import convert_ituc
from indicators.store.sources.owid import convert_sdg1072, convert_sdg882
from indicators.store.sources.un import convert_icmw
from indicators.store.sources.us_tip import convert_tip
from indicators.store.sources.world_bank import (convert_rpw, convert_rpw_uk_average, convert_rpw_uk_corridors,
                                                 convert_wdi)

REGISTRY_PATH = STORE_PACKAGE_DIR / "bundled_sources.yaml"
ENTRY_KEYS = frozenset({"upload_id", "raw_file", "also_reads", "encoding", "committed_at", "converter", "args",
                        "note"})
STOCK_FILE = "context/undesa_ims2024_bilateral_stock_long.csv"
# Converter name in the registry -> pure converter taking the source's files as text DataFrames, then its args.
CONVERTERS: dict[str, Callable[..., Converted]] = {
    "rpw": convert_rpw, "wdi": convert_wdi, "icrmw": convert_icmw, "sdg1072": convert_sdg1072,
    "sdg882": convert_sdg882, "freedom_house": convert_fh, "ilo_conventions": convert_ilo_conventions,
    "ituc": convert_ituc, "us_tip": convert_tip, "ciri": convert_ciri, "ilostat": convert_ilostat,
    "rpw_uk_corridors": convert_rpw_uk_corridors, "rpw_uk_average": convert_rpw_uk_average,
}


@dataclass(frozen=True)
class Source:
    """One bundled upload: where the raw file is, how to read and convert it, and its fixed identity."""

    upload_id: str
    raw_file: str
    committed_at: str
    note: str
    convert: Callable[..., Converted]
    also_reads: tuple[str, ...] = ()


def _reader(converter: str, args: list[Any], encoding: str | None) -> Callable[..., Converted]:
    """Read every file of a source as text (with its encoding) and pass the frames, then the args, to the converter."""
    fn = CONVERTERS[converter]
    kw = {"encoding": encoding} if encoding else {}
    return lambda *paths: fn(*(read_text_csv(Path(p), **kw) for p in paths), *args)


@lru_cache(maxsize=1)
def load_sources() -> tuple[Source, ...]:
    """The bundled uploads in commit order (an unknown converter name or key fails loudly)."""
    with open(REGISTRY_PATH, encoding="utf-8") as fh:
        entries = yaml.safe_load(fh)
    for e in entries:
        if set(e) - ENTRY_KEYS or e["converter"] not in CONVERTERS:
            raise ValueError(f"{REGISTRY_PATH.name}: {e.get('upload_id')}: unknown keys {sorted(set(e) - ENTRY_KEYS)} "
                             f"or converter {e.get('converter')!r}")
    return tuple(Source(upload_id=e["upload_id"], raw_file=e["raw_file"], committed_at=e["committed_at"],
                        note=e["note"], convert=_reader(e["converter"], e.get("args", []), e.get("encoding")),
                        also_reads=tuple(e.get("also_reads", ()))) for e in entries)
