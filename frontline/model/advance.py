"""Advance rates: a reported R km²/day over a period becomes R x days of ground.

How a rate grows ground is an object (:class:`AdvanceModel`): the model's own is
:class:`WaveAdvance`, the whole active front advancing as a wave
(:mod:`frontline.model.wave`, built by :mod:`frontline.model.wave_setup`), its
share of each day taken as the wave's next isochrones. Another model (the
benchmarks keep the retired buffer model as a peer) is passed to
:func:`~frontline.model.build_timeline` as a factory.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable
from typing import Protocol

import shapely

from frontline.geo.geometry import Geometry, Polygonal, union_all
from frontline.geo.places import Place
from frontline.model.ground import Ground
from frontline.model.ledger import Ledger
from frontline.model.pockets import pockets
from frontline.model.wave import Wave
from frontline.model.wave_setup import WaveSetup
from frontline.model.world import World
from frontline.scenario import Report
from frontline.thresholds import (
    ENCIRCLED_MAX_M2,
    ENCIRCLED_NOTE_M2,
    MIN_CHANGE_M2,
    RATE_TOLERANCE,
    WAVE_DEPTH_M,
    WAVE_MAX_DEPTH_M,
    WAVE_MIN_CELL_M,
    WAVE_SHARE_CELLS,
    WAVE_TRIES,
)

__all__ = ["AdvanceFactory", "AdvanceModel", "WaveAdvance"]


class AdvanceModel(Protocol):
    """How advance rates grow ground, one rate and one day at a time.

    Attributes
    ----------
    salients : bool
        Whether a captured place is reached by a salient of the front (else it
        is its footprint joined to the side's ground by a corridor).
    """

    salients: bool

    def advance(self, state: Ground, r: Report, day: dt.date) -> None:
        """Take the day's share of rate ``r`` (through the ledger)."""

    def count_toward_rate(self, r: Report, side: str, code: str, place: Place,
                          day: dt.date, moved_m2: float) -> None:
        """Ground a report about ``place`` gave ``side`` (a capture, an encirclement)."""


#: Makes a run's advance model from its world and ledger.
AdvanceFactory = Callable[[World, Ledger], AdvanceModel]


class WaveAdvance:
    """The day's share of each rate, taken as the next isochrones of its wave.

    A rate's wave is kept from day to day while nothing else changes its
    country's ground (its stamp is the country's :attr:`Ledger.version`); a
    capture, an incursion or another side's advance there makes it stale, and
    the next day's share builds it anew from the front as it stands.

    Parameters
    ----------
    world : World
    ledger : Ledger
    """

    salients = True

    def __init__(self, world: World, ledger: Ledger) -> None:
        self.world, self.ledger = world, ledger
        self.setup = WaveSetup(world)
        self.waves: dict[str, tuple[Wave, str, str]] = {}  # rate -> wave, country, side
        self.stamp: dict[str, int] = {}
        #: the last day of each rate with a wave (after it, its wave is let go)
        self.last_day: dict[str, dt.date] = {}
        #: what each rate has taken so far (m²), its captures' ground included
        self.taken_m2: dict[str, float] = defaultdict(float)
        #: the ground each rate's wave was kept out of (World.protected, as WKB)
        self.guarded: dict[str, bytes] = {}
        #: (rate, place id) of the towns noted as beyond a rate's reach by their dates
        self.noted: set[tuple[str, int]] = set()
        self._edges: dict[str, Geometry] = {}
        ledger.on_wave = self._took

    def _took(self, code: str, side: str, piece: Polygonal, before: int, wave: str) -> None:
        """A wave took ``piece``: the waves of the same side in the same country that were
        current stay current, less that piece (which the others then do not reach)."""
        for rid, (other, wave_code, wave_side) in self.waves.items():
            if (wave_code, wave_side) == (code, side) and self.stamp.get(rid) == before:
                self.stamp[rid] = before + 1
                if rid != wave and other.window.intersects(piece):
                    # (or it would reach ground its side already holds, and count it
                    # toward its share)
                    other.exclude(piece)

    def count_toward_rate(self, r: Report, side: str, code: str, place: Place, day: dt.date,
                          moved_m2: float) -> None:
        """Ground a report about ``place`` gave ``side`` is part of what its advance rate
        under way in that country reports: the rate's wave takes that much less."""
        rate = self.world.rate_taking(side, code, day, place)
        if rate is None:
            return
        first, last = self.world.rate_period(rate)
        total = float(rate.rate_km2_per_day or 0.0) * 1e6 * ((last - first).days + 1)
        left = total - self.taken_m2[rate.id]
        self.taken_m2[rate.id] += moved_m2
        if moved_m2 > left + MIN_CHANGE_M2:
            self.ledger.note(f"{day}: {r.id}: {place.name}'s ground ({moved_m2 / 1e6:,.1f} "
                             f"km²) is more than was left of {rate.id} "
                             f"({max(left, 0.0) / 1e6:,.1f} km²)")

    def advance(self, state: Ground, r: Report, day: dt.date) -> None:
        """The day's share of a rate, taken as the next isochrones of its wave.

        The share is what the rate has wanted since its first day in the
        period, less what its wave took so far: any shortfall of one day is
        made up the next, so the rate's total is met.
        """
        world = self.world
        self._retire(day)
        rate = float(r.rate_km2_per_day or 0.0)
        code = world.sc.rate_country(r)
        if rate <= 0 or r.start is None:
            return
        if code is None or code not in world.countries:
            self.ledger.note(f"{day}: {r.id}: no country to advance in")
            return
        first = world.rate_period(r)[0]
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
            wave, depth = self._current(state, r, day, code, depth, cell, target)
            if wave is None:
                break
            reached, _ = wave.advance(target, tolerance=slack / target)
            moved = self.ledger.transfer(state, r.side, reached, day, "advance_rate", (r.id,),
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
                self._short(day, r, target)

    def _retire(self, day: dt.date) -> None:
        """Let go of the waves of rates that ended before ``day`` (no day asks for them
        again; they would be kept, and told of every other wave's ground, for nothing)."""
        for rid in [rid for rid, last in self.last_day.items() if last < day]:
            del self.waves[rid], self.last_day[rid]
            self.stamp.pop(rid, None)
            self.guarded.pop(rid, None)

    def _current(self, state: Ground, r: Report, day: dt.date, code: str, depth: float,
                 cell: float, target: float) -> tuple[Wave | None, float]:
        """The rate's wave and the depth it was built to: the one kept, while current and
        not run out; else a new one from today's front (one that ran out reaches three
        times as far); None when nothing it may take can be reached."""
        cached = self.waves.get(r.id)
        if (cached is not None and self.stamp.get(r.id) == self.ledger.version.get(code, 0)
                and not cached[0].exhausted):
            self._guard(cached[0], r, day)
            return cached[0], depth
        if cached is not None and cached[0].exhausted:
            if cached[0].depth_m >= WAVE_MAX_DEPTH_M and cached[0].reach.size == 0:
                # nothing it may take can be reached (behind a barrier, over the sea)
                self._short(day, r, target)
                return None, depth
            depth = min(max(depth, 3 * cached[0].depth_m), WAVE_MAX_DEPTH_M)
        wave = self.setup.build(state, r, day, code, depth, cell, target)
        for place, date in self.setup.short:
            if (r.id, place.id) not in self.noted:
                self.noted.add((r.id, place.id))
                self.ledger.note(f"{day}: {r.id}: {place.name}, whose capture is reported for "
                                 f"{date}, lies beyond what the rate's area reaches by then "
                                 "(the front is drawn short of it until that day)")
        self.waves[r.id] = (wave, code, r.side)
        self.last_day[r.id] = self.world.rate_period(r)[1]
        self.stamp[r.id] = self.ledger.version.get(code, 0)
        self.guarded[r.id] = shapely.to_wkb(self.world.protected(r.side, day))
        return wave, depth

    def _guard(self, wave: Wave, r: Report, day: dt.date) -> None:
        """Keep a kept wave out of the places its side may not take from ``day`` on (a
        capture reported in the next days: the wave was made before they were known)."""
        protected = self.world.protected(r.side, day)
        key = shapely.to_wkb(protected)
        if self.guarded.get(r.id) != key:
            self.guarded[r.id] = key
            if not protected.is_empty:
                wave.exclude(protected)

    def _short(self, day: dt.date, r: Report, target: float) -> None:
        self.ledger.note(f"{day}: {r.id}: {target / 1e6:,.2f} km² of the day's share "
                         "could not be reached")

    def encircled(self, state: Ground, r: Report, day: dt.date, code: str,
                  budget_m2: float) -> float:
        """Pockets the rate's wave has closed in change hands (:mod:`~frontline.model.pockets`);
        return the area taken (m²).

        The pockets are ground the rate took, so they count toward its area: the
        smallest are taken first, as many as the day's share allows.
        """
        cached = self.waves.get(r.id)
        if cached is None:
            return 0.0
        wave = cached[0]
        world = self.world
        if code not in self._edges:
            self._edges[code] = world.countries[code].boundary
            shapely.prepare(self._edges[code])
        found = pockets(state, r.side, world.sc.other_sides(r.side), wave.window,
                        self._edges[code], world.protected(r.side, day),
                        min(ENCIRCLED_MAX_M2, budget_m2))
        kept: list[Polygonal] = []
        total = 0.0
        for pocket in sorted(found, key=lambda p: p.area):
            total += pocket.area
            if total > budget_m2:
                break
            kept.append(pocket)
        if not kept:
            return 0.0
        taken = union_all(kept)
        moved = self.ledger.transfer(state, r.side, taken, day, "encircled", (r.id,), wave=r.id)
        wave.exclude(taken)
        big = [p for p in kept if p.area >= ENCIRCLED_NOTE_M2]
        if big:
            self.ledger.note(
                f"{day}: {r.id}: {len(big)} pocket(s) of "
                f"{sum(p.area for p in big) / 1e6:,.1f} km² closed in by {r.side}'s advance "
                "were taken")
        return moved
