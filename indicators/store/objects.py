"""Object storage under the store: a data directory may be an `s3://bucket/prefix` URL instead of a folder.

Credentials and endpoint come from the usual environment variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_SESSION_TOKEN, AWS_REGION or AWS_DEFAULT_REGION, AWS_ENDPOINT_URL); plain http is allowed only for a loopback
endpoint (a test server) or when AWS_ALLOW_HTTP=true says so.

The Delta table is written by `deltalake` with conditional writes: a commit file is created with `If-None-Match: *`,
so of two writers taking the same version one gets 412 and retries on the next (what deltalake 1.x requires for
safe concurrent writers on S3; AWS S3, MinIO and R2 honour it). An unsafe rename (AWS_S3_ALLOW_UNSAFE_RENAME) is
refused. Everything else the store keeps under the data directory (proposals, groups.json, context/) is an object
read and written through pyarrow's S3 file system; `S3Path` offers the few pathlib methods the store uses.
"""
from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlparse

SCHEME = "s3://"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
UNSAFE = "AWS_S3_ALLOW_UNSAFE_RENAME"


def is_url(root: Any) -> bool:
    """True when a data directory is an object-storage URL (s3://bucket/prefix)."""
    return str(root).startswith(SCHEME)


def _env(*names: str) -> str | None:
    """The first of these environment variables that is set (non-empty)."""
    return next((os.environ[n] for n in names if os.environ.get(n)), None)


def endpoint() -> str | None:
    """The S3 endpoint URL from the environment (None: AWS itself)."""
    return _env("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL")


def allow_http(url: str | None) -> bool:
    """Plain http is allowed for a loopback endpoint, or when AWS_ALLOW_HTTP=true."""
    if (os.environ.get("AWS_ALLOW_HTTP") or "").lower() == "true":
        return True
    parsed = urlparse(url or "")
    return parsed.scheme == "http" and (parsed.hostname or "") in LOOPBACK


def storage_options() -> dict[str, str]:
    """deltalake's storage options for an s3:// table: credentials, region, endpoint and conditional writes (the
    commit protocol); ValueError when the environment asks for unsafe renames."""
    if (os.environ.get(UNSAFE) or "").lower() == "true":
        raise ValueError(f"{UNSAFE}=true would let two writers overwrite each other's commit: unset it (the store "
                         "uses S3 conditional writes)")
    opts = {"conditional_put": "etag"}
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        if os.environ.get(name):
            opts[name] = os.environ[name]
    region = _env("AWS_REGION", "AWS_DEFAULT_REGION")
    if region:
        opts["AWS_REGION"] = region
    url = endpoint()
    if url:
        opts["AWS_ENDPOINT_URL"] = url
        if allow_http(url):
            opts["AWS_ALLOW_HTTP"] = "true"
    return opts


_FS: dict[tuple, Any] = {}


def filesystem():
    """pyarrow's S3 file system for the environment's credentials and endpoint (one per configuration)."""
    from pyarrow import fs
    url = endpoint()
    key = (_env("AWS_ACCESS_KEY_ID"), _env("AWS_SECRET_ACCESS_KEY"), _env("AWS_SESSION_TOKEN"),
           _env("AWS_REGION", "AWS_DEFAULT_REGION"), url)
    if key not in _FS:
        kwargs: dict[str, Any] = {"region": key[3] or "us-east-1"}
        if key[0] and key[1]:
            kwargs.update(access_key=key[0], secret_key=key[1], session_token=key[2])
        if url:
            parsed = urlparse(url)
            if parsed.scheme == "http" and not allow_http(url):
                raise ValueError(f"the S3 endpoint {url} is plain http: set AWS_ALLOW_HTTP=true if that is meant")
            kwargs.update(endpoint_override=parsed.netloc, scheme=parsed.scheme or "https")
        _FS[key] = fs.S3FileSystem(**kwargs)
    return _FS[key]


@dataclass(frozen=True)
class Stat:
    """The part of os.stat_result the store reads."""

    st_size: int
    st_mtime: float
    st_mtime_ns: int


class S3Path:
    """An object (or a prefix) under an s3:// data directory, with the pathlib methods the store uses."""

    def __init__(self, url: str):
        if not is_url(url):
            raise ValueError(f"not an s3:// URL: {url}")
        self.url = SCHEME + str(url)[len(SCHEME):].strip("/")

    @property
    def key(self) -> str:
        """bucket/key, as pyarrow's file system names it."""
        return self.url[len(SCHEME):]

    def __truediv__(self, other: Any) -> "S3Path":
        return S3Path(f"{self.url}/{str(other).strip('/')}")

    def __str__(self) -> str:
        return self.url

    def __repr__(self) -> str:
        return f"S3Path({self.url!r})"

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, S3Path) and other.url == self.url

    def __hash__(self) -> int:
        return hash(self.url)

    @property
    def name(self) -> str:
        """The last part of the key."""
        return posixpath.basename(self.key)

    @property
    def parent(self) -> "S3Path":
        """The prefix one level up."""
        return S3Path(SCHEME + posixpath.dirname(self.key))

    def resolve(self) -> "S3Path":
        """Itself (a URL is absolute)."""
        return self

    def relative_to(self, other: "S3Path") -> PurePosixPath:
        """The key relative to a prefix."""
        if not self.url.startswith(other.url + "/"):
            raise ValueError(f"{self} is not under {other}")
        return PurePosixPath(self.url[len(other.url) + 1:])

    def _info(self):
        """pyarrow's FileInfo of the object or prefix."""
        return filesystem().get_file_info(self.key)

    def exists(self) -> bool:
        """True for an object or a non-empty prefix."""
        from pyarrow.fs import FileType
        return self._info().type != FileType.NotFound

    def is_file(self) -> bool:
        """True for an object."""
        from pyarrow.fs import FileType
        return self._info().type == FileType.File

    def is_dir(self) -> bool:
        """True for a non-empty prefix."""
        from pyarrow.fs import FileType
        return self._info().type == FileType.Directory

    def stat(self) -> Stat:
        """Size and modification time; FileNotFoundError when there is no such object."""
        from pyarrow.fs import FileType
        info = self._info()
        if info.type != FileType.File:
            raise FileNotFoundError(self.url)
        return Stat(int(info.size or 0), info.mtime.timestamp() if info.mtime else 0.0, int(info.mtime_ns or 0))

    def read_bytes(self) -> bytes:
        """The object's bytes; FileNotFoundError when absent."""
        with filesystem().open_input_stream(self.key) as fh:
            return fh.read()

    def read_text(self, encoding: str = "utf-8") -> str:
        """The object decoded."""
        return self.read_bytes().decode(encoding)

    def write_bytes(self, payload: bytes) -> None:
        """Put the object whole (an object is visible whole or not at all: no temporary name is needed)."""
        with filesystem().open_output_stream(self.key) as fh:
            fh.write(payload)

    def unlink(self, missing_ok: bool = False) -> None:
        """Delete the object."""
        try:
            filesystem().delete_file(self.key)
        except FileNotFoundError:
            if not missing_ok:
                raise

    def mkdir(self, parents: bool = False, exist_ok: bool = False) -> None:
        """Nothing: object storage has no folders."""

    def open_input(self):
        """A random-access file for pyarrow's readers (Parquet)."""
        return filesystem().open_input_file(self.key)

    def entries(self, recursive: bool = False) -> list[tuple["S3Path", float, bool]]:
        """(path, modification time, is an object) of what is under this prefix; empty when nothing is."""
        from pyarrow.fs import FileSelector, FileType
        infos = filesystem().get_file_info(FileSelector(self.key, allow_not_found=True, recursive=recursive))
        return [(S3Path(SCHEME + i.path), i.mtime.timestamp() if i.mtime else 0.0, i.type == FileType.File)
                for i in infos]

    def rglob(self, pattern: str = "*") -> list["S3Path"]:
        """Every object under this prefix (the pattern is ignored: everything)."""
        return [p for p, _, is_file in self.entries(recursive=True) if is_file]


Location = Path | S3Path


def location(root: str | os.PathLike | S3Path) -> Location:
    """A data directory as a Path, or as an S3Path for an s3:// URL."""
    if isinstance(root, S3Path):
        return root
    if is_url(root):
        return S3Path(str(root))
    return Path(root).expanduser().resolve()


def listdir(folder: Location) -> list[str]:
    """The names in a folder or under a prefix; FileNotFoundError when it does not exist (as os.listdir)."""
    if isinstance(folder, S3Path):
        names = [p.name for p, _, _ in folder.entries()]
        if not names:
            raise FileNotFoundError(folder.url)
        return names
    return os.listdir(folder)


def scan(folder: Location) -> list[tuple[str, float, bool]]:
    """(name, modification time, is a regular file) of what is in a folder; empty when it does not exist."""
    if isinstance(folder, S3Path):
        return [(p.name, mtime, is_file) for p, mtime, is_file in folder.entries()]
    out = []
    try:
        for e in os.scandir(folder):
            try:
                out.append((e.name, e.stat(follow_symlinks=False).st_mtime, e.is_file(follow_symlinks=False)))
            except OSError:
                continue
    except (FileNotFoundError, NotADirectoryError):
        pass
    return out


def parquet_source(path: Location):
    """What pyarrow's Parquet readers take for a file: its path, or an open S3 file."""
    return path.open_input() if isinstance(path, S3Path) else path


def read_parquet_objects(paths: list[S3Path], schema) -> tuple[Any, list[tuple[S3Path, str, str]]]:
    """The rows of Parquet objects (read a few at a time) as one Arrow table of `schema`, and the objects that could
    not be read, each with its kind (missing or damaged) and why: those are left out."""
    from concurrent.futures import ThreadPoolExecutor

    import pyarrow as pa
    import pyarrow.parquet as pq

    def one(p: S3Path):
        try:
            return pq.read_table(p.open_input(), columns=schema.names).select(schema.names).cast(schema)
        except FileNotFoundError as exc:
            return (p, "missing", f"unreadable data file ({str(exc).splitlines()[0][:120]})")
        except (OSError, pa.ArrowException, ValueError) as exc:
            return (p, "damaged", f"unreadable data file ({str(exc).splitlines()[0][:120]})")
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one, paths))
    tables = [r for r in results if isinstance(r, pa.Table)]
    return (pa.concat_tables(tables) if tables else schema.empty_table()), [r for r in results if isinstance(r, tuple)]
