"""The operator's check of a data directory (`python -m indicators check`): damaged log records, data files and
proposals, table commits whose data file is missing, an unreadable credentials file, and what killed commits left
behind; optionally cleaned (leftovers older than the grace period). Damaged table commits are never moved or
rewritten (`--quarantine` says so and what to do: restore the file from a backup)."""
from __future__ import annotations

import json

from indicators.store.in_force import PROPOSALS_DIR
from indicators.store.integrity import Damage, clean_leftovers, leftovers, quarantine
from indicators.store.objects import Location, listdir
from indicators.store.observations import Store

GROUPS_FILE = "groups.json"


def check_store(store: Store) -> list[Damage]:
    """Every problem of the data directory (empty when it is sound)."""
    out = [d for d in store.damaged() if d.kind != "missing"]
    for path in store.live_files():
        if not (store.root / path).exists():
            out.append(Damage(path, "missing", "a commit of the table adds it but the data file does not exist"))
    out += _proposal_problems(store.root)
    out += _groups_problems(store.root)
    return out + leftovers(store.root)


def _proposal_problems(root: Location) -> list[Damage]:
    """Proposal records that cannot be read."""
    out = []
    pdir = root / PROPOSALS_DIR
    try:
        names = sorted(listdir(pdir))
    except (FileNotFoundError, NotADirectoryError):
        names = []
    for name in names:
        if name.startswith(".") or not name.endswith(".json"):
            continue
        try:
            rec = json.loads((pdir / name).read_bytes().decode("utf-8"))
            ok = isinstance(rec, dict) and isinstance(rec.get("indicator"), dict)
        except (OSError, UnicodeDecodeError, ValueError):
            ok = False
        if not ok:
            out.append(Damage(f"{PROPOSALS_DIR}/{name}", "damaged", "unreadable proposal record (its indicator is "
                                                                    "left out of the catalogue in force)"))
    return out


def _groups_problems(root: Location) -> list[Damage]:
    """The credentials file, when it exists and cannot be read (every upload is refused until it is repaired)."""
    path = root / GROUPS_FILE
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
        if isinstance(data, dict) and isinstance(data.get("groups"), dict):
            return []
    except (OSError, UnicodeDecodeError, ValueError):
        pass
    return [Damage(GROUPS_FILE, "damaged", "the credentials file cannot be read: every upload is refused (restore it "
                                           "from a backup, or issue new tokens with `groups add --replace`)")]


def repair(store: Store, problems: list[Damage], move: bool, clean: bool) -> list[str]:
    """Say what to do with damaged commits (move: they are never moved) and delete leftovers (clean); returns what
    was done."""
    done = []
    if move:
        done += quarantine(store.root, problems)
    if clean:
        done += [f"deleted {d.path}" for d in clean_leftovers(store.root)]
    return done
