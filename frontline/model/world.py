"""The theatre as the model sees it: countries, borders, barriers and places, in metres.

A :class:`World` is made once per run from a scenario. It answers the questions
every part of the model asks many times a day, and keeps the answers: where a
place lies (in metres, in which country), its footprint, the ground of a region,
the built-up places round a window, and what the reports say of a day (the
places a side may not take yet, the rate under way that a place belongs to).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, Future
from typing import TypeVar

import numpy as np
import shapely

from frontline.geo.geocode import Gazetteer
from frontline.geo.geometry import (
    Geometry,
    Polygonal,
    intersection,
    polygonal,
    shared_edges,
    union_all,
)
from frontline.geo.places import Place, Region
from frontline.geo.regions import AdminRegion
from frontline.model.growth import footprint_radius_m
from frontline.model.threads import in_pool
from frontline.scenario import Report, Scenario
from frontline.thresholds import (
    BARRIER_WIDTH_M,
    BUILT_UP_POPULATION,
    PROTECTED_DAYS,
    STRONGPOINT_POPULATION,
    URBAN_RADIUS_M,
)

__all__ = ["World", "others_ground"]

T = TypeVar("T")


def others_ground(state: Mapping[str, Polygonal], side: str) -> Polygonal:
    """The ground every other side holds (one side's as it is: no overlay)."""
    others = [s for s in sorted(state) if s != side]
    if len(others) == 1:
        return state[others[0]]
    return union_all([state[s] for s in others])


class World:
    """The scenario's theatre in the model's projection, and the lookups on it.

    Parameters
    ----------
    scenario : Scenario
    gazetteer : Gazetteer, optional
        Where the built-up places come from (the default one if not given).

    Attributes
    ----------
    sc : Scenario
    proj : Projection
    countries : dict
        Country code -> its part of the theatre (projected metres).
    borders : geometry
        Where the theatre's countries meet, a metre wide.
    barriers : polygonal
        Ground no front crosses (the scenario's rivers, given as lines, this wide:
        :data:`~frontline.thresholds.BARRIER_WIDTH_M`).
    pool : Executor or None
        The model's second thread while it runs.
    """

    def __init__(self, scenario: Scenario, gazetteer: Gazetteer | None = None) -> None:
        self.sc = scenario
        self._gazetteer = gazetteer
        self.pool: Executor | None = None
        theatre = scenario.theatre
        self.proj = theatre.projection
        self.countries: dict[str, Polygonal] = theatre.countries
        for geom in self.countries.values():
            shapely.prepare(geom)
        edges = [line for a, b in itertools.combinations(sorted(self.countries), 2)
                 for line in shared_edges(self.countries[a], self.countries[b])]
        self.borders: Geometry = shapely.buffer(shapely.union_all(edges), 1.0, quad_segs=2) \
            if edges else shapely.Polygon()
        shapely.prepare(self.borders)
        self.barriers: Polygonal = shapely.Polygon()
        if scenario.barriers is not None and not scenario.barriers.is_empty:
            projected = self.proj.to_proj(shapely.segmentize(scenario.barriers, 0.01))
            self.barriers = polygonal(shapely.buffer(projected, BARRIER_WIDTH_M / 2,
                                                     quad_segs=4))
            shapely.prepare(self.barriers)
        self._theatre: Polygonal = shapely.Polygon()
        self._regions: list[AdminRegion] | None = None
        self._points: dict[tuple[float, float], shapely.Point] = {}
        self._footprints: dict[tuple[float, float, int], Polygonal] = {}
        self._protected: dict[tuple[str, tuple[str, ...]], Polygonal] = {}
        self._last_days: dict[str, dt.date] = {}
        #: the built-up places of the theatre's box (lon/lat box, places, their lon and lat)
        self._towns: tuple[tuple[float, ...], list[Place], np.ndarray, np.ndarray] | None = None

    def in_pool(self, fn: Callable[..., T], /, *args: object) -> Future[T]:
        """``fn(*args)`` on the model's second thread (:func:`~frontline.model.threads.in_pool`)."""
        return in_pool(self.pool, fn, *args)

    # -- places ----------------------------------------------------------------------------
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

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = Gazetteer.default()
        return self._gazetteer

    def towns(self, window: Geometry, side: str, state: Mapping[str, Polygonal]
              ) -> tuple[list[Polygonal], list[Polygonal], list[tuple[float, float, float]]]:
        """The other side's settlements around a window: strongpoints, villages, people.

        Strongpoints (towns of :data:`~frontline.thresholds.STRONGPOINT_POPULATION`
        or more) are not entered until their capture is reported (or they are
        encircled); smaller settlements slow the wave within their footprint;
        and every settlement's people (x, y, population) slow it around them
        (:class:`~frontline.model.wave.Wave`'s ``people``).
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

    # -- what the reports say of a day -----------------------------------------------------
    def other_side(self, side: str) -> str:
        return next(s.id for s in self.sc.sides if s.id != side)

    def capturer(self, r: Report) -> str:
        """The side a capture or withdrawal gives the place to."""
        return r.side if r.kind == "capture" else self.other_side(r.side)

    def protected(self, side: str, day: dt.date) -> Polygonal:
        """Settlements ``side`` may not take yet: their capture by it is reported in the
        next :data:`~frontline.thresholds.PROTECTED_DAYS` days, it besieges them (until
        the siege is lifted or their capture is reported), or the fighting is there (a
        ``fighting`` report: from that many days before it until a later report of the
        place; with no side given, for every side).

        (A capture reported further ahead says nothing of that day yet; and so a
        build that resumes at a day knows which reports its days before could read:
        :mod:`~frontline.model.resume`.)"""
        ahead = day + dt.timedelta(days=PROTECTED_DAYS)
        later = tuple(r for r in self.sc.reports
                      if (r.kind in ("capture", "withdrawal") and r.place is not None and r.date
                          and day < r.date <= ahead and self.capturer(r) == side)
                      or (r.kind == "siege" and r.side == side and r.place is not None
                          and day <= self.siege_last_day(r))
                      or (r.kind == "fighting" and r.side in (side, "") and r.place is not None
                          and r.date and r.date - dt.timedelta(days=PROTECTED_DAYS) <= day
                          <= self.fought_until(r)))
        later = tuple(sorted(later, key=lambda r: r.id))  # (the scenario's order aside)
        key = (side, tuple(r.id for r in later))  # the same until the next capture passes
        if key not in self._protected:
            self._protected[key] = union_all([self.footprint(r.place) for r in later
                                              if r.place is not None])
            shapely.prepare(self._protected[key])
        return self._protected[key]

    def siege_last_day(self, r: Report) -> dt.date:
        """The last day a siege holds: its ``end``, or the day before the besieger's
        reported capture of the place, or the end of the period (found once per siege:
        :meth:`protected` asks on every wave and capture)."""
        return self._until(r, min(r.end or self.sc.end, self.sc.end), lambda c: c.kind in (
            "capture", "withdrawal") and self.capturer(c) == r.side)

    def fought_until(self, r: Report) -> dt.date:
        """The last day a ``fighting`` report keeps its place out of the attacker's reach:
        the day before the next report of the place (a capture, a withdrawal, an advance
        near it), or the end of the period (found once per report)."""
        after = r.date or dt.date.max
        return self._until(r, self.sc.end, lambda c: c.kind in (
            "capture", "withdrawal", "advance") and (c.date or dt.date.min) > after)

    def _until(self, r: Report, last: dt.date, ends: Callable[[Report], bool]) -> dt.date:
        """The day before the first report of ``r``'s place that ``ends`` what ``r`` says,
        at most ``last`` (found once per report)."""
        if r.id not in self._last_days:
            for c in self.sc.reports:
                if (c.date and c.place is not None and r.place is not None
                        and c.place.id == r.place.id and ends(c)):
                    last = min(last, c.date - dt.timedelta(days=1))
            self._last_days[r.id] = last
        return self._last_days[r.id]

    def rate_period(self, r: Report) -> tuple[dt.date, dt.date]:
        """A rate's first and last day within the scenario's period."""
        return (max(r.start or self.sc.start, self.sc.start),
                min(r.end or self.sc.end, self.sc.end))

    def rate_taking(self, side: str, code: str, day: dt.date,
                    place: Place | None = None) -> Report | None:
        """The advance rate of ``side`` in country ``code`` under way on ``day`` that a
        place belongs to: a capture there counts toward its total, and pulls its wave.

        With several rates under way at once (axes of one offensive), the one whose
        objectives or origin lie nearest the place; else the first by start and id
        (not by the scenario's order: moving a report in the file changes nothing).
        """
        under_way = []
        for r in self.sc.reports:
            if (r.kind != "advance_rate" or r.side != side or r.start is None
                    or self.sc.rate_country(r) != code or (r.rate_km2_per_day or 0) <= 0):
                continue
            first, last = self.rate_period(r)
            if first <= day <= last:
                under_way.append(r)
        under_way.sort(key=lambda r: (r.start or dt.date.min, r.id))
        if len(under_way) <= 1 or place is None:
            return under_way[0] if under_way else None
        point = self.point(place)

        def distance(r: Report) -> float:
            named = [*r.toward, *([r.place] if r.place is not None else [])]
            return min((float(shapely.distance(point, self.point(p))) for p in named),
                       default=math.inf)

        return min(under_way, key=distance)  # (min keeps the first of equals)
