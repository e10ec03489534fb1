"""Write a timeline as a GeoPackage, atomically.

Layers (EPSG:4326):

``control``
    One row per day and side: the ground the side holds at the end of that day.
``gains``
    One row per change of ground: the day, who gained it from whom, in which
    country, why (``advance_rate``, ``encircled``, ``capture``, ``withdrawal``, ``area_held``)
    and the report ids.
``front_lines``
    One row per day: where the sides meet.
``front_band``
    One row per day: where the front may be (:mod:`frontline.model.band`), with its mean
    width and the share of the front that reports pin.
``contested``
    One row per day with ``fighting`` reports: the ground around the front near their places
    (:func:`frontline.model.band.contested`), with their ids.
``places``
    The baseline's settlements and the reports' places, with who held them at
    the start and the end and when that changed.
``reports``
    Every report with its source, at its place (no geometry for a report with
    no place).

The file is written to a temporary name in the output directory and renamed
into place, so an interrupted build leaves the previous file intact.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import shapely

from frontline._atomic import atomic_path
from frontline.errors import FrontlineError, InputFileError
from frontline.geo.geometry import Geometry, is_valid
from frontline.layers.schema import (
    BASES,
    DATE_COLUMNS,
    LAYERS,
    OPTIONAL_LAYERS,
    REPORT_TYPES,
    Frames,
)
from frontline.layers.styles import write_layer_styles
from frontline.model import Change, Timeline
from frontline.model.band import Band, Contested, contested, front_bands
from frontline.model.memo import DayMemo
from frontline.thresholds import PLACE_SNAP_M

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

__all__ = ["FORMATS", "Frames", "area_countries", "as_date", "layer_frames", "metadata",
           "read_layers", "write_frames", "write_gpkg", "write_layers"]


class _ToWgs:
    """Projects geometries back to lon/lat once each (days share unchanged polygons)."""

    def __init__(self, tl: Timeline) -> None:
        self.tl = tl
        self.cache: dict[int, tuple[Geometry, Geometry]] = {}

    def __call__(self, geom: Geometry) -> Geometry:
        key = id(geom)
        if key not in self.cache:
            out = self.tl.projection.to_wgs(geom)
            if not is_valid(out):  # (a ring's vertices a few cm apart can cross in lon/lat)
                # as polygons: shells unioned, holes taken out (five times as fast as the
                # default method on a side's ground, the same area to 1e-8)
                out = shapely.make_valid(out, method="structure", keep_collapsed=False)
            self.cache[key] = (geom, out)  # keep geom alive so its id stays unique
        return self.cache[key][1]


def layer_frames(tl: Timeline, memo: DayMemo | None = None) -> Frames:
    """The layers as GeoDataFrames (EPSG:4326), in a stable order (the bands, half the
    days each, and the contested ground are drawn on two more threads meanwhile: GEOS
    lets go of the GIL; the bands of days as they were in the last build are taken from
    ``memo``)."""
    n = len(tl.days)
    with ThreadPoolExecutor(max_workers=2) as pool:
        first = pool.submit(front_bands, tl, memo, range(n // 2))
        rest = pool.submit(lambda: (front_bands(tl, memo, range(n // 2, n)), contested(tl)))
        return _layer_frames(tl, lambda: (first.result() + rest.result()[0],
                                          rest.result()[1]))


def _layer_frames(tl: Timeline, uncertain: Callable[[], tuple[list[Band | None],
                                                             list[Contested | None]]]
                  ) -> Frames:
    import geopandas as gpd

    sc = tl.scenario
    wgs = _ToWgs(tl)
    codes = sorted(tl.countries)
    cumulative: dict[str, set[str]] = defaultdict(set)
    by_day: dict[dt.date, list[Change]] = defaultdict(list)
    for change in tl.changes:
        by_day[change.day].append(change)
    control_rows = []
    bases = tl.basis_areas()
    for i, day in enumerate(tl.days):
        for change in by_day.get(day, []):
            cumulative[change.side].update(change.report_ids)
            cumulative[change.from_side].update(change.report_ids)
        for side in sorted(tl.control[i]):
            areas = tl.areas[i]
            row = {"date": day, "valid_from": day, "valid_to": day + dt.timedelta(days=1),
                   "side": side, "side_name": sc.side(side).name,
                   "colour": sc.side(side).colour,
                   "area_km2": round(sum(areas.get((side, c), 0.0) for c in codes), 3)}
            for c in codes:
                row[f"area_{c.lower()}_km2"] = round(areas.get((side, c), 0.0), 3)
            for basis in BASES:  # what the side's ground rests on, beyond the baseline's
                row[f"basis_{basis}_km2"] = bases[i].get((side, basis), 0.0)
            row["report_ids"] = ",".join(sorted(cumulative[side]))
            row["geometry"] = wgs(tl.control[i][side])
            control_rows.append(row)
    gains_rows = [
        {"date": c.day, "valid_from": c.day, "valid_to": c.day + dt.timedelta(days=1),
         "side": c.side, "from_side": c.from_side, "country": c.country,
         "cause": c.cause, "basis": tl.basis(c), "report_ids": ",".join(c.report_ids),
         "area_km2": round(c.area_km2, 4), "geometry": wgs(c.geom)}
        for c in sorted(tl.changes, key=lambda c: (c.day, c.side, c.from_side, c.country,
                                                    c.cause, c.report_ids))
    ]
    front_rows = [
        {"date": day, "valid_from": day, "valid_to": day + dt.timedelta(days=1),
         "length_km": round(front.length / 1000, 3) if front is not None else 0.0,
         "geometry": wgs(front) if front is not None and not front.is_empty else None}
        for day, front in zip(tl.days, tl.fronts, strict=True)
    ]
    bands, grounds = uncertain()
    band_rows = [
        {"date": day, "valid_from": day, "valid_to": day + dt.timedelta(days=1),
         "width_km": round(band.width_km, 3), "pinned_share": round(band.pinned, 3),
         "geometry": wgs(band.geometry)}
        for day, band in zip(tl.days, bands, strict=True) if band is not None
    ]
    contested_rows = [
        {"date": day, "valid_from": day, "valid_to": day + dt.timedelta(days=1),
         "area_km2": round(ground.geometry.area / 1e6, 3),
         "report_ids": ",".join(ground.report_ids), "geometry": wgs(ground.geometry)}
        for day, ground in zip(tl.days, grounds, strict=True) if ground is not None
    ]
    frames = {
        "control": gpd.GeoDataFrame(control_rows, geometry="geometry", crs=4326),
        "gains": _frame(gains_rows, ["date", "valid_from", "valid_to", "side", "from_side",
                                     "country", "cause", "basis", "report_ids", "area_km2"]),
        "front_lines": gpd.GeoDataFrame(front_rows, geometry="geometry", crs=4326),
        "front_band": _frame(band_rows, ["date", "valid_from", "valid_to", "width_km",
                                         "pinned_share"]),
        "contested": _frame(contested_rows, ["date", "valid_from", "valid_to", "area_km2",
                                             "report_ids"]),
        "places": _frame(_place_rows(tl), ["name", "as_reported", "geonameid", "population",
                                           "admin1", "country", "side_baseline", "side_start",
                                           "side_end",
                                           "changed_on", "report_ids"]),
        "reports": _frame(_report_rows(tl), ["id", "kind", "side", "date"]),
    }
    reports = frames["reports"]
    for column, kind in REPORT_TYPES.items():  # the same field types whatever the scenario
        reports[column] = (reports[column] if column in reports.columns else None)
        reports[column] = reports[column].astype(cast("Any", kind))  # a dtype name
    return {name: _dates(frame) for name, frame in frames.items()}


def as_date(value: Any) -> dt.date:
    """A date read back from a layer (a date, a datetime or ISO text) as a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def area_countries(columns: Iterable[str]) -> list[str]:
    """The theatre's country codes, from the ``area_<cc>_km2`` columns of ``control``."""
    return sorted(c[len("area_"):-len("_km2")].upper() for c in columns
                  if c.startswith("area_") and c.endswith("_km2") and c != "area_km2")


def read_layers(gpkg: str | Path, names: tuple[str, ...] = LAYERS, *,
                read_geometry: bool = True) -> Frames:
    """Read layers of a GeoPackage written by Frontline.

    No GDAL ``.aux.xml`` is left beside the user's file.

    Layers of :data:`~frontline.layers.schema.OPTIONAL_LAYERS` a file lacks (one written
    by an earlier version) are left out of what is returned.

    Raises
    ------
    InputFileError
        The file is not a GeoPackage, or not one of Frontline's (a layer is missing).
    """
    import pyogrio
    from pyogrio.errors import DataSourceError

    path = Path(gpkg)
    with pyogrio_config({"GDAL_PAM_ENABLED": "NO"}):
        try:
            present = {str(name) for name, _ in pyogrio.list_layers(path)}
        except DataSourceError:
            raise InputFileError(str(path), "not a GeoPackage (GDAL cannot open it)") from None
        missing = [name for name in names if name not in present
                   and name not in OPTIONAL_LAYERS]
        if missing:
            raise InputFileError(str(path), f"not a Frontline GeoPackage: no layer "
                                 f"'{missing[0]}' (write one with 'frontline build')")
        return {name: pyogrio.read_dataframe(path, layer=name, read_geometry=read_geometry)
                for name in names if name in present}



def _dates(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Date columns as UTC datetimes, so GDAL writes real DATETIME fields (QGIS reads them)."""
    import pandas as pd

    for column in DATE_COLUMNS:
        if column in frame.columns:
            # in UTC: the GeoPackage specification's DATETIME is 'YYYY-MM-DDTHH:MM:SS.SSSZ'
            frame[column] = pd.to_datetime(frame[column]).dt.tz_localize("UTC").astype(
                "datetime64[ms, UTC]")
    return frame


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> gpd.GeoDataFrame:
    import geopandas as gpd

    if not rows:
        return gpd.GeoDataFrame({c: [] for c in columns}, geometry=[], crs=4326)
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)


def _place_rows(tl: Timeline) -> list[dict[str, Any]]:
    sc = tl.scenario
    entries: dict[int, dict[str, Any]] = {}
    for s in sc.settlements:
        entries.setdefault(s.place.id, {"place": s.place, "as_reported": s.name, "ids": set(),
                                        "labelled": s.side})
    for r in sc.reports:
        if r.place is not None and r.kind in ("capture", "withdrawal", "area_held", "siege",
                                              "advance", "fighting"):
            entry = entries.setdefault(r.place.id, {"place": r.place,
                                                    "as_reported": r.place_name, "ids": set()})
            entry["ids"].add(r.id)
            if r.place_name and r.place_name != r.place.name:
                entry["as_reported"] = r.place_name
    if not entries:
        return []
    points = [shapely.Point(tl.projection.point(e["place"].lon, e["place"].lat))
              for e in entries.values()]
    holders = []
    for control in tl.control:
        day_sides: list[str | None] = [None] * len(points)
        for side in sorted(control):
            shapely.prepare(control[side])  # (hundreds of points against it)
            inside = shapely.covers(control[side], points)
            for j, hit in enumerate(inside):
                if hit and day_sides[j] is None:
                    day_sides[j] = side
        for j, found in enumerate(day_sides):
            if found is None:  # on a coast or a border line: the nearest side within 5 km
                near = sorted((shapely.distance(control[s], points[j]), s) for s in control
                              if not control[s].is_empty)
                if near and near[0][0] <= PLACE_SNAP_M:
                    day_sides[j] = near[0][1]
        holders.append(day_sides)
    rows = []
    for j, entry in enumerate(entries.values()):
        place = entry["place"]
        sides = [h[j] for h in holders]
        changed = next((tl.days[i] for i in range(1, len(sides)) if sides[i] != sides[i - 1]),
                       None)
        rows.append({
            "name": place.name, "as_reported": entry["as_reported"],
            "geonameid": place.id if place.id > 0 else None, "population": place.population,
            "admin1": place.admin1_name, "country": place.country,
            "side_baseline": entry.get("labelled"),
            "side_start": sides[0], "side_end": sides[-1], "changed_on": changed,
            "report_ids": ",".join(sorted(entry["ids"])) or None,
            "geometry": shapely.Point(place.lon, place.lat),
        })
    rows.sort(key=lambda r: (r["country"], r["admin1"] or "", r["name"], r["geonameid"] or 0))
    return rows


def _report_rows(tl: Timeline) -> list[dict[str, Any]]:
    rows = []
    for r in sorted(tl.scenario.reports, key=lambda r: (r.first_day, r.id)):
        data = r.to_dict()
        for key in ("date", "start", "end", "source_published"):
            if data.get(key):
                data[key] = dt.date.fromisoformat(data[key])
        place = r.place or (r.toward[0] if r.toward else None)
        data["geometry"] = shapely.Point(place.lon, place.lat) if place else None
        rows.append(data)
    return rows


def metadata(tl: Timeline, *, command: str | None = None) -> dict[str, str]:
    """Dataset metadata: scenario, its content hash, version, command, build time, credits.

    The build time is ``$SOURCE_DATE_EPOCH`` when set (for reproducible files), else now.
    """
    from frontline import ATTRIBUTIONS, __version__

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    built = (dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch and epoch.isdigit()
             else dt.datetime.now(dt.UTC))
    sc = tl.scenario
    return {
        "frontline_version": __version__,
        "scenario": sc.name,
        "scenario_file": sc.path.name,
        "scenario_sha256": sc.content_hash,
        "period": f"{sc.start}/{sc.end}",
        "command": command or "frontline.layers.build (Python)",
        "built": built.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "crs_for_areas": tl.projection.crs.srs,
        "attribution": " ".join(text for _, text in ATTRIBUTIONS),
    }


def write_gpkg(
    tl: Timeline,
    path: str | Path,
    /,
    *,
    frames: Frames | None = None,
    progress: Callable[[str, float], None] | None = None,
    command: str | None = None,
) -> Path:
    """Write the timeline's layers to a GeoPackage, atomically.

    Parameters
    ----------
    tl : Timeline
    path : path-like
        The ``.gpkg`` file; its directory is created if needed. An existing
        file is replaced only once the new one is complete.
    progress : callable, optional
    frames : dict, optional
        The layers, if already made with :func:`layer_frames`.
    command : str, optional
        The command line that built it, recorded in the metadata.

    Returns
    -------
    Path
        The file written.
    """
    report = progress or (lambda message, fraction: None)
    report("making the layers", 0.0)
    if frames is None:
        frames = layer_frames(tl)
    stamp = dt.datetime.combine(tl.scenario.end, dt.time()).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    sides = [(s.id, s.name, s.colour) for s in tl.scenario.sides]
    target = write_frames(frames, path, metadata=metadata(tl, command=command), sides=sides,
                          stamp=stamp)
    report("done", 1.0)
    return target


def write_frames(frames: Frames, path: str | Path, /, *, metadata: dict[str, str],
                 sides: list[tuple[str, str, str]], stamp: str) -> Path:
    """Write made layers to a GeoPackage with metadata and styles, atomically.

    Parameters
    ----------
    frames : dict
        Layer name -> GeoDataFrame, as :func:`layer_frames` makes them.
    path : path-like
    metadata : dict
        Dataset metadata.
    sides : list of (id, name, colour)
        For the default styles.
    stamp : str
        Fixed timestamp for gpkg_contents and layer_styles, as the GeoPackage
        specification writes them (``YYYY-MM-DDTHH:MM:SS.SSSZ``).
    """
    import pyogrio

    target = Path(path)
    for stale in target.parent.glob(f".{target.stem}-*.partial.gpkg"):
        stale.unlink(missing_ok=True)  # left by a build that was killed
    try:
        with atomic_path(target, suffix=".gpkg", create=False) as tmp:
            # a fixed timestamp in gpkg_contents keeps the same scenario byte-identical
            with pyogrio_config({"OGR_CURRENT_DATE": stamp}):
                for i, name in enumerate(LAYERS):
                    # GeoPackage 1.2: what GDAL 3.6 and QGIS 3.22 write and read by default.
                    # The metadata goes with each layer, not the dataset: GDAL (3.12) copies a
                    # GeoPackage's dataset metadata into a frontline.gpkg.aux.xml beside it
                    # whenever it merely reads the file
                    extra = {"VERSION": "1.2"} if i == 0 else {}
                    # the title and abstract QGIS shows in the layer's metadata
                    title, abstract = _layer_text(name, metadata)
                    pyogrio.write_dataframe(frames[name], tmp, layer=name, driver="GPKG",
                                            append=i > 0, layer_metadata=metadata,
                                            layer_options={
                                                "IDENTIFIER": title, "DESCRIPTION": abstract},
                                            **extra)
            write_layer_styles(tmp, sides, stamp=stamp)
    except BaseException as exc:
        if isinstance(exc, OSError | ValueError | RuntimeError) and not isinstance(
                exc, FrontlineError):
            raise FrontlineError(f"cannot write {target}: {exc}") from exc
        raise
    return target


#: What each layer holds, the first line of its abstract.
_LAYER_ABOUT = {
    "control": "The ground each side holds at the end of each day (one row per day and side).",
    "gains": "Each change of ground: the day, who gained it from whom, where and why.",
    "front_lines": "Where the sides meet, each day.",
    "front_band": "Where the front may be, each day: narrow where reports pin it, wider where "
                  "only an advance rate placed the ground.",
    "contested": "Ground near the front where fighting reports put the fighting, each day.",
    "places": "The baseline's settlements and the reports' places, and who held them.",
    "reports": "Every report of the scenario, with its source, at its place.",
}


def _layer_text(name: str, metadata: dict[str, str]) -> tuple[str, str]:
    """A layer's title and abstract (``gpkg_contents.identifier`` and ``description``)."""
    title = f"{metadata.get('scenario', 'Frontline')}: {name}"
    lines = [_LAYER_ABOUT.get(name, name),
             f"Scenario: {metadata.get('scenario', '')} ({metadata.get('scenario_file', '')}, "
             f"SHA-256 {metadata.get('scenario_sha256', '')}), {metadata.get('period', '')}.",
             f"Built by Frontline {metadata.get('frontline_version', '')}: "
             f"{metadata.get('command', '')}.",
             f"Data: {metadata.get('attribution', '')}"]
    return title, "\n".join(lines)


class pyogrio_config:
    """Set GDAL config options for the duration of a block."""

    def __init__(self, options: dict[str, str]) -> None:
        self.options = options

    def __enter__(self) -> None:
        import pyogrio

        self.saved = {k: pyogrio.get_gdal_config_option(k) for k in self.options}
        pyogrio.set_gdal_config_options(self.options)

    def __exit__(self, *exc: object) -> None:
        import pyogrio

        pyogrio.set_gdal_config_options(self.saved)


FORMATS = {"geojson": ("GeoJSON", ".geojson"), "fgb": ("FlatGeobuf", ".fgb")}


def write_layers(
    frames: Frames,
    outdir: str | Path,
    /,
    *,
    fmt: str,
) -> list[Path]:
    """Write the five layers as one file each, GeoJSON (``.geojson``) or FlatGeobuf (``.fgb``).

    Each file is written under a temporary name and renamed into place. The
    fields and features are those of the GeoPackage's layers.

    Parameters
    ----------
    frames : dict
        The layers, as :func:`layer_frames` makes them.
    outdir : path-like
        An existing directory.
    fmt : {'geojson', 'fgb'}

    Returns
    -------
    list of Path
    """
    import pyogrio

    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    driver, suffix = FORMATS[fmt]
    folder = Path(outdir)
    written = []
    for name in LAYERS:
        target = folder / f"{name}{suffix}"
        with atomic_path(target, suffix=suffix, create=False) as tmp:
            pyogrio.write_dataframe(frames[name], tmp, driver=driver, layer=name)
        written.append(target)
    return written
