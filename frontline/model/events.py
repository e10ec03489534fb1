"""Reports about a place on a day: captures, withdrawals, sieges that encircle, and
withdrawals from whole regions.

On its date a captured place's ground joins the capturing side along the front
(a salient the front pushes to it); an encircled town keeps its holder while the
ground round it changes hands; a withdrawal from a region hands the side's ground
there to the other side.
"""

from __future__ import annotations

import datetime as dt
import math

import shapely

from frontline.geo.geometry import Polygonal, difference, intersection, union, union_all
from frontline.geo.places import Place
from frontline.model.advance import AdvanceModel
from frontline.model.ground import Ground
from frontline.model.growth import capture_footprint, footprint_radius_m
from frontline.model.incursions import Incursions
from frontline.model.ledger import Ledger
from frontline.model.wave import passage
from frontline.model.world import World, others_ground
from frontline.scenario import Report
from frontline.thresholds import (
    CAPTURE_ENCLAVE_KM,
    CAPTURE_FILL_FACTOR,
    ENCIRCLEMENT_DEPTH_M,
    FOOTPRINT_MIN_M,
    FRONT_REPORT_NOTE_KM,
    PASSAGE_MAX_CELLS,
    PASSAGE_MAX_HALF_WIDTH_M,
    PASSAGE_MIN_CELL_M,
    PASSAGE_WIDENING,
    STRONGPOINT_POPULATION,
)

__all__ = ["PlaceEvents"]


class PlaceEvents:
    """Captures, withdrawals and encirclements of places, and withdrawals from regions.

    Parameters
    ----------
    world : World
    ledger : Ledger
    advance : AdvanceModel
        How rates grow ground: whether a captured place is reached by a salient
        (:attr:`AdvanceModel.salients`) and where its ground counts.
    incursions : Incursions
        A place captured inside an incursion stays in it while it shrinks.
    """

    def __init__(self, world: World, ledger: Ledger, advance: AdvanceModel,
                 incursions: Incursions) -> None:
        self.world, self.ledger, self.advance = world, ledger, advance
        self.incursions = incursions

    def place_event(self, state: Ground, r: Report, place: Place, day: dt.date, *,
                    record: bool = True) -> None:
        """A dated report about a place: a capture, a withdrawal or an encirclement."""
        if r.kind == "siege":
            self.encirclement(state, r, day, record=record)
        else:
            self.capture(state, r, place, day, record=record)

    def capture(self, state: Ground, r: Report, place: Place, day: dt.date, *,
                record: bool = True) -> None:
        """A capture or withdrawal: the place's ground changes hands on its date.

        With salients (the wave), the ground the front crosses to reach it
        (:func:`~frontline.model.wave.passage`), which counts toward the
        side's advance rate under way in that country (the place is part of
        the ground the rate reports); otherwise, or when no path reaches it,
        its footprint joined to the side's ground by a corridor.

        Captured ground inside an incursion stays in it while the incursion
        shrinks.
        """
        world = self.world
        side = world.capturer(r)
        code = world.country_of(place)
        country = world.countries.get(code) if code else None
        if code is None or country is None:
            self.ledger.note(f"{r.id}: {place.name} is outside the theatre")
            return
        radius = footprint_radius_m(place.population)
        shape: Polygonal = shapely.Polygon()
        if self._enclave(state, r, side, code, place, day):  # a war of movement: the town
            shape = capture_footprint(world.point(place), radius, shapely.Polygon(),
                                      within=country)
        elif self.advance.salients:  # the front reaches out to the place, round the towns
            # whose capture is not reported (or reported later)
            target = world.point(place)
            ground = intersection(others_ground(state, side), country)
            shape = self.salient(state, side, ground, [world.protected(side, day),
                                                       world.barriers],
                                 target, (target.x, target.y), radius, 3 * radius,
                                 fill_m=CAPTURE_FILL_FACTOR * radius)
        if shape.is_empty:
            shape = capture_footprint(world.point(place), radius, state[side], within=country)
        moved = self.ledger.transfer(state, side, shape, day, r.kind, (r.id,), record=record)
        if record:
            self.advance.count_toward_rate(r, side, code, place, day, moved)
        self.incursions.keep(side, code, shape)

    def _enclave(self, state: Ground, r: Report, side: str, code: str, place: Place,
                 day: dt.date) -> bool:
        """Whether a capture is a town taken far beyond the front with no advance under way
        toward it (:data:`~frontline.thresholds.CAPTURE_ENCLAVE_KM`): then it is drawn as
        an enclave, and the timeline notes it."""
        mine = state[side]
        if mine.is_empty or self.world.rate_taking(side, code, day, place) is not None:
            return False
        far = float(shapely.distance(self.world.point(place), mine))
        if far <= CAPTURE_ENCLAVE_KM * 1e3:
            return False
        self.ledger.note(f"{r.id}: {place.name} is {far / 1e3:,.0f} km beyond {side}'s ground "
                         f"and no advance rate of {side} is under way there: the town is drawn "
                         "as an enclave, the ground between left to its holder")
        return True

    def encirclement(self, state: Ground, r: Report, day: dt.date, *,
                     record: bool = True) -> None:
        """A siege reported as an encirclement: the ground round the town is the besieger's.

        On the siege's date the besieger takes the other side's ground within
        :data:`~frontline.thresholds.ENCIRCLEMENT_DEPTH_M` of the town's
        footprint (the town itself stays with its holder, as the siege
        says), joined to its front by a salient
        (:func:`~frontline.model.wave.passage`, round the towns whose
        capture is not reported) when it does not reach it. Towns within
        the ring are encircled with it and change hands (the timeline's note
        names them), unless their capture is reported later; ground across
        barriers is left out. The ground counts toward the besieger's
        advance rate under way there, as a capture's does.
        """
        assert r.place is not None
        world = self.world
        place, side = r.place, r.side
        code = world.country_of(place)
        if code is None or code not in world.countries:
            self.ledger.note(f"{r.id}: {place.name} is outside the theatre")
            return
        point = world.point(place)
        radius = footprint_radius_m(place.population) + ENCIRCLEMENT_DEPTH_M
        around = shapely.buffer(point, radius, quad_segs=16)
        mine = state[side]
        ground = intersection(others_ground(state, side), world.countries[code])
        blocked = [world.protected(side, day), world.barriers]
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
        moved = self.ledger.transfer(state, side, shape, day, "encircled", (r.id,),
                                     record=record)
        if record:
            towns = sorted(t.name for t in world.gazetteer.places_in(
                world.proj.to_wgs(around).bounds, min_population=STRONGPOINT_POPULATION)
                if t.id != place.id and ring.contains(world.point(t)))
            self.ledger.note(f"{day}: {r.id}: {place.name} encircled: {moved / 1e6:,.1f} km² "
                             f"round it to {side}"
                             + (f", with {', '.join(towns)}" if towns else ""))
            self.advance.count_toward_rate(r, side, code, place, day, moved)

    def front_report(self, state: Ground, r: Report, day: dt.date) -> None:
        """An advance near a place, or fighting there: no ground changes hands on its
        date (the waves of rates under way are pulled toward it before,
        :meth:`~frontline.model.wave_setup.WaveSetup.pulls`, and a fighting place is
        kept from its attacker, :meth:`~frontline.model.world.World.protected`). A place
        that lies deep inside one side's ground that day is noted."""
        assert r.place is not None
        point = self.world.point(r.place)
        reach = FRONT_REPORT_NOTE_KM * 1000
        box = shapely.box(*shapely.buffer(point, reach, quad_segs=2).bounds)
        holder = next((s for s in sorted(state) if state.near(s, point).covers(point)), None)
        if holder is None:
            return
        gap = min((float(shapely.distance(point, ground)) for s in sorted(state) if s != holder
                   and not (ground := state.near(s, box)).is_empty), default=math.inf)
        if gap > reach:
            far = (f"{gap / 1000:,.0f} km" if math.isfinite(gap)
                   else f"more than {FRONT_REPORT_NOTE_KM:,.0f} km")
            self.ledger.note(f"{day}: {r.id}: {r.place.name} ({r.kind}) lies {far} inside "
                             f"{holder}'s ground, from the front")

    def salient(self, state: Ground, side: str, ground: Polygonal, blocked: list[Polygonal],
                place: shapely.Point, target: tuple[float, float], tip_m: float,
                margin_m: float, *, fill_m: float = 0.0) -> Polygonal:
        """The salient ``side``'s front pushes to ``target`` for a report about the
        place at ``place`` (:func:`~frontline.model.wave.passage`): over ``ground``
        less what is ``blocked`` and less the towns whose capture is not reported
        (those within 1.5 times the place's distance from the front, plus
        ``margin_m``, other than the place itself), ``tip_m`` wide at its tip.

        With ``fill_m``, the bay between the tip and the side's ground within that
        distance of the place is filled too (their convex hull there, over the same
        ground; not when another settlement of the other side lies in it): a town
        falls when the front has come round it, so its front wraps the town rather
        than reaching it by a neck.
        """
        mine = state[side]
        reach = 1.5 * float(shapely.distance(mine, place)) + margin_m
        strong, _, _ = self.world.towns(shapely.buffer(place, reach), side, state)
        allowed = difference(ground, union_all(
            [*blocked, *(t for t in strong if not t.intersects(place))]))
        shape = passage(mine, allowed, target, tip_m, widening=PASSAGE_WIDENING,
                        max_half_width_m=PASSAGE_MAX_HALF_WIDTH_M,
                        min_cell_m=PASSAGE_MIN_CELL_M, max_cells=PASSAGE_MAX_CELLS)
        if fill_m <= 0 or shape.is_empty:
            return shape
        disk = shapely.buffer(place, fill_m, quad_segs=16)
        reached = union(shape, intersection(mine, disk))
        hull = shapely.convex_hull(intersection(reached, disk))
        # (none over other settlements: nothing reports them taken, and a bay round one
        # would leave it a pocket for the next advance to close)
        _, villages, _ = self.world.towns(disk, side, state)
        if any(v.intersects(hull) and not v.intersects(place) for v in villages):
            return shape
        bay = intersection(hull, allowed)
        # (only the pieces that join the salient or the side's ground: none beyond a town)
        joined = shapely.buffer(reached, 1.0, quad_segs=2)
        pieces = [g for g in shapely.get_parts(bay) if g.intersects(joined)]
        return union(shape, union_all(pieces)) if pieces else shape

    def region_withdrawal(self, state: Ground, r: Report, day: dt.date, *,
                          record: bool = True) -> None:
        """A side's withdrawal from a whole region: its ground there goes to the other side."""
        assert r.region is not None
        world = self.world
        ground = intersection(state[r.side], world.region_ground(r.region))
        moved = self.ledger.transfer(state, world.other_side(r.side), ground, day, "withdrawal",
                                     (r.id,), record=record)
        if record:
            self.ledger.note(f"{day}: {r.id}: {r.side} withdrew from {r.region.name}: "
                             f"{moved / 1e6:,.1f} km² to {world.other_side(r.side)}")
