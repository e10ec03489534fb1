"""Incursions: a side holding a reported area across an international border.

The ``area_held`` reports of one side in one country make an incursion. Each day
it holds the area its reports give (the last report at or before the start, then
linear between reports), grown from the border near its origin place, and it
shrinks back toward its origin when a later report gives less.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import defaultdict
from dataclasses import dataclass, field

import shapely

from frontline.geo.geometry import Geometry, Polygonal, difference, intersection, union_all
from frontline.model.ground import Ground
from frontline.model.growth import grow_from_border
from frontline.model.ledger import Ledger
from frontline.model.world import World
from frontline.scenario import Report
from frontline.thresholds import GRID_M, INCURSION_NOTE_SHARE, INCURSION_TOLERANCE

__all__ = ["Incursion", "Incursions"]


@dataclass
class Incursion:
    """One side's incursion into one country: its reports and its ground so far."""

    side: str
    country: str
    reports: list[Report]
    border: Geometry
    anchor: shapely.Point
    shape: Polygonal = field(default_factory=shapely.Polygon)
    #: ground it keeps while it holds any: the places it captured
    musts: list[Polygonal] = field(default_factory=list)
    #: the region its reports name ('holds 1,294 km² of the Kursk region'), when they name one
    within: Polygonal | None = None
    #: the ground it may take, and the places it may not take yet that it was found without
    allowed: tuple[Polygonal, Polygonal] | None = None
    #: the distance from the border its ground reached the day before, and its area (m²)
    reached: tuple[float, float] | None = None

    def start_m(self, target_m2: float) -> float | None:
        """Where the search for the day's ground starts: the day before's distance,
        scaled as the area (which grows about as its square)."""
        if self.reached is None or self.reached[1] <= 0:
            return None
        return self.reached[0] * math.sqrt(target_m2 / self.reached[1])


class Incursions:
    """The scenario's incursions, one per (side, country), held to their areas day by day.

    Parameters
    ----------
    world : World
    ledger : Ledger
    """

    def __init__(self, world: World, ledger: Ledger) -> None:
        self.world, self.ledger = world, ledger
        self.all = self._collect()
        self._by_key = {(i.side, i.country): i for i in self.all}

    def _collect(self) -> list[Incursion]:
        """Groups of area_held reports: one per (side, country)."""
        world, sc = self.world, self.world.sc
        groups: dict[tuple[str, str], list[Report]] = defaultdict(list)
        for r in sc.reports:
            if r.kind != "area_held" or r.area_km2 is None:
                continue
            country = (r.region.country if r.region else None) or (
                world.country_of(r.place) if r.place else None)
            if country is None or country not in world.countries:
                self.ledger.note(f"{r.id}: no country of the theatre for this area")
                continue
            groups[(r.side, country)].append(r)
        out = []
        for (side, country), reports in sorted(groups.items()):
            reports.sort(key=lambda r: (r.date, r.id))
            home = next((c for c in world.countries if sc.home_side(c) == side), None)
            origin = next((r.place for r in reversed(reports) if r.place), None)
            if home is None or origin is None:
                self.ledger.note(f"{reports[0].id}: an incursion needs the side's home country "
                                 "in the theatre and an origin place")
                continue
            border = shapely.intersection(world.countries[country].boundary,
                                          shapely.buffer(world.countries[home], 50.0),
                                          grid_size=GRID_M)
            named = {r.region.codes: r.region for r in reports if r.region is not None}
            within = world.region_ground(next(iter(named.values()))) if len(named) == 1 else None
            if within is not None and within.is_empty:
                within = None
            if within is not None:  # it starts from the border where the region lies on it
                along = shapely.intersection(border, shapely.buffer(within, 50.0),
                                             grid_size=GRID_M)
                border = border if along.is_empty else along
            anchor = shapely.Point(shapely.shortest_line(border, world.point(origin)).coords[0])
            out.append(Incursion(side, country, reports, border, anchor, within=within))
        return out

    def keep(self, side: str, country: str, ground: Polygonal) -> None:
        """Ground ``side`` captured in ``country``: its incursion there keeps it."""
        inc = self._by_key.get((side, country))
        if inc is not None:
            inc.musts.append(ground)

    def target(self, inc: Incursion, day: dt.date) -> tuple[float, tuple[str, ...]]:
        """Area (km²) on ``day``: the last report at or before the start, then linear.

        The side's withdrawal from a region of the incursion ends it: from that day only
        the reports dated on or after it count (none: nothing is held), and before it
        only those dated before it.
        """
        sc = self.world.sc
        start = sc.start
        dated = [(r.date, float(r.area_km2 or 0.0), r.id) for r in inc.reports if r.date]
        ends = sorted(r.date for r in sc.reports
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

    def hold_all(self, state: Ground, day: dt.date, *, record: bool = True) -> None:
        """Each incursion held to its area on ``day``."""
        for inc in self.all:
            self.hold(state, inc, day, record=record)

    def hold(self, state: Ground, inc: Incursion, day: dt.date, *,
             record: bool = True) -> None:
        """Grow or shrink one incursion to its area on ``day``."""
        world, ledger = self.world, self.ledger
        side, country = inc.side, inc.country
        target, ids = self.target(inc, day)
        ground = world.countries[country] if inc.within is None else inc.within
        protected = world.protected(side, day)
        if inc.allowed is None or inc.allowed[0] is not protected:  # (the same for weeks)
            inc.allowed = (protected, difference(ground, protected))
        # (the places it took there stay in while it holds ground; none once it left)
        must = union_all(inc.musts) if inc.musts and target > 0 else None
        grown = grow_from_border(inc.allowed[1], inc.border, inc.anchor, target * 1e6,
                                 must=must, tolerance=INCURSION_TOLERANCE,
                                 start_m=inc.start_m(target * 1e6))
        inc.reached = (grown.distance_m, grown.area_m2) if grown.distance_m > 0 else None
        if abs(grown.area_m2 / 1e6 - target) > INCURSION_NOTE_SHARE * max(target, 1.0):
            ledger.note(f"{day}: {side} incursion into {country}: {target:,.0f} km² "
                        f"wanted, {grown.area_m2 / 1e6:,.0f} km² possible")
        old = intersection(inc.shape, state.near(side, inc.shape))  # what it still holds
        gained = difference(grown.geom, old)
        lost = difference(old, grown.geom)
        ledger.transfer(state, side, gained, day, "area_held", ids, record=record)
        home = world.sc.home_side(country) or world.other_side(side)
        ledger.transfer(state, home, lost, day, "area_held", ids, record=record)
        inc.shape = grown.geom
