"""Where the front may be: a band around each day's modelled front, narrow where reports pin
it and wider where only a rate placed the ground.

The modelled front is exact only where something fixes it: the baseline (the front as given,
where it has not moved) and the places reports name near that day (a capture or withdrawal, an
``advance``, a ``fighting`` place). Elsewhere it lies where the model put a rate's ground, and
the real front may lie anywhere the same area could have gone. So each stretch of front (cut
every :data:`~frontline.thresholds.BAND_STEP_M`) gets a half-width

    ``BAND_MIN_KM + BAND_GROWTH * u``, at most ``BAND_MAX_KM``,

where ``u`` is the stretch's distance (km) to the nearest pin: the baseline front, or a report's
place within its days (:data:`~frontline.thresholds.BAND_PIN_DAYS`). The band is the union of
those stretches' buffers, within the theatre. The thresholds are calibrated on July to October
2024 against the reference map of each day (``benchmarks/fronts.py``): the share of the real
front inside the band against the band's mean width.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np
import shapely

from frontline.geo.geometry import Geometry, Lineal, Polygonal, polygonal
from frontline.model.memo import DayMemo
from frontline.model.timeline import Timeline
from frontline.scenario import Report
from frontline.thresholds import (
    BAND_GROWTH,
    BAND_MAX_KM,
    BAND_MIN_KM,
    BAND_PIN_DAYS,
    BAND_QUANTUM_KM,
    BAND_SIMPLIFY_M,
    BAND_STEP_M,
    CONTESTED_HALF_KM,
    CONTESTED_REACH_KM,
    GRID_M,
    MAP_FRONT_REPORT_DAYS,
)

__all__ = ["Band", "BandMaker", "Contested", "baseline_front", "contested", "front_bands",
           "pins"]

#: The reports that pin the front near their place.
PIN_KINDS = ("capture", "withdrawal", "advance", "fighting", "siege")


@dataclass(frozen=True)
class Band:
    """One day's band.

    Attributes
    ----------
    geometry : Polygonal
        Projected metres.
    width_km : float
        Its mean width along the front: area / front length (km).
    pinned : float
        The share of the front's length within ``BAND_STEP_M`` of a pin (the baseline
        front or a report's place).
    """

    geometry: Polygonal
    width_km: float
    pinned: float


def baseline_front(baseline: dict[str, Polygonal]) -> Lineal:
    """Where the sides' baseline ground meets (projected metres)."""
    sides = sorted(baseline)
    lines = [shapely.intersection(shapely.boundary(baseline[a]), shapely.boundary(baseline[b]),
                                  grid_size=GRID_M)
             for i, a in enumerate(sides) for b in sides[i + 1:]]
    parts = [p for line in lines for p in shapely.get_parts(line)
             if p.geom_type in ("LineString", "MultiLineString")]
    return shapely.line_merge(shapely.multilinestrings(parts)) if parts else \
        shapely.MultiLineString()


def pins(reports: Sequence[Report], day: dt.date, point_of: dict[str, tuple[float, float]]
         ) -> list[tuple[float, float]]:
    """The projected points of the reports that pin the front on ``day``: those of
    :data:`PIN_KINDS` dated within ``BAND_PIN_DAYS`` (before, after) of it."""
    before, after = BAND_PIN_DAYS
    out = []
    for r in reports:
        when = r.date
        if r.kind not in PIN_KINDS or when is None or r.id not in point_of:
            continue
        if when - dt.timedelta(days=before) <= day <= when + dt.timedelta(days=after):
            out.append(point_of[r.id])
    return out


class BandMaker:
    """Makes each day's band, with the baseline front indexed once.

    Parameters
    ----------
    fixed : Lineal
        The baseline front (:func:`baseline_front`), projected metres.
    theatre : Geometry
        The band is cut to it.
    widths : callable, optional
        Maps the distances to the nearest pin (km) to half-widths (km), for calibrating
        other rules than the thresholds' (``benchmarks/fronts.py``).
    """

    def __init__(self, fixed: Lineal, theatre: Geometry,
                 widths: Callable[[np.ndarray], np.ndarray] | None = None) -> None:
        pieces = _segments(fixed) if not fixed.is_empty else np.array([], dtype=object)
        self.tree = shapely.STRtree(pieces) if len(pieces) else None
        self.theatre, self.widths = theatre, widths
        self._known: dict[tuple[float, float], float] = {}  # a stretch's distance, by its mid

    def _from_fixed(self, mids: np.ndarray) -> np.ndarray:
        """Each point's distance to the baseline front (m), remembered: most of a day's
        front is the day before's."""
        u = np.full(len(mids), np.inf)
        if self.tree is None:
            return u
        keys = [tuple(xy) for xy in shapely.get_coordinates(mids).tolist()]
        new = [i for i, k in enumerate(keys) if k not in self._known]
        if new:
            (index, _), dist = self.tree.query_nearest(mids[new], return_distance=True,
                                                      all_matches=False)
            for i, d in zip(index.tolist(), dist.tolist(), strict=True):
                self._known[keys[new[i]]] = d
        return np.array([self._known.get(k, np.inf) for k in keys])

    def band(self, front: Lineal | None, pinned_at: Sequence[tuple[float, float]]
             ) -> Band | None:
        """The band of one day's ``front`` given the points of the reports that pin it;
        None without a front."""
        if front is None or front.is_empty:
            return None
        # (the band is no sharper than its narrowest half-width: the front simplified to
        # BAND_SIMPLIFY_M makes every buffer cheaper and changes no width)
        segments = _segments(shapely.simplify(front, BAND_SIMPLIFY_M))
        if not len(segments):
            return None
        mids = shapely.line_interpolate_point(segments, 0.5, normalized=True)
        u = self._from_fixed(mids)
        if pinned_at:
            u = np.minimum(u, shapely.distance(mids, shapely.MultiPoint(list(pinned_at))))
        km = np.nan_to_num(u / 1e3, posinf=1e9)
        half = (np.minimum(BAND_MIN_KM + BAND_GROWTH * km, BAND_MAX_KM)
                if self.widths is None else self.widths(km)) * 1e3
        # one buffer per width (quantised to BAND_QUANTUM_KM): a few long lines, not a
        # thousand short ones
        step = BAND_QUANTUM_KM * 1e3
        half = np.maximum(np.round(half / step) * step, step)
        buffers = [shapely.buffer(shapely.line_merge(shapely.multilinestrings(segments[half == h])),
                                  h, quad_segs=4)
                   for h in np.unique(half)]
        band = polygonal(shapely.intersection(shapely.union_all(buffers), self.theatre))
        lengths = shapely.length(segments)
        total = float(lengths.sum())
        pinned = float(lengths[u <= BAND_STEP_M].sum() / total)
        return Band(band, band.area / total / 1e3, pinned)


def _segments(front: Geometry) -> np.ndarray:
    """The front cut into stretches of at most ``BAND_STEP_M``."""
    dense = shapely.segmentize(front, BAND_STEP_M)
    coords, part = shapely.get_coordinates(shapely.get_parts(dense), return_index=True)
    same = part[1:] == part[:-1]
    starts, ends = coords[:-1][same], coords[1:][same]
    if not len(starts):
        return np.array([], dtype=object)
    xy = np.stack([starts, ends], axis=1)
    return np.asarray(shapely.linestrings(xy), dtype=object)


def front_bands(tl: Timeline, memo: DayMemo | None = None, days: range | None = None
                ) -> list[Band | None]:
    """Each day's band of a timeline (None on a day with no front); a day's band is taken
    from ``memo`` when the day and its pins are as they were (a rebuild).

    ``days``: only those days' (indexes into the timeline's days; all by default). A
    band depends on its day alone, so the days may be split between threads.
    """
    sc = tl.scenario
    point_of = {r.id: tl.projection.point(r.place.lon, r.place.lat)
                for r in sc.reports if r.place is not None}
    maker: BandMaker | None = None

    def make(front: Lineal | None, at: list[tuple[float, float]]) -> Band | None:
        nonlocal maker
        if maker is None:  # (the baseline front indexed once, and only if a day needs it)
            maker = BandMaker(baseline_front(tl.baseline),
                              shapely.union_all(list(tl.countries.values())))
        return maker.band(front, at)

    named = memo is not None and len(tl.tokens) == len(tl.days)
    out = []
    for i in days if days is not None else range(len(tl.days)):
        day, front = tl.days[i], tl.fronts[i]
        at = pins(sc.reports, day, point_of)
        if named and memo is not None:
            out.append(memo.get(("band", tl.tokens[i], tuple(at)), partial(make, front, at)))
        else:
            out.append(make(front, at))
    return out


@dataclass(frozen=True)
class Contested:
    """One day's contested ground: where ``fighting`` reports put the fighting.

    Attributes
    ----------
    geometry : Polygonal
        Projected metres.
    report_ids : tuple of str
        The ``fighting`` reports that put it there.
    """

    geometry: Polygonal
    report_ids: tuple[str, ...]


def contested(tl: Timeline) -> list[Contested | None]:
    """Each day's contested ground, None on a day with none:

    * the front within ``CONTESTED_REACH_KM`` of the place of a ``fighting`` report dated
      in the ``MAP_FRONT_REPORT_DAYS`` up to the day, widened by ``CONTESTED_HALF_KM`` on
      either side;
    * the way from a town taken far beyond the front (an enclave: :mod:`frontline.model.events`)
      to its side's ground, as wide, for as many days from the capture: the captor got there
      somehow, and nothing says where.

    Both within the theatre and out of the ground the sides hold as reported."""
    sc = tl.scenario
    fights = sorted((r for r in sc.reports if r.kind == "fighting" and r.place is not None
                     and r.date is not None), key=lambda r: (r.date or dt.date.min, r.id))
    theatre = shapely.union_all(list(tl.countries.values()))
    ways = _ways_to_enclaves(tl)
    out: list[Contested | None] = []
    for i, (day, front) in enumerate(zip(tl.days, tl.fronts, strict=True)):
        active = [r for r in fights if r.date is not None
                  and r.date <= day < r.date + dt.timedelta(days=MAP_FRONT_REPORT_DAYS)]
        pieces: list[Geometry] = []
        ids = [r.id for r in active]
        if active and front is not None and not front.is_empty:
            places = shapely.MultiPoint([tl.projection.point(r.place.lon, r.place.lat)
                                         for r in active if r.place is not None])
            near = shapely.intersection(front, shapely.buffer(places,
                                                              CONTESTED_REACH_KM * 1e3))
            if not near.is_empty:
                pieces.append(shapely.buffer(near, CONTESTED_HALF_KM * 1e3, quad_segs=4))
        for first, way, way_ids in ways:
            if first <= i < first + MAP_FRONT_REPORT_DAYS:
                pieces.append(way)
                ids += [x for x in way_ids if x not in ids]
        ground = polygonal(shapely.intersection(shapely.union_all(pieces), theatre)) \
            if pieces else None
        out.append(Contested(ground, tuple(ids)) if ground is not None and not ground.is_empty
                   else None)
    return out


def _ways_to_enclaves(tl: Timeline) -> list[tuple[int, Polygonal, tuple[str, ...]]]:
    """For each capture that left its ground apart from its side's (farther than
    ``CONTESTED_REACH_KM``): its day's index, the way from it to the side's ground of the
    day before (``CONTESTED_HALF_KM`` either side of the shortest line, less what the side
    held), and its reports."""
    out = []
    for c in tl.changes:
        i = tl.day_index(c.day)
        before = tl.control[i - 1][c.side] if i > 0 else tl.baseline.get(c.side)
        if c.cause != "capture" or before is None or before.is_empty or \
                shapely.distance(c.geom, before) <= CONTESTED_REACH_KM * 1e3:
            continue
        line = shapely.shortest_line(c.geom, before)
        way = polygonal(shapely.difference(
            shapely.buffer(line, CONTESTED_HALF_KM * 1e3, quad_segs=4),
            shapely.union(before, c.geom)))
        out.append((i, way, c.report_ids))
    return out
