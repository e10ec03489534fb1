"""The timeline: who holds what on each day, and which reports made it so.

A :class:`Timeline` is what :func:`~frontline.model.build_timeline` returns and
what every writer reads: each day's ground per side, the changes of hands with
their causes and reports (:class:`~frontline.model.ledger.Change`), the daily
front lines and the areas per side and country.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import shapely

from frontline.geo.geometry import Lineal, Polygonal, polygonal
from frontline.geo.projection import Projection
from frontline.model.ledger import Change
from frontline.scenario import Report, Scenario

__all__ = ["Change", "Gain", "State", "Timeline", "held_by_basis"]

#: Each side's ground (projected metres) at one moment.
State = dict[str, Polygonal]
#: A change of hands as :func:`held_by_basis` reads it: day, side, from side, basis, ground.
Gain = tuple[dt.date, str, str, str, Polygonal]


def held_by_basis(gains: Iterable[Gain], days: Sequence[dt.date]
                  ) -> list[dict[tuple[str, str], list[Polygonal]]]:
    """At the end of each of ``days`` (in order), (side, basis) -> the pieces of ground the
    side gained on that basis and still holds.

    Every change moves its ground: it leaves whatever basis it had with the side that lost
    it, and takes its own with the side that gained it (the last change of hands decides).
    """
    by_day: dict[dt.date, list[Gain]] = {}
    for g in gains:
        by_day.setdefault(g[0], []).append(g)
    held: dict[tuple[str, str], list[Polygonal]] = {}
    pending = sorted(by_day)
    out = []
    for day in days:
        while pending and pending[0] <= day:
            for _, side, from_side, basis, geom in by_day[pending.pop(0)]:
                for key, pieces in held.items():
                    if key[0] == from_side:  # what it loses, from every basis it held
                        held[key] = [p for piece in pieces
                                     for p in ([piece] if not piece.intersects(geom) else
                                               [polygonal(shapely.difference(piece, geom))])
                                     if not p.is_empty]
                held.setdefault((side, basis), []).append(geom)
        out.append({key: list(pieces) for key, pieces in held.items()})
    return out


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
    tokens : list of str
        For each day, a name for what the model found that day: the same as in the
        last run of the scenario when this run took the day over unchanged (a rebuild:
        :mod:`~frontline.model.resume`), else new. What is made of a day is kept under
        it (:class:`~frontline.model.memo.DayMemo`).
    key : str
        What every day depends on besides the reports
        (:func:`~frontline.model.resume.scenario_key`; "" when built with no cache).
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
    tokens: list[str] = field(default_factory=list, repr=False, compare=False)
    key: str = field(default="", repr=False, compare=False)
    _reports: dict[str, Report] = field(default_factory=dict, repr=False, compare=False)

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

    def basis(self, change: Change) -> str:
        """What a change of hands rests on: ``modelled`` (an advance rate placed it: its
        share, or a pocket its wave closed), ``claimed`` (its reports all say
        ``confirmed: false``) or ``reported``."""
        if not self._reports:
            self._reports.update((r.id, r) for r in self.scenario.reports)
        reports = [self._reports[i] for i in change.report_ids if i in self._reports]
        if change.cause == "advance_rate" or (reports and all(
                r.kind == "advance_rate" for r in reports)):
            return "modelled"
        if reports and not any(r.confirmed for r in reports):
            return "claimed"
        return "reported"

    def basis_areas(self) -> list[dict[tuple[str, str], float]]:
        """For each day, (side, basis) -> km² the side holds at its end that it gained on
        that basis (``reported``, ``claimed``, ``modelled``) since the baseline and still
        holds; the rest of its ground is the baseline's (:func:`held_by_basis`)."""
        pieces = [(c.day, c.side, c.from_side, self.basis(c), c.geom) for c in self.changes]
        return [{key: round(sum(p.area for p in held) / 1e6, 3)
                 for key, held in sorted(state.items())}
                for state in held_by_basis(pieces, self.days)]

    def gained_km2(self, side: str, first: dt.date, last: dt.date, *,
                   cause: str | None = None, country: str | None = None) -> float:
        """Ground a side gained from ``first`` to ``last`` (both included).

        Optionally only for one cause (``'advance_rate'``, ``'capture'``, ...) or
        in one country.
        """
        return sum(c.area_km2 for c in self.changes
                   if c.side == side and first <= c.day <= last and cause in (None, c.cause)
                   and country in (None, c.country))
