"""The day loop: the baseline, then each day's reports in order, into a timeline.

:func:`build_timeline` follows the model the documentation describes:

1. the theatre (:class:`~frontline.model.world.World`): the scenario's countries
   limited to a region of interest around the baseline and the reports, in a
   LAEA projection centred on it;
2. the baseline: a partition from the labelled settlements
   (:mod:`frontline.model.partition`), or the user's polygons;
3. each day, in this order: captures, withdrawals and encirclements of that day
   (:class:`~frontline.model.events.PlaceEvents`), withdrawals from regions,
   incursions held to the reported area
   (:class:`~frontline.model.incursions.Incursions`), and advance rates (their
   daily share, by the :class:`~frontline.model.advance.AdvanceModel`);
4. each day's front line and each side's whole ground, found on a second thread
   from a snapshot of the day's tiles while the model goes on.

Every change of ground is recorded by the :class:`~frontline.model.ledger.Ledger`
with its cause and report ids; areas are kept per side and country.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

import shapely

from frontline.errors import Problem, ScenarioError
from frontline.geo.geocode import Gazetteer
from frontline.geo.geometry import (
    Lineal,
    Polygonal,
    absorb_slivers,
    difference,
    intersection,
    polygonal,
    union,
    union_all,
)
from frontline.model.advance import AdvanceFactory, WaveAdvance
from frontline.model.events import PlaceEvents
from frontline.model.front import areas, front_line
from frontline.model.ground import Ground, TileEdges, wholes_of
from frontline.model.incursions import Incursions
from frontline.model.ledger import Change, Ledger
from frontline.model.partition import Label, partition
from frontline.model.resume import (
    Checkpoint,
    ModelCache,
    Record,
    checkpoint_days,
    fingerprints,
    first_reached,
    new_run,
    scenario_key,
)
from frontline.model.timeline import State, Timeline
from frontline.model.world import World, others_ground
from frontline.scenario import FRONT_KINDS, Scenario
from frontline.thresholds import GRID_M, GROUND_TILE_M, SLIVER_AREA_M2, SLIVER_WIDTH_M

__all__ = ["build_timeline", "check_targets"]

T = TypeVar("T")

#: Called with a message and the fraction done.
Progress = Callable[[str, float], None]


def baseline(world: World, ledger: Ledger) -> State:
    """Each side's ground before the first day: the scenario's polygons (what they leave
    of a country goes to its home side), or the partition of its labelled settlements."""
    sc, proj, countries = world.sc, world.proj, world.countries
    home = {c: sc.home_side(c) for c in countries}
    if sc.polygons:
        state: State = {}
        taken: Polygonal = shapely.Polygon()
        for side in sorted(sc.polygons):
            # valid in degrees is not always valid once projected and on the grid
            projected = shapely.set_precision(
                shapely.make_valid(proj.to_proj(sc.polygons[side])), GRID_M)
            geom = intersection(polygonal(projected), union_all(list(countries.values())))
            geom = difference(geom, taken)
            state[side] = geom
            taken = union(taken, geom)
        for code, geom in countries.items():
            rest = difference(geom, taken)
            holder = home.get(code)
            if holder and not rest.is_empty:
                state[holder] = union(state.get(holder, shapely.Polygon()), rest)
        state, moved = absorb_slivers(state, max_area_m2=SLIVER_AREA_M2,
                                      max_width_m=SLIVER_WIDTH_M)
        if moved:
            ledger.note(
                f"baseline: {len(moved)} sliver(s) where the polygons and the borders "
                f"disagree ({sum(a for *_, a in moved) / 1e6:,.2f} km² in all) given to "
                "the side around them")
    else:
        labels: dict[str, list[Label]] = defaultdict(list)
        for s in sc.settlements:
            x, y = proj.point(s.place.lon, s.place.lat)
            where = world.country_of(s.place)
            if where is not None:
                labels[where].append(Label(x, y, s.side))
        state = partition(countries, labels, home)
    for declared in sc.sides:
        state.setdefault(declared.id, shapely.Polygon())
    return state


def target_problems(world: World, state: State | Ground) -> list[Problem]:
    """Rates that want more ground than the other sides hold in their country at the start."""
    sc = world.sc
    problems = []
    total: dict[tuple[str, str], float] = defaultdict(float)
    for r in sorted((r for r in sc.reports if r.kind == "advance_rate"),
                    key=lambda r: (r.start or dt.date.min, r.id)):
        country = sc.rate_country(r)
        if not r.rate_km2_per_day or country not in world.countries or country is None:
            continue
        days = sum(1 for d in sc.days if r.start and r.end and r.start <= d <= r.end)
        area = r.rate_km2_per_day * days
        total[(r.side, country)] += area
        held = others_ground(state, r.side)
        available = intersection(held, world.countries[country]).area / 1e6
        if total[(r.side, country)] > available:
            before = total[(r.side, country)] - area
            also = f" (with {before:,.0f} km² of earlier rates)" if before > 0 else ""
            problems.append(sc.problem(
                r, "area_km2" if r.area_km2 is not None else "rate_km2_per_day",
                f"{r.rate_km2_per_day:,.0f} km²/day over {days} days of the period is "
                f"{area:,.0f} km²{also}, more than the {available:,.0f} km² of {country} "
                f"that {', '.join(sc.other_sides(r.side))} hold at the start"))
    return problems


class Engine:
    """One run of the model over a scenario: the collaborators, and the day loop."""

    def __init__(self, scenario: Scenario, progress: Progress, advance: AdvanceFactory,
                 gazetteer: Gazetteer | None = None, cache: ModelCache | None = None) -> None:
        self.sc, self.progress, self.factory = scenario, progress, advance
        self.gazetteer = gazetteer
        self.cache = cache
        self.key = ""
        #: what of each report the model reads (:func:`~frontline.model.resume.fingerprints`)
        self.prints: dict[str, str] = {}
        #: this run's checkpoints: day index -> file
        self.kept: dict[int, str] = {}
        self.run_id = new_run()
        #: the last run's names of its days, and how many of them this run finds again
        self.old_tokens: list[str] = []
        self.same_until = 0

    def run(self) -> Timeline:
        self.progress("theatre", 0.0)
        self.world = World(self.sc, self.gazetteer)
        self._reports()
        # a second thread takes half the tiles of each change of hands (Ground.move) and of
        # the overlays and distances of a new wave; another each day's front and whole
        # ground (below)
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ground")
        self.world.pool = pool
        try:
            if self.cache is not None:
                self.cache.begin()
                self.key = scenario_key(self.sc, self.world, self.factory)
                self.prints = fingerprints(self.sc)
                resumed = self._resume(pool)
                if resumed is not None:
                    state, tl, first = resumed
                    return self._finish(state, tl, first)
            self.ledger = Ledger(self.world.countries)
            self.progress("baseline partition", 0.05)
            return self._run(Ground(baseline(self.world, self.ledger), tile_m=GROUND_TILE_M,
                                    pool=pool))
        finally:
            pool.shutdown()
            self.world.pool = None
            if self.cache is not None:
                self.cache.close()

    def _reports(self) -> None:
        sc = self.sc
        dated = [r for r in sc.reports if r.date is not None]
        #: the reports about a place, and the withdrawals from regions, by date and id
        self.place_reports = sorted(
            (r for r in dated if (r.kind in ("capture", "withdrawal") or r.encircled)
             and r.place is not None), key=lambda r: (r.date, r.id))
        self.pullouts = sorted((r for r in dated if r.kind == "withdrawal"
                                and r.region is not None), key=lambda r: (r.date, r.id))
        #: advances near places and fighting there (no ground of their own)
        self.front_reports = sorted((r for r in dated if r.kind in FRONT_KINDS
                                     and r.place is not None), key=lambda r: (r.date, r.id))
        self.rates = sorted((r for r in sc.reports if r.kind == "advance_rate"),
                            key=lambda r: (r.start, r.id))

    def _run(self, state: Ground) -> Timeline:
        sc, world, ledger = self.sc, self.world, self.ledger
        problems = target_problems(world, state)
        if problems:
            raise ScenarioError(str(sc.path), problems)
        self.incursions = Incursions(world, ledger)
        self.advance = self.factory(world, ledger)
        self.events = PlaceEvents(world, ledger, self.advance, self.incursions)
        # the state at the start: reports up to the start are part of the baseline
        self._reports_of(state, lambda when: when <= sc.start, record=False)
        self.incursions.hold_all(state, sc.start, record=False)
        tl = Timeline(sc, world.proj, world.countries, baseline=state.wholes(), key=self.key)
        tl.baseline_areas = areas(state, world.countries)
        return self._finish(state, tl, 0)

    def _finish(self, state: Ground, tl: Timeline, first: int) -> Timeline:
        """The days from index ``first`` on into ``tl``; the run kept for the next."""
        self._days(state, tl, first)
        tl.changes = self.ledger.changes
        tl.notes = self.ledger.notes
        if self.cache is not None:
            self.cache.save(Record(
                self.key, {r.id: (self.prints[r.id], r) for r in self.sc.reports},
                self.sc.start, list(tl.days), list(tl.control), list(tl.fronts),
                list(tl.areas), tl.baseline, tl.baseline_areas, list(tl.changes),
                dict(self.kept), list(tl.tokens)))
        return tl

    def _resume(self, pool: ThreadPoolExecutor) -> tuple[Ground, Timeline, int] | None:
        """The state at the last checkpoint before the first day a change of the
        scenario reaches, and the timeline of the days before it (None: build cold)."""
        assert self.cache is not None
        sc, world = self.sc, self.world
        rec = self.cache.record(self.key)
        if rec is None or rec.start != sc.start:
            return None
        reached = first_reached(rec.reports, sc, self.prints)
        if reached <= sc.start:
            return None
        limit = min((reached - sc.start).days, len(sc.days), len(rec.days))
        usable = [i for i in rec.checkpoints if i <= limit]
        if not usable:
            return None
        first = max(usable)
        cp = self.cache.checkpoint(rec, rec.checkpoints[first], world, pool)
        if cp is None:
            return None
        problems = target_problems(world, rec.baseline)
        if problems:
            raise ScenarioError(str(sc.path), problems)
        self.ledger, self.advance, self.events = cp.ledger, cp.advance, cp.events
        self.incursions = cp.incursions
        self.kept = {i: name for i, name in rec.checkpoints.items() if i <= first}
        # (the days before the first a change reaches are the record's, modelled again or not)
        self.old_tokens, self.same_until = rec.tokens, limit
        tl = Timeline(sc, world.proj, world.countries, baseline=rec.baseline, key=self.key)
        tl.baseline_areas = rec.baseline_areas
        tl.days, tl.control = rec.days[:first], rec.control[:first]
        tl.fronts, tl.areas = rec.fronts[:first], rec.areas[:first]
        tl.tokens = rec.tokens[:first]
        self.cache.resumed, self.cache.reused = sc.days[first] if first < len(sc.days) \
            else sc.end + dt.timedelta(days=1), first
        self.progress(f"resumed at day {first + 1} of {len(sc.days)}", 0.1)
        return cp.state, tl, first

    def _keep(self, n: int, state: Ground) -> None:
        """A checkpoint at the start of day index ``n`` (unless one is kept there)."""
        if self.cache is None or n in self.kept:
            return
        name = self.cache.dump(self.key, self.run_id, n, Checkpoint(
            state, self.ledger, self.advance, self.events, self.incursions), self.world)
        if name:
            self.kept[n] = name

    def _reports_of(self, state: Ground, when: Callable[[dt.date], bool], *,
                    record: bool = True) -> None:
        """The place events, then the withdrawals from regions, dated ``when`` allows."""
        for r in self.place_reports:
            assert r.date is not None and r.place is not None
            if when(r.date):
                self.events.place_event(state, r, r.place, r.date, record=record)
        for r in self.pullouts:
            assert r.date is not None
            if when(r.date):
                self.events.region_withdrawal(state, r, r.date, record=record)
        for r in self.front_reports if record else ():
            assert r.date is not None
            if when(r.date):
                self.events.front_report(state, r, r.date)

    def _day(self, state: Ground, day: dt.date) -> None:
        """One day: its reports and its incursions (after the start: those of the first
        day are the baseline's), and its rates' shares."""
        if day > self.sc.start:
            self._reports_of(state, lambda when: when == day)
            self.incursions.hold_all(state, day)
        for r in self.rates:
            if r.start and r.end and r.start <= day <= r.end:
                self.advance.advance(state, r, day)

    def _days(self, state: Ground, tl: Timeline, first: int = 0) -> None:
        """Every day of the period from index ``first`` on into ``tl``: its ground, front
        and areas (``tl`` holds the days before it).

        Each day's front and each side's whole ground are found on a second thread
        (GEOS lets go of the GIL) from a snapshot of the day's tiles, in order, while
        the model goes on with the next day.
        """
        sc, world, ledger = self.sc, self.world, self.ledger
        by_area = dict(tl.areas[first - 1] if first else tl.baseline_areas)
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="front")
        edges = TileEdges()  # (used by that thread alone)
        last = tl.fronts[first - 1] if first else None
        front: Future[Lineal] | None = _done(last) if last is not None else None
        changed = not first  # (each day's front is found at its end)
        fronts: list[Future[Lineal] | None] = [_done(f) if f is not None else None
                                               for f in tl.fronts]
        control: list[Future[dict[str, Polygonal]]] = [_done(c) for c in tl.control]
        whole: Future[dict[str, Polygonal]] | None = _done(tl.control[first - 1]) \
            if first else None
        moved = state.moves
        keep_at = set(checkpoint_days(len(sc.days))) if self.cache is not None else set()
        try:
            for n, day in enumerate(sc.days):
                if n < first:
                    continue
                if n in keep_at:
                    self._keep(n, state)
                before = len(ledger.changes)
                self._day(state, day)
                new = ledger.changes[before:]
                _tally(by_area, new)
                changed = changed or bool(new)
                snapshot = state.snapshot()
                if changed:
                    front, changed = pool.submit(front_line, snapshot, edges,
                                                 world.borders), False
                if whole is None or state.moves != moved:  # (else as the day before)
                    whole, moved = pool.submit(wholes_of, snapshot), state.moves
                tl.days.append(day)
                tl.tokens.append(self.old_tokens[n] if n < min(self.same_until,
                                                               len(self.old_tokens))
                                 else f"{self.run_id}/{n}")
                control.append(whole)
                fronts.append(front)
                tl.areas.append(dict(by_area))
                self.progress(f"day {day}", 0.1 + 0.85 * (n + 1) / len(sc.days))
            if len(sc.days) in keep_at:
                self._keep(len(sc.days), state)
            tl.fronts = [f.result() if f is not None else None for f in fronts]
            tl.control = [c.result() for c in control]
        finally:
            pool.shutdown(cancel_futures=True)


def _done(value: T) -> Future[T]:
    """A future that holds ``value`` (a day taken from the record)."""
    future: Future[T] = Future()
    future.set_result(value)
    return future


def _tally(by_area: dict[tuple[str, str], float], changes: list[Change]) -> None:
    """Add the day's changes to each (side, country)'s area."""
    for c in changes:
        by_area[(c.side, c.country)] = by_area.get((c.side, c.country), 0.0) + c.area_km2
        by_area[(c.from_side, c.country)] = by_area.get((c.from_side, c.country), 0.0) \
            - c.area_km2


def build_timeline(scenario: Scenario, /, *, progress: Progress | None = None,
                   advance: AdvanceFactory = WaveAdvance,
                   gazetteer: Gazetteer | None = None,
                   cache: ModelCache | None = None) -> Timeline:
    """Model the scenario day by day.

    Parameters
    ----------
    scenario : Scenario
        From :func:`frontline.scenario.load_scenario`.
    progress : callable, optional
        Called with a message and the fraction done.
    advance : callable, default WaveAdvance
        Makes the model of advance rates from the run's world and ledger
        (:class:`~frontline.model.advance.AdvanceModel`).
    gazetteer : Gazetteer, optional
        Where the wave finds the towns it slows at (the default one if not given).
    cache : ModelCache, optional
        Where runs are kept: the model starts again from the last checkpoint
        before the first day a change of the scenario reaches
        (:mod:`~frontline.model.resume`), with the same result as from the start.

    Returns
    -------
    Timeline
    """
    return Engine(scenario, progress or (lambda message, fraction: None), advance,
                  gazetteer, cache).run()


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
    world = World(scenario)
    problems = target_problems(world, baseline(world, Ledger(world.countries)))
    if problems:
        raise ScenarioError(str(scenario.path), problems)

