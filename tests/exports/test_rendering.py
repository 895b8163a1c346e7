"""The one warm render browser: real PNG files, and one browser for many renders."""
from __future__ import annotations

import io

import numpy as np
import pytest

from indicators.exports import rendering
from indicators.exports.print_style import print_style
from indicators.exports.rendering import render

from tests.exports.samples import DATE, bar, line


def _png_pixels(data: bytes):
    from PIL import Image
    return Image.open(io.BytesIO(data)).convert("RGB")


def test_png_is_2x_and_not_blank(renderer):
    fig = print_style(bar(), export_date=DATE)
    data = render(fig, "png")
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    img = _png_pixels(data)
    assert img.size == (2 * fig.layout.width, 2 * fig.layout.height)     # 2x the layout resolution
    arr = np.asarray(img)
    assert tuple(arr[2, 2]) == (255, 255, 255)                            # white paper
    assert (arr.sum(axis=2) < 600).mean() > 0.01                          # ink: bars and text, not a blank page
    blue = np.all(np.abs(arr.astype(int) - [99, 110, 250]) < 30, axis=2)  # plotly's default bar colour is drawn
    assert blue.sum() > 1000


def test_one_browser_for_many_renders(renderer):
    render(bar(), "svg")
    first = rendering._BROWSER.started_at
    n = rendering._BROWSER.renders
    render(line(), "svg")
    render(bar(), "png", scale=1)
    assert rendering._BROWSER.started_at == first and rendering._BROWSER.renders == n + 2
    with pytest.raises(ValueError):
        render(bar(), "gif")
