"""Country shapes and points: ISO3 coding, antimeridian repair, the compact world GeoJSON, centroids, small states."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest
import shapely
from shapely.geometry import Point, shape

from indicators.store import geography as geo
from indicators.store.config import ASSETS_DIR


def test_numeric_codes_map_to_alpha3() -> None:
    assert geo.numeric_to_iso3("004") == "AFG"
    assert geo.numeric_to_iso3("4") == "AFG"
    assert geo.numeric_to_iso3("250") == "FRA"
    assert geo.numeric_to_iso3("578") == "NOR"
    assert geo.numeric_to_iso3(None) is None
    assert geo.numeric_to_iso3(float("nan")) is None
    assert geo.numeric_to_iso3("999") is None


@pytest.mark.parametrize("scale", geo.SCALES)
def test_countries_geo_columns_and_codes(scale: str) -> None:
    g = geo.countries_geo(scale)
    assert list(g.columns) == ["iso3", "name", "geometry"]
    assert g.crs.to_epsg() == 4326
    coded = g["iso3"].dropna()
    assert coded.is_unique
    assert {"AFG", "FRA", "NOR", "USA", "IDN", "XKX", "RUS", "FJI"} <= set(coded)
    # Natural Earth's ISO_A3 is -99 for France and Norway; the numeric ids used here are fine
    assert g.loc[g["iso3"] == "FRA", "name"].item() == "France"
    assert g.loc[g["iso3"] == "NOR", "name"].item() == "Norway"
    assert g.loc[g["iso3"] == "XKX", "name"].item() == "Kosovo"
    uncoded = set(g.loc[g["iso3"].isna(), "name"])
    assert {"N. Cyprus", "Somaliland"} <= uncoded and "Kosovo" not in uncoded
    assert g.is_valid.all() and not g.is_empty.any()
    assert set(g.geom_type) <= {"Polygon", "MultiPolygon"}


def test_countries_geo_scales_differ_and_50m_merges_duplicate_ids() -> None:
    small, large = geo.countries_geo("110m"), geo.countries_geo("50m")
    assert len(small) == 177 and len(large) == 240            # 50m: Ashmore and Cartier Is. merged into Australia
    assert "MDV" not in set(small["iso3"]) and "MDV" in set(large["iso3"])
    assert large.loc[large["iso3"] == "AUS", "name"].item() == "Australia"
    with pytest.raises(ValueError):
        geo.countries_geo("10m")


def test_countries_geo_returns_a_copy() -> None:
    g = geo.countries_geo()
    g.loc[:, "name"] = "x"
    assert geo.countries_geo().loc[0, "name"] != "x"


@pytest.mark.parametrize("scale", geo.SCALES)
def test_antimeridian_shapes_are_cut_not_smeared(scale: str) -> None:
    g = geo.countries_geo(scale).set_index("iso3", drop=False)
    russia, fiji = g.loc["RUS", "geometry"], g.loc["FJI", "geometry"]
    assert not russia.contains(Point(-100, 66.5))            # Canada, covered when the ring is read planar
    assert not russia.contains(Point(10, 66.5))              # Norway
    assert russia.contains(Point(-175, 66.5))                # Chukotka east of 180
    assert russia.contains(Point(100, 60))
    assert fiji.area < 3 and fiji.bounds[0] < -179 and fiji.bounds[2] > 179
    for geom in g.geometry:
        x0, _, x1, _ = geom.bounds
        assert -180 <= x0 and x1 <= 180


def test_world_geojson_ids_and_precision() -> None:
    gj = geo.world_geojson()
    assert gj["type"] == "FeatureCollection"
    ids = [f["id"] for f in gj["features"]]
    assert len(ids) == len(set(ids)) == 176                   # 177 shapes minus Antarctica
    assert "ATA" not in ids and {"FRA", "NOR", "AFG", "XKX", "_Somaliland", "_N. Cyprus"} <= set(ids)
    for f in gj["features"]:
        assert f["id"] == (f["properties"]["iso3"] or "_" + f["properties"]["name"])
        coords = shapely.get_coordinates(shape(f["geometry"]))
        assert np.allclose(coords, np.round(coords, 2))
        for poly in shapely.get_parts(shape(f["geometry"])):
            assert not poly.exterior.is_ccw                  # d3/plotly winding: clockwise exterior
    size = len(json.dumps(gj, separators=(",", ":")))
    print(f"world_geojson: {size / 1024:.0f} KB")
    assert size < 150_000


def test_world_geojson_subset_and_copy() -> None:
    gj = geo.world_geojson(["FRA", "NOR", "MDV", "nope"])
    assert [f["id"] for f in gj["features"]] == ["FRA", "NOR"]
    gj["features"][0]["id"] = "changed"
    assert geo.world_geojson(["FRA"])["features"][0]["id"] == "FRA"
    assert geo.world_geojson([])["features"] == []


@pytest.mark.parametrize("iso3", ["FRA", "USA", "NOR", "IDN", "RUS", "FJI", "CAN", "CHL", "GBR", "JPN"])
def test_centroid_inside_the_country(iso3: str) -> None:
    c = geo.centroids().set_index("iso3")
    shapes = geo.countries_geo("50m").set_index("iso3", drop=False)
    point = Point(c.at[iso3, "lon"], c.at[iso3, "lat"])
    assert shapes.at[iso3, "geometry"].contains(point)


def test_centroids_on_the_mainland() -> None:
    c = geo.centroids().set_index("iso3")
    assert -5 < c.at["FRA", "lon"] < 8 and 42 < c.at["FRA", "lat"] < 51        # not between Guiana and Réunion
    assert -125 < c.at["USA", "lon"] < -67 and 25 < c.at["USA", "lat"] < 49    # contiguous states
    assert 5 < c.at["NOR", "lon"] < 31 and 58 < c.at["NOR", "lat"] < 71        # not Svalbard, not Sweden
    assert 95 < c.at["IDN", "lon"] < 141 and -11 < c.at["IDN", "lat"] < 6


@pytest.mark.parametrize("iso3,lon,lat", [("MDV", 73.5, 4.2), ("TON", -175.2, -21.2), ("BHR", 50.55, 26.05),
                                          ("SGP", 103.8, 1.35), ("MLT", 14.4, 35.9), ("TUV", 179.2, -8.5)])
def test_small_states_have_sane_points(iso3: str, lon: float, lat: float) -> None:
    c = geo.centroids().set_index("iso3")
    assert math.dist((c.at[iso3, "lon"], c.at[iso3, "lat"]), (lon, lat)) < 3


def test_centroids_table() -> None:
    c = geo.centroids()
    assert list(c.columns) == ["iso3", "name", "lon", "lat"]
    assert c["iso3"].is_unique and c["iso3"].notna().all()
    assert c["lon"].between(-180, 180).all() and c["lat"].between(-90, 90).all()
    assert len(c) >= 235 and "XKX" in set(c["iso3"])


def test_small_states() -> None:
    codes = ["FRA", "MDV", "SGP", None, "XKX", "TUV", "MDV", float("nan"), "BHR", "NOR", "ATA"]
    assert geo.small_states(codes) == ["MDV", "SGP", "TUV", "BHR", "ATA"]
    assert geo.small_states([]) == []


def test_bundled_files_present() -> None:
    boundaries = geo.BOUNDARIES_DIR
    for name in ("countries-110m.json", "countries-50m.json", "LICENSE-world-atlas", "PROVENANCE.md"):
        assert (boundaries / name).is_file()
    for name in ("world_110m.json", "world_50m.json", "LICENSE"):
        assert (ASSETS_DIR / "topojson" / name).is_file()
    assert json.loads((ASSETS_DIR / "topojson" / "world_110m.json").read_text())["type"] == "Topology"
