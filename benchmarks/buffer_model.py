"""The retired buffer model of advance rates, kept as a peer for the benchmarks.

It takes each day's share of a rate as the band of the other side's ground
nearest the stretch of front facing the rate's objectives (a buffer grown until
it holds the share), widening the stretch when it cannot give it, and the whole
country's front last. A captured place is its footprint joined to the side's
ground by a corridor, and does not count toward the rate. Pass it to
``build_timeline(scenario, advance=BufferAdvance)``.
"""

from __future__ import annotations

import datetime as dt

import shapely

from frontline.geo.geometry import Geometry, Lineal, Polygonal, difference, intersection
from frontline.geo.places import Place
from frontline.model import AdvanceFactory, Ledger, WaveAdvance, World
from frontline.model.ground import Ground
from frontline.model.growth import grow_from_front
from frontline.model.world import others_ground
from frontline.scenario import Report
from frontline.thresholds import OBJECTIVE_REACH_M, OBJECTIVE_REACH_WIDENING

__all__ = ["MODELS", "BufferAdvance"]


def front_within(mine: Polygonal, allowed: Polygonal, window: Geometry) -> Lineal:
    """Where ``mine`` meets ``allowed`` inside ``window``."""
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


class BufferAdvance:
    """Each day's share of a rate as a buffer round the front facing its objectives."""

    salients = False

    def __init__(self, world: World, ledger: Ledger) -> None:
        self.world, self.ledger = world, ledger

    def count_toward_rate(self, r: Report, side: str, code: str, place: Place,
                          day: dt.date, moved_m2: float) -> None:
        """A capture's ground is on top of the rate's (the buffer model does not count it)."""

    def advance(self, state: Ground, r: Report, day: dt.date) -> None:
        world, side = self.world, r.side
        target = float(r.rate_km2_per_day or 0.0) * 1e6
        if target <= 0:
            return
        other_ground = others_ground(state, side)
        country_code = world.sc.rate_country(r)
        if country_code is None or country_code not in world.countries:
            self.ledger.note(f"{day}: {r.id}: no country to advance in")
            return
        country = world.countries[country_code]
        allowed = difference(intersection(other_ground, country), world.protected(side, day))
        mine = state[side]
        attempts = []
        if r.toward:
            distances = [(world.point(p), shapely.distance(world.point(p), mine))
                         for p in r.toward]
            # the stretch facing the objectives first; wider if it cannot give the day's share
            for factor in OBJECTIVE_REACH_WIDENING:
                attempts.append(shapely.union_all([
                    shapely.buffer(pt, d + factor * OBJECTIVE_REACH_M, quad_segs=16)
                    for pt, d in distances]))
        attempts.append(country)
        grown = None
        for window in attempts:
            front = front_within(mine, allowed, window)
            if front.is_empty:
                continue
            grown = grow_from_front(allowed, front, target)
            if grown.met:
                break
        if grown is None or not grown.met:
            got = grown.area_m2 / 1e6 if grown else 0.0
            self.ledger.note(f"{day}: {r.id}: {target / 1e6:,.1f} km² wanted, "
                             f"{got:,.1f} km² possible")
            if grown is None:
                return
        self.ledger.transfer(state, side, grown.geom, day, "advance_rate", (r.id,))


#: The models the benchmarks compare, by name: the project's wave and this peer.
MODELS: dict[str, AdvanceFactory] = {"wave": WaveAdvance, "buffer": BufferAdvance}
