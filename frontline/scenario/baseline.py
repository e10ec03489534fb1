"""The baseline: who held what on its date, as labelled settlements or as polygons.

Settlements come from a CSV file (``name, oblast, side[, lat, lon, country]``)
or an inline list, and are resolved with the gazetteer: by name within the
oblast, preferring the GeoNames main name; ``lat``/``lon`` decide where a name
repeats within an oblast, and a name the gazetteer lacks is taken at its
coordinates. Coordinates are checked: in range, and not outside the stated
country or oblast by more than :data:`~frontline.thresholds.BASELINE_OUTSIDE_KM`.

Polygons come from one file per side (GeoJSON, GeoPackage, Shapefile).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from frontline.errors import (
    InputFileError,
    Problem,
    UnknownCountry,
    UnknownPlace,
    UnknownRegion,
)
from frontline.geo.geocode import Candidate, Gazetteer
from frontline.geo.geometry import Geometry, Polygonal
from frontline.geo.places import Place, Region, haversine_km, pairwise_km
from frontline.scenario._checker import Checker, Where
from frontline.scenario.model import BaselineSettlement
from frontline.thresholds import (
    BASELINE_MATCH_KM,
    BASELINE_OUTSIDE_KM,
    ISLAND_KM,
)

__all__ = [
    "BASELINE_COLUMNS",
    "coordinates",
    "pinned_place",
    "read_barrier_file",
    "read_polygon_file",
    "read_polygons",
    "read_settlements",
]

#: Columns of a baseline table (and fields of an inline baseline settlement).
BASELINE_COLUMNS = ("name", "oblast", "side", "lat", "lon", "country")


@dataclass
class _Row:
    values: dict[str, Any]
    line: int | None
    report: Callable[[str, str], None]  # (field, message)
    warn: Callable[[str, str], None]  # (field, message)


def read_settlements(raw: Any, src: Path, chk: Checker, gaz: Gazetteer, side_ids: set[str],
                     countries: Sequence[str], *, borders: Path | None,
                     blobs: list[bytes], homes: Mapping[str, str | None] | None = None
                     ) -> tuple[list[BaselineSettlement], bool]:
    """The baseline's labelled settlements, resolved; every problem recorded in ``chk``.

    Returns
    -------
    (settlements, readable)
        ``readable`` is False when the table itself could not be read (then
        the places of reports cannot be judged against its front).

    ``homes`` gives each side's own country (side id -> country code), where
    none of its settlements is taken for a mislabelled island.
    """
    rows, readable = _rows(raw, src, chk, blobs)
    out = []
    read = []
    for i, row in enumerate(rows):
        settlement = _resolve(row, i, gaz, side_ids, countries, borders)
        if settlement is not None:
            out.append(settlement)
            read.append(row)
    _check_islands(out, read, homes or {})
    return out, readable


def _check_islands(settlements: list[BaselineSettlement], rows: list[_Row],
                   homes: Mapping[str, str | None]) -> None:
    """Warn of a settlement labelled with a side far from all its side's others and
    surrounded by another side's: most likely a wrong label (or a namesake's coordinates).

    Surrounded: the settlements nearer to it than its own side's nearest lie all
    round it (no half-plane through it is free of them), as for a town deep in
    the other side's ground and not for one on a border where labels are sparse.
    A pocket a side holds alone is allowed (a warning, not an error); a
    settlement in its side's own country is never taken for one (a border town
    with few labels round it, a village the other side's incursion went past).
    """
    import numpy as np

    if len(settlements) < 4:
        return
    side = np.array([s.side for s in settlements])
    km = pairwise_km([s.place for s in settlements])
    np.fill_diagonal(km, np.inf)
    lat = np.array([s.place.lat for s in settlements])
    lon = np.array([s.place.lon for s in settlements])
    for i, s in enumerate(settlements):
        if s.place.country and homes.get(s.side) == s.place.country:
            continue
        same = km[i][side == s.side]
        own = float(same.min()) if same.size else math.inf
        around = np.flatnonzero(km[i] < own)
        if own <= ISLAND_KM or len(around) < 3 or len(set(side[around])) != 1:
            continue
        # bearings of the settlements around it (a local plane is enough to tell the sides)
        angles = np.sort(np.arctan2(lat[around] - lat[i],
                                    (lon[around] - lon[i]) * math.cos(math.radians(lat[i]))))
        gaps = np.diff(np.concatenate([angles, angles[:1] + 2 * math.pi]))
        if gaps.max() >= math.pi:
            continue  # all on one side of it: a border, not an island
        j = int(np.argmin(km[i]))
        where = (f"the nearest settlement of {s.side} is {own:,.0f} km away"
                 if math.isfinite(own) else f"no other settlement is {s.side}'s")
        rows[i].warn("side", f"{s.place.label()} is labelled {s.side}, but {where} and the "
                     f"{len(around)} nearer all round it (such as {settlements[j].place.name}, "
                     f"{float(km[i, j]):,.0f} km) are "
                     f"{side[around][0]}'s: is the label or the place wrong?")


def _rows(raw: Any, src: Path, chk: Checker, blobs: list[bytes]) -> tuple[list[_Row], bool]:
    where: Where = ("baseline", "settlements")
    if isinstance(raw, list):
        rows = []
        for i, r in enumerate(raw):
            if not isinstance(r, dict):
                chk.error((*where, i), "must be a mapping (name:, side:, oblast:, lat:, lon:)")
                continue
            chk.keys(r, (*where, i), BASELINE_COLUMNS, what="a baseline settlement")
            rows.append(_Row(r, chk.line((*where, i)),
                             partial(_field_problem, chk, (*where, i)),
                             partial(_field_problem, chk, (*where, i), severity="warning")))
        return rows, True
    csv_path = src.parent / str(raw)
    try:
        data = csv_path.read_bytes()
        text = data.decode("utf-8-sig")
    except OSError as exc:
        chk.error(where, f"cannot read {csv_path}: {exc.strerror or exc}")
        return [], False
    except UnicodeDecodeError:
        chk.error(where, f"cannot read {csv_path}: not UTF-8 text")
        return [], False
    blobs.append(data)
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("name", "side") if c not in (reader.fieldnames or [])]
    if missing:
        chk.problems.append(Problem(str(csv_path), 1, "", f"missing column(s): "
                                    f"{', '.join(missing)} (need name, side[, oblast, lat, lon])"))
        return [], False
    rows = [_Row(row, reader.line_num,
                 partial(_line_problem, chk, str(csv_path), reader.line_num),
                 partial(_line_problem, chk, str(csv_path), reader.line_num,
                         severity="warning"))
            for row in reader]
    return rows, True


def _field_problem(chk: Checker, where: Where, fld: str, message: str, *,
                   severity: str = "error") -> None:
    """A problem with a field of an inline baseline settlement."""
    chk.error((*where, fld), message, severity)


def _line_problem(chk: Checker, path: str, line: int, fld: str, message: str, *,
                  severity: str = "error") -> None:
    """A problem with a column of a line of the baseline table."""
    chk.problems.append(Problem(path, line, fld, message, severity))


def coordinates(values: dict[str, Any], report: Callable[[str, str], None]
                ) -> tuple[float, float] | str | None:
    """``lat`` and ``lon`` of a row or mapping as (lat, lon).

    None if it gives neither; 'bad' after reporting a problem with ``report``
    (field, message): one of them missing, not a number, or out of range.
    """
    lat, lon = values.get("lat"), values.get("lon")
    if lat in (None, "") and lon in (None, ""):
        return None
    if lat in (None, "") or lon in (None, ""):
        report("lat" if lat in (None, "") else "lon", "give both lat and lon, or neither")
        return "bad"
    try:
        point = (float(lat), float(lon))
    except (TypeError, ValueError):
        report("lat", f"'{lat},{lon}' is not a latitude and longitude")
        return "bad"
    if not (math.isfinite(point[0]) and -90 <= point[0] <= 90):
        report("lat", f"{lat} is not a latitude (-90 to 90)")
        return "bad"
    if not (math.isfinite(point[1]) and -180 <= point[1] <= 180):
        report("lon", f"{lon} is not a longitude (-180 to 180)")
        return "bad"
    return point


def _resolve(row: _Row, i: int, gaz: Gazetteer, side_ids: set[str], countries: Sequence[str],
             borders: Path | None) -> BaselineSettlement | None:
    values = row.values
    name = str(values.get("name") or "").strip()
    side = str(values.get("side") or "").strip()
    oblast = str(values.get("oblast") or "").strip()
    if not name:
        row.report("name", "missing")
        return None
    if side not in side_ids:
        row.report("side", f"side '{side}' is not declared in sides: "
                   f"({', '.join(sorted(side_ids))})")
        return None
    near = coordinates(row.values, row.report)
    if near == "bad":
        return None
    assert not isinstance(near, str)
    region = None
    if oblast:
        try:
            region = gaz.region(oblast, country=list(countries) or None)
        except UnknownRegion as exc:
            row.report("oblast", str(exc))
            return None
    country = None
    if values.get("country"):
        try:
            country = gaz.country(str(values["country"]))
        except UnknownCountry as exc:
            row.report("country", str(exc))
            return None
    try:
        cands = gaz.candidates(name, admin1=region, near=near, country=list(countries) or None)
    except UnknownPlace as exc:
        if near is None:
            row.report("name", str(exc))
            return None
        cands = []
    if near is not None:
        if not _inside(row, near, region, country or (region.country if region else None),
                       countries, gaz, borders):
            return None
        place = pinned_place(name, near, cands, region, country, -(i + 1))
        return BaselineSettlement(name, side, place, oblast, row.line or 0)
    picked = _pick_main(name, cands)
    if isinstance(picked, str):
        row.report("name", picked)
        return None
    if picked is None:
        try:
            gaz.lookup(name, admin1=region, country=list(countries) or None)
        except (UnknownPlace, UnknownRegion) as exc:
            row.report("name", str(exc))
        return None
    return BaselineSettlement(name, side, picked, oblast, row.line or 0)


def pinned_place(name: str, point: tuple[float, float], cands: Sequence[Candidate],
                 region: Region | None, country: str | None, new_id: int) -> Place:
    """The place a name with coordinates means.

    The gazetteer's best candidate when it lies within
    :data:`~frontline.thresholds.BASELINE_MATCH_KM` of the coordinates; else a
    place the gazetteer lacks, at the coordinates (with the region's country
    and admin-1 when given).
    """
    best = cands[0].place if cands else None
    if best is not None and haversine_km(best.lat, best.lon, *point) <= BASELINE_MATCH_KM:
        return best
    return Place(new_id, name, point[0], point[1], country or (region.country if region else ""),
                 region.geonames_code if region else None, region.name if region else None,
                 region.iso if region else None, source="scenario")


def _pick_main(name: str, cands: list[Candidate]) -> Place | str | None:
    """The baseline's names are GeoNames main names: prefer a main-name match."""
    if not cands:
        return None
    main = [c for c in cands if c.match == "name"]
    if len(main) == 1:
        return main[0].place
    pool = main or cands
    if len(pool) == 1:
        return pool[0].place
    labels = "; ".join(c.place.label(population=True) for c in pool[:5])
    return f"'{name}' is ambiguous: {labels}; add lat and lon to the row"


def _inside(row: _Row, point: tuple[float, float], region: Region | None, country: str | None,
            countries: Sequence[str], gaz: Gazetteer, borders: Path | None) -> bool:
    """Whether a row's coordinates lie in its stated country and oblast (within a few km)."""
    lat, lon = point
    wanted = [country] if country else list(countries)
    if wanted:
        try:
            outside = _km_outside(lat, lon, wanted, borders)
        except InputFileError:
            outside = 0.0  # the borders' own error is reported with the theatre
        if outside > BASELINE_OUTSIDE_KM:
            where = country or " or ".join(wanted)
            far = f"{outside:,.0f} km" if math.isfinite(outside) else "more than 200 km"
            row.report("lat", f"{lat}, {lon} lies {far} outside {where}; "
                       "check the coordinates (lat is north, lon is east)")
            return False
    if region is not None and region.codes:
        # a region is the ground nearer to its places than to any other region's: a point
        # whose nearest place of the region is d_r away, and nearest place of all d_a away,
        # lies at least (d_r - d_a) / 2 outside it
        nearest_any = gaz.nearest(lat, lon)
        nearest_in = gaz.nearest(lat, lon, region=region, within_km=500.0)
        if nearest_any is not None:
            d_in = nearest_in[1] if nearest_in is not None else 500.0
            outside = (d_in - nearest_any[1]) / 2
            if outside > BASELINE_OUTSIDE_KM:
                row.report("oblast", f"{lat}, {lon} lies at least {outside:,.0f} km outside "
                           f"{region.label()} (nearest place: {nearest_any[0].label()}); "
                           "check the oblast or the coordinates")
                return False
    return True


def _km_outside(lat: float, lon: float, codes: Sequence[str], borders: Path | None) -> float:
    """Distance (km) from a point to the nearest of these countries; 0 inside one.

    Infinite when none comes within about 200 km.
    """
    import shapely

    from frontline.geo.borders import load_countries
    from frontline.geo.projection import Projection

    shapes = load_countries(list(codes), path=borders)
    for geom in shapes.values():
        shapely.prepare(geom)
        if shapely.contains_xy(geom, lon, lat):
            return 0.0
    proj = Projection(lon0=lon, lat0=lat)
    box = (lon - 3.0, lat - 2.0, lon + 3.0, lat + 2.0)
    best = math.inf
    for geom in shapes.values():
        local = shapely.clip_by_rect(geom, *box)
        if local.is_empty:
            continue
        best = min(best, float(shapely.distance(proj.to_proj(local), shapely.Point(0, 0))) / 1000)
    return best


def read_polygons(raw: Any, src: Path, chk: Checker, side_ids: set[str],
                  blobs: list[bytes]) -> dict[str, Polygonal]:
    """The baseline as a polygon file per side."""
    where: Where = ("baseline", "polygons")
    if not isinstance(raw, dict):
        chk.error(where, "must map each side to a polygon file, e.g. {RU: ru.geojson}")
        return {}
    out = {}
    for side, rel in raw.items():
        if side not in side_ids:
            chk.error((*where, side), f"side '{side}' is not declared in sides:")
            continue
        file = src.parent / str(rel)
        try:
            geom, notes = read_polygon_file(file)
        except InputFileError as exc:
            chk.error((*where, side), str(exc))
            continue
        for note in notes:
            chk.warn((*where, side), note)
        blobs.append(file.read_bytes())
        out[side] = geom
    return out


def read_polygon_file(path: Path) -> tuple[Polygonal, list[str]]:
    """One (multi)polygon in EPSG:4326 from a GeoJSON, GeoPackage or Shapefile.

    Returns the geometry and notes on what was done to it (reprojected,
    repaired). A file without a CRS, or without polygons, is an error.
    """
    from frontline.geo.geometry import polygonal

    geom, notes = _read_shapes(path, ("Polygon", "MultiPolygon"), "polygons")
    return polygonal(geom, grid_size=None), notes


def read_barrier_file(path: Path) -> tuple[Geometry, list[str]]:
    """Barriers (rivers as lines, or any polygons) in EPSG:4326, from any file GDAL reads.

    Returns the geometry and notes on what was done to it; a file without a
    CRS, or without lines or polygons, is an error.
    """
    return _read_shapes(path, ("LineString", "MultiLineString", "Polygon", "MultiPolygon"),
                        "lines or polygons")


def _read_shapes(path: Path, kinds: tuple[str, ...], what: str) -> tuple[Geometry, list[str]]:
    """The shapes of the given kinds in a file, as one geometry in EPSG:4326, and notes."""
    import numpy as np
    import pyogrio
    import shapely
    from pyproj import CRS, Transformer


    try:
        meta, _, geoms, _ = pyogrio.raw.read(path)
    except Exception as exc:  # unreadable file: pyogrio raises several types
        raise InputFileError(str(path), f"cannot read: {exc}") from exc
    notes = []
    parts = [shapely.from_wkb(g) for g in geoms if g is not None]
    shapes = [g for g in parts if g.geom_type in kinds]
    if not shapes:
        raise InputFileError(str(path), f"has no {what}")
    if not meta.get("crs"):
        raise InputFileError(str(path), "has no CRS; write it in EPSG:4326 (longitude, latitude)")
    geom = shapely.union_all(shapes) if len(shapes) > 1 else shapes[0]
    crs = CRS.from_user_input(meta["crs"])
    if not crs.equals(CRS.from_epsg(4326)):
        tf = Transformer.from_crs(crs, 4326, always_xy=True)

        def to_wgs(xy: np.ndarray) -> np.ndarray:
            return np.column_stack(tf.transform(xy[:, 0], xy[:, 1]))

        geom = shapely.transform(geom, to_wgs)
        notes.append(f"was in {crs.to_string()}; reprojected to EPSG:4326")
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise InputFileError(str(path), f"coordinates {minx:g}, {miny:g} to {maxx:g}, {maxy:g} "
                             "are not longitudes and latitudes; check the file's CRS")
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        geom = shapely.make_valid(geom)  # (read_polygon_file keeps the polygons of it)
        notes.append(f"had invalid geometry ({reason}); repaired")
    return geom, notes
