"""Digits other than ASCII 0-9 (Arabic-Indic ٢٠٢٠, fullwidth ２０２０, Devanagari, superscripts ...) and the
decimal and thousands signs that go with them (٫ ٬ ．): refused wherever a number, a year or a code is read, with
a message naming the character and the ASCII character meant. Python's int() and float() and the regular
expression \\d accept such digits, which would store 2020 and ٢٠٢٠ as two different periods."""
from __future__ import annotations

import unicodedata

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from indicators.i18n import _
from indicators.i18n.formats import integer
from indicators.uploads.constants import DIGIT_SIGNS, FREE_TEXT_COLUMNS, MAX_PROBLEMS
from indicators.uploads.problems import Problem

SUSPECT = r"[\p{Nd}\p{No}\x{066B}\x{066C}\x{FF0C}\x{FF0E}]"     # RE2: any digit or digit sign, ASCII ones included


def foreign_digit(text: str) -> str | None:
    """Why a text holds digits or digit signs other than ASCII (each named, with the ASCII character meant), or
    None."""
    seen: dict[str, str] = {}
    for ch in text:
        if ch.isascii() or ch in seen:
            continue
        if ch in DIGIT_SIGNS:
            name, meant = DIGIT_SIGNS[ch]
        elif (value := unicodedata.digit(ch, None)) is not None:
            name, meant = unicodedata.name(ch, "digit").lower(), str(value)
        else:
            continue
        seen[ch] = _("{char} ({name}, U+{code}) for {meant}").format(char=ch, name=name, code=f"{ord(ch):04X}",
                                                                    meant=repr(meant))
    if not seen:
        return None
    return _("holds {chars}: write numbers, years and codes with the ASCII digits 0-9 (and a decimal "
             "point)").format(chars=", ".join(list(seen.values())[:4]))


def column_problems(col: pa.ChunkedArray | pa.Array, header: str, rows: np.ndarray) -> tuple[list[Problem], int]:
    """(the first MAX_PROBLEMS problems, how many cells in all) of one column's cells with foreign digits."""
    if col.null_count == len(col) or pc.all(pc.string_is_ascii(col)).as_py() is not False:
        return [], 0
    mask = pc.fill_null(pc.match_substring_regex(col, SUSPECT), False).to_numpy(zero_copy_only=False)
    idx = np.flatnonzero(mask)
    if not len(idx):
        return [], 0
    texts = pc.take(col, pa.array(idx, type=pa.int64())).to_pylist()
    reasons: dict[str, str | None] = {}
    found, count = [], 0
    for i, text in zip(idx, texts):
        why = reasons[text] if text in reasons else reasons.setdefault(text, foreign_digit(text))
        if why:
            count += 1
            if len(found) < MAX_PROBLEMS:
                found.append(Problem(int(rows[i]), header, text.strip()[:80], why))
    return found, count


def sheet_problems(table: pa.Table, header: list[str], names: list[str], rows: np.ndarray,
                   header_row: int) -> list[Problem]:
    """Foreign digits in the header and in every cell that is not free text (notes, sources, units, titles may be
    in any script): the first MAX_PROBLEMS, with a count of the rest."""
    out = [Problem(header_row, h, h[:80], _("the column name {why}").format(why=why)) for h in header
           if (why := foreign_digit(h))]
    total = len(out)
    for i, name in enumerate(names):
        if name in FREE_TEXT_COLUMNS:
            continue
        found, count = column_problems(table.column(i), header[i], rows)
        out += found[:max(0, MAX_PROBLEMS - len(out))]
        total += count
    if total > len(out):
        out.append(Problem(None, None, None, _("... and {n} more cells with digits other than 0-9").format(
            n=integer(total - len(out)))))
    return out
