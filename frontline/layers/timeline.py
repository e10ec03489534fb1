"""The timeline: who holds what on each day, and which reports made it so.

:func:`build_timeline` turns a loaded :class:`~frontline.scenario.Scenario`
into daily polygons per side, following the model the README describes:

1. the theatre (:mod:`frontline.scenario.theatre`): the scenario's countries
   limited to a region of interest around the baseline and the reports, in a
   LAEA projection centred on it;
2. the baseline: a partition from the labelled settlements
   (:mod:`frontline.layers.partition`), or the user's polygons;
3. each day, in this order: captures and withdrawals of that day (a footprint
   around the settlement, joined to the capturing side), incursions held to
   the reported area (``area_held``, interpolated between reports), and
   advance rates (their daily share, grown from the active front toward the
   objectives, never into a settlement before its reported capture, and only
   in the country whose ground the rate takes).

Every change of ground is a :class:`Change` that knows its cause and report
ids; areas are kept per side and country.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import defaultdict
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Literal, TypeVar, cast

import numpy as np
import shapely

from frontline.errors import Problem, ScenarioError
from frontline.geo.geocode import Gazetteer
from frontline.geo.geometry import (
    Geometry,
    Lineal,
    Polygonal,
    absorb_slivers,
    difference,
    intersection,
    polygonal,
    shared_edges,
    union,
    union_all,
)
from frontline.geo.places import Place, Region
from frontline.geo.projection import Projection
from frontline.geo.regions import AdminRegion
from frontline.layers.ground import Ground, Tile, TileEdges, wholes_of
from frontline.layers.growth import (
    capture_footprint,
    footprint_radius_m,
    grow_from_border,
    grow_from_front,
)
from frontline.layers.partition import Label, partition
from frontline.layers.wave import Axis, Wave, axis_speed, front_between, passage, within
from frontline.scenario import Report, Scenario
from frontline.thresholds import (
    AXIS_BEYOND_M,
    AXIS_FULL_M,
    AXIS_LEAST,
    AXIS_WIDTH_M,
    BARRIER_WIDTH_M,
    BUILT_UP_POPULATION,
    BUILT_UP_SPEED,
    CROSSING_HALF_WIDTH_M,
    ENCIRCLED_EDGE_SHARE,
    ENCIRCLED_MAX_M2,
    ENCIRCLED_NOTE_M2,
    ENCIRCLEMENT_DEPTH_M,
    FOOTPRINT_MIN_M,
    GRID_M,
    GROUND_TILE_M,
    INCURSION_NOTE_SHARE,
    INCURSION_TOLERANCE,
    MIN_CHANGE_M2,
    OBJECTIVE_REACH_M,
    OBJECTIVE_REACH_WIDENING,
    PASSAGE_MAX_CELLS,
    PASSAGE_MAX_HALF_WIDTH_M,
    PASSAGE_MIN_CELL_M,
    PASSAGE_WIDENING,
    RATE_TOLERANCE,
    RECENT_CAPTURE_DAYS,
    SECTOR_SPREAD_M,
    SLIVER_AREA_M2,
    SLIVER_WIDTH_M,
    STRONGPOINT_POPULATION,
    URBAN_POPULATION,
    URBAN_RADIUS_M,
    WAVE_BASE_SPEED,
    WAVE_BOX_FRONT_FACTOR,
    WAVE_BOX_MARGIN_M,
    WAVE_DEPTH_M,
    WAVE_MAX_CELLS,
    WAVE_MAX_DEPTH_M,
    WAVE_MAX_GRID_CELLS,
    WAVE_MIN_CELL_M,
    WAVE_SHARE_CELLS,
    WAVE_TRIES,
)

__all__ = ["MODELS", "Change", "Timeline", "build_timeline", "check_targets"]


Progress = Callable[[str, float], None]
T = TypeVar("T")
Model = Literal["buffer", "wave"]
#: The ways an advance rate can grow ground: ``wave`` advances the whole front as a wave
#: faster along the axes toward the objectives (:mod:`frontline.layers.wave`); ``buffer``
#: takes the day's share nearest the stretch of front facing the objectives.
MODELS: tuple[Model, ...] = ("wave", "buffer")
#: Each side's ground (projected metres) at one moment.
State = dict[str, Polygonal]


@dataclass(frozen=True)
class Change:
    """Ground that changed hands on one day, in one country, for one cause."""

    day: dt.date
    side: str
    from_side: str
    country: str
    geom: Polygonal
    cause: str
    report_ids: tuple[str, ...]

    @property
    def area_km2(self) -> float:
        return float(self.geom.area) / 1e6


@dataclass
class _Incursion:
    """One side's incursion into one country: its reports and its ground so far."""

    side: str
    country: str
    reports: list[Report]
    border: Geometry
    anchor: shapely.Point
    shape: Polygonal = field(default_factory=shapely.Polygon)
    musts: list[Polygonal] = field(default_factory=list)
    #: the region its reports name ('holds 1,294 km² of the Kursk region'), when they name one
    within: Polygonal | None = None


@dataclass
class Timeline:
    """Daily control polygons (projected metres) with their changes.

    Attributes
    ----------
    scenario : Scenario
    projection : Projection
    countries : dict
        Country code -> projected polygon of the theatre's part of it.
    days : list of date
    control : list of dict
        For each day, side -> polygon held at the end of that day.
    baseline : dict
        Side -> polygon at the baseline (before the first day's events).
    changes : list of Change
    fronts : list
        For each day, the front line (lines where the sides meet).
    areas : list of dict
        For each day, (side, country) -> km².
    notes : list of str
        Targets that could not be met, and why.
    """

    scenario: Scenario
    projection: Projection
    countries: dict[str, Polygonal]
    days: list[dt.date] = field(default_factory=list)
    control: list[State] = field(default_factory=list)
    baseline: State = field(default_factory=dict)
    baseline_areas: dict[tuple[str, str], float] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    fronts: list[Lineal | None] = field(default_factory=list)
    areas: list[dict[tuple[str, str], float]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def day_index(self, day: dt.date) -> int:
        return (day - self.days[0]).days

    def holder(self, lon: float, lat: float, day: dt.date) -> str | None:
        """The side holding a lon/lat point at the end of ``day``."""
        point = shapely.Point(self.projection.point(lon, lat))
        for side, geom in self.control[self.day_index(day)].items():
            if geom.covers(point):
                return side
        return None

    def area_km2(self, side: str, day: dt.date, country: str | None = None) -> float:
        """Area a side holds at the end of ``day`` (in one country, or in all)."""
        areas = self.areas[self.day_index(day)]
        return sum(v for (s, c), v in areas.items() if s == side and country in (None, c))

    def gained_km2(self, side: str, first: dt.date, last: dt.date, *,
                   cause: str | None = None, country: str | None = None) -> float:
        """Ground a side gained from ``first`` to ``last`` (both included).

        Optionally only for one cause (``'advance_rate'``, ``'capture'``, ...) or
        in one country.
        """
        return sum(c.area_km2 for c in self.changes
                   if c.side == side and first <= c.day <= last and cause in (None, c.cause)
                   and country in (None, c.country))


class _Engine:
    def __init__(self, sc: Scenario, progress: Progress, model: Model = "wave",
                 gazetteer: Gazetteer | None = None) -> None:
        if model not in MODELS:
            raise ValueError(f"model must be one of {', '.join(MODELS)}, not {model!r}")
        self.sc, self.progress, self.model = sc, progress, model
        self.notes: list[str] = []
        self.changes: list[Change] = []
        #: changes of ground per country (a wave is stale once its country changed otherwise)
        self.version: dict[str, int] = {}
        self.waves: dict[str, tuple[Wave, str, str]] = {}  # rate -> wave, country, side
        self.wave_stamp: dict[str, int] = {}
        self.taken_m2: dict[str, float] = defaultdict(float)
        self._gazetteer = gazetteer
        self._protected: dict[tuple[str, tuple[str, ...]], Polygonal] = {}
        self._regions: list[AdminRegion] | None = None
        #: a second thread for the model's own overlays while it runs (:meth:`run`)
        self.pool: ThreadPoolExecutor | None = None
        self._theatre: Polygonal = shapely.Polygon()
        self._siege_ends: dict[str, dt.date] = {}
        self._edges: dict[str, Geometry] = {}
        self._footprints: dict[tuple[float, float, int], Polygonal] = {}
        self._points: dict[tuple[float, float], shapely.Point] = {}
        #: the built-up places of the theatre's box (lon/lat box, places, their lon and lat)
        self._towns: tuple[tuple[float, ...], list[Place], np.ndarray, np.ndarray] | None = None

    # -- theatre -------------------------------------------------------------
    def theatre(self) -> None:
        theatre = self.sc.theatre
        self.proj = theatre.projection
        self.countries: dict[str, Polygonal] = theatre.countries
        for geom in self.countries.values():
            shapely.prepare(geom)
        #: where the theatre's countries meet (a metre wide, to find the front along them)
        edges = [line for a, b in itertools.combinations(sorted(self.countries), 2)
                 for line in shared_edges(self.countries[a], self.countries[b])]
        self.borders: Geometry = shapely.buffer(shapely.union_all(edges), 1.0, quad_segs=2) \
            if edges else shapely.Polygon()
        shapely.prepare(self.borders)
        #: ground no front crosses (rivers given as lines are this wide)
        self.barriers: Polygonal = shapely.Polygon()
        if self.sc.barriers is not None and not self.sc.barriers.is_empty:
            projected = self.proj.to_proj(shapely.segmentize(self.sc.barriers, 0.01))
            self.barriers = polygonal(shapely.buffer(projected, BARRIER_WIDTH_M / 2,
                                                     quad_segs=4))
            shapely.prepare(self.barriers)

    # -- baseline ---------------------------------------------------------------
    def baseline(self) -> State:
        sc = self.sc
        home = {c: sc.home_side(c) for c in self.countries}
        if sc.polygons:
            state: State = {}
            taken: Polygonal = shapely.Polygon()
            for side in sorted(sc.polygons):
                # valid in degrees is not always valid once projected and on the grid
                projected = shapely.set_precision(
                    shapely.make_valid(self.proj.to_proj(sc.polygons[side])), GRID_M)
                geom = intersection(polygonal(projected), union_all(list(self.countries.values())))
                geom = difference(geom, taken)
                state[side] = geom
                taken = union(taken, geom)
            for code, geom in self.countries.items():
                rest = difference(geom, taken)
                holder = home.get(code)
                if holder and not rest.is_empty:
                    state[holder] = union(state.get(holder, shapely.Polygon()), rest)
            state, moved = absorb_slivers(state, max_area_m2=SLIVER_AREA_M2,
                                          max_width_m=SLIVER_WIDTH_M)
            if moved:
                self.notes.append(
                    f"baseline: {len(moved)} sliver(s) where the polygons and the borders "
                    f"disagree ({sum(a for *_, a in moved) / 1e6:,.2f} km² in all) given to "
                    "the side around them")
        else:
            labels: dict[str, list[Label]] = defaultdict(list)
            for s in sc.settlements:
                x, y = self.proj.point(s.place.lon, s.place.lat)
                where = self.country_of(s.place)
                if where is not None:
                    labels[where].append(Label(x, y, s.side))
            state = partition(self.countries, labels, home)
        for declared in sc.sides:
            state.setdefault(declared.id, shapely.Polygon())
        return state

    # -- changes ----------------------------------------------------------------
    def transfer(self, state: Ground, to_side: str, geom: Polygonal, day: dt.date,
                 cause: str, ids: tuple[str, ...], *, record: bool = True,
                 wave: str | None = None) -> float:
        """Move ``geom`` to ``to_side`` from whoever holds it; return the area moved (m²).

        ``wave`` names the rate whose wave took the ground: the waves of the
        same side in the same country stay current, less what it took (which
        the others then do not reach); every other change makes the waves of
        its countries stale.
        """
        moved = 0.0
        if geom.is_empty:
            return moved
        for from_side, take in sorted(state.move(geom, to_side).items()):
            if take.area < MIN_CHANGE_M2:
                continue  # moved, so no speck is left behind, but no change of hands
            moved += take.area
            for code in sorted(self.countries):
                country = self.countries[code]
                if not country.intersects(take):
                    continue
                piece = take if country.contains(take) else polygonal(
                    shapely.intersection(take, country, grid_size=GRID_M))
                if piece.area < MIN_CHANGE_M2:
                    continue
                before = self.version.get(code, 0)
                self.version[code] = before + 1
                if wave is not None:
                    for rid, (other, wave_code, wave_side) in self.waves.items():
                        if (wave_code, wave_side) == (code, to_side) and \
                                self.wave_stamp.get(rid) == before:
                            self.wave_stamp[rid] = before + 1
                            if rid != wave and other.window.intersects(piece):
                                # (or it would reach ground its side already holds, and
                                # count it toward its share)
                                other.exclude(piece)
                if record:
                    self.changes.append(Change(day, to_side, from_side, code, piece, cause, ids))
        return moved

    def in_pool(self, fn: Callable[..., T], /, *args: object) -> Future[T]:
        """``fn(*args)`` on the model's second thread, or here (done) outside :meth:`run`."""
        if self.pool is not None:
            return self.pool.submit(fn, *args)
        done: Future[T] = Future()
        done.set_result(fn(*args))
        return done

    def others_ground(self, state: Mapping[str, Polygonal], side: str) -> Polygonal:
        """The ground every other side holds (one side's as it is: no overlay)."""
        others = [s for s in sorted(state) if s != side]
        if len(others) == 1:
            return state[others[0]]
        return union_all([state[s] for s in others])

    def other_side(self, side: str) -> str:
        return next(s.id for s in self.sc.sides if s.id != side)

    def capturer(self, r: Report) -> str:
        return r.side if r.kind == "capture" else self.other_side(r.side)

    def point(self, place: Place) -> shapely.Point:
        """A place in metres (made once: the waves read thousands of places a day)."""
        key = (place.lon, place.lat)
        point = self._points.get(key)
        if point is None:
            point = self._points[key] = shapely.Point(self.proj.point(place.lon, place.lat))
        return point

    def country_of(self, place: Place) -> str | None:
        """The theatre country of a place (by its code, else by where it lies)."""
        if place.country in self.countries:
            return str(place.country)
        pt = self.point(place)
        return next((c for c in sorted(self.countries) if self.countries[c].covers(pt)), None)

    def footprint(self, place: Place) -> Polygonal:
        """A settlement's footprint (a disc that grows with its population)."""
        key = (place.lon, place.lat, place.population)
        if key not in self._footprints:
            self._footprints[key] = shapely.buffer(
                self.point(place), footprint_radius_m(place.population), quad_segs=16)
        return self._footprints[key]

    def protected(self, side: str, day: dt.date) -> Polygonal:
        """Settlements ``side`` may not take yet: their capture by it is reported later,
        or it besieges them (until the siege is lifted or their capture is reported)."""
        later = tuple(r for r in self.sc.reports
                      if (r.kind in ("capture", "withdrawal") and r.place is not None and r.date
                          and r.date > day and self.capturer(r) == side)
                      or (r.kind == "siege" and r.side == side and r.place is not None
                          and day <= self.siege_last_day(r)))
        key = (side, tuple(r.id for r in later))  # the same until the next capture passes
        if key not in self._protected:
            self._protected[key] = union_all([self.footprint(r.place) for r in later
                                              if r.place is not None])
            shapely.prepare(self._protected[key])
        return self._protected[key]

    def region_ground(self, region: Region) -> Polygonal:
        """A gazetteer region (an oblast, or a group such as Donbas) in the model's
        projection, within its country's part of the theatre: the union of its
        places' Voronoi cells (:func:`~frontline.geo.regions.admin1_regions`), cut
        to the country as the model draws it (the cells follow the borders in
        degrees, which projected and on the grid leave specks across them)."""
        from frontline.geo.borders import load_countries
        from frontline.geo.regions import admin1_regions

        if self._regions is None:  # once: the theatre, and the regions over it
            self._theatre = union_all(list(self.countries.values()))
            lonlat = load_countries(sorted(self.countries), path=self.sc.borders)
            self._regions = admin1_regions(lonlat, self.proj.to_wgs(self._theatre).bounds)
        parts = [self.proj.to_proj(a.geometry) for a in self._regions if a.code in region.codes]
        if not parts:
            return shapely.Polygon()
        return intersection(union_all(parts), self.countries.get(region.country, self._theatre))

    def region_withdrawal(self, state: Ground, r: Report, day: dt.date, *,
                          record: bool = True) -> None:
        """A side's withdrawal from a whole region: its ground there goes to the other side."""
        assert r.region is not None
        ground = intersection(state[r.side], self.region_ground(r.region))
        moved = self.transfer(state, self.other_side(r.side), ground, day, "withdrawal",
                              (r.id,), record=record)
        if record:
            self.notes.append(f"{day}: {r.id}: {r.side} withdrew from {r.region.name}: "
                              f"{moved / 1e6:,.1f} km² to {self.other_side(r.side)}")

    def siege_last_day(self, r: Report) -> dt.date:
        """The last day a siege holds: its ``end``, or the day before the besieger's
        reported capture of the place, or the end of the period (found once per siege:
        ``protected`` asks on every wave and capture)."""
        if r.id not in self._siege_ends:
            last = min(r.end or self.sc.end, self.sc.end)
            for c in self.sc.reports:
                if (c.kind in ("capture", "withdrawal") and c.date and c.place is not None
                        and r.place is not None and c.place.id == r.place.id
                        and self.capturer(c) == r.side):
                    last = min(last, c.date - dt.timedelta(days=1))
            self._siege_ends[r.id] = last
        return self._siege_ends[r.id]

    def place_event(self, state: Ground, r: Report, place: Place, day: dt.date,
                    incursions: dict[tuple[str, str], _Incursion], *,
                    record: bool = True) -> None:
        """A dated report about a place: a capture, a withdrawal or an encirclement."""
        if r.kind == "siege":
            self.encirclement(state, r, day, record=record)
        else:
            self.capture_event(state, r, place, day, incursions, record=record)

    def capture_event(self, state: Ground, r: Report, place: Place, day: dt.date,
                      incursions: dict[tuple[str, str], _Incursion], *,
                      record: bool = True) -> None:
        """A capture or withdrawal: the place's ground changes hands on its date.

        With the wave, the ground the front crosses to reach it (a salient:
        :func:`~frontline.layers.wave.passage`), which counts toward the
        side's advance rate under way in that country (the place is part of
        the ground the rate reports); with the buffer model, or when no path
        reaches it, its footprint joined to the side's ground by a corridor.

        Captured ground inside an incursion stays in it while the incursion
        shrinks.
        """
        side = self.capturer(r)
        code = self.country_of(place)
        country = self.countries.get(code) if code else None
        if code is None or country is None:
            self.notes.append(f"{r.id}: {place.name} is outside the theatre")
            return
        radius = footprint_radius_m(place.population)
        shape: Polygonal = shapely.Polygon()
        if self.model == "wave":  # the front reaches out to the place, round the towns
            # whose capture is not reported (or reported later)
            target = self.point(place)
            ground = intersection(self.others_ground(state, side), country)
            shape = self.salient(state, side, ground, [self.protected(side, day), self.barriers],
                                 target, (target.x, target.y), radius, 3 * radius)
        if shape.is_empty:
            shape = capture_footprint(self.point(place), radius, state[side], within=country)
        moved = self.transfer(state, side, shape, day, r.kind, (r.id,), record=record)
        if self.model == "wave" and record:
            self.count_toward_rate(r, side, code, place, day, moved)
        inc = incursions.get((side, code))
        if inc is not None:
            inc.musts.append(shape)

    def count_toward_rate(self, r: Report, side: str, code: str, place: Place, day: dt.date,
                          moved_m2: float) -> None:
        """Ground a report about ``place`` gave ``side`` is part of what its advance rate
        under way in that country reports: the rate's wave takes that much less."""
        rate = self.rate_taking(side, code, day, place)
        if rate is None:
            return
        first, last = self.rate_period(rate)
        total = float(rate.rate_km2_per_day or 0.0) * 1e6 * ((last - first).days + 1)
        left = total - self.taken_m2[rate.id]
        self.taken_m2[rate.id] += moved_m2
        if moved_m2 > left + MIN_CHANGE_M2:
            self.notes.append(f"{day}: {r.id}: {place.name}'s ground ({moved_m2 / 1e6:,.1f} "
                              f"km²) is more than was left of {rate.id} "
                              f"({max(left, 0.0) / 1e6:,.1f} km²)")

    def encirclement(self, state: Ground, r: Report, day: dt.date, *,
                     record: bool = True) -> None:
        """A siege reported as an encirclement: the ground round the town is the besieger's.

        On the siege's date the besieger takes the other side's ground within
        :data:`~frontline.thresholds.ENCIRCLEMENT_DEPTH_M` of the town's
        footprint (the town itself stays with its holder, as the siege
        says), joined to its front by a salient
        (:func:`~frontline.layers.wave.passage`, round the towns whose
        capture is not reported) when it does not reach it. Towns within
        the ring are encircled with it and change hands (the timeline's note
        names them), unless their capture is reported later; ground across
        barriers is left out. With the wave, the ground counts toward the
        besieger's advance rate under way there, as a capture's does.
        """
        assert r.place is not None
        place, side = r.place, r.side
        code = self.country_of(place)
        if code is None or code not in self.countries:
            self.notes.append(f"{r.id}: {place.name} is outside the theatre")
            return
        point = self.point(place)
        radius = footprint_radius_m(place.population) + ENCIRCLEMENT_DEPTH_M
        around = shapely.buffer(point, radius, quad_segs=16)
        mine = state[side]
        ground = intersection(self.others_ground(state, side), self.countries[code])
        blocked = [self.protected(side, day), self.barriers]
        ring = difference(intersection(around, ground), union_all(blocked))
        if ring.is_empty:
            return
        shape: Polygonal = ring
        if not shapely.intersects(ring, mine) and not mine.is_empty:
            # the salient that reaches it, from the nearest point of the ring to the front
            near = shapely.shortest_line(ring, mine).coords[0]
            link = self.salient(state, side, ground, blocked, point, (near[0], near[1]),
                                FOOTPRINT_MIN_M, radius)
            shape = union(ring, link)
        moved = self.transfer(state, side, shape, day, "encircled", (r.id,), record=record)
        if record:
            towns = sorted(t.name for t in self.gazetteer.places_in(
                self.proj.to_wgs(around).bounds, min_population=STRONGPOINT_POPULATION)
                if t.id != place.id and ring.contains(self.point(t)))
            self.notes.append(f"{day}: {r.id}: {place.name} encircled: {moved / 1e6:,.1f} km² "
                              f"round it to {side}"
                              + (f", with {', '.join(towns)}" if towns else ""))
            if self.model == "wave":
                self.count_toward_rate(r, side, code, place, day, moved)

    def salient(self, state: Ground, side: str, ground: Polygonal, blocked: list[Polygonal],
                place: shapely.Point, target: tuple[float, float], tip_m: float,
                margin_m: float) -> Polygonal:
        """The salient ``side``'s front pushes to ``target`` for a report about the
        place at ``place`` (:func:`~frontline.layers.wave.passage`): over ``ground``
        less what is ``blocked`` and less the towns whose capture is not reported
        (those within 1.5 times the place's distance from the front, plus
        ``margin_m``, other than the place itself), ``tip_m`` wide at its tip."""
        mine = state[side]
        reach = 1.5 * float(shapely.distance(mine, place)) + margin_m
        strong, _, _ = self.towns(shapely.buffer(place, reach), side, state)
        allowed = difference(ground, union_all(
            [*blocked, *(t for t in strong if not t.intersects(place))]))
        return passage(mine, allowed, target, tip_m, widening=PASSAGE_WIDENING,
                       max_half_width_m=PASSAGE_MAX_HALF_WIDTH_M,
                       min_cell_m=PASSAGE_MIN_CELL_M, max_cells=PASSAGE_MAX_CELLS)

    def rate_period(self, r: Report) -> tuple[dt.date, dt.date]:
        """A rate's first and last day within the scenario's period."""
        return (max(r.start or self.sc.start, self.sc.start),
                min(r.end or self.sc.end, self.sc.end))

    def rate_taking(self, side: str, code: str, day: dt.date,
                    place: Place | None = None) -> Report | None:
        """The advance rate of ``side`` in country ``code`` under way on ``day`` that a
        place belongs to: a capture there counts toward its total, and pulls its wave.

        With several rates under way at once (axes of one offensive), the one whose
        objectives or origin lie nearest the place; else the first in the scenario's
        order.
        """
        under_way = []
        for r in self.sc.reports:
            if (r.kind != "advance_rate" or r.side != side or r.start is None
                    or self.sc.rate_country(r) != code or (r.rate_km2_per_day or 0) <= 0):
                continue
            first, last = self.rate_period(r)
            if first <= day <= last:
                under_way.append(r)
        if len(under_way) <= 1 or place is None:
            return under_way[0] if under_way else None
        point = self.point(place)

        def distance(r: Report) -> float:
            named = [*r.toward, *([r.place] if r.place is not None else [])]
            return min((float(shapely.distance(point, self.point(p))) for p in named),
                       default=math.inf)

        return min(under_way, key=distance)  # (min keeps the first of equals)

    # -- incursions -------------------------------------------------------------
    def incursions(self) -> list[_Incursion]:
        """Groups of area_held reports: one per (side, country)."""
        groups: dict[tuple[str, str], list[Report]] = defaultdict(list)
        for r in self.sc.reports:
            if r.kind != "area_held" or r.area_km2 is None:
                continue
            country = (r.region.country if r.region else None) or (
                self.country_of(r.place) if r.place else None)
            if country is None or country not in self.countries:
                self.notes.append(f"{r.id}: no country of the theatre for this area")
                continue
            groups[(r.side, country)].append(r)
        out = []
        for (side, country), reports in sorted(groups.items()):
            reports.sort(key=lambda r: (r.date, r.id))
            home = next((c for c in self.countries if self.sc.home_side(c) == side), None)
            origin = next((r.place for r in reversed(reports) if r.place), None)
            if home is None or origin is None:
                self.notes.append(f"{reports[0].id}: an incursion needs the side's home country "
                                  "in the theatre and an origin place")
                continue
            border = shapely.intersection(self.countries[country].boundary,
                                          shapely.buffer(self.countries[home], 50.0),
                                          grid_size=GRID_M)
            named = {r.region.codes: r.region for r in reports if r.region is not None}
            within = self.region_ground(next(iter(named.values()))) if len(named) == 1 else None
            if within is not None and within.is_empty:
                within = None
            if within is not None:  # it starts from the border where the region lies on it
                along = shapely.intersection(border, shapely.buffer(within, 50.0),
                                             grid_size=GRID_M)
                border = border if along.is_empty else along
            anchor = shapely.Point(shapely.shortest_line(border, self.point(origin)).coords[0])
            out.append(_Incursion(side, country, reports, border, anchor, within=within))
        return out

    def incursion_target(self, inc: _Incursion, day: dt.date) -> tuple[float, tuple[str, ...]]:
        """Area (km²) on ``day``: the last report at or before the start, then linear.

        The side's withdrawal from a region of the incursion ends it: from that day only
        the reports dated on or after it count (none: nothing is held), and before it
        only those dated before it.
        """
        start = self.sc.start
        dated = [(r.date, float(r.area_km2 or 0.0), r.id) for r in inc.reports if r.date]
        ends = sorted(r.date for r in self.sc.reports
                      if r.kind == "withdrawal" and r.region is not None and r.date
                      and r.side == inc.side and r.region.country == inc.country)
        if ends:
            cut = max((w for w in ends if w <= day), default=None)
            if cut is not None and cut > start:
                dated = [d for d in dated if d[0] >= cut]
                if not dated or day < dated[0][0]:
                    return 0.0, ()
                start = cut
            later = [w for w in ends if w > day]
            if later:
                dated = [d for d in dated if d[0] < later[0]]
        before = [d for d in dated if d[0] <= start]
        points = ([(start, before[-1][1], before[-1][2])] if before else []) + [
            d for d in dated if d[0] > start]
        if not points:
            return 0.0, ()
        if day <= points[0][0]:
            return (float(points[0][1]), (points[0][2],)) if before or day == points[0][0] \
                else (0.0, ())
        for (d0, a0, i0), (d1, a1, i1) in itertools.pairwise(points):
            if d0 <= day <= d1:
                t = (day - d0).days / max((d1 - d0).days, 1)
                return a0 + t * (a1 - a0), (i0, i1) if i0 != i1 else (i0,)
        return float(points[-1][1]), (points[-1][2],)

    def hold_incursion(self, state: Ground, inc: _Incursion, day: dt.date, *,
                       record: bool = True) -> None:
        side, country = inc.side, inc.country
        target, ids = self.incursion_target(inc, day)
        ground = self.countries[country] if inc.within is None else inc.within
        allowed = difference(ground, self.protected(side, day))
        # (the places it took there stay in while it holds ground; none once it left)
        must = union_all(inc.musts) if inc.musts and target > 0 else None
        grown = grow_from_border(allowed, inc.border, inc.anchor, target * 1e6, must=must,
                                 tolerance=INCURSION_TOLERANCE)
        if abs(grown.area_m2 / 1e6 - target) > INCURSION_NOTE_SHARE * max(target, 1.0):
            self.notes.append(f"{day}: {side} incursion into {country}: {target:,.0f} km² "
                              f"wanted, {grown.area_m2 / 1e6:,.0f} km² possible")
        old = intersection(inc.shape, state[side])  # what it still holds of it
        gained = difference(grown.geom, old)
        lost = difference(old, grown.geom)
        self.transfer(state, side, gained, day, "area_held", ids, record=record)
        home = self.sc.home_side(country) or self.other_side(side)
        self.transfer(state, home, lost, day, "area_held", ids, record=record)
        inc.shape = grown.geom

    # -- advance rates ----------------------------------------------------------
    def advance(self, state: Ground, r: Report, day: dt.date) -> None:
        if self.model == "wave":
            self.advance_wave(state, r, day)
            return
        side = r.side
        target = float(r.rate_km2_per_day or 0.0) * 1e6
        if target <= 0:
            return
        other_ground = self.others_ground(state, side)
        country_code = self.sc.rate_country(r)
        if country_code is None or country_code not in self.countries:
            self.notes.append(f"{day}: {r.id}: no country to advance in")
            return
        country = self.countries[country_code]
        allowed = difference(intersection(other_ground, country), self.protected(side, day))
        mine = state[side]
        attempts = []
        if r.toward:
            distances = [(self.point(p), shapely.distance(self.point(p), mine)) for p in r.toward]
            # the stretch facing the objectives first; wider if it cannot give the day's share
            for factor in OBJECTIVE_REACH_WIDENING:
                attempts.append(shapely.union_all([
                    shapely.buffer(pt, d + factor * OBJECTIVE_REACH_M, quad_segs=16)
                    for pt, d in distances]))
        attempts.append(country)
        grown = None
        for window in attempts:
            front = self.front_within(mine, allowed, window)
            if front.is_empty:
                continue
            grown = grow_from_front(allowed, front, target)
            if grown.met:
                break
        if grown is None or not grown.met:
            got = grown.area_m2 / 1e6 if grown else 0.0
            self.notes.append(f"{day}: {r.id}: {target / 1e6:,.1f} km² wanted, "
                              f"{got:,.1f} km² possible")
            if grown is None:
                return
        self.transfer(state, side, grown.geom, day, "advance_rate", (r.id,))

    # -- the wave ----------------------------------------------------------------
    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = Gazetteer.default()
        return self._gazetteer

    def towns(self, window: Geometry, side: str, state: Ground
              ) -> tuple[list[Polygonal], list[Polygonal], list[tuple[float, float, float]]]:
        """The other side's settlements around a window: strongpoints, villages, people.

        Strongpoints (towns of :data:`~frontline.thresholds.STRONGPOINT_POPULATION`
        or more) are not entered until their capture is reported (or they are
        encircled); smaller settlements slow the wave within their footprint;
        and every settlement's people (x, y, population) slow it around them
        (:class:`~frontline.layers.wave.Wave`'s ``people``).
        """
        if window.is_empty:
            return [], [], []
        reach = 3 * URBAN_RADIUS_M
        box = self.proj.to_wgs(shapely.box(*shapely.buffer(shapely.box(*window.bounds),
                                                           reach).bounds)).bounds
        strong: list[Polygonal] = []
        slow: list[Polygonal] = []
        people: list[tuple[float, float, float]] = []
        mine = state[side]
        shapely.prepare(mine)
        for place in self.built_up(box):
            point = self.point(place)
            if mine.contains(point):
                continue
            people.append((point.x, point.y, float(place.population)))
            if not window.intersects(point):
                continue
            disk = shapely.buffer(point, footprint_radius_m(place.population), quad_segs=8)
            (strong if place.population >= STRONGPOINT_POPULATION else slow).append(disk)
        return strong, slow, people

    def built_up(self, box: tuple[float, float, float, float]) -> list[Place]:
        """The gazetteer's places of :data:`~frontline.thresholds.BUILT_UP_POPULATION` or
        more in a lon/lat box, most populous first: those of the theatre's box are read
        once, and each wave's box picked from them."""
        if self._towns is None:
            minx, miny, maxx, maxy = self.proj.to_wgs(
                shapely.box(*shapely.buffer(shapely.box(*self._theatre_box()),
                                            3 * URBAN_RADIUS_M).bounds)).bounds
            places = self.gazetteer.places_in((minx, miny, maxx, maxy),
                                              min_population=BUILT_UP_POPULATION)
            self._towns = ((minx, miny, maxx, maxy), places,
                           np.array([p.lon for p in places]), np.array([p.lat for p in places]))
        bounds, places, lon, lat = self._towns
        if not (bounds[0] <= box[0] and bounds[1] <= box[1] and box[2] <= bounds[2]
                and box[3] <= bounds[3]):
            return self.gazetteer.places_in(box, min_population=BUILT_UP_POPULATION)
        inside = (lon >= box[0]) & (lon <= box[2]) & (lat >= box[1]) & (lat <= box[3])
        return [places[i] for i in np.flatnonzero(inside)]

    def _theatre_box(self) -> tuple[float, float, float, float]:
        boxes = np.array([g.bounds for g in self.countries.values()])
        return (float(boxes[:, 0].min()), float(boxes[:, 1].min()),
                float(boxes[:, 2].max()), float(boxes[:, 3].max()))

    def build_wave(self, state: Ground, r: Report, day: dt.date, country_code: str,
                   depth_m: float, cell_m: float = WAVE_MIN_CELL_M) -> Wave:
        """The wave of a rate: from its side's front in the rate's country.

        The front is where the side's ground *in that country* meets the other
        side's, so a border the side has not crossed is no front. The wave
        runs in the sectors of its axes, so the ground is cut to a box round
        them first (:meth:`wave_box`), when that box holds all the wave needs.
        """
        side = r.side
        ahead, behind = self.pulls(r, day, state)
        box = self.wave_box(state, r, ahead, behind, depth_m)
        parts = self.wave_ground(state, r, country_code, depth_m, ahead, behind, box) \
            if box is not None else None
        if parts is None:  # no box, or one too small: the whole country
            parts = self.wave_ground(state, r, country_code, depth_m, ahead, behind, None)
        assert parts is not None
        mine, ground, front, axes, window = parts
        strong, slow, people = self.towns(window, side, state)
        blocked = union_all([self.protected(side, day), *strong, self.barriers])
        allowed = difference(intersection(ground, window), blocked)
        speed = axis_speed(axes, base=WAVE_BASE_SPEED, along=1.0, spread_m=SECTOR_SPREAD_M)
        # (the villages' footprints are only rasterized: no need to union them)
        return Wave(mine, allowed, speed, barriers=self.barriers, clipped=True,
                    slow=[(cast(Geometry, shapely.multipolygons(slow)), BUILT_UP_SPEED)]
                    if slow else [],
                    people=people, urban_radius_m=URBAN_RADIUS_M,
                    urban_population=URBAN_POPULATION,
                    depth_m=depth_m, max_cells=WAVE_MAX_CELLS, min_cell_m=cell_m,
                    max_grid_cells=WAVE_MAX_GRID_CELLS, front=front, pool=self.pool)

    def wave_reach_m(self, depth_m: float) -> float:
        """How far a wave's ground reaches round its axes: the sectors, the front that
        can reach them, and a margin for the grid drawn round that."""
        return 2 * SECTOR_SPREAD_M + depth_m + WAVE_BOX_MARGIN_M

    def wave_box(self, state: Ground, r: Report, ahead: list[Place], behind: list[Place],
                 depth_m: float) -> tuple[float, float, float, float] | None:
        """A box round the places that pull a rate's wave, and its origin, likely to
        hold all the wave needs (:meth:`wave_ground` checks it); None without places."""
        if not ahead and not behind:
            return None
        reach = self.wave_reach_m(depth_m)
        mine = state[r.side]
        squares = []  # (x, y, half side)
        for place in ahead:  # (the front lies at least as far as the side's ground)
            p = self.point(place)
            near = WAVE_BOX_FRONT_FACTOR * float(shapely.distance(p, mine))
            squares.append((p.x, p.y, max(near, AXIS_BEYOND_M) + reach))
        squares += [(p.x, p.y, reach) for p in map(self.point, behind)]
        if r.place is not None:  # the origin, and the border it crosses
            p = self.point(r.place)
            near = WAVE_BOX_FRONT_FACTOR * float(shapely.distance(
                p, self.others_ground(state, r.side)))
            squares.append((p.x, p.y, near + CROSSING_HALF_WIDTH_M + reach))
        return (min(x - h for x, _, h in squares), min(y - h for _, y, h in squares),
                max(x + h for x, _, h in squares), max(y + h for _, y, h in squares))

    def wave_ground(self, state: Ground, r: Report, country_code: str, depth_m: float,
                    ahead: list[Place], behind: list[Place],
                    box: tuple[float, float, float, float] | None
                    ) -> tuple[Polygonal, Polygonal, Geometry, list[Axis], Geometry] | None:
        """The side's ground, the other side's, the front, the axes and the window of a
        wave, within ``box`` (None: in the whole country).

        Within a box, None unless the box holds all of it: the front nearest
        each place ahead (and the border nearest the origin) lies nearer than
        the box's edge, and the sectors with the front that reaches them lie
        inside it; so a wave built in the box is the wave built in the country.
        """
        side = r.side
        country = self.countries[country_code]
        inside = country if box is None else intersection(country, shapely.box(*box))
        # (the side's ground and the others' on two threads)
        mine_f = self.in_pool(intersection, state[side], inside)
        ground = intersection(self.others_ground(state, side), inside)
        mine = mine_f.result()
        front: Geometry = front_between(mine, ground)
        crossing = self.crossing(state, r, country_code, ground, box)
        if crossing is None:
            return None
        if not crossing.is_empty:  # the advance also starts from that stretch of border
            front = shapely.line_merge(shapely.union(front, crossing))
            mine = union(mine, intersection(state[side], shapely.buffer(crossing, depth_m)))

        def held(x: float, y: float, reach: float) -> bool:
            return box is None or _holds(box, x, y, reach)

        axes = []
        for place in ahead:
            axis = Axis.toward(front, self.proj.point(place.lon, place.lat),
                               width_m=AXIS_WIDTH_M, beyond_m=AXIS_BEYOND_M,
                               full_m=AXIS_FULL_M, least=AXIS_LEAST)
            if axis is None:
                if box is not None:
                    return None  # (no front in the box: perhaps beyond it)
                continue
            x, y = self.proj.point(place.lon, place.lat)
            if not held(x, y, math.hypot(axis.start[0] - x, axis.start[1] - y)):
                return None
            axes.append(axis)
        axes += [Axis.at(self.proj.point(p.lon, p.lat), width_m=AXIS_WIDTH_M) for p in behind]
        if not axes:
            return (mine, ground, front, axes, within(front, depth_m)) if box is None else None
        lines = shapely.union_all([a.line for a in axes])
        reach = self.wave_reach_m(depth_m)
        minx, miny, maxx, maxy = lines.bounds
        if not (held(minx, miny, reach) and held(maxx, maxy, reach)):
            return None
        # the sectors of the axes: beyond twice the spread, the front stands
        sectors = shapely.buffer(lines, 2 * SECTOR_SPREAD_M, quad_segs=8)
        # (only the front that can reach them: a whole front buffered is slow)
        front = shapely.intersection(front, shapely.buffer(sectors, depth_m, quad_segs=4))
        window = polygonal(shapely.intersection(within(front, depth_m), sectors))
        return mine, ground, front, axes, window

    def crossing(self, state: Ground, r: Report, country_code: str, ground: Polygonal,
                 box: tuple[float, float, float, float] | None = None) -> Lineal | None:
        """The stretch of border a rate's advance crosses from its ``origin``.

        A rate whose origin lies on its side's ground outside the rate's country
        (Belgorod, or Belarus for the Russian side in 2022) starts from the
        border it shares with the other side's ground there: the stretch within
        :data:`~frontline.thresholds.CROSSING_HALF_WIDTH_M` of the point nearest
        the origin. Empty without an origin, or once the origin is not the side's.
        Within ``box`` (:meth:`wave_ground`): None when the nearest stretch may
        lie beyond it.
        """
        origin = r.place
        if origin is None or self.country_of(origin) == country_code:
            return shapely.MultiLineString()
        point = self.point(origin)
        home = state[r.side]
        if not home.covers(point):
            return shapely.MultiLineString()
        if box is not None:
            home = intersection(home, shapely.box(*box))
        beyond = difference(home, self.countries[country_code])
        border = front_between(beyond, ground)
        if border.is_empty:
            return shapely.MultiLineString() if box is None else None
        nearest = shapely.Point(shapely.shortest_line(border, point).coords[0])
        if box is not None:  # the nearest stretch must lie in the box, with room round it
            gap = float(shapely.distance(nearest, point)) + CROSSING_HALF_WIDTH_M
            if not _holds(box, point.x, point.y, gap):
                return None
        stretch = shapely.intersection(border, shapely.buffer(nearest, CROSSING_HALF_WIDTH_M))
        lines = [g for g in shapely.get_parts(stretch) if g.geom_type == "LineString"]
        return shapely.multilinestrings(lines) if lines else shapely.MultiLineString()

    def pulls(self, r: Report, day: dt.date, state: Ground) -> tuple[list[Place], list[Place]]:
        """Where a rate's wave is pulled on ``day``: places ahead, and places behind.

        Ahead: its objectives, and the places its side is reported to capture
        later in the rate's period that it does not hold yet (the front passes
        them on their dates). Behind: the places its side captured in the last
        :data:`~frontline.thresholds.RECENT_CAPTURE_DAYS` days and still holds (the
        fighting is there, and the front moves on from them; not from ground it has
        withdrawn from since). With several rates of the side
        under way in the country, a place pulls only the rate it belongs to
        (:meth:`rate_taking`).
        """
        ahead = list(r.toward)
        behind: list[Place] = []
        end = self.rate_period(r)[1]
        code = self.sc.rate_country(r)
        recent = day - dt.timedelta(days=RECENT_CAPTURE_DAYS)
        for c in self.sc.reports:
            if (c.kind != "capture" or c.side != r.side or c.place is None or not c.date
                    or self.country_of(c.place) != code):
                continue
            owner = self.rate_taking(r.side, code, day, c.place) if code else None
            if owner is not None and owner.id != r.id:
                continue  # another axis's place
            if day < c.date <= end and not state[r.side].contains(self.point(c.place)):
                ahead.append(c.place)
            elif recent <= c.date <= day and state[r.side].contains(self.point(c.place)):
                behind.append(c.place)  # (a place the side gave up since moves no front)
        return ahead, behind

    def advance_wave(self, state: Ground, r: Report, day: dt.date) -> None:
        """The day's share of a rate, taken as the next isochrones of its wave.

        The share is what the rate has wanted since its first day in the
        period, less what its wave took so far: any shortfall of one day is
        made up the next, so the rate's total is met.
        """
        rate = float(r.rate_km2_per_day or 0.0)
        code = self.sc.rate_country(r)
        if rate <= 0 or r.start is None:
            return
        if code is None or code not in self.countries:
            self.notes.append(f"{day}: {r.id}: no country to advance in")
            return
        first = self.rate_period(r)[0]
        target = rate * 1e6 * ((day - first).days + 1) - self.taken_m2[r.id]
        if target <= MIN_CHANGE_M2:
            return
        encircled = self.encircled(state, r, day, code, target)
        self.taken_m2[r.id] += encircled
        target -= encircled
        # each day's share within half the tolerance, so that with what is made up of the
        # day before, the day's change stays within it
        slack = RATE_TOLERANCE * rate * 1e6 / 2
        # deep enough for the day's share to fit as a square (an invasion's thousands of km²
        # a day reach far), else the usual depth
        depth = min(max(WAVE_DEPTH_M, math.sqrt(target)), WAVE_MAX_DEPTH_M)
        # and cells fine enough for the day's share to span many of them
        cell = max(WAVE_MIN_CELL_M, math.sqrt(rate * 1e6) / WAVE_SHARE_CELLS)
        for _ in range(WAVE_TRIES):
            cached = self.waves.get(r.id)
            if (cached is None or self.wave_stamp.get(r.id) != self.version.get(code, 0)
                    or cached[0].exhausted):
                # a new wave from today's front; one that ran out reaches further
                if cached is not None and cached[0].exhausted:
                    if cached[0].depth_m >= WAVE_MAX_DEPTH_M and cached[0].reach.size == 0:
                        # nothing it may take can be reached (behind a barrier, over the sea)
                        self.notes.append(f"{day}: {r.id}: {target / 1e6:,.2f} km² of the "
                                          "day's share could not be reached")
                        break
                    depth = min(max(depth, 3 * cached[0].depth_m), WAVE_MAX_DEPTH_M)
                wave = self.build_wave(state, r, day, code, depth, cell)
                self.waves[r.id] = (wave, code, r.side)
                self.wave_stamp[r.id] = self.version.get(code, 0)
            else:
                wave = cached[0]
            reached, _ = wave.advance(target, tolerance=slack / target)
            moved = self.transfer(state, r.side, reached, day, "advance_rate", (r.id,),
                                  wave=r.id)
            wave.settle(moved)
            self.taken_m2[r.id] += moved
            target -= moved
            if target <= slack:
                break
            if moved <= 0 and not wave.exhausted:
                wave.level = math.inf  # it cannot reach more: the next try builds anew
        else:
            if target > 2 * slack:  # less is made up the next day
                self.notes.append(f"{day}: {r.id}: {target / 1e6:,.2f} km² of the day's share "
                                  "could not be reached")

    def encircled(self, state: Ground, r: Report, day: dt.date, code: str,
                  budget_m2: float) -> float:
        """Pockets the rate's wave has closed in change hands; return the area taken (m²).

        A pocket is a piece of the other side's ground in the wave's window of
        at most :data:`~frontline.thresholds.ENCIRCLED_MAX_M2`, holding no
        settlement whose capture is reported later, and either touching no
        border or coast, or closed in on land (:meth:`closed_in`: a town on the
        sea, or on a border, with the attacker's ground all round it). The
        pockets are ground the rate took, so they count toward its area: the
        smallest are taken first, as many as the day's share allows.
        """
        cached = self.waves.get(r.id)
        if cached is None:
            return 0.0
        wave = cached[0]
        if code not in self._edges:
            self._edges[code] = self.countries[code].boundary
            shapely.prepare(self._edges[code])
        country_edge = self._edges[code]
        later = self.protected(r.side, day)
        limit = min(ENCIRCLED_MAX_M2, budget_m2)
        pockets: list[Polygonal] = []
        for other in self.sc.other_sides(r.side):
            for part in self.parts_near(state, other, wave.window, limit):
                if (part.area > limit or not wave.window.intersects(part)
                        or part.intersects(later)):
                    continue
                if country_edge.intersects(part) and not self.closed_in(part, state[r.side]):
                    continue
                pockets.append(polygonal(part))
        kept: list[Polygonal] = []
        total = 0.0
        for pocket in sorted(pockets, key=lambda p: p.area):
            total += pocket.area
            if total > budget_m2:
                break
            kept.append(pocket)
        if not kept:
            return 0.0
        taken = union_all(kept)
        moved = self.transfer(state, r.side, taken, day, "encircled", (r.id,), wave=r.id)
        wave.exclude(taken)
        big = [p for p in kept if p.area >= ENCIRCLED_NOTE_M2]
        if big:
            self.notes.append(
                f"{day}: {r.id}: {len(big)} pocket(s) of "
                f"{sum(p.area for p in big) / 1e6:,.1f} km² closed in by {r.side}'s advance "
                "were taken")
        return moved

    @staticmethod
    def parts_near(state: Ground, side: str, window: Geometry, limit_m2: float
                   ) -> list[Polygonal]:
        """The parts of a side's ground round a window that may be pockets: each whole,
        or larger than ``limit_m2``.

        Read from the tiles round the window, not the side's whole ground: a
        part that keeps off their edge is whole; one that reaches it is either
        larger than the limit there already, or the parts are read from the
        whole ground after all.
        """
        if window.is_empty:
            return []
        local, (x0, y0, x1, y1) = state.around(side, window.bounds)
        parts = list(shapely.get_parts(local))
        keep_off = 2 * GRID_M
        for part in parts:
            minx, miny, maxx, maxy = part.bounds
            cut = (minx <= x0 + keep_off or miny <= y0 + keep_off or maxx >= x1 - keep_off
                   or maxy >= y1 - keep_off)
            if cut and part.area <= limit_m2:
                return list(shapely.get_parts(state[side]))
        return parts

    @staticmethod
    def closed_in(pocket: Polygonal, attacker: Polygonal) -> bool:
        """Whether a pocket on its country's edge is closed in by the attacker's ground.

        The attacker's ground (in any country) must hold at least
        :data:`~frontline.thresholds.ENCIRCLED_EDGE_SHARE` of the pocket's
        boundary; the rest is the sea or a border.
        """
        minx, miny, maxx, maxy = pocket.bounds  # (the attacker's ground within 1 km of it)
        near = polygonal(shapely.clip_by_rect(attacker, minx - 1_000.0, miny - 1_000.0,
                                              maxx + 1_000.0, maxy + 1_000.0))
        held = sum(line.length for line in shared_edges(pocket, near))
        return held >= ENCIRCLED_EDGE_SHARE * pocket.boundary.length

    @staticmethod
    def front_within(mine: Polygonal, allowed: Polygonal, window: Geometry) -> Lineal:
        local_mine = intersection(mine, window)
        local_other = intersection(allowed, window)
        if local_mine.is_empty or local_other.is_empty:
            return shapely.LineString()
        # both come from overlays on one grid: where they meet, their boundaries coincide
        shared = shapely.intersection(local_mine.boundary, local_other.boundary)
        lines = [g for g in shapely.get_parts(shared)
                 if g.geom_type in ("LineString", "MultiLineString")]
        if not lines:
            return shapely.LineString()
        return shapely.simplify(shapely.line_merge(shapely.multilinestrings(lines)), 10.0)

    def target_problems(self, state: Mapping[str, Polygonal]) -> list[Problem]:
        """Rates that want more ground than the other sides hold in their country at the start."""
        sc = self.sc
        problems = []
        total: dict[tuple[str, str], float] = defaultdict(float)
        for r in sorted((r for r in sc.reports if r.kind == "advance_rate"),
                        key=lambda r: (r.start or dt.date.min, r.id)):
            country = sc.rate_country(r)
            if not r.rate_km2_per_day or country not in self.countries or country is None:
                continue
            days = sum(1 for d in sc.days if r.start and r.end and r.start <= d <= r.end)
            area = r.rate_km2_per_day * days
            total[(r.side, country)] += area
            held = self.others_ground(state, r.side)
            available = intersection(held, self.countries[country]).area / 1e6
            if total[(r.side, country)] > available:
                before = total[(r.side, country)] - area
                also = f" (with {before:,.0f} km² of earlier rates)" if before > 0 else ""
                problems.append(sc.problem(
                    r, "area_km2" if r.area_km2 is not None else "rate_km2_per_day",
                    f"{r.rate_km2_per_day:,.0f} km²/day over {days} days of the period is "
                    f"{area:,.0f} km²{also}, more than the {available:,.0f} km² of {country} "
                    f"that {', '.join(sc.other_sides(r.side))} hold at the start"))
        return problems

    # -- front line ---------------------------------------------------------------
    def front(self, tiles: Mapping[str, Mapping[Tile, Polygonal]], edges: TileEdges) -> Lineal:
        """The front of a day: where the sides' tiles (a :meth:`Ground.snapshot`) meet."""
        lines = [line for a, b in itertools.combinations(sorted(tiles), 2)
                 for line in edges.between(tiles[a], tiles[b], a, b)]
        if not lines:
            return shapely.MultiLineString()
        merged = cast("Lineal", shapely.line_merge(shapely.multilinestrings(lines)))
        # a border between countries the sides meet on is no front (neither has crossed it
        # there; where one has, they meet inside a country)
        if self.borders.is_empty or not self.borders.intersects(merged):
            return merged
        kept = shapely.difference(merged, self.borders)
        parts = [g for g in shapely.get_parts(kept)
                 if g.geom_type in ("LineString", "MultiLineString") and g.length > 1.0]
        return shapely.line_merge(shapely.multilinestrings(parts)) if parts else \
            shapely.MultiLineString()

    def areas(self, state: Mapping[str, Polygonal]) -> dict[tuple[str, str], float]:
        out = {}
        for side in sorted(state):
            for code in sorted(self.countries):
                piece = intersection(state[side], self.countries[code])
                out[(side, code)] = piece.area / 1e6
        return out

    # -- run ------------------------------------------------------------------
    def run(self) -> Timeline:
        self.progress("theatre", 0.0)
        self.theatre()
        self.progress("baseline partition", 0.05)
        # a second thread takes half the tiles of each change of hands (Ground.move) and of
        # the overlays and distances of a new wave; another each day's front and whole
        # ground (below)
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ground")
        try:
            return self._run(Ground(self.baseline(), tile_m=GROUND_TILE_M, pool=self.pool))
        finally:
            self.pool.shutdown()
            self.pool = None

    def _run(self, state: Ground) -> Timeline:
        sc = self.sc
        problems = self.target_problems(state)
        if problems:
            raise ScenarioError(str(sc.path), problems)
        incursions = self.incursions()
        by_country = {(i.side, i.country): i for i in incursions}
        events = sorted(((r.date, r.id, r, r.place) for r in sc.reports
                         if (r.kind in ("capture", "withdrawal") or r.encircled)
                         and r.place is not None and r.date is not None),
                        key=lambda e: (e[0], e[1]))
        pullouts = sorted(((r.date, r.id, r) for r in sc.reports if r.kind == "withdrawal"
                           and r.region is not None and r.date is not None),
                          key=lambda e: (e[0], e[1]))
        # the state at the start: reports up to the start are part of the baseline
        for when, _, r, place in events:
            if when <= sc.start:
                self.place_event(state, r, place, when, by_country, record=False)
        for when, _, r in pullouts:
            if when <= sc.start:
                self.region_withdrawal(state, r, when, record=False)
        for inc in incursions:
            self.hold_incursion(state, inc, sc.start, record=False)
        tl = Timeline(sc, self.proj, self.countries, baseline=state.wholes())
        tl.baseline_areas = self.areas(state)
        areas = dict(tl.baseline_areas)
        # each day's front and each side's whole ground are found on a second thread (GEOS
        # lets go of the GIL) from a snapshot of the day's tiles, in order, while the model
        # goes on with the next day
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="front")
        edges = TileEdges()  # (used by that thread alone)
        front: Future[Lineal] | None = None
        changed = True
        days_fronts: list[Future[Lineal] | None] = []
        days_control: list[Future[dict[str, Polygonal]]] = []
        whole: Future[dict[str, Polygonal]] | None = None
        moved = state.moves
        rates = sorted((r for r in sc.reports if r.kind == "advance_rate"),
                       key=lambda r: (r.start, r.id))
        try:
            total = len(sc.days)
            for n, day in enumerate(sc.days):
                first = len(self.changes)
                for when, _, r, place in events:
                    if when == day and day > sc.start:
                        self.place_event(state, r, place, day, by_country)
                for when, _, r in pullouts:
                    if when == day and day > sc.start:
                        self.region_withdrawal(state, r, day)
                for inc in incursions:
                    if day > sc.start:
                        self.hold_incursion(state, inc, day)
                for r in rates:
                    if r.start and r.end and r.start <= day <= r.end:
                        self.advance(state, r, day)
                new = self.changes[first:]
                for c in new:
                    areas[(c.side, c.country)] = areas.get((c.side, c.country), 0.0) + c.area_km2
                    areas[(c.from_side, c.country)] = areas.get((c.from_side, c.country), 0.0) \
                        - c.area_km2
                changed = changed or bool(new)
                snapshot = state.snapshot()
                if changed:
                    front, changed = pool.submit(self.front, snapshot, edges), False
                if whole is None or state.moves != moved:  # (else as the day before)
                    whole, moved = pool.submit(wholes_of, snapshot), state.moves
                tl.days.append(day)
                days_control.append(whole)
                days_fronts.append(front)
                tl.areas.append(dict(areas))
                self.progress(f"day {day}", 0.1 + 0.85 * (n + 1) / total)
            tl.fronts = [f.result() if f is not None else None for f in days_fronts]
            tl.control = [c.result() for c in days_control]
        finally:
            pool.shutdown(cancel_futures=True)
        tl.changes = self.changes
        tl.notes = self.notes
        return tl


def _holds(box: tuple[float, float, float, float], x: float, y: float, reach: float) -> bool:
    """Whether ``box`` holds the square of half-side ``reach`` round (x, y)."""
    return box[0] <= x - reach and x + reach <= box[2] and box[1] <= y - reach \
        and y + reach <= box[3]


def build_timeline(scenario: Scenario, /, *, progress: Progress | None = None,
                   model: Model = "wave", gazetteer: Gazetteer | None = None) -> Timeline:
    """Model the scenario day by day.

    Parameters
    ----------
    scenario : Scenario
        From :func:`frontline.scenario.load_scenario`.
    progress : callable, optional
        Called with a message and the fraction done.
    model : str, default 'wave'
        How advance rates grow ground; one of :data:`MODELS`.
    gazetteer : Gazetteer, optional
        Where the wave finds the towns it slows at (the default one if not given).

    Returns
    -------
    Timeline
    """
    return _Engine(scenario, progress or (lambda message, fraction: None), model,
                   gazetteer).run()


def check_targets(scenario: Scenario, /) -> None:
    """Check that every rate can be met: no more ground wanted than the other side holds.

    The theatre and the baseline are computed as the model computes them (the
    baseline partition of a settlement table takes a second or two).

    Raises
    ------
    ScenarioError
        Listing each rate whose cumulative total exceeds the ground available
        to it in its country at the start of the period.
    """
    engine = _Engine(scenario, lambda message, fraction: None)
    engine.theatre()
    problems = engine.target_problems(engine.baseline())
    if problems:
        raise ScenarioError(str(scenario.path), problems)
