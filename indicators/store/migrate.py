"""`python -m indicators migrate-store OLD_DIR NEW_DIR_OR_URL`: convert a data directory of the previous layout (a Parquet
file and a JSON record per upload, indicators.store.legacy) into the Delta Lake store, keeping upload ids, records
(every field, time stamps included), retractions and history: each upload becomes one table commit carrying its
record, each retraction its own commit, in the order they happened, so the new table's versions replay the old
history and `as_of` answers as before. Every other file (context/, proposals/, groups.json, reports) is copied.
The new store may be an s3://bucket/prefix URL (indicators.store.objects). The old directory is only read. A damaged old store is refused (run `check` on it first)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from indicators.store.delta_log import TABLE_DIR, latest_version
from indicators.store.legacy import OLD_LOG, OLD_OBS, events, is_legacy
from indicators.store.objects import Location, location
from indicators.store.observations import OBS_SCHEMA, UPLOAD_ID_RE, Store
from indicators.store.table import append

SKIPPED = (OLD_LOG, OLD_OBS, "quarantine")


def conform(path: Path) -> pa.Table:
    """An old data file as the store's schema (dictionary columns decoded, columns in order)."""
    table = pq.read_table(path)
    cols = []
    for field in OBS_SCHEMA:
        col = table.column(field.name) if field.name in table.column_names else pa.nulls(table.num_rows, field.type)
        cols.append(col.cast(field.type) if not pa.types.is_dictionary(col.type) else
                    col.dictionary_decode().cast(field.type))
    return pa.Table.from_arrays(cols, schema=OBS_SCHEMA)


def copy_tree(src: Path, dest: Location) -> None:
    """Copy a folder's files into a folder or under an s3:// prefix (one object per file)."""
    if isinstance(dest, Path):
        shutil.copytree(src, dest)
        return
    for f in sorted(p for p in src.rglob("*") if p.is_file()):
        (dest / f.relative_to(src).as_posix()).write_bytes(f.read_bytes())


def migrate(old: Path, new: Location | str) -> list[str]:
    """Convert `old` into a new store at `new` (a folder or an s3:// URL); returns one line per upload or retraction
    written."""
    old, new = Path(old), location(new)
    if not is_legacy(old):
        raise ValueError(f"{old} is not a data directory of the previous layout (no log/ folder)")
    if latest_version(new / TABLE_DIR) is not None:
        raise ValueError(f"{new} already holds a store: migrate into a new directory")
    todo, damaged = events(old, UPLOAD_ID_RE)
    if damaged:
        raise ValueError("the old store is damaged (run `python -m indicators check` on it): "
                         + "; ".join(str(d) for d in damaged[:5]))
    new.mkdir(parents=True, exist_ok=True)
    for item in sorted(old.iterdir()):
        if item.name not in SKIPPED and not item.name.startswith("."):
            if item.is_dir():
                copy_tree(item, new / item.name)
            elif isinstance(new, Path):
                shutil.copy2(item, new / item.name)
            else:
                (new / item.name).write_bytes(item.read_bytes())
    done, empty = [], pa.Table.from_pylist([], schema=OBS_SCHEMA)
    for e in todo:
        uid = e.record["upload_id"]
        if e.kind == "commit":
            version = append(new / TABLE_DIR, conform(e.data_file), e.record, f"upload:{uid}")
        else:
            version = append(new / TABLE_DIR, empty, e.record, f"retract:{uid}")
        done.append(f"v{version} {e.kind:<7} {uid}")
    Store(new).connection()
    return done


def main(old: str, new: str) -> int:
    """Run the migration and print what was written."""
    for line in migrate(Path(old), new):
        print(line)
    return 0
