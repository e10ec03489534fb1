"""Where a rate's wave starts and which way it is pulled.

A rate's wave (:class:`~frontline.model.wave.Wave`) starts from its side's front in
the rate's country (and from the border it crosses, with an ``origin``), runs
faster along axes toward the places that pull it (its objectives, the places its
side is reported to capture later in the period, and those it took lately), in
the sectors round those axes only, slowed by villages and people and stopped by
strongpoints, barriers and the places it may not take yet.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace
from typing import cast

import shapely

from frontline.geo.geometry import (
    Geometry,
    Lineal,
    Polygonal,
    difference,
    intersection,
    polygonal,
    union,
    union_all,
)
from frontline.geo.places import Place
from frontline.model.ground import Ground
from frontline.model.wave import Axis, SpeedField, Wave, axis_speed, front_between, within
from frontline.model.world import World, others_ground
from frontline.scenario import Report
from frontline.thresholds import (
    AXIS_BEYOND_M,
    AXIS_FULL_M,
    AXIS_LEAST,
    AXIS_WIDTH_M,
    BUILT_UP_SPEED,
    CROSSING_HALF_WIDTH_M,
    DEADLINE_BOOST,
    DEADLINE_MAX_BOOST,
    DEADLINE_MIN_WIDTH_M,
    DEADLINE_REACH_M,
    DEADLINE_SHARE,
    DEADLINE_WIDTH_M,
    RECENT_CAPTURE_DAYS,
    SECTOR_SPREAD_M,
    URBAN_POPULATION,
    URBAN_RADIUS_M,
    WAVE_BASE_SPEED,
    WAVE_BOX_FRONT_FACTOR,
    WAVE_BOX_MARGIN_M,
    WAVE_MAX_CELLS,
    WAVE_MAX_DEPTH_M,
    WAVE_MAX_GRID_CELLS,
    WAVE_MIN_CELL_M,
)

__all__ = ["WaveSetup"]

Box = tuple[float, float, float, float]
#: A wave's ground: the side's, the other side's, the front, the axes and the window.
WaveGround = tuple[Polygonal, Polygonal, Geometry, list[Axis], Geometry]


def _holds(box: Box, x: float, y: float, reach: float) -> bool:
    """Whether ``box`` holds the square of half-side ``reach`` round (x, y)."""
    return box[0] <= x - reach and x + reach <= box[2] and box[1] <= y - reach \
        and y + reach <= box[3]


def wave_reach_m(depth_m: float) -> float:
    """How far a wave's ground reaches round its axes: the sectors, the front that
    can reach them, and a margin for the grid drawn round that."""
    return 2 * SECTOR_SPREAD_M + depth_m + WAVE_BOX_MARGIN_M


#: Reports whose place pulls a rate's wave (a fighting report only before its date: the front
#: stays there after it).
PULLING = ("capture", "advance", "fighting")


class WaveSetup:
    """Builds the wave of a rate on a day from the ground as it stands.

    Parameters
    ----------
    world : World
    """

    def __init__(self, world: World) -> None:
        self.world = world
        #: the towns too far for the last wave made to reach by their dates (:meth:`build`)
        self.short: list[tuple[Place, dt.date]] = []
        #: (rate id, place id) -> how much harder than usual the rate's axis toward the
        #: place pulls, so that the front reaches it by its capture (raised, never lowered)
        self.boost: dict[tuple[str, str], float] = {}

    def build(self, state: Ground, r: Report, day: dt.date, country_code: str,
              depth_m: float, cell_m: float = WAVE_MIN_CELL_M, share_m2: float = 0.0) -> Wave:
        """The wave of a rate: from its side's front in the rate's country.

        The front is where the side's ground *in that country* meets the other
        side's, so a border the side has not crossed is no front. The wave
        runs in the sectors of its axes, so the ground is cut to a box round
        them first (:meth:`box`), when that box holds all the wave needs.

        The towns whose capture is reported while the rate runs are reached by
        the day before their dates: ``share_m2`` is the day's share (with what
        is made up), and the rate's shares until each date are what the wave
        takes by then; where it would come short of a town, the pull toward it
        is raised (:meth:`late`) and the wave made again. A town farther than that
        ground could reach as a salient
        :data:`~frontline.thresholds.DEADLINE_WIDTH_M` wide is left short
        (:attr:`short`): the area wins.
        """
        world = self.world
        side = r.side
        ahead, behind, captures = self.pulls(r, day, state)
        # the towns it must reach by their dates, and those too far for the rate's area
        deadlines, beyond = [], []
        for place, date in captures:
            far = float(shapely.distance(world.footprint(place), state[side]))
            if far * DEADLINE_WIDTH_M > self.by_then(r, day, share_m2, date):
                beyond.append((place, date))
                continue
            deadlines.append((place, date))
            # (deep enough to reach it)
            depth_m = max(depth_m, min(far + AXIS_WIDTH_M, WAVE_MAX_DEPTH_M))
        box = self.box(state, r, ahead, behind, depth_m)
        parts = self.ground(state, r, country_code, depth_m, ahead, behind, box) \
            if box is not None else None
        if parts is None:  # no box, or one too small: the whole country
            parts = self.ground(state, r, country_code, depth_m, ahead, behind, None)
        assert parts is not None
        mine, ground, front, axes, window = parts
        strong, slow, people = world.towns(window, side, state)
        blocked = union_all([world.protected(side, day), *strong, world.barriers])
        allowed = difference(intersection(ground, window), blocked)
        # (the villages' footprints are only rasterized: no need to union them)
        wave = Wave(mine, allowed, self.speed(r, axes), barriers=world.barriers, clipped=True,
                    slow=[(cast(Geometry, shapely.multipolygons(slow)), BUILT_UP_SPEED)]
                    if slow else [],
                    people=people, urban_radius_m=URBAN_RADIUS_M,
                    urban_population=URBAN_POPULATION,
                    depth_m=depth_m, max_cells=WAVE_MAX_CELLS, min_cell_m=cell_m,
                    max_grid_cells=WAVE_MAX_GRID_CELLS, front=front, pool=world.pool)
        while True:
            late = self.late(wave, r, day, share_m2, deadlines)
            # (a town the wave never comes round, behind a barrier, is not pulled harder)
            pending = {key: when / level if level > 0 else math.inf
                       for key, (when, level) in late.items() if math.isfinite(when)
                       and self.boost.get((r.id, key), 1.0) < DEADLINE_MAX_BOOST}
            if not pending:
                # the towns left short are those too far for the area (one it comes near,
                # pulled as hard as it may be, is reached by the front or nearly; its
                # capture takes the rest)
                self.short = beyond
                wave.forget_cells()
                return wave
            for key, lag in pending.items():  # (as many times as it is late, within bounds)
                factor = min(max(lag, DEADLINE_BOOST), DEADLINE_BOOST ** 3)
                self.boost[r.id, key] = min(self.boost.get((r.id, key), 1.0) * factor,
                                            DEADLINE_MAX_BOOST)
            wave = wave.with_speed(self.speed(r, axes))

    def speed(self, r: Report, axes: list[Axis]) -> SpeedField:
        """The speed of a rate's wave along its axes, each pulled as hard as
        :attr:`boost` says (and narrowed by the square root of that)."""
        pulled = []
        for a in axes:
            boost = self.boost.get((r.id, a.key), 1.0)
            pulled.append(a if boost == 1.0 else replace(
                a, strength=a.strength * boost,
                width_m=max(a.width_m / math.sqrt(boost), DEADLINE_MIN_WIDTH_M)))
        return axis_speed(pulled, base=WAVE_BASE_SPEED, along=1.0, spread_m=SECTOR_SPREAD_M)

    @staticmethod
    def by_then(r: Report, day: dt.date, share_m2: float, date: dt.date) -> float:
        """The ground (m²) a rate takes from ``day`` to the day before ``date``: the day's
        share (with what is made up), then its daily shares."""
        return share_m2 + float(r.rate_km2_per_day or 0.0) * 1e6 * ((date - day).days - 1)

    def late(self, wave: Wave, r: Report, day: dt.date, share_m2: float,
             deadlines: list[tuple[Place, dt.date]]) -> dict[str, tuple[float, float]]:
        """The towns of ``deadlines`` the wave would not reach by the day before their
        dates (:data:`~frontline.thresholds.DEADLINE_SHARE` of the ground round them, within
        :data:`~frontline.thresholds.DEADLINE_REACH_M`), taking the day's share and the
        rate's daily shares until then: place id -> the time it reaches them (inf: never)
        and the time it should."""
        out = {}
        for place, date in deadlines:
            when = wave.time_around(self.world.footprint(place), DEADLINE_REACH_M,
                                    DEADLINE_SHARE)
            level = wave.level_after(self.by_then(r, day, share_m2, date))
            if when > level:
                out[str(place.id)] = (when, level)
        return out

    def box(self, state: Ground, r: Report, ahead: list[Place], behind: list[Place],
            depth_m: float) -> Box | None:
        """A box round the places that pull a rate's wave, and its origin, likely to
        hold all the wave needs (:meth:`ground` checks it); None without places."""
        if not ahead and not behind:
            return None
        point = self.world.point
        reach = wave_reach_m(depth_m)
        mine = state[r.side]
        squares = []  # (x, y, half side)
        for place in ahead:  # (the front lies at least as far as the side's ground)
            p = point(place)
            near = WAVE_BOX_FRONT_FACTOR * float(shapely.distance(p, mine))
            squares.append((p.x, p.y, max(near, AXIS_BEYOND_M) + reach))
        squares += [(p.x, p.y, reach) for p in map(point, behind)]
        if r.place is not None:  # the origin, and the border it crosses
            p = point(r.place)
            near = WAVE_BOX_FRONT_FACTOR * float(shapely.distance(
                p, others_ground(state, r.side)))
            squares.append((p.x, p.y, near + CROSSING_HALF_WIDTH_M + reach))
        return (min(x - h for x, _, h in squares), min(y - h for _, y, h in squares),
                max(x + h for x, _, h in squares), max(y + h for _, y, h in squares))

    def ground(self, state: Ground, r: Report, country_code: str, depth_m: float,
               ahead: list[Place], behind: list[Place], box: Box | None
               ) -> WaveGround | None:
        """The side's ground, the other side's, the front, the axes and the window of a
        wave, within ``box`` (None: in the whole country).

        Within a box, None unless the box holds all of it: the front nearest
        each place ahead (and the border nearest the origin) lies nearer than
        the box's edge, and the sectors with the front that reaches them lie
        inside it; so a wave built in the box is the wave built in the country.
        """
        world = self.world
        side = r.side
        country = world.countries[country_code]
        inside = country if box is None else intersection(country, shapely.box(*box))
        # (the side's ground and the others' on two threads)
        mine_f = world.in_pool(intersection, state[side], inside)
        ground = intersection(others_ground(state, side), inside)
        mine = mine_f.result()
        front: Geometry = front_between(mine, ground)
        crossing = self.crossing(state, r, country_code, ground, box)
        if crossing is None:
            return None
        if not crossing.is_empty:  # the advance also starts from that stretch of border
            front = shapely.line_merge(shapely.union(front, crossing))
            mine = union(mine, intersection(state[side], shapely.buffer(crossing, depth_m)))
        axes = self._axes(front, ahead, behind, box)
        if axes is None:
            return None
        if not axes:
            return (mine, ground, front, axes, within(front, depth_m)) if box is None else None
        lines = shapely.union_all([a.line for a in axes])
        reach = wave_reach_m(depth_m)
        minx, miny, maxx, maxy = lines.bounds
        if box is not None and not (_holds(box, minx, miny, reach)
                                    and _holds(box, maxx, maxy, reach)):
            return None
        # the sectors of the axes: beyond twice the spread, the front stands
        sectors = shapely.buffer(lines, 2 * SECTOR_SPREAD_M, quad_segs=8)
        # (only the front that can reach them: a whole front buffered is slow)
        front = shapely.intersection(front, shapely.buffer(sectors, depth_m, quad_segs=4))
        window = polygonal(shapely.intersection(within(front, depth_m), sectors))
        return mine, ground, front, axes, window

    def _axes(self, front: Geometry, ahead: list[Place], behind: list[Place],
              box: Box | None) -> list[Axis] | None:
        """The axes toward the places ahead and round those behind; None when, within
        ``box``, the front nearest a place ahead may lie beyond it."""
        proj = self.world.proj
        axes = []
        for place in ahead:
            axis = Axis.toward(front, proj.point(place.lon, place.lat),
                               width_m=AXIS_WIDTH_M, beyond_m=AXIS_BEYOND_M,
                               full_m=AXIS_FULL_M, least=AXIS_LEAST, key=str(place.id))
            if axis is None:
                if box is not None:
                    return None  # (no front in the box: perhaps beyond it)
                continue
            x, y = proj.point(place.lon, place.lat)
            if box is not None and not _holds(box, x, y,
                                              math.hypot(axis.start[0] - x, axis.start[1] - y)):
                return None
            axes.append(axis)
        axes += [Axis.at(proj.point(p.lon, p.lat), width_m=AXIS_WIDTH_M) for p in behind]
        return axes

    def crossing(self, state: Ground, r: Report, country_code: str, ground: Polygonal,
                 box: Box | None = None) -> Lineal | None:
        """The stretch of border a rate's advance crosses from its ``origin``.

        A rate whose origin lies on its side's ground outside the rate's country
        (Belgorod, or Belarus for the Russian side in 2022) starts from the
        border it shares with the other side's ground there: the stretch within
        :data:`~frontline.thresholds.CROSSING_HALF_WIDTH_M` of the point nearest
        the origin. Empty without an origin, or once the origin is not the side's.
        Within ``box`` (:meth:`ground`): None when the nearest stretch may
        lie beyond it.
        """
        world = self.world
        origin = r.place
        if origin is None or world.country_of(origin) == country_code:
            return shapely.MultiLineString()
        point = world.point(origin)
        home = state[r.side]
        if not home.covers(point):
            return shapely.MultiLineString()
        if box is not None:
            home = intersection(home, shapely.box(*box))
        beyond = difference(home, world.countries[country_code])
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

    def pulls(self, r: Report, day: dt.date, state: Ground
              ) -> tuple[list[Place], list[Place], list[tuple[Place, dt.date]]]:
        """Where a rate's wave is pulled on ``day``: places ahead, places behind, and of
        those ahead the ones its side is reported to capture, with their dates (the towns
        :meth:`build` reaches by then).

        Ahead: its objectives, and the places its side is reported to capture, to
        advance near or to attack (a ``fighting`` report with its side, or none)
        later in the rate's period that it does not hold yet (the front passes
        them on their dates). Behind: the places its side captured or advanced
        near in the last :data:`~frontline.thresholds.RECENT_CAPTURE_DAYS` days and
        still holds (the fighting is there, and the front moves on from them; not
        from ground it has withdrawn from since). With several rates of the side
        under way in the country, a place pulls only the rate it belongs to
        (:meth:`World.rate_taking`).
        """
        world = self.world
        ahead = list(r.toward)
        behind: list[Place] = []
        captures: list[tuple[Place, dt.date]] = []
        end = world.rate_period(r)[1]
        code = world.sc.rate_country(r)
        recent = day - dt.timedelta(days=RECENT_CAPTURE_DAYS)
        # (by date and id: the order of the scenario's reports changes nothing)
        for c in sorted((c for c in world.sc.reports if c.date and c.kind in PULLING),
                        key=lambda c: (c.date, c.id)):
            if (c.side not in (r.side, "") or c.place is None or c.date is None
                    or world.country_of(c.place) != code):
                continue
            owner = world.rate_taking(r.side, code, day, c.place) if code else None
            if owner is not None and owner.id != r.id:
                continue  # another axis's place
            if day < c.date <= end and not state[r.side].contains(world.point(c.place)):
                ahead.append(c.place)
                if c.kind == "capture" and c.side == r.side:
                    captures.append((c.place, c.date))
            elif (recent <= c.date <= day and c.kind != "fighting"
                  and state[r.side].contains(world.point(c.place))):
                behind.append(c.place)  # (a place the side gave up since moves no front)
        return ahead, behind, captures
