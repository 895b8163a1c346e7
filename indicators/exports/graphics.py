"""Small graphics facts the briefing writers share: a PNG's pixel size and a legible text colour on a fill."""
from __future__ import annotations


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG from its header."""
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def text_colour(hex_colour: str) -> str:
    """Black or white text for a fill colour (dark fills get white)."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return "#ffffff" if (0.299 * r + 0.587 * g + 0.114 * b) < 140 else "#222222"
