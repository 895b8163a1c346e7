"""The free text that comes with an upload rather than in it: the upload's note, a retraction's note and the file
name. One rule on every path (page, HTTP API, command line): a note is at most MAX_NOTE characters of valid text;
control characters (ANSI escape sequences start with one), bidirectional overrides and text that UTF-8 cannot encode
(a lone surrogate, a byte of another encoding on the command line) are refused, never stripped, so what is recorded
is what was sent. A file name is a base name (never a path) of valid text; its control characters are dropped."""
from __future__ import annotations

import re

from indicators.i18n import _
from indicators.i18n.formats import integer
from indicators.uploads.constants import CONTROL, MAX_FILE_NAME, MAX_NOTE
from indicators.uploads.problems import Problem

NOTE = "note"
FILE_NAME = "file name"


def undecodable(text: str) -> str | None:
    """Why a text cannot be stored as UTF-8 (a lone surrogate, or a byte the command line could not decode), or
    None when it can."""
    try:
        text.encode("utf-8")
        return None
    except UnicodeEncodeError as exc:
        ch = text[exc.start]
        if "\udc80" <= ch <= "\udcff":                  # os.fsdecode / argv: an undecodable byte, surrogate-escaped
            return _("byte 0x{byte} at character {at} is not UTF-8 (a name or note typed in another encoding, such "
                     "as Latin-1): use UTF-8").format(byte=f"{ord(ch) - 0xdc00:02x}", at=exc.start + 1)
        return _("character {at} is a lone surrogate (U+{code}), not text").format(at=exc.start + 1,
                                                                                 code=f"{ord(ch):04X}")


def note_problems(note: str | None, what: str = NOTE) -> list[Problem]:
    """The problems of an upload's or a retraction's note (empty when it can be recorded as it is)."""
    if note is None:
        return []
    if not isinstance(note, str):
        return [Problem(None, what, None, _("the note must be text"))]
    bad = undecodable(note)
    if bad:
        return [Problem(None, what, None, _("the note cannot be recorded: {why}").format(why=bad))]
    problems = []
    if len(note) > MAX_NOTE:
        problems.append(Problem(None, what, note[:80], _("the note is {n} characters long, over the limit of "
                                                         "{limit}").format(n=integer(len(note)),
                                                                           limit=integer(MAX_NOTE))))
    m = CONTROL.search(note)
    if m:
        problems.append(Problem(None, what, None, _("the note holds a control character (U+{code}, at character "
                                                    "{at}; terminal escape sequences start with one): only text, line "
                                                    "breaks and tabs are allowed").format(
            code=f"{ord(m.group()):04X}", at=m.start() + 1)))
    return problems


def clean_note(note: str | None, what: str = NOTE) -> str:
    """The note as it is recorded (surrounding spaces dropped); ValueError with the reason when it is refused."""
    problems = note_problems(note, what)
    if problems:
        raise ValueError(problems[0].reason)
    return (note or "").strip()


def safe_file_name(name: str | None) -> str:
    """The base name of an uploaded file with control characters removed (never a path), at most MAX_FILE_NAME
    characters; text UTF-8 cannot encode is kept here and refused by file_name_problems."""
    base = re.split(r"[\\/]", str(name or "upload.csv"))[-1]
    base = CONTROL.sub("", base).strip() or "upload.csv"
    return base[:MAX_FILE_NAME]


def file_name_problems(name: str) -> list[Problem]:
    """The problems of a (safe) file name: it must be text UTF-8 can record."""
    bad = undecodable(name)
    return ([Problem(None, FILE_NAME, None, _("the file name cannot be recorded: {why}; rename the file").format(
        why=bad))] if bad else [])
