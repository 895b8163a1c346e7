"""Country shapes and points for the maps: boundaries by ISO3, a compact world GeoJSON, centroids, small states.

Reads only the bundled Natural Earth files in indicators/reference/boundaries/ (see PROVENANCE.md there).

Codes: each boundary feature carries an ISO 3166-1 numeric id, mapped to alpha-3 with pycountry. Features without
an id: "Kosovo" is given "XKX" (the code the World Bank and the country table use); the others (N. Cyprus,
Somaliland, and at 50m Indian Ocean Ter. and Siachen Glacier) are kept with iso3 None, so maps can draw them as
"no data" instead of leaving holes. At 50m, Ashmore and Cartier Is. share Australia's id "036" and are merged
into Australia (one row per iso3).

The world map (world_geojson) uses the 110m file without Antarctica, simplified as a coverage (shared borders
stay shared, no slivers) and snapped to a 0.01 degree grid. Its feature `id` is the iso3 code, or "_" + the
name for a feature with no code; plotly traces use featureidkey="id" (FEATURE_ID_KEY).
"""
from __future__ import annotations

import copy
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pycountry
import shapely
import shapely.affinity
from shapely.geometry import mapping

from indicators.store import disk_cache
from indicators.store.config import REFERENCE_DIR

BOUNDARIES_DIR = REFERENCE_DIR / "boundaries"
SCALES = ("110m", "50m")
LAYER = "countries"
CODES_BY_NAME = {"Kosovo": "XKX"}          # boundary features without an ISO numeric id but with a code in our data
FEATURE_ID_KEY = "id"                      # plotly featureidkey for world_geojson()
NO_CODE_PREFIX = "_"                       # feature id of a shape without an ISO3 code: "_" + its name
WORLD_EXCLUDE = ("ATA",)                   # Antarctica: no data, a large grey band at the bottom of the map
WORLD_SIMPLIFY = 0.3                       # coverage simplification tolerance (~sqrt of removed triangle area, degrees)
WORLD_DECIMALS = 2                         # coordinate grid of the world map: 0.01 degree (~1 km)
EQUAL_AREA_CRS = "EPSG:8857"               # Equal Earth, to compare polygon areas
# Places with an ISO3 code that Natural Earth 50m admin-0 has no separate shape for (French overseas departments
# are inside France's multipolygon; the others are absent). Approximate location of the main settlement, for markers.
EXTRA_POINTS = {
    "BES": ("Bonaire, Sint Eustatius and Saba", -68.27, 12.15),
    "CCK": ("Cocos (Keeling) Islands", 96.83, -12.19),
    "CXR": ("Christmas Island", 105.62, -10.49),
    "GIB": ("Gibraltar", -5.35, 36.14),
    "GLP": ("Guadeloupe", -61.58, 16.25),
    "GUF": ("French Guiana", -53.0, 4.0),
    "MTQ": ("Martinique", -61.02, 14.64),
    "MYT": ("Mayotte", 45.17, -12.83),
    "REU": ("Réunion", 55.54, -21.12),
    "SJM": ("Svalbard and Jan Mayen", 15.65, 78.22),
    "TKL": ("Tokelau", -171.85, -9.2),
    "TUV": ("Tuvalu", 179.2, -8.52),
}


def numeric_to_iso3(code: str | float | None) -> str | None:
    """ISO 3166-1 alpha-3 of a numeric code ("004" -> "AFG"), None when missing or unknown."""
    if code is None or (isinstance(code, float) and np.isnan(code)) or str(code).strip() == "":
        return None
    try:
        country = pycountry.countries.get(numeric=str(code).strip().zfill(3))
    except LookupError:
        return None
    return country.alpha_3 if country else None


def _cached(name: str, *sources: Path):
    """Decorator: keep a function's result in the shared disk cache, keyed by this module and its source files, so
    a new process does not redo the geometry work (about a second per boundary file)."""
    def wrap(fn):
        def inner(*args):
            key = disk_cache.file_fingerprint(Path(__file__), *sources)
            path = disk_cache.cache_root() / f"geography-{key}" / f"{name}-{'-'.join(map(str, args))}.pkl"
            return disk_cache.materialised(path, lambda: fn(*args))
        return inner
    return wrap


@lru_cache(maxsize=len(SCALES))
def _countries(scale: str) -> gpd.GeoDataFrame:
    """Read, code, repair and merge one boundary file (cached in memory and on disk; callers get copies)."""
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {SCALES}, not {scale!r}")
    return _read_countries(scale)


@_cached("countries", *(BOUNDARIES_DIR / f"countries-{s}.json" for s in ("110m", "50m")))
def _read_countries(scale: str) -> gpd.GeoDataFrame:
    """Read, code, repair and merge one boundary file."""
    raw = gpd.read_file(BOUNDARIES_DIR / f"countries-{scale}.json", layer=LAYER)
    raw = raw.set_crs("EPSG:4326", allow_override=True)
    iso3 = [numeric_to_iso3(i) or CODES_BY_NAME.get(n) for i, n in zip(raw["id"], raw["name"])]
    geoms = shapely.make_valid(np.array([_cut_antimeridian(g) for g in raw.geometry], dtype=object))
    gdf = gpd.GeoDataFrame({"iso3": pd.array(iso3, dtype=object), "name": raw["name"].astype(object)},
                           geometry=geoms, crs="EPSG:4326")
    gdf["geometry"] = [_polygonal(g) for g in gdf.geometry]
    area = gdf.to_crs(EQUAL_AREA_CRS).area
    rows = []
    for code, part in gdf.assign(_area=area.values).groupby("iso3", dropna=False, sort=False):
        if code is None or pd.isna(code) or len(part) == 1:
            rows.extend(part.drop(columns="_area").to_dict("records"))
            continue
        main = part.sort_values("_area", ascending=False).iloc[0]
        rows.append({"iso3": code, "name": main["name"], "geometry": shapely.union_all(part.geometry.values)})
    out = gpd.GeoDataFrame(rows, columns=["iso3", "name", "geometry"], geometry="geometry", crs="EPSG:4326")
    out["iso3"] = out["iso3"].astype(object).where(out["iso3"].notna(), None)
    return out.sort_values(["iso3", "name"], na_position="last").reset_index(drop=True)


def _cut_antimeridian(geom: shapely.Geometry) -> shapely.Geometry:
    """Split polygons whose rings jump across longitude 180 (world-atlas keeps them whole) into parts on each side."""
    if geom is None or geom.is_empty or not any(_jumps(r) for p in shapely.get_parts(geom) for r in _rings(p)):
        return geom
    west, east = shapely.box(-540, -90, -180, 90), shapely.box(180, -90, 540, 90)
    parts = []
    for poly in shapely.get_parts(geom):
        shell = _unwrap(np.asarray(poly.exterior.coords))
        centre = shell[:, 0].mean()
        holes = []
        for ring in poly.interiors:
            hole = _unwrap(np.asarray(ring.coords))
            hole[:, 0] += 360.0 * np.round((centre - hole[:, 0].mean()) / 360.0)
            holes.append(hole)
        whole = shapely.make_valid(shapely.Polygon(shell, holes))
        parts += [shapely.clip_by_rect(whole, -180, -90, 180, 90),
                  shapely.affinity.translate(shapely.intersection(whole, east), xoff=-360),
                  shapely.affinity.translate(shapely.intersection(whole, west), xoff=360)]
    return _polygonal(shapely.union_all([p for p in parts if not p.is_empty]))


def _rings(poly: shapely.Polygon) -> list[shapely.LinearRing]:
    """Exterior and interior rings of a polygon."""
    return [poly.exterior, *poly.interiors] if isinstance(poly, shapely.Polygon) else []


def _jumps(ring: shapely.LinearRing) -> bool:
    """Whether a ring has a step of more than 180 degrees of longitude."""
    return bool((np.abs(np.diff(np.asarray(ring.coords)[:, 0])) > 180).any())


def _unwrap(coords: np.ndarray) -> np.ndarray:
    """Ring coordinates with continuous longitudes; a ring around a pole is closed through the pole."""
    xy = coords[:, :2].astype(float).copy()
    xy[:, 0] = np.unwrap(xy[:, 0], period=360.0)
    if abs(xy[-1, 0] - xy[0, 0]) > 180:
        pole = -90.0 if xy[:, 1].mean() < 0 else 90.0
        xy = np.vstack([xy, [[xy[-1, 0], pole], [xy[0, 0], pole]], xy[:1]])
    return xy


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Keep only the polygon parts of a geometry (make_valid can add stray lines or points)."""
    if geom is None or geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def countries_geo(scale: str = "110m") -> gpd.GeoDataFrame:
    """Country shapes at 1:110m or 1:50m: iso3 (None for shapes without a code), name, geometry (EPSG:4326)."""
    return _countries(scale).copy()


def feature_id(iso3: str | None, name: str) -> str:
    """The world-map feature id of a shape: its iso3, or "_" + its name when it has no code."""
    return iso3 if iso3 else f"{NO_CODE_PREFIX}{name}"


@lru_cache(maxsize=1)
def _world_features() -> tuple[dict, ...]:
    """The simplified, rounded 110m features of the world map (cached)."""
    gdf = _countries("110m")
    gdf = gdf[~gdf["iso3"].isin(WORLD_EXCLUDE)].reset_index(drop=True)
    simple = gdf.geometry.simplify_coverage(WORLD_SIMPLIFY)
    grid = 10.0 ** -WORLD_DECIMALS
    features = []
    for code, name, geom in zip(gdf["iso3"], gdf["name"], simple):
        geom = _polygonal(shapely.set_precision(geom, grid))
        if geom is None or geom.is_empty:
            continue
        geom = shapely.orient_polygons(geom, exterior_cw=True)  # d3/plotly: clockwise exteriors (RFC 7946 fills the sea)
        features.append({"type": "Feature", "id": feature_id(code, name),
                         "properties": {"iso3": code, "name": name}, "geometry": _rounded(mapping(geom))})
    return tuple(features)


def _rounded(geometry: dict) -> dict:
    """GeoJSON geometry with coordinates as lists of floats rounded to the world-map grid."""
    def walk(c):
        if isinstance(c[0], (int, float)):
            return [round(float(c[0]), WORLD_DECIMALS), round(float(c[1]), WORLD_DECIMALS)]
        return [walk(x) for x in c]
    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def world_geojson(ids: Iterable[str] | None = None) -> dict:
    """World-map FeatureCollection (110m, simplified, 0.01 degree), feature id = iso3; optionally only `ids`."""
    features = _world_features()
    if ids is not None:
        wanted = set(ids)
        features = tuple(f for f in features if f["id"] in wanted)
    return {"type": "FeatureCollection", "features": copy.deepcopy(list(features))}


@lru_cache(maxsize=1)
def world_feature_names() -> dict[str, str]:
    """Feature id -> Natural Earth short name of every shape of the world map."""
    return {f["id"]: f["properties"]["name"] for f in _world_features()}


def _label_point(geom: shapely.Geometry, areas_crs: str = EQUAL_AREA_CRS) -> shapely.Point:
    """A point inside the largest polygon of a shape: its centroid if inside, else a representative point."""
    parts = [p for p in shapely.get_parts(geom) if not p.is_empty]
    if not parts:
        return shapely.Point()
    if len(parts) > 1:
        areas = gpd.GeoSeries(parts, crs="EPSG:4326").to_crs(areas_crs).area.to_numpy()
        main = parts[int(np.argmax(areas))]
    else:
        main = parts[0]
    point = main.centroid
    return point if main.contains(point) else main.representative_point()


@lru_cache(maxsize=1)
@_cached("centroids", BOUNDARIES_DIR / "countries-50m.json")
def _centroids() -> pd.DataFrame:
    """Label points of every coded shape at 50m plus EXTRA_POINTS (cached in memory and on disk)."""
    gdf = _countries("50m")
    gdf = gdf[gdf["iso3"].notna()]
    points = [_label_point(g) for g in gdf.geometry]
    df = pd.DataFrame({"iso3": gdf["iso3"].to_numpy(dtype=object), "name": gdf["name"].to_numpy(dtype=object),
                       "lon": [round(p.x, 4) for p in points], "lat": [round(p.y, 4) for p in points]})
    extra = pd.DataFrame([(k, n, lon, lat) for k, (n, lon, lat) in EXTRA_POINTS.items() if k not in set(df["iso3"])],
                         columns=["iso3", "name", "lon", "lat"])
    df = pd.concat([df, extra], ignore_index=True) if len(extra) else df
    return df.sort_values("iso3").reset_index(drop=True)


def centroids() -> pd.DataFrame:
    """One point per iso3 inside its main polygon (50m; a few tabled places Natural Earth lacks): iso3, name, lon, lat."""
    return _centroids().copy()


def small_states(iso3s: Iterable[str]) -> list[str]:
    """The given codes (in order, once each) that have no shape on the world map, so need a marker."""
    on_map = {f["id"] for f in _world_features()}
    seen: set[str] = set()
    out = []
    for code in iso3s:
        if code is None or (isinstance(code, float) and np.isnan(code)) or code in seen:
            continue
        seen.add(code)
        if code not in on_map:
            out.append(code)
    return out
