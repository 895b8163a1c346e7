"""Working-group credentials: browsing is open, uploading and retracting need a group's token.

The operator creates a group with `python -m indicators groups add NAME`, which prints a new random token once.
Only the token's SHA-256 is kept, in <data_dir>/groups.json (written atomically, under an inter-process lock).
Tokens are 256-bit random strings, so a plain SHA-256 suffices (no password stretching is needed), and they are
compared in constant time with hmac.compare_digest. A revoked group's token is refused (403); an unknown, malformed
or missing token is refused as unauthenticated (401).
"""
from __future__ import annotations

from indicators.i18n import _

import contextlib
import fcntl
import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from indicators.store.config import data_dir as resolve_data_dir
from indicators.store.files import atomic_write_bytes, utc_now
from indicators.store.objects import Location

GROUPS_FILE = "groups.json"
TOKEN_PREFIX = "mpdg_"
NAME_RE = re.compile(r"^[\w][\w .,&()'/-]{0,79}$", re.UNICODE)
TOKEN_RE = re.compile(r"^mpdg_[A-Za-z0-9_-]{40,60}$")
RESERVED = {"bundled", "operator"}


class AuthError(Exception):
    """A refused credential: status 401 (missing, malformed or unknown), 403 (revoked) or 503 (the credentials file
    cannot be read)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Group:
    """A working group as the operator registered it (the token itself is never stored)."""

    name: str
    created_at: str
    revoked_at: str | None
    token_hint: str

    @property
    def active(self) -> bool:
        """True until the group is revoked."""
        return self.revoked_at is None


def hash_token(token: str) -> str:
    """Hex SHA-256 of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _path(data_dir: str | os.PathLike | None) -> Location:
    """The groups file of a data directory."""
    return resolve_data_dir(data_dir) / GROUPS_FILE


def _read(data_dir: str | os.PathLike | None) -> dict:
    """The groups file as a dict ({"groups": {name: {...}}}); empty if absent."""
    path = _path(data_dir)
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        return {"groups": {}}
    if not isinstance(data, dict) or not isinstance(data.get("groups"), dict):
        raise ValueError(f"{path} is not a groups file")
    return data


@contextlib.contextmanager
def _locked(data_dir: str | os.PathLike | None) -> Iterator[Location]:
    """Exclusive lock around a read-modify-write of the groups file (two operators at once lose nothing). On S3 the
    lock is a local file: it serialises the operators of one machine only (README: run group changes from one)."""
    path = _path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = path.parent / f".{GROUPS_FILE}.lock" if isinstance(path, Path) else \
        Path(tempfile.gettempdir()) / f"mpd-groups-{hashlib.sha1(str(path).encode()).hexdigest()[:16]}.lock"
    with open(lock, "a+") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield path
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _write(path: Location, data: dict) -> None:
    """Write the groups file atomically."""
    atomic_write_bytes(path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))


def valid_name(name: str) -> str:
    """A stripped group name, or ValueError saying what is allowed."""
    name = (name or "").strip()
    if not NAME_RE.match(name):
        raise ValueError("a group name is 1-80 characters: letters, digits, spaces and . , & ( ) ' / - _")
    if name.lower() in RESERVED:
        raise ValueError(f"{name!r} is reserved")
    return name


def add_group(name: str, data_dir: str | os.PathLike | None = None, replace: bool = False) -> str:
    """Register a group (or give an existing one a new token with replace=True); returns the token, shown once."""
    name = valid_name(name)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with _locked(data_dir) as path:
        data = _read(data_dir)
        old = data["groups"].get(name)
        if old and old.get("revoked_at") is None and not replace:
            raise ValueError(f"group {name!r} exists; use --replace to issue a new token (the old one stops working)")
        data["groups"][name] = {"token_sha256": hash_token(token), "created_at": utc_now(), "revoked_at": None,
                                "token_hint": token[:9] + "..."}
        _write(path, data)
    return token


def revoke_group(name: str, data_dir: str | os.PathLike | None = None) -> None:
    """Revoke a group's token (its uploads stay; it can no longer upload or retract)."""
    with _locked(data_dir) as path:
        data = _read(data_dir)
        g = data["groups"].get(name)
        if g is None:
            raise KeyError(f"no group {name!r}")
        if g.get("revoked_at"):
            raise ValueError(f"group {name!r} is already revoked")
        g["revoked_at"] = utc_now()
        _write(path, data)


def list_groups(data_dir: str | os.PathLike | None = None) -> list[Group]:
    """Every registered group, active and revoked, by name."""
    data = _read(data_dir)
    return [Group(name=n, created_at=g.get("created_at", ""), revoked_at=g.get("revoked_at"),
                  token_hint=g.get("token_hint", "")) for n, g in sorted(data["groups"].items())]


def authenticate(token: str | None, data_dir: str | os.PathLike | None = None) -> str:
    """The group name of a valid token; raises AuthError (401 missing/unknown, 403 revoked)."""
    token = (token or "").strip()
    if not token:
        raise AuthError(401, _("a working-group credential is needed to upload or retract (Authorization: Bearer "
                               "<token>)"))
    digest = hash_token(token)
    found = None
    try:
        groups = _read(data_dir)["groups"]
    except (OSError, UnicodeDecodeError, ValueError):
        raise AuthError(503, _("the dashboard's credentials file cannot be read: tell the operator "
                               "(python -m indicators check)")) from None
    for name, g in groups.items():
        if isinstance(g, dict) and hmac.compare_digest(digest, str(g.get("token_sha256", ""))):
            found = (name, g)
    if found is None or not TOKEN_RE.match(token):
        raise AuthError(401, _("the credential is not valid"))
    name, g = found
    if g.get("revoked_at"):
        raise AuthError(403, _("the credential of group {group} was revoked on {date}").format(
            group=repr(name), date=g['revoked_at'][:10]))
    return name


def bearer(header: str | None) -> str | None:
    """The token of an 'Authorization: Bearer <token>' header (None if absent or another scheme)."""
    if not header:
        return None
    scheme, _, value = header.strip().partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None
