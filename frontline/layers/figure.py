"""A still figure of the map for print: one date (or what changed between two), any extent.

The same GeoPackage the interactive map reads, drawn with matplotlib in the
theatre's equal-area projection (so the scale bar holds everywhere in the
figure): each side's ground in the scenario's colours, the front line, the
reports' places and the largest settlements named, national borders, a scale
bar, a legend, the date and the attributions. PNG, SVG or PDF by the file's
suffix, written atomically.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import shapely

from frontline._atomic import atomic_path
from frontline.errors import FrontlineError, OutputError, quote
from frontline.geo.geometry import polygonal
from frontline.geo.projection import Projection
from frontline.layers.gpkg import area_countries, as_date, read_layers
from frontline.layers.stats import records
from frontline.model.timeline import held_by_basis
from frontline.thresholds import FIGURE_DPI, FIGURE_LABELS, FIGURE_MARGIN_DEG

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["FIGURE_FORMATS", "FigureResult", "draw_figure", "extent_around", "place_extent"]

FIGURE_FORMATS = ("png", "svg", "pdf")
_ATTRIBUTION = ("Frontline · place names: GeoNames (CC BY 4.0) · borders: Natural Earth "
                "(public domain)")


class FigureResult(NamedTuple):
    """What :func:`draw_figure` wrote.

    Attributes
    ----------
    path : Path
    changed : dict
        Side -> km² it took between the two days within the extent (empty
        without a comparison).
    pixel : callable
        ``pixel(lon, lat) -> (column, row)`` in a PNG written at ``FIGURE_DPI``.
    """

    path: Path
    changed: dict[str, float]
    pixel: Callable[[float, float], tuple[int, int]]


def extent_around(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """A lon/lat box reaching ``radius_km`` from a point every way.

    Examples
    --------
    >>> [round(v, 3) for v in extent_around(48.0, 37.0, 11.1)]
    [36.851, 47.9, 37.149, 48.1]
    """
    dlat = radius_km / 111.0
    dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
    return lon - dlon, lat - dlat, lon + dlon, lat + dlat


def place_extent(gpkg: str | Path, name: str, radius_km: float
                 ) -> tuple[float, float, float, float]:
    """The box ``radius_km`` around a place, the name resolved near the GeoPackage's fronts.

    Raises
    ------
    UnknownPlace
        With the nearest spellings the gazetteer knows.
    """
    from frontline.geo.geocode import Gazetteer

    fronts = read_layers(gpkg, ("front_lines",))["front_lines"]
    near = shapely.union_all(list(fronts.geometry.dropna())) if len(fronts) else None
    match = Gazetteer.default().lookup(name, near=near if near is not None and not near.is_empty
                                       else None, best=True)
    return extent_around(match.place.lat, match.place.lon, radius_km)


def _pick_date(days: list[dt.date], text: str, what: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise FrontlineError(f"{what} {quote(text)} is not a date (YYYY-MM-DD)") from None
    if day not in days:
        raise FrontlineError(f"{what} {day} is outside the GeoPackage's days "
                             f"({days[0]} to {days[-1]})")
    return day


def _nice_length(km: float) -> float:
    """The largest 1, 2 or 5 x 10^n not above ``km``."""
    step = 10 ** math.floor(math.log10(km))
    return max(m * step for m in (1, 2, 5) if m * step <= km)


def draw_figure(
    gpkg: str | Path,
    output: str | Path,
    /,
    *,
    date: str,
    compare: str | None = None,
    bbox: tuple[float, float, float, float] | None = None,
    title: str | None = None,
    width_in: float = 10.0,
) -> FigureResult:
    """Draw the control of one day (and what changed since another) as a figure.

    Parameters
    ----------
    gpkg : path-like
        A GeoPackage written by ``frontline build``.
    output : path-like
        ``.png``, ``.svg`` or ``.pdf``.
    date : str
        The day shown (``YYYY-MM-DD``, one of the GeoPackage's days).
    compare : str, optional
        An earlier or later day: the ground that changed hands between the two
        is drawn solid, with its area per side in the legend.
    bbox : (min_lon, min_lat, max_lon, max_lat), optional
        The extent; the whole theatre if not given.
    title : str, optional
    width_in : float
        Width in inches; the height follows the extent.

    Returns
    -------
    FigureResult
        The file, the km² each side took between the two days, and where a
        point lies in the PNG.

    Raises
    ------
    FrontlineError
        A date outside the GeoPackage or an empty extent.
    OutputError
        A file that is not .png, .svg or .pdf, or cannot be written.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch, Rectangle

    target = Path(output)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in FIGURE_FORMATS:
        raise OutputError(str(target),
                          f"a figure is .png, .svg or .pdf, not {quote(target.suffix)}")
    frames = read_layers(gpkg, ("control", "gains", "front_lines", "places", "front_band"))
    control = frames["control"]
    days = sorted({as_date(d) for d in control["date"]})
    day = _pick_date(days, date, "--date")
    other = _pick_date(days, compare, "--compare") if compare else None
    minx, miny, maxx, maxy = bbox or (float(v) for v in control.total_bounds)
    if not (minx < maxx and miny < maxy):
        raise FrontlineError(f"the extent {(minx, miny, maxx, maxy)} is empty "
                             "(min_lon,min_lat,max_lon,max_lat)")
    extent = (minx, miny, maxx, maxy)
    box = shapely.box(minx, miny, maxx, maxy)
    around = box.buffer(FIGURE_MARGIN_DEG)  # what is drawn: a little beyond the frame
    proj = Projection.for_bounds(extent)
    view = proj.to_proj(box)

    def ground(on: dt.date) -> dict[str, Any]:
        rows = records(control[control["date"].map(as_date) == on])
        return {str(r["side"]): {"geom": proj.to_proj(polygonal(
            shapely.intersection(r["geometry"], around), grid_size=None)),
            "name": str(r.get("side_name") or r["side"]),
            "colour": str(r.get("colour") or "#888888")} for r in rows}

    now = ground(day)
    minx, miny, maxx, maxy = view.bounds
    map_h = min(max(width_in * (maxy - miny) / (maxx - minx), 3.0), 2 * width_in)
    height = map_h + 1.5  # the title above, the legend and the credits below
    fig = plt.figure(figsize=(width_in, height), dpi=FIGURE_DPI)
    ax = fig.add_axes((0.01, 1.15 / height, 0.98, map_h / height))
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    ax.set_xlim(minx, maxx)
    ax.set_ylim(miny, maxy)
    handles: list[Any] = []
    for _side, g in sorted(now.items()):
        _fill(ax, g["geom"], g["colour"], alpha=0.35)
        handles.append(Patch(facecolor=g["colour"], alpha=0.5, edgecolor="none",
                             label=f"held by {g['name']}"))
    soft = _soft_ground(frames["gains"], now, day, around, proj)
    lighter: list[Any] = []  # (its key goes last: the long keys of what changed come first)
    if not soft.is_empty:  # lighter: what only a rate placed, or only a claim says
        _fill(ax, soft, "#ffffff", alpha=0.5)
        lighter.append(Patch(facecolor="#bbbbbb", alpha=0.5, edgecolor="none",
                             label="lighter: placed by a rate or only claimed"))
    changed: dict[str, float] = {}
    if other is not None:
        then = ground(other)
        first, second = (then, now) if other < day else (now, then)
        a, b = min(day, other), max(day, other)
        for side, g in sorted(second.items()):
            lost = [v["geom"] for s, v in first.items() if s != side]
            taken = polygonal(shapely.intersection(g["geom"], shapely.union_all(lost)))
            km2 = round(Projection.area_km2(taken), 3)  # no nanoscopic rounding gains
            changed[side] = km2
            if not taken.is_empty:
                _fill(ax, taken, g["colour"], alpha=0.9, hatch="////")
            handles.append(Patch(facecolor=g["colour"], alpha=0.9, hatch="////",
                                 label=f"taken by {g['name']} {a} to {b}: {km2:,.1f} km² "
                                       "in this extent"))
    fronts = frames["front_lines"]
    for r in records(fronts[fronts["date"].map(as_date) == day]):
        if r["geometry"] is not None:
            _line(ax, proj.to_proj(r["geometry"]), color="#111111", lw=1.8)
    handles.append(matplotlib.lines.Line2D([], [], color="#111111", lw=1.8, label="front line"))
    band = frames.get("front_band")
    outlines = records(band[band["date"].map(as_date) == day]) if band is not None else []
    for r in outlines:  # where the front may be: the band's outline, dashed
        if r["geometry"] is not None:
            area = polygonal(shapely.intersection(r["geometry"], around), grid_size=None)
            _line(ax, proj.to_proj(shapely.boundary(area)), color="#333333", lw=0.7,
                  linestyle=(0, (4, 3)))
    if outlines:
        handles.append(matplotlib.lines.Line2D([], [], color="#333333", lw=0.7,
                                               linestyle=(0, (4, 3)),
                                               label="where the front may be"))
    handles += lighter
    _borders(ax, control, proj, around)
    bar = _scale_bar(ax, view, Rectangle)
    _names(ax, frames["places"], proj, extent, view, reserved=[bar])
    fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.01, 0.12 / height),
               ncol=2, fontsize=8, frameon=False)
    heading = title or f"Territorial control on {day}" + (
        f" and what changed since {min(day, other)}" if other and other < day else
        f" and what changed until {other}" if other else "")
    fig.text(0.5, 1 - 0.2 / height, heading, ha="center", va="top", fontsize=13,
             fontweight="bold")
    fig.text(0.99, 0.01, _ATTRIBUTION, ha="right", va="bottom", fontsize=7, color="#444444")
    fig.canvas.draw()
    transform, rows = ax.transData, fig.bbox.height

    def pixel(lon: float, lat: float) -> tuple[int, int]:
        x, y = transform.transform(proj.point(lon, lat))
        return int(x), int(rows - y)

    # no timestamps nor random ids: the same inputs give the same file; SVG text stays
    # text (editable in a layout program)
    stamp = {"svg": {"Date": None}, "pdf": {"CreationDate": None}}.get(fmt)
    try:
        with atomic_path(target, suffix=target.suffix) as tmp, \
                plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": "frontline"}):
            fig.savefig(tmp, format=fmt, dpi=FIGURE_DPI, metadata=stamp)
    finally:
        plt.close(fig)
    return FigureResult(target, changed, pixel)


def _soft_ground(gains: Any, now: dict[str, Any], day: dt.date, around: Any,
                 proj: Projection) -> Any:
    """The ground held on ``day`` whose last change of hands was ``modelled`` or ``claimed``
    (:func:`~frontline.model.timeline.held_by_basis`), within ``around``, projected."""
    pieces = []
    for r in records(gains):
        if r["geometry"] is None or as_date(r["date"]) > day:
            continue
        piece = polygonal(shapely.intersection(r["geometry"], around), grid_size=None)
        if not piece.is_empty:
            pieces.append((as_date(r["date"]), str(r["side"]), str(r["from_side"]),
                           str(r.get("basis") or "reported"), piece))
    (state,) = held_by_basis(pieces, [day])
    held = [shapely.intersection(proj.to_proj(polygonal(shapely.union_all(geoms),
                                                        grid_size=None)), now[side]["geom"])
            for (side, basis), geoms in state.items()
            if basis in ("modelled", "claimed") and side in now and geoms]
    return polygonal(shapely.union_all(held), grid_size=None) if held else shapely.Polygon()


def _fill(ax: Axes, geom: Any, colour: str, *, alpha: float, hatch: str | None = None) -> None:
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MPath

    for poly in shapely.get_parts(geom):
        if poly.is_empty or poly.geom_type != "Polygon":
            continue
        rings = [poly.exterior, *poly.interiors]
        vertices = [c for ring in rings for c in ring.coords]
        codes = [code for ring in rings
                 for code in [MPath.MOVETO] + [MPath.LINETO] * (len(ring.coords) - 2)
                 + [MPath.CLOSEPOLY]]
        ax.add_patch(PathPatch(MPath(vertices, codes), facecolor=colour, alpha=alpha,
                               edgecolor="none", hatch=hatch, lw=0))


def _line(ax: Axes, geom: Any, **style: Any) -> None:
    for part in shapely.get_parts(geom):
        if part.geom_type == "LineString" and not part.is_empty:
            xy = shapely.get_coordinates(part)
            ax.plot(xy[:, 0], xy[:, 1], solid_capstyle="round", **style)


def _borders(ax: Axes, control: Any, proj: Projection, area: Any) -> None:
    from frontline.geo.borders import border_lines, load_countries

    codes = area_countries(control.columns)
    for lines in border_lines(load_countries(codes) if codes else {}, area):
        _line(ax, proj.to_proj(lines), color="#444444", lw=0.8, ls=(0, (5, 3)))


def _names(ax: Axes, places: Any, proj: Projection, extent: tuple[float, float, float, float],
           view: Any, *, reserved: list[tuple[float, float, float, float]]) -> None:
    """The reports' places with a dot, then the largest settlements, none on another."""
    from frontline.geo.geocode import Gazetteer

    width = view.bounds[2] - view.bounds[0]
    taken = list(reserved)
    inner = view.buffer(-width * 0.01)

    def put(name: str, lon: float, lat: float, *, dot: bool, size: float) -> None:
        x, y = proj.point(lon, lat)
        if not inner.contains(shapely.Point(x, y)):
            return
        w, h = width * 0.0105 * len(name) * size / 9, width * 0.022 * size / 9
        b = (x - w / 2, y - h / 2, x + w / 2, y + h / 2) if not dot else (x, y - h / 2,
                                                                         x + w, y + h / 2)
        overlaps = any(b[0] < q[2] and b[2] > q[0] and b[1] < q[3] and b[3] > q[1]
                       for q in taken)
        if not dot and (overlaps or not inner.contains(shapely.box(*b))):
            return
        taken.append(b)
        if dot:
            ax.plot([x], [y], "o", color="#111111", ms=3.5, zorder=5)
        ax.annotate(name, (x, y), xytext=(4, 0) if dot else (0, 0), textcoords="offset points",
                    ha="left" if dot else "center", va="center", fontsize=size,
                    fontweight="bold" if dot else "normal", zorder=6,
                    path_effects=_halo(), annotation_clip=True, clip_on=True)

    named = places[places["report_ids"].notna()]
    for r in records(named):
        if r["geometry"] is not None:
            put(str(r["name"]), r["geometry"].x, r["geometry"].y, dot=True, size=9)
    for place in Gazetteer.default().places_in(extent)[:FIGURE_LABELS]:
        put(place.name, place.lon, place.lat, dot=False,
            size=10 if place.population >= 100_000 else 8)


def _halo() -> list[Any]:
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=2.5, foreground="white")]


def _scale_bar(ax: Axes, view: Any, rectangle: Any) -> tuple[float, float, float, float]:
    """A bar of a round length at the lower right; returns the box it takes."""
    minx, miny, maxx, maxy = view.bounds
    km = _nice_length((maxx - minx) / 1000 / 5)
    x0, y0 = maxx - (maxx - minx) * 0.04 - km * 1000, miny + (maxy - miny) * 0.04
    h = (maxy - miny) * 0.008
    ax.add_patch(rectangle((x0, y0), km * 1000, h, facecolor="#111111", zorder=7))
    ax.annotate(f"{km:g} km", (x0 + km * 500, y0 + h), xytext=(0, 3), textcoords="offset points",
                ha="center", va="bottom", fontsize=8, zorder=7, path_effects=_halo())
    return x0, y0, x0 + km * 1000, y0 + (maxy - miny) * 0.05
