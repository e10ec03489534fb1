"""Every change of hands, with its cause and reports, and the notes of a run.

The parts of the model move ground only through :meth:`Ledger.transfer`, so each
change is recorded once, per country, with the reports that caused it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import shapely

from frontline.geo.geometry import Polygonal, polygonal
from frontline.model.ground import Ground
from frontline.thresholds import GRID_M, MIN_CHANGE_M2

__all__ = ["Change", "Ledger"]

#: Told of each country's piece of ground a wave took: (country, side, piece, the
#: country's count of changes before it, the rate whose wave took it).
WaveListener = Callable[[str, str, Polygonal, int, str], None]


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


class Ledger:
    """The changes of a run, the notes, and a count of changes per country.

    Parameters
    ----------
    countries : mapping
        Country code -> its part of the theatre (projected metres).

    Attributes
    ----------
    changes : list of Change
    notes : list of str
        Targets that could not be met, and why; what the model did that a reader
        should know.
    version : dict
        Country code -> how many changes of ground it has seen (a wave built
        before the last one is stale).
    """

    def __init__(self, countries: dict[str, Polygonal]) -> None:
        self.countries = countries
        self.changes: list[Change] = []
        self.notes: list[str] = []
        self.version: dict[str, int] = {}
        #: told when a wave takes ground (:class:`~frontline.model.advance.WaveAdvance`)
        self.on_wave: WaveListener | None = None

    def note(self, text: str) -> None:
        self.notes.append(text)

    def transfer(self, state: Ground, to_side: str, geom: Polygonal, day: dt.date,
                 cause: str, ids: tuple[str, ...], *, record: bool = True,
                 wave: str | None = None) -> float:
        """Move ``geom`` to ``to_side`` from whoever holds it; return the area moved (m²).

        ``wave`` names the rate whose wave took the ground: :attr:`on_wave` is
        told of each country's piece, so the waves of the same side in the same
        country stay current; every other change makes the waves of its
        countries stale (their country's :attr:`version` moves on).
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
                if wave is not None and self.on_wave is not None:
                    self.on_wave(code, to_side, piece, before, wave)
                if record:
                    self.changes.append(Change(day, to_side, from_side, code, piece, cause, ids))
        return moved
