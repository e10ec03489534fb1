"""The interactive map: one offline HTML file, built from the GeoPackage alone.

The map is a folium ``Map`` whose Leaflet JavaScript and CSS are inlined from
the installed ``xstatic-leaflet`` package (no CDN: the file opens with the
network unplugged), plus one declarative element, :class:`TimeSlider`, that
carries the data and the code for the slider, the popups, the legend and the
chart. Territory is stored as intervals: each piece of ground appears once,
with the first and last day it was held, not once per day.

Geometry travels as integer deltas on the map's precision grid (each ring's
first point absolute, then the steps between points), rings oriented so that a
side's pieces fill as one shape (non-zero winding). Context from the package's
own data is added for a reader with no tiles: place names by zoom from the
gazetteer, national borders (Natural Earth) and admin-1 lines approximated from
the gazetteer (:mod:`frontline.geo.regions`).

Everything that comes from reports or files is escaped where it is shown
(the page builds text with ``textContent``; links only for ``http(s)`` URLs),
and the page declares a Content-Security-Policy that allows only its own
inline code, data images and, if asked for, one tile server.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import shapely

from frontline._atomic import atomic_path
from frontline.geo.geometry import Geometry, Polygonal, polygonal
from frontline.geo.projection import Projection
from frontline.layers.gpkg import Frames, area_countries, as_date, read_layers
from frontline.layers.pieces import (
    Memo,
    distinct_edges,
    edge_lines,
    grid_edges,
    piece_layers,
    pieces,
)
from frontline.layers.schema import LAYERS
from frontline.layers.stats import area_stats, field_text, missing, rate_rows, records
from frontline.thresholds import (
    MAP_CITY_POPULATION,
    MAP_CONTEXT_SIMPLIFY_DEG,
    MAP_DISTRICT_KM,
    MAP_FRONT_REPORT_DAYS,
    MAP_FRONT_ZONE_KM,
    MAP_PATH_POINTS,
    MAP_PRECISION_DEG,
    MAP_SIMPLIFY_DEG,
    MAP_TOWN_POPULATION,
    MAP_TOWN_ZOOM,
    MAP_VILLAGE_ZOOM,
)

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

    from frontline.geo.places import Place


__all__ = ["TILES", "build_map", "check_tiles", "leaflet_assets", "map_data"]

TileChoice = Literal["osm", "none"] | str
TILES = {
    "osm": ("https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
            "contributors", "https://tile.openstreetmap.org"),
}


_SCALE = round(1 / MAP_PRECISION_DEG)


def _deltas(coords: Any) -> list[int]:
    """One ring or line as integers on the precision grid: the first point, then the steps."""
    import numpy as np

    q = np.rint(np.asarray(coords)[:, :2] * _SCALE).astype(np.int64)
    q[1:] -= q[:-1].copy()
    return [int(v) for v in q.ravel()]


def encode_rings(geom: Geometry) -> list[list[int]]:
    """Every ring of a polygonal geometry, exteriors counter-clockwise and holes clockwise.

    Oriented so, the rings of many pieces filled as one path with the non-zero rule
    draw the union of the pieces: no seam where two pieces meet.
    """
    rings: list[list[int]] = []
    for poly in shapely.get_parts(shapely.orient_polygons(_polys(geom))):
        if poly.is_empty:
            continue
        rings.append(_deltas(poly.exterior.coords))
        rings.extend(_deltas(hole.coords) for hole in poly.interiors)
    return rings


def encode_lines(geom: Geometry) -> list[list[int]]:
    """Every part of a lineal geometry (other parts are left out)."""
    return [_deltas(part.coords) for part in shapely.get_parts(geom)
            if part.geom_type == "LineString" and not part.is_empty]


def _line(geom: Geometry, tolerance: float = MAP_SIMPLIFY_DEG) -> Geometry:
    return shapely.set_precision(shapely.simplify(geom, tolerance), MAP_PRECISION_DEG)


def _polys(geom: Geometry) -> Polygonal:
    return polygonal(geom, grid_size=None)  # lon/lat: no metre grid


def _front_segments(fronts: gpd.GeoDataFrame, index: dict[dt.date, int]
                    ) -> list[dict[str, Any]]:
    """Stretches of front line with the days they stood: a stretch that stays is stored once.

    Every day's line is cut into its edges (pairs of vertices on the map's
    precision grid); each edge learns the days whose line has it, and the edges
    that stood over the same run of days are merged into one stretch. A front
    that does not move keeps its vertices from day to day (it is where the same
    polygons meet), so this needs no overlay.
    """
    import numpy as np

    rows = sorted(((index[as_date(r["date"])], r["geometry"]) for r in records(fronts)
                   if r["geometry"] is not None and not r["geometry"].is_empty),
                  key=lambda t: t[0])
    if not rows:
        return []
    days = np.array([day for day, _ in rows])
    a, b, edge_rows = grid_edges(np.array([line for _, line in rows], dtype=object))
    edge_of, ends = distinct_edges(a, b)
    pairs = np.unique(edge_of * len(rows) + edge_rows)  # (edge, row), sorted
    edge, row = pairs // len(rows), pairs % len(rows)
    # runs of consecutive rows of one edge
    starts = np.ones(len(pairs), dtype=bool)
    starts[1:] = (edge[1:] != edge[:-1]) | (row[1:] != row[:-1] + 1)
    first = np.flatnonzero(starts)
    last = np.append(first[1:], len(pairs)) - 1
    # (gone on the next day with a line: it stood until the day before)
    to = np.where(row[last] + 1 < len(rows), days[np.minimum(row[last] + 1, len(rows) - 1)] - 1,
                  days[-1])
    runs: dict[tuple[int, int], list[int]] = {}
    for k, f, t in zip(edge[first].tolist(), days[row[first]].tolist(), to.tolist(),
                       strict=True):
        runs.setdefault((f, t), []).append(k)
    lines = edge_lines(ends[:, 0], ends[:, 1])
    done = [{"geom": shapely.line_merge(shapely.multilinestrings(lines[members])),
             "from": first_day, "to": last_day}
            for (first_day, last_day), members in runs.items()]
    done.sort(key=lambda f: (f["from"], f["to"]))
    return done


def _reports_index(reports: gpd.GeoDataFrame) -> dict[str, dict[str, Any]]:
    out = {}
    for row in records(reports):
        published = row.get("source_published")
        out[str(row["id"])] = {
            "id": row["id"], "kind": row["kind"], "side": row["side"],
            "title": field_text(row.get("source_title")),
            "publisher": field_text(row.get("source_publisher")),
            "published": str(as_date(published)) if field_text(published) else "",
            "url": field_text(row.get("source_url")),
            "quote": field_text(row.get("evidence_sentence")),
        }
    return out


def map_data(gpkg: str | Path, /, *, alongside: Callable[[], object] | None = None,
             memo: Memo | None = None) -> dict[str, Any]:
    """Everything the page shows, as plain JSON-able data, read from a GeoPackage.

    ``alongside``, if given, is called on this thread while the pieces of ground
    are made on a second one (:func:`build_map`); ``memo`` keeps the pieces for the
    next build, by the ground they were made of (:func:`~frontline.layers.pieces.pieces`).
    """
    frames = read_layers(gpkg, LAYERS)
    control, gains = frames["control"], frames["gains"]
    days = sorted({as_date(d) for d in control["date"]})
    index = {d: i for i, d in enumerate(days)}
    sides = []
    for side in sorted(set(control["side"])):
        row = records(control[control["side"] == side].head(1))[0]
        sides.append({"id": side, "name": str(row.get("side_name") or side),
                      "colour": str(row.get("colour") or "#888888")})
    # the pieces of ground (most of the work: GEOS, which lets go of the GIL) are made on a
    # second thread while this one does the rest (the gazetteer's connection and pandas
    # stay on it)
    base, changes = piece_layers(control, gains, days)
    with ThreadPoolExecutor(max_workers=1) as pool:
        atoms = pool.submit(pieces, base, changes, len(days) - 1, memo)
        if alongside is not None:
            alongside()
        rest = _the_rest(frames, control, days, index, sides)
        territory = [{"g": encode_rings(a["geom"]), "h": a["h"], "a": a["a"]}
                     for a in atoms.result()]
    return {
        "days": [str(d) for d in days], "sides": sides,
        "territory": [t for t in territory if t["g"]],
        **rest,
        "bounds": list(control.total_bounds),
        "pathPoints": MAP_PATH_POINTS,
    }


def _the_rest(frames: Frames, control: gpd.GeoDataFrame, days: list[dt.date],
              index: dict[dt.date, int], sides: list[dict[str, str]]) -> dict[str, Any]:
    """The page's data other than the pieces of ground."""
    import numpy as np

    stretches = _front_segments(frames["front_lines"], index)
    fronts = [{"g": encode_lines(_line(f["geom"])), "from": f["from"], "to": f["to"]}
              for f in stretches]
    band = frames.get("front_band")
    outlines = []
    if band is not None and len(band):
        # the band's outline, on the map's grid, each stretch stored once for the days it stood
        lines = band.copy()
        # (as coarse as the context's lines: the band is km wide, its edge is no sharper)
        lines["geometry"] = shapely.set_precision(shapely.boundary(shapely.simplify(
            np.asarray(band.geometry.values, dtype=object), MAP_CONTEXT_SIMPLIFY_DEG)),
            MAP_PRECISION_DEG)
        outlines = [{"g": encode_lines(f["geom"]), "from": f["from"], "to": f["to"]}
                    for f in _front_segments(lines, index)]
    reports = _reports_index(frames["reports"])
    events = []
    for r in records(frames["reports"]):
        point = r["geometry"]
        if r["kind"] not in ("capture", "withdrawal", "deployment", "siege", "advance",
                             "fighting") or point is None:
            continue
        day = as_date(r["date"])
        other = next((s["id"] for s in sides if s["id"] != r["side"]), r["side"])
        # a withdrawal leaves the place to the other side; a besieged place stays with it
        holder = other if r["kind"] in ("withdrawal", "siege") else field_text(r["side"])
        until = len(days) - 1  # the last day it is shown: a siege's until it is lifted
        if r["kind"] in ("advance", "fighting"):  # (a week's assessment: shown for a week)
            until = min(index.get(day, 0) + MAP_FRONT_REPORT_DAYS - 1, len(days) - 1)
        if r["kind"] == "siege" and not missing(r.get("end")):
            lifted = as_date(r["end"])
            until = index.get(lifted, until if lifted > days[-1] else 0)
        events.append({
            "kind": r["kind"], "side": r["side"], "holder": holder, "date": str(day),
            "day": index.get(day, 0 if day < days[0] else len(days) - 1),
            "until": until,
            "place": field_text(r["place"]), "as_reported": field_text(r["place_as_reported"]),
            "lat": round(point.y, 5), "lon": round(point.x, 5),
            "force": field_text(r.get("force")), "reports": [r["id"]],
            **({"encircled": True} if r["kind"] == "siege" and not missing(r.get("encircled"))
               and bool(r["encircled"]) else {}),
        })
    areas: dict[str, list[float]] = {}
    for side in sorted(set(control["side"])):
        rows = control[control["side"] == side].copy()
        rows["day_index"] = rows["date"].map(lambda v: index[as_date(v)])
        areas[side] = [round(float(a), 1) for a in rows.sort_values("day_index")["area_km2"]]
    return {
        "fronts": [f for f in fronts if f["g"]],
        "band": [b for b in outlines if b["g"]],
        "contested": _runs(frames.get("contested"), index),
        **_context(control, frames, [f["geom"] for f in stretches]),
        "events": events, "reports": reports, "areas": areas,
        "rates": _rates(frames),
    }


def _runs(frame: gpd.GeoDataFrame | None, index: dict[dt.date, int]) -> list[dict[str, Any]]:
    """A daily polygon layer as runs of days with the same ground: ``{"g": rings, "from",
    "to", "reports"}`` (days as indexes), each run stored once."""
    if frame is None or not len(frame):
        return []
    out: list[dict[str, Any]] = []
    for r in sorted(records(frame), key=lambda r: as_date(r["date"])):
        day, geom = index.get(as_date(r["date"])), r["geometry"]
        if day is None or geom is None or geom.is_empty:
            continue
        rings = encode_rings(_polys(shapely.set_precision(
            shapely.simplify(geom, MAP_CONTEXT_SIMPLIFY_DEG), MAP_PRECISION_DEG)))
        ids = field_text(r.get("report_ids"))
        if out and out[-1]["to"] == day - 1 and out[-1]["g"] == rings and \
                out[-1]["reports"] == ids:
            out[-1]["to"] = day
        else:
            out.append({"g": rings, "from": day, "to": day, "reports": ids})
    return [r for r in out if r["g"]]


def _context(control: gpd.GeoDataFrame, frames: Frames, fronts: list[Geometry]
             ) -> dict[str, Any]:
    """What a reader with no tiles needs to find their way: borders, regions, place names.

    ``borders`` and ``regions`` are lines (national borders from Natural Earth,
    admin-1 lines approximated from the gazetteer); ``labels`` are
    ``[name, lon, lat, min_zoom, kind]`` on the precision grid, in the order the
    page places them (the reports' places first, then by population), kind 1 for a
    report's place (drawn with a dot, always named), 0 for context. ``fronts``: every
    stretch of front any day had (:func:`_front_segments`).
    """
    from frontline.geo.borders import border_lines, load_countries
    from frontline.geo.regions import admin1_regions, region_boundaries

    codes = area_countries(control.columns)
    minx, miny, maxx, maxy = (float(v) for v in control.total_bounds)
    bounds = (minx, miny, maxx, maxy)
    extent = shapely.box(minx, miny, maxx, maxy).buffer(0.5)
    countries = load_countries(codes) if codes else {}
    borders = [lines for border in border_lines(countries, extent)
               if (lines := encode_lines(_line(border, MAP_CONTEXT_SIMPLIFY_DEG)))]
    regions = admin1_regions(countries, extent.bounds) if countries else []
    region_lines = encode_lines(_line(shapely.line_merge(region_boundaries(regions)),
                                      MAP_CONTEXT_SIMPLIFY_DEG)) if regions else []
    return {"borders": borders, "regions": region_lines,
            "labels": _labels(frames, bounds, fronts)}


def _labels(frames: Frames, bounds: tuple[float, float, float, float],
            fronts: list[Geometry]) -> list[list[Any]]:
    import numpy as np

    from frontline.geo.geocode import Gazetteer
    from frontline.geo.geometry import segment_tree

    out: list[list[Any]] = []
    seen: set[tuple[int, int]] = set()

    def add(name: str, lon: float, lat: float, zoom: int, kind: int) -> None:
        key = (round(lon * _SCALE), round(lat * _SCALE))
        if key not in seen:
            seen.add(key)
            out.append([name, key[0], key[1], zoom, kind])

    named = frames["places"]
    for r in records(named[named["report_ids"].notna()]):
        if r["geometry"] is not None:
            add(str(r["name"]), r["geometry"].x, r["geometry"].y, 0, 1)
    # the front zone: any day's front (each stretch once), coarse (a 25 km zone needs no
    # 1 m line)
    proj = Projection.for_bounds(bounds)
    parts = shapely.get_parts(shapely.simplify(np.array(fronts, dtype=object),
                                               MAP_CONTEXT_SIMPLIFY_DEG))
    lines = shapely.MultiLineString(list(parts))
    tree = segment_tree(proj.to_proj(lines)) if len(parts) else None
    minx, miny, maxx, maxy = bounds
    places = Gazetteer.default().places_in((minx, miny, maxx, maxy))
    near: set[int] = set()
    if tree is not None and places:
        points = shapely.get_parts(proj.to_proj(
            shapely.MultiPoint([(p.lon, p.lat) for p in places])))
        near = {int(i) for i in tree.query(points, predicate="dwithin",
                                           distance=MAP_FRONT_ZONE_KM * 1000)[0]}
    districts = _city_districts(places)
    for i, place in enumerate(places):
        if i in districts:
            continue
        if place.population >= MAP_CITY_POPULATION:
            zoom = 0
        elif place.population >= MAP_TOWN_POPULATION:
            zoom = MAP_TOWN_ZOOM
        elif i in near:
            zoom = MAP_VILLAGE_ZOOM
        else:
            continue
        add(place.name, place.lon, place.lat, zoom, 0)
    return out


_DISTRICT_NAME = re.compile(r"(?:yi|iy|ij|yy)$", re.IGNORECASE)


def _city_districts(places: list[Place]) -> set[int]:
    """Indexes of the places that are a larger city's districts (see MAP_DISTRICT_KM)."""
    from frontline.geo.places import haversine_km

    big = [p for p in places if p.population >= MAP_TOWN_POPULATION]
    out = set()
    for i, p in enumerate(places):
        if p.population < MAP_TOWN_POPULATION or not _DISTRICT_NAME.search(p.name):
            continue
        if any(q.population > p.population
               and haversine_km(p.lat, p.lon, q.lat, q.lon) <= MAP_DISTRICT_KM for q in big):
            out.add(i)
    return out


def _rates(frames: Frames) -> list[dict[str, Any]]:
    """Modelled km²/day per month, side and country beside the reported rates."""
    return [{"month": r["period"], "side": r["side"], "country": r["country"],
             "modelled": round(r["km2_per_day"], 2),
             "reported": None if r["reported_km2_per_day"] is None
             else round(r["reported_km2_per_day"], 2)}
            for r in rate_rows(area_stats(frames, by="month"))]


def check_tiles(tiles: TileChoice) -> tuple[str | None, str | None, str | None]:
    """The tile URL template, its attribution (HTML) and its origin, from ``--tiles``.

    Raises
    ------
    ValueError
        Not ``osm``, ``none`` or a http(s) URL template with ``{z}``.

    Examples
    --------
    >>> check_tiles("none")
    (None, None, None)
    >>> check_tiles("https://tiles.example.org/{z}/{x}/{y}.png")[2]
    'https://tiles.example.org'
    """
    if tiles == "none":
        return None, None, None
    if tiles in TILES:
        return TILES[tiles]
    tile_url = str(tiles)
    match = re.match(r"(https?://[^/]+)", tile_url)
    if not match or "{z}" not in tile_url:
        raise ValueError(f"tiles must be osm, none, or a http(s) URL with {{z}}/{{x}}/{{y}}, "
                         f"not {tiles!r}")
    return tile_url, "tiles: " + html.escape(match.group(1)), match.group(1)


def leaflet_assets() -> tuple[str, str]:
    """Leaflet's JavaScript and CSS from the installed xstatic package, images inlined."""
    import xstatic.pkg.leaflet as xs

    base = Path(xs.BASE_DIR)
    js = (base / "leaflet.js").read_text(encoding="utf-8")
    css = (base / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        path = base / match.group(1)
        if not path.exists():
            return match.group(0)
        data = base64.b64encode(path.read_bytes()).decode()
        return f"url(data:image/{path.suffix.lstrip('.')};base64,{data})"

    css = re.sub(r"url\(([^)\"']+\.(?:png|svg))\)", inline, css)
    return js, css


def build_map(
    gpkg: str | Path,
    output: str | Path,
    /,
    *,
    tiles: TileChoice = "osm",
    title: str | None = None,
    alongside: Callable[[], object] | None = None,
    memo: Memo | None = None,
) -> Path:
    """Write the interactive map of a GeoPackage built by Frontline, atomically.

    Parameters
    ----------
    gpkg : path-like
        A ``frontline.gpkg``.
    output : path-like
        The ``.html`` file.
    tiles : {'osm', 'none'} or str, default 'osm'
        A basemap (OpenStreetMap, none, or a tile URL template with
        ``{z}/{x}/{y}``). Borders and places are drawn as vectors, so the map
        reads without it; with no network the tiles simply do not appear.
    title : str, optional
    alongside : callable, optional
        Other work (with no argument) to do while the map's pieces of ground are
        made on a second thread: called on this thread, before the rest of the
        map (the second thread only runs GEOS, so the work may use GDAL, pandas
        or warning filters as on any single thread).
    memo : DayMemo, optional
        Keeps the map's pieces of ground, by the ground they were made of, for the next
        build of the scenario (:mod:`frontline.layers.pieces`).

    Returns
    -------
    Path
    """
    import folium
    from branca.element import Element, Figure

    tile_url, attribution, tile_origin = check_tiles(tiles)
    data = map_data(gpkg, alongside=alongside, memo=memo)
    js, css = leaflet_assets()
    minx, miny, maxx, maxy = data["bounds"]
    fmap = folium.Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=6,
                      tiles=None, control_scale=True, prefer_canvas=True)
    fmap.default_js = []
    fmap.default_css = []
    fmap._id = "frontline"  # (folium draws a random id: the same inputs give the same page)
    img_src = "data:"
    if tile_origin:  # the tile server and its subdomains (a.tile..., b.tile...)
        scheme, _, host = tile_origin.partition("://")
        img_src += f" {tile_origin} {scheme}://*.{host}"
    csp = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
           f"img-src {img_src}; connect-src 'none'; base-uri 'none'; form-action 'none'")
    root = fmap.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(Element(
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(csp)}">'), name="csp",
        index=0)
    root.header.add_child(Element(f"<style>{css}</style>"), name="leaflet_css")
    root.header.add_child(Element(f"<script>{js}</script>"), name="leaflet_js")
    root.header.add_child(Element(f"<title>{html.escape(title or 'Frontline')}</title>"),
                          name="title")

    from frontline.layers.timeslider import TimeSlider

    fmap.add_child(TimeSlider(data, tile_url=tile_url, attribution=attribution))
    page = fmap.get_root().render()
    target = Path(output)
    with atomic_path(target, suffix=".html") as tmp:  # a map is for sharing: not private
        tmp.write_text(page, encoding="utf-8")
    return target
