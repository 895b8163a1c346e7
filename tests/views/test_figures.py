"""Map figures: world choropleth (grey for missing, markers for small states), corridor flow map, offline export."""
from __future__ import annotations

import shutil
import struct
import time
import zlib
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from indicators.views import figures as F
from indicators.views.choropleth import choropleth
from indicators.views.flows import flow_map, great_circle_midpoint
from indicators.views.markup import plain
from indicators.store import geography as geo

THRESHOLDS = [75, 50, 25]


def _traces(fig: go.Figure, meta: str) -> list:
    return [t for t in fig.data if t.meta == meta]


def _one(fig: go.Figure, meta: str):
    found = _traces(fig, meta)
    assert len(found) == 1, [t.meta for t in fig.data]
    return found[0]


@pytest.fixture
def small_df() -> pd.DataFrame:
    return pd.DataFrame({
        "iso3": ["FRA", "DEU", "NOR", "MDV", "TON", "IND", "WLD"],
        "name": ["France", "Germany", "Norway", "Maldives", "Tonga", "", "World"],
        "score": [80.0, np.nan, 30.0, 60.0, np.nan, 0.0, 55.0],
        "year_used": [2019, np.nan, 2020, 2018, np.nan, 2017, 2020],
        "rating": ["achieved", None, "significant", "challenges", "insufficient", "major", "challenges"],
        "n_indicators": [9, 0, 8, 5, 0, 7, 19],
    })


def test_missing_values_are_grey_never_coloured(small_df: pd.DataFrame) -> None:
    fig = choropleth(small_df, "score", title="Index", unit="score 0-100", source="Test", year_label="2020",
                       rating_col="rating", thresholds=THRESHOLDS, value_range=(0, 100), fill_missing=False)
    grey, coloured = _one(fig, "insufficient"), _one(fig, "values")
    assert list(grey.locations) == ["DEU"]
    assert grey.marker.line.color and grey.colorscale[0][1] == F.rating_colour("insufficient") == "#bdbdbd"
    assert grey.name == "Insufficient data" and grey.showlegend
    assert "insufficient data" in grey.text[0]
    assert list(coloured.locations) == ["FRA", "NOR", "IND"]
    assert list(coloured.z) == [80.0, 30.0, 0.0]                      # a real zero stays a zero
    assert sorted(f["id"] for f in coloured.geojson["features"]) == ["FRA", "IND", "NOR"]
    assert [f["id"] for f in grey.geojson["features"]] == ["DEU"]
    assert coloured.featureidkey == grey.featureidkey == "id"
    # hover: name, value with unit, year used, rating; names fall back to the country table
    # no indicator given: the top band claims no SDG
    assert coloured.text[0] == "<b>France</b><br>Value: 80 (score 0-100)<br>Year: 2019<br>Rating: Top band"
    assert coloured.text[2].startswith("<b>India</b>")
    # colour bar ticks at the range ends and the thresholds
    assert list(coloured.colorbar.tickvals) == [0, 25, 50, 75, 100]
    assert (coloured.zmin, coloured.zmax) == (0, 100)


def test_fill_missing_greys_every_shape_without_a_value(small_df: pd.DataFrame) -> None:
    fig = choropleth(small_df, "score", title="Index", source="Test")
    grey = set(_one(fig, "insufficient").locations)
    coloured = set(_one(fig, "values").locations)
    assert grey.isdisjoint(coloured)
    assert grey | coloured == set(geo.world_feature_names())             # every shape drawn exactly once
    assert {"DEU", "USA", "_Somaliland"} <= grey


def test_small_states_as_markers(small_df: pd.DataFrame) -> None:
    fig = choropleth(small_df, "score", title="Index", unit="score", source="Test", thresholds=THRESHOLDS,
                       value_range=(0, 100))
    points = geo.centroids().set_index("iso3")
    with_value, without = _one(fig, "small_states"), _one(fig, "insufficient_markers")
    assert isinstance(with_value, go.Scattergeo) and isinstance(without, go.Scattergeo)
    assert (with_value.lon[0], with_value.lat[0]) == (points.at["MDV", "lon"], points.at["MDV", "lat"])
    assert list(with_value.marker.color) == [60.0] and with_value.marker.cmin == 0 and with_value.marker.cmax == 100
    assert "Maldives" in with_value.text[0]
    assert "Tonga" in without.text[0] and "insufficient data" in without.text[0]
    assert without.marker.color == F.rating_colour("insufficient") and without.legendgroup == "insufficient"
    points_drawn = {(round(x, 4), round(y, 4)) for t in (with_value, without) for x, y in zip(t.lon, t.lat)}
    assert (points.at["TON", "lon"], points.at["TON", "lat"]) in points_drawn
    assert "WLD" not in str(fig.to_dict())                                # aggregates are not drawn


def test_layout_and_source_line(small_df: pd.DataFrame) -> None:
    fig = choropleth(small_df, "score", title="Overall index", unit="score 0-100", source="Test data",
                       year_label="2020")
    geo_layout = fig.layout.geo
    assert geo_layout.projection.type == "natural earth"
    assert geo_layout.showframe is False and geo_layout.showcoastlines is False and geo_layout.fitbounds is False
    assert geo_layout.showland is True and geo_layout.landcolor == F.LAND_COLOUR
    assert fig.layout.title.text == "Overall index"
    notes = [a.text for a in fig.layout.annotations]
    assert notes == ["Source: Test data; score 0-100; 2020"]


def test_scores_get_neutral_bands_in_hover(small_df: pd.DataFrame) -> None:
    banded = small_df.assign(band=["high", None, "low", "medium", None, "very_low", "medium"])
    fig = choropleth(banded, "score", title="Index", source="Test", rating_col="band")
    coloured = [t for t in fig.data if t.meta == "values"][0]
    assert coloured.text[0].endswith("<br>Score band: High") and "SDG" not in " ".join(coloured.text)


def test_rating_mode_one_trace_per_rating(small_df: pd.DataFrame) -> None:
    fig = choropleth(small_df, "score", title="Index", source="Test", rating_col="rating", colour_mode="rating")
    by_meta = {t.meta: t for t in fig.data if isinstance(t, go.Choropleth)}
    assert list(by_meta["achieved"].locations) == ["FRA"]
    assert list(by_meta["significant"].locations) == ["NOR"]
    assert list(by_meta["major"].locations) == ["IND"]
    assert by_meta["achieved"].name == "Top band" and by_meta["achieved"].colorscale[0][1] == "#0571b0"
    assert "challenges" not in by_meta                                     # only the Maldives, a marker
    assert "DEU" in by_meta["insufficient"].locations
    ranks = sorted((t.legendrank, t.meta) for t in by_meta.values())
    assert [m for _, m in ranks] == ["achieved", "significant", "major", "insufficient"]
    # ratings computed from thresholds when no rating column is given
    fig2 = choropleth(small_df, "score", title="Index", source="Test", thresholds=THRESHOLDS, colour_mode="rating")
    assert list({t.meta: t for t in fig2.data}["significant"].locations) == ["NOR"]
    unrated = pd.concat([small_df, pd.DataFrame({"iso3": ["ITA"], "score": [50.0], "rating": ["insufficient"]})])
    fig3 = choropleth(unrated, "score", title="Index", source="Test", rating_col="rating", colour_mode="rating",
                        fill_missing=False)
    assert list(_one(fig3, "insufficient").locations) == ["DEU", "ITA"]
    with pytest.raises(ValueError):
        choropleth(small_df, "score", title="Index", source="Test", colour_mode="rating")
    with pytest.raises(ValueError):
        choropleth(small_df, "score", title="Index", source="Test", colour_mode="bubbles")


def _world_df() -> pd.DataFrame:
    c = geo.centroids()
    rng = np.random.default_rng(7)
    df = pd.DataFrame({"iso3": c["iso3"], "score": rng.uniform(0, 100, len(c)).round(1), "year_used": 2019})
    df.loc[df.sample(40, random_state=3).index, ["score", "year_used"]] = np.nan
    df["rating"] = [F.rate(v, THRESHOLDS, "higher_is_better") for v in df["score"]]
    return df


@pytest.mark.parametrize("mode", ["continuous", "rating"])
def test_world_figure_is_small(mode: str) -> None:
    df = _world_df()
    fig = choropleth(df, "score", title="Overall index", unit="score 0-100", source="Test data",
                       year_label="2020 (latest within 5 years)", rating_col="rating", thresholds=THRESHOLDS,
                       value_range=(0, 100), colour_mode=mode, hover_cols=("year_used",))
    size = len(fig.to_json())
    print(f"world choropleth ({mode}, {len(df)} places): {size / 1024:.0f} KB of figure JSON")
    assert size < 250_000
    shapes = [t for t in fig.data if isinstance(t, go.Choropleth)]
    assert sum(len(t.geojson["features"]) for t in shapes) == len(geo.world_feature_names())


def test_colour_stops_follow_thresholds() -> None:
    higher = F.colour_stops("higher_is_better", THRESHOLDS, (0, 100))
    assert [p for p, _ in higher] == [0, 0.25, 0.5, 0.75, 1]
    assert higher[0][1] == F.rating_colour("major") and higher[-1][1] == F.rating_colour("achieved")
    lower = F.colour_stops("lower_is_better", [3, 5, 10], (0, 20))
    assert [p for p, _ in lower] == [0, 0.15, 0.25, 0.5, 1]
    assert lower[0][1] == F.rating_colour("achieved") and lower[-1][1] == F.rating_colour("major")
    assert lower[1][1] == F.rating_colour("challenges")                 # at t1 achieved meets challenges
    binary = F.colour_stops("higher_is_better", [1, 1, 1], (0, 1))     # degenerate: even stops
    assert [p for p, _ in binary] == [0, 0.25, 0.5, 0.75, 1]


@pytest.fixture
def corridors() -> pd.DataFrame:
    return pd.DataFrame({"origin_iso3": ["PHL", "MEX", "NPL"], "destination_iso3": ["SAU", "USA", "QAT"],
                         "value": [2.5, 7.0, 12.0]})


def test_flow_map_segments_and_bins(corridors: pd.DataFrame) -> None:
    fig = flow_map(corridors, value_col="value", title="Remittance cost", unit="%", source="World Bank RPW",
                     year_label="2020")
    points = geo.centroids().set_index("iso3")
    lines = {t.meta: t for t in fig.data if t.mode == "lines"}
    assert set(lines) == {"achieved", "significant", "major"}
    for rid, (o, d) in {"achieved": ("PHL", "SAU"), "significant": ("MEX", "USA"), "major": ("NPL", "QAT")}.items():
        t = lines[rid]
        assert list(t.lon) == [points.at[o, "lon"], points.at[d, "lon"], None]
        assert list(t.lat) == [points.at[o, "lat"], points.at[d, "lat"], None]
        assert t.line.color == F.rating_colour(rid) and t.hoverinfo == "skip"
    assert lines["achieved"].name == "≤ 3 (Top band)"
    assert plain(lines["major"].name) == "> 10 (Major challenges remain)"       # escaped in the figure, shown as is
    # the remittance cost's own words: its 3 % threshold is the SDG 10.c target
    sdg = flow_map(corridors, value_col="value", title="t", indicator_id="remittance_cost_corridor")
    named = {t.meta: plain(t.name) for t in sdg.data if t.mode == "lines"}
    assert named["achieved"] == "≤ 3 (SDG target met (3 % or less))" and named["major"] == "> 10 (Above 10 %)"
    hover = _one(fig, "achieved_hover")
    assert hover.text[0].startswith("<b>Philippines → Saudi Arabia</b>: 2.5 %")
    origins, destinations = _one(fig, "origin"), _one(fig, "destination")
    assert len(origins.lon) == 3 and len(destinations.lon) == 3
    assert [a.text for a in fig.layout.annotations] == ["Source: World Bank RPW; %; 2020"]
    assert fig.layout.geo.projection.type == "natural earth"


def test_flow_map_many_corridors_few_traces() -> None:
    codes = list(geo.centroids()["iso3"])
    rng = np.random.default_rng(1)
    n = 400
    df = pd.DataFrame({"origin_iso3": rng.choice(codes, n), "destination_iso3": rng.choice(codes, n),
                       "value": rng.uniform(0, 20, n)})
    df.loc[:9, "value"] = np.nan
    df.loc[10, "destination_iso3"] = "WLD"                                # no centroid: left out
    fig = flow_map(df, value_col="value", title="Many", unit="%", source="Test", year_label="2020")
    lines = [t for t in fig.data if t.mode == "lines"]
    assert len(fig.data) <= 2 * 5 + 2
    drawn = sum(len(t.lon) for t in lines) // 3
    assert drawn == int((df["origin_iso3"] != df["destination_iso3"]).sum()) - 1
    assert lines[-1].meta == "insufficient" and lines[-1].line.dash == "dot"
    size = len(fig.to_json())
    print(f"flow map ({drawn} corridors): {size / 1024:.0f} KB of figure JSON")


def test_great_circle_midpoint() -> None:
    assert np.allclose(great_circle_midpoint(0, 0, 90, 0), (45, 0))
    lon, lat = great_circle_midpoint(170, 0, -170, 0)
    assert abs(abs(lon) - 180) < 1e-9 and abs(lat) < 1e-9
    assert great_circle_midpoint(0, 10, 0, 30)[1] == pytest.approx(20)


def test_bin_labels_and_rate() -> None:
    assert F.bin_labels([3, 5, 10], "lower_is_better")["challenges"] == "3–5"
    assert F.bin_labels([75, 50, 25], "higher_is_better")["major"] == "< 25"
    assert [F.rate(v, [3, 5, 10], "lower_is_better") for v in (3, 3.1, 10, 10.5, float("nan"))] == \
        ["achieved", "challenges", "significant", "major", "insufficient"]


def test_source_annotation_helper() -> None:
    fig = F.source_annotation(go.Figure(), "Source: X; %; 2020")
    assert fig.layout.annotations[0].text == "Source: X; %; 2020" and fig.layout.margin.b >= 50
    assert F.source_text("X", "", "2020") == "Source: X; 2020"
    assert len(F.source_annotation(go.Figure(), "").layout.annotations) == 0


def test_offline_topojson_settings() -> None:
    assert F.TOPOJSON_URL == "/assets/topojson/"
    path = F.apply_offline_topojson()
    assert path.endswith("/") and pio.defaults.topojson == path
    assert (Path(path) / "world_110m.json").is_file() and (Path(path) / "world_50m.json").is_file()


# ---------------------------------------------------------------------- static export, offline
def _png_pixels(data: bytes) -> tuple[int, int, np.ndarray]:
    """Decode an 8-bit RGB/RGBA non-interlaced PNG (what kaleido writes) into an array; no Pillow needed."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour_type, _, _, interlace = header
    assert depth == 8 and colour_type in (2, 6) and interlace == 0
    bpp = 3 if colour_type == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    out = np.zeros((height, stride), dtype=np.uint8)
    prev = np.zeros(stride, dtype=np.int32)
    for y in range(height):
        filt = raw[y * (stride + 1)]
        line = np.frombuffer(raw, dtype=np.uint8, count=stride, offset=y * (stride + 1) + 1).astype(np.int32)
        if filt == 0:
            cur = line
        elif filt == 2:
            cur = (line + prev) & 0xFF
        else:
            cur = np.zeros(stride, dtype=np.int32)
            for x in range(stride):
                a = cur[x - bpp] if x >= bpp else 0
                b = prev[x]
                c = prev[x - bpp] if x >= bpp else 0
                if filt == 1:
                    pred = a
                elif filt == 3:
                    pred = (a + b) // 2
                else:                                               # Paeth
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                cur[x] = (line[x] + pred) & 0xFF
        out[y] = cur
        prev = cur
    return width, height, out.reshape(height, width, bpp)[:, :, :3]


def _hex(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


@pytest.mark.skipif(shutil.which("chromium") is None and not Path("/usr/bin/chromium").exists(),
                    reason="static export needs Debian's chromium")
def test_png_export_offline(small_df: pd.DataFrame, tmp_path: Path) -> None:
    pytest.importorskip("kaleido")
    F.apply_offline_topojson()
    fig = choropleth(small_df, "score", title="Index", unit="score 0-100", source="Test", year_label="2020",
                       rating_col="rating", colour_mode="rating")
    out = tmp_path / "map.png"
    start = time.perf_counter()
    fig.write_image(out, width=500, height=300)                         # fails (Error 525) if it needs the CDN
    print(f"kaleido PNG export: {time.perf_counter() - start:.1f} s, {out.stat().st_size / 1024:.0f} KB")
    width, height, pixels = _png_pixels(out.read_bytes())
    assert (width, height) == (500, 300)
    colours = {tuple(p) for p in pixels.reshape(-1, 3)[::7]}
    assert len(colours) > 20                                            # not blank
    flat = pixels.reshape(-1, 3)
    for colour in (F.rating_colour("achieved"), F.rating_colour("insufficient")):
        assert (np.abs(flat.astype(int) - _hex(colour)).sum(axis=1) <= 6).sum() > 100, colour


def test_hover_shows_years_as_years_not_thousands(corridors: pd.DataFrame) -> None:
    df = corridors.assign(year_used=[2020.0, 2019.0, np.nan], migrants=[1500.0, 2000.0, 3.0])
    fig = flow_map(df, value_col="value", title="t", unit="%", source="s", year_label="2020",
                     hover_cols=("year_used", "migrants"), value_format=".1f")
    text = _one(fig, "achieved_hover").text[0]
    assert "Year used: 2020" in text and "2,020" not in text and "Migrants: 1,500" in text
    assert "Year used: –" in _one(fig, "major_hover").text[0]            # a missing year is a dash, not 'nan'
