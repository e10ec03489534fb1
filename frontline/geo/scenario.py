"""Scenario files: the theatre, the period, the sides, the baseline and the reports.

A scenario is a YAML file (see the README for the format and
``frontline/data/autumn_2024.yaml`` for a full example). :func:`load_scenario`
reads it, checks every field, resolves every place with the gazetteer and
returns a :class:`Scenario`; if anything is wrong it raises one
:class:`~frontline.errors.ScenarioError` listing *every* problem with its file,
line and field. Warnings (a capture of a place the side already holds, a
baseline file that had to be reprojected or repaired) are kept in
``Scenario.warnings``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from frontline.errors import (
    AmbiguousPlace,
    InputFileError,
    Problem,
    ScenarioError,
    UnknownCountry,
    UnknownPlace,
    UnknownRegion,
)
from frontline.geo.geocode import Gazetteer
from frontline.geo.places import Place, Region, haversine_km

__all__ = [
    "REPORT_KINDS",
    "BaselineSettlement",
    "Evidence",
    "Report",
    "Scenario",
    "Side",
    "Source",
    "load_scenario",
]

ReportKind = Literal["capture", "withdrawal", "advance_rate", "area_held", "deployment"]
REPORT_KINDS: tuple[str, ...] = ("capture", "withdrawal", "advance_rate", "area_held",
                                 "deployment")
FRONT_PAIR_KM = 40.0  # labelled settlements of different sides closer than this face each other
FAR_FROM_FRONT_KM = 50.0  # a loose match this far from the front deserves a warning


@dataclass(frozen=True)
class Source:
    """Where a report comes from."""

    title: str
    publisher: str = ""
    published: dt.date | None = None
    url: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "publisher": self.publisher,
                "published": self.published.isoformat() if self.published else None,
                "url": self.url}


@dataclass(frozen=True)
class Evidence:
    """The words a report was taken from (``frontline extract`` writes it).

    Attributes
    ----------
    article : str
        The article's id.
    start, end : int or None
        Character span of the sentence in the article's text.
    sentence : str
    confidence : float or None
        0 to 1, as the extractor scored it.
    """

    article: str = ""
    start: int | None = None
    end: int | None = None
    sentence: str = ""
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"evidence_article": self.article or None, "evidence_start": self.start,
                "evidence_end": self.end, "evidence_sentence": self.sentence or None,
                "confidence": self.confidence}


@dataclass(frozen=True)
class Side:
    """A party to the war: ``id`` is used in reports (e.g. ``RU``)."""

    id: str
    name: str
    colour: str
    country: str | None = None


@dataclass(frozen=True)
class BaselineSettlement:
    """A settlement of the baseline table with the side holding it."""

    name: str
    side: str
    place: Place
    oblast: str = ""
    line: int = 0


@dataclass(frozen=True)
class Report:
    """One dated claim, with its source and its resolved places.

    Attributes
    ----------
    id, kind, side : str
    date : date or None
        For ``capture``, ``withdrawal``, ``area_held``, ``deployment``.
    start, end : date or None
        For ``advance_rate``: the days it covers, both included.
    place : Place or None
        The captured or abandoned settlement; for ``area_held`` the origin.
    place_name : str
        The place as the report wrote it.
    rate_km2_per_day, area_km2 : float or None
    toward : tuple of Place
        Objectives of an advance.
    region : Region or None
        For ``area_held`` and ``deployment``.
    country : str or None
        For ``advance_rate``: the country whose ground is taken (by default
        that of the objectives, else of the other side).
    force, count : for ``deployment``.
    source : Source
    line : int
        Line of the report in the scenario file.
    """

    id: str
    kind: ReportKind
    side: str
    source: Source
    date: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    place: Place | None = None
    place_name: str = ""
    rate_km2_per_day: float | None = None
    area_km2: float | None = None
    toward: tuple[Place, ...] = ()
    toward_names: tuple[str, ...] = ()
    region: Region | None = None
    country: str | None = None
    force: str = ""
    count: int | None = None
    line: int = 0
    evidence: Evidence | None = None

    @property
    def days(self) -> int:
        """Days an ``advance_rate`` covers (0 for other kinds)."""
        if self.start and self.end:
            return (self.end - self.start).days + 1
        return 0

    @property
    def first_day(self) -> dt.date:
        """The report's date, or the first day of its interval."""
        return self.date or self.start or dt.date.min

    def to_dict(self) -> dict[str, Any]:
        """Plain data (for the ``reports`` layer and JSON)."""
        return {
            "id": self.id, "kind": self.kind, "side": self.side,
            "date": (self.date or self.start).isoformat() if (self.date or self.start) else None,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "place": self.place.name if self.place else None,
            "place_as_reported": self.place_name or None,
            "rate_km2_per_day": self.rate_km2_per_day, "area_km2": self.area_km2,
            "toward": ", ".join(p.name for p in self.toward) or None,
            "region": self.region.name if self.region else None,
            "country": self.country,
            "force": self.force or None, "count": self.count,
            **{f"source_{k}": v for k, v in self.source.to_dict().items()},
            **(self.evidence or Evidence()).to_dict(),
        }


@dataclass
class Scenario:
    """A loaded, checked scenario with every place resolved."""

    path: Path
    name: str
    countries: tuple[str, ...]
    start: dt.date
    end: dt.date
    sides: tuple[Side, ...]
    baseline_date: dt.date
    settlements: tuple[BaselineSettlement, ...] = ()
    polygons: dict[str, Any] = field(default_factory=dict)
    reports: tuple[Report, ...] = ()
    borders: Path | None = None
    margin_km: float = 100.0
    open_borders: tuple[tuple[str, str], ...] = ()
    content_hash: str = ""
    warnings: list[Problem] = field(default_factory=list)

    @property
    def days(self) -> list[dt.date]:
        """Every day of the period, first to last."""
        return [self.start + dt.timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    def side(self, side_id: str) -> Side:
        return next(s for s in self.sides if s.id == side_id)

    def home_side(self, country: str) -> str | None:
        """The side whose own country this is (RU for Russia), if any."""
        return next((s.id for s in self.sides if s.country == country), None)

    def front_points(self) -> list[tuple[float, float]]:
        """Midpoints between labelled settlements of different sides that face each other.

        A cheap stand-in for the front line (used to prefer front-line villages
        over namesakes far away when resolving the reports' places).
        """
        labelled = [(s.place.lat, s.place.lon, s.side) for s in self.settlements]
        points = []
        for lat, lon, side in labelled:
            best = None
            for lat2, lon2, side2 in labelled:
                if side2 != side:
                    d = haversine_km(lat, lon, lat2, lon2)
                    if d < FRONT_PAIR_KM and (best is None or d < best[0]):
                        best = (d, lat2, lon2)
            if best:
                points.append(((lat + best[1]) / 2, (lon + best[2]) / 2))
        return sorted(set(points))


# -- YAML with line numbers ----------------------------------------------------------
def _compose(text: str, path: str) -> tuple[Any, dict[tuple[Any, ...], int]]:
    import yaml

    lines: dict[tuple[Any, ...], int] = {}
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, lines

        def convert(n: Any, where: tuple[Any, ...]) -> Any:
            lines[where] = n.start_mark.line + 1
            if isinstance(n, yaml.MappingNode):
                out = {}
                for key_node, value_node in n.value:
                    key = loader.construct_object(key_node, deep=True)
                    out[key] = convert(value_node, (*where, key))
                return out
            if isinstance(n, yaml.SequenceNode):
                return [convert(v, (*where, i)) for i, v in enumerate(n.value)]
            try:
                return loader.construct_object(n, deep=True)
            except ValueError:  # e.g. a timestamp such as 2024-09-31: checked as text later
                return n.value

        return convert(node, ()), lines
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ScenarioError(path, [Problem(path, line, "", f"not valid YAML: "
                                           f"{getattr(exc, 'problem', exc)}")]) from exc
    finally:
        loader.dispose()


class _Checker:
    """Collects problems with their lines while reading the parsed YAML."""

    def __init__(self, path: str, lines: dict[tuple[Any, ...], int]) -> None:
        self.path, self.lines = path, lines
        self.problems: list[Problem] = []

    def line(self, where: tuple[Any, ...]) -> int | None:
        while where and where not in self.lines:
            where = where[:-1]
        return self.lines.get(where)

    @staticmethod
    def name(where: tuple[Any, ...]) -> str:
        out = ""
        for part in where:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
        return out

    def error(self, where: tuple[Any, ...], message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.path, self.line(where), self.name(where), message,
                                     severity))

    def warn(self, where: tuple[Any, ...], message: str) -> None:
        self.error(where, message, "warning")

    def get(self, data: Any, where: tuple[Any, ...], key: str, *, required: bool = True) -> Any:
        if not isinstance(data, dict):
            return None
        if key not in data or data[key] is None:
            if required:
                self.error((*where, key), "missing")
            return None
        return data[key]

    def text(self, data: Any, where: tuple[Any, ...], key: str, *, required: bool = True) -> str:
        value = self.get(data, where, key, required=required)
        if value is None:
            return ""
        if isinstance(value, dict | list):
            self.error((*where, key), "must be text")
            return ""
        return str(value).strip()

    def date(self, data: Any, where: tuple[Any, ...], key: str, *,
             required: bool = True) -> dt.date | None:
        value = self.get(data, where, key, required=required)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.error((*where, key), f"'{value}' is not a date (write YYYY-MM-DD)")
            return None

    def country(self, data: Any, where: tuple[Any, ...], key: str,
                gaz: Gazetteer) -> str | None:
        """An optional country field, as an ISO code."""
        text = self.text(data, where, key, required=False)
        if not text:
            return None
        try:
            return gaz.country(text)
        except UnknownCountry as exc:
            self.error((*where, key), str(exc))
            return None

    def number(self, data: Any, where: tuple[Any, ...], key: str, *,
               required: bool = True) -> float | None:
        value = self.get(data, where, key, required=required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            try:
                value = float(str(value).replace(",", ""))
            except ValueError:
                self.error((*where, key), f"'{value}' is not a number")
                return None
        if not math.isfinite(value):
            self.error((*where, key), f"{value} is not a finite number")
            return None
        return float(value)


def _hash(text: str, extra: Sequence[bytes]) -> str:
    digest = hashlib.sha256(text.encode("utf-8"))
    for blob in extra:
        digest.update(blob)
    return digest.hexdigest()


def load_scenario(path: str | Path, /, *, gazetteer: Gazetteer | None = None) -> Scenario:
    """Read, check and resolve a scenario file.

    Parameters
    ----------
    path : path-like
        The YAML file.
    gazetteer : Gazetteer, optional
        For resolving places; the default one if not given.

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        Listing every problem found, each with file, line and field.
    """
    src = Path(path)
    name = str(src)
    try:
        text = src.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(name, [Problem(name, None, "", f"cannot read: {exc}")]) from exc
    data, lines = _compose(text, name)
    chk = _Checker(name, lines)
    if not isinstance(data, dict):
        raise ScenarioError(name, [Problem(name, 1, "", "a scenario is a YAML mapping "
                                           "(name:, theatre:, period:, sides:, baseline:, "
                                           "reports:)")])
    gaz = gazetteer or Gazetteer.default()
    extra_blobs: list[bytes] = []

    title = chk.text(data, (), "name")
    theatre = chk.get(data, (), "theatre") or {}
    countries: list[str] = []
    raw_countries = chk.get(theatre, ("theatre",), "countries")
    if raw_countries is not None and not isinstance(raw_countries, list):
        chk.error(("theatre", "countries"), "must be a list such as [UA, RU]")
    for i, c in enumerate(raw_countries if isinstance(raw_countries, list) else []):
        try:
            countries.append(gaz.country(str(c)))
        except UnknownCountry as exc:
            chk.error(("theatre", "countries", i), str(exc))
    borders_text = chk.text(theatre, ("theatre",), "borders", required=False)
    borders = (src.parent / borders_text) if borders_text else None
    if borders is not None and not borders.exists():
        chk.error(("theatre", "borders"), f"file not found: {borders}")
    margin = chk.number(theatre, ("theatre",), "margin_km", required=False)
    open_borders: list[tuple[str, str]] = []
    for i, pair in enumerate(chk.get(theatre, ("theatre",), "open_borders", required=False)
                             or []):
        if isinstance(pair, list) and len(pair) == 2:
            open_borders.append((str(pair[0]), str(pair[1])))
        else:
            chk.error(("theatre", "open_borders", i), "must be a pair such as [UA, RU]")

    period = chk.get(data, (), "period") or {}
    start = chk.date(period, ("period",), "start")
    end = chk.date(period, ("period",), "end")
    if start and end and end < start:
        chk.error(("period", "end"), f"{end} is before the start {start}")

    sides: list[Side] = []
    raw_sides = chk.get(data, (), "sides")
    if raw_sides is not None and (not isinstance(raw_sides, list) or len(raw_sides) < 2):
        chk.error(("sides",), "must list at least two sides")
    for i, raw in enumerate(raw_sides if isinstance(raw_sides, list) else []):
        where = ("sides", i)
        sid = chk.text(raw, where, "id")
        colour = chk.text(raw, where, "colour", required=False) or "#888888"
        country = chk.country(raw, where, "country", gaz)
        if sid in {s.id for s in sides}:
            chk.error((*where, "id"), f"side '{sid}' is declared twice")
        if sid:
            sides.append(Side(sid, chk.text(raw, where, "name", required=False) or sid,
                              colour, country))
    side_ids = {s.id for s in sides}

    # -- baseline
    baseline = chk.get(data, (), "baseline") or {}
    baseline_date = chk.date(baseline, ("baseline",), "date", required=False) or start
    settlements: list[BaselineSettlement] = []
    polygons: dict[str, Any] = {}
    raw_table = chk.get(baseline, ("baseline",), "settlements", required=False)
    raw_polys = chk.get(baseline, ("baseline",), "polygons", required=False)
    if raw_table is None and raw_polys is None:
        chk.error(("baseline",), "give settlements (a CSV file or a list) or polygons "
                  "(a file per side)")
    if raw_table is not None:
        rows, row_lines, csv_path = _baseline_rows(raw_table, src, chk)
        if csv_path is not None:
            extra_blobs.append(csv_path.read_bytes())
        settlements = _resolve_settlements(rows, row_lines, csv_path, gaz, side_ids, chk,
                                           countries)
    if raw_polys is not None:
        polygons = _baseline_polygons(raw_polys, src, chk, side_ids, extra_blobs)

    # -- reports
    draft = Scenario(src, title, tuple(countries), start or dt.date.min, end or dt.date.min,
                     tuple(sides), baseline_date or dt.date.min, tuple(settlements), polygons)
    front = draft.front_points()
    # a report may name a settlement of the baseline exactly (its own coordinates win)
    counts: dict[str, int] = {}
    for st in settlements:
        counts[st.name] = counts.get(st.name, 0) + 1
    local = {st.name: st.place for st in settlements
             if counts[st.name] == 1 and st.place.source == "scenario"}
    reports: list[Report] = []
    raw_reports = chk.get(data, (), "reports", required=False) or []
    if not isinstance(raw_reports, list):
        chk.error(("reports",), "must be a list")
        raw_reports = []
    ids: set[str] = set()
    raw_index: dict[str, int] = {}
    for i, raw in enumerate(raw_reports):
        report = _report(raw, ("reports", i), chk, gaz, side_ids, countries, front, start, end,
                         local)
        if report is None:
            continue
        if report.id in ids:
            chk.error(("reports", i, "id"), f"report id '{report.id}' is used twice")
        ids.add(report.id)
        reports.append(report)
        raw_index[report.id] = i

    reports = _fill_origins(reports, chk, raw_index)
    if start and end and countries and not chk.problems:
        _check_rates(reports, countries, borders, chk, raw_reports)
    _check_captures(draft, reports, chk)
    errors = [p for p in chk.problems if p.severity == "error"]
    if errors:
        raise ScenarioError(name, chk.problems)
    assert start and end and baseline_date  # errors above otherwise
    return Scenario(
        src, title, tuple(countries), start, end, tuple(sides), baseline_date,
        tuple(settlements), polygons, tuple(reports), borders,
        margin if margin is not None else 100.0, tuple(open_borders),
        _hash(text, extra_blobs), [p for p in chk.problems if p.severity == "warning"],
    )


def _baseline_rows(raw: Any, src: Path, chk: _Checker
                   ) -> tuple[list[dict[str, Any]], list[int | None], Path | None]:
    where = ("baseline", "settlements")
    if isinstance(raw, list):
        rows = [r if isinstance(r, dict) else {} for r in raw]
        for i, r in enumerate(raw):
            if not isinstance(r, dict):
                chk.error((*where, i), "must be a mapping (name:, side:, oblast:, lat:, lon:)")
        return rows, [chk.line((*where, i)) for i in range(len(rows))], None
    csv_path = src.parent / str(raw)
    try:
        text = csv_path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        chk.error(where, f"cannot read {csv_path}: {exc.strerror or exc}")
        return [], [], None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("name", "side") if c not in (reader.fieldnames or [])]
    if missing:
        chk.problems.append(Problem(str(csv_path), 1, "", f"missing column(s): "
                                    f"{', '.join(missing)} (need name, side[, oblast, lat, lon])"))
        return [], [], csv_path
    rows, row_lines = [], []
    for row in reader:
        rows.append(row)
        row_lines.append(reader.line_num)
    return rows, row_lines, csv_path


def _resolve_settlements(rows: list[dict[str, Any]], row_lines: list[int | None],
                         csv_path: Path | None, gaz: Gazetteer, side_ids: set[str],
                         chk: _Checker, countries: list[str]) -> list[BaselineSettlement]:
    out = []
    for i, (row, line) in enumerate(zip(rows, row_lines, strict=True)):

        def bad(fld: str, message: str, i: int = i, line: int | None = line) -> None:
            if csv_path is not None:
                chk.problems.append(Problem(str(csv_path), line, fld, message))
            else:
                chk.error(("baseline", "settlements", i, fld), message)

        name = str(row.get("name") or "").strip()
        side = str(row.get("side") or "").strip()
        oblast = str(row.get("oblast") or "").strip()
        if not name:
            bad("name", "missing")
            continue
        if side not in side_ids:
            bad("side", f"side '{side}' is not declared in sides: ({', '.join(sorted(side_ids))})")
            continue
        near = None
        lat, lon = row.get("lat"), row.get("lon")
        if lat not in (None, "") and lon not in (None, ""):
            try:
                near = (float(lat), float(lon))
            except (TypeError, ValueError):
                bad("lat", f"'{lat},{lon}' is not a latitude and longitude")
                continue
        try:
            cands = gaz.candidates(name, admin1=oblast or None, near=near,
                                   country=countries or None)
        except (UnknownRegion, UnknownCountry) as exc:
            bad("oblast", str(exc))
            continue
        except UnknownPlace as exc:
            if near is None:
                bad("name", str(exc))
                continue
            cands = []
        if near is not None and (not cands or haversine_km(
                cands[0].place.lat, cands[0].place.lon, *near) > 10):
            # not in the gazetteer (or not there): the row's coordinates are the place
            place: Place | str | None = Place(-(i + 1), name, near[0], near[1],
                                              str(row.get("country") or ""),
                                              source="scenario")
        else:
            place = _pick_baseline(name, cands, near)
        if isinstance(place, str):
            bad("name", place)
            continue
        if place is None:
            try:
                gaz.lookup(name, admin1=oblast or None, country=countries or None)
            except (UnknownPlace, AmbiguousPlace) as exc:
                bad("name", str(exc))
            continue
        out.append(BaselineSettlement(name, side, place, oblast, line or 0))
    return out


def _pick_baseline(name: str, cands: list[Any], near: tuple[float, float] | None
                   ) -> Place | str | None:
    """The baseline's names are GeoNames main names: prefer a main-name match."""
    if not cands:
        return None
    if near is not None:
        best = cands[0].place
        if haversine_km(best.lat, best.lon, *near) > 10:
            return (f"'{name}' resolves to {best.label()}, "
                    f"{haversine_km(best.lat, best.lon, *near):.0f} km from the given lat/lon")
        return best
    main = [c for c in cands if c.match == "name"]
    if len(main) == 1:
        return main[0].place
    pool = main or cands
    if len(pool) == 1:
        return pool[0].place
    labels = "; ".join(c.place.label(population=True) for c in pool[:5])
    return f"'{name}' is ambiguous: {labels}; add lat and lon to the row"


def _baseline_polygons(raw: Any, src: Path, chk: _Checker, side_ids: set[str],
                       blobs: list[bytes]) -> dict[str, Any]:
    where = ("baseline", "polygons")
    if not isinstance(raw, dict):
        chk.error(where, "must map each side to a polygon file, e.g. {RU: ru.geojson}")
        return {}
    out = {}
    for side, rel in raw.items():
        if side not in side_ids:
            chk.error((*where, side), f"side '{side}' is not declared in sides:")
            continue
        file = src.parent / str(rel)
        try:
            geom, notes = read_polygon_file(file)
        except InputFileError as exc:
            chk.error((*where, side), str(exc))
            continue
        for note in notes:
            chk.warn((*where, side), note)
        blobs.append(file.read_bytes())
        out[side] = geom
    return out


def read_polygon_file(path: Path) -> tuple[Any, list[str]]:
    """One (multi)polygon in EPSG:4326 from a GeoJSON, GeoPackage or Shapefile.

    Returns the geometry and notes on what was done to it (reprojected,
    repaired). A file without a CRS, or without polygons, is an error.
    """
    import pyogrio
    import shapely
    from pyproj import CRS, Transformer

    try:
        meta, _, geoms, _ = pyogrio.raw.read(path)
    except Exception as exc:  # unreadable file: pyogrio raises several types
        raise InputFileError(str(path), f"cannot read: {exc}") from exc
    notes = []
    parts = [shapely.from_wkb(g) for g in geoms if g is not None]
    polys = [g for g in parts if g.geom_type in ("Polygon", "MultiPolygon")]
    if not polys:
        raise InputFileError(str(path), "has no polygons")
    geom = shapely.union_all(polys) if len(polys) > 1 else polys[0]
    if not meta.get("crs"):
        raise InputFileError(str(path), "has no CRS; write it in EPSG:4326 (longitude, latitude)")
    crs = CRS.from_user_input(meta["crs"])
    if not crs.equals(CRS.from_epsg(4326)):
        tf = Transformer.from_crs(crs, 4326, always_xy=True)
        geom = shapely.transform(geom, lambda xy: __import__("numpy").column_stack(
            tf.transform(xy[:, 0], xy[:, 1])))
        notes.append(f"was in {crs.to_string()}; reprojected to EPSG:4326")
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        geom = shapely.make_valid(geom)
        geom = shapely.union_all([g for g in shapely.get_parts(geom)
                                  if g.geom_type in ("Polygon", "MultiPolygon")])
        notes.append(f"had invalid geometry ({reason}); repaired")
    return geom, notes


def _source(raw: Any, where: tuple[Any, ...], chk: _Checker) -> Source:
    src = chk.get(raw, where, "source")
    if src is None:
        return Source("")
    if isinstance(src, str):
        return Source(src)
    title = chk.text(src, (*where, "source"), "title")
    url = chk.text(src, (*where, "source"), "url", required=False)
    return Source(title, chk.text(src, (*where, "source"), "publisher", required=False),
                  chk.date(src, (*where, "source"), "published", required=False), url)


def _evidence(raw: Any, where: tuple[Any, ...], chk: _Checker) -> Evidence | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        chk.error(where, "evidence is a mapping with article, span, sentence and confidence")
        return None
    span = raw.get("span")
    start = end = None
    if span is not None:
        if (isinstance(span, list) and len(span) == 2
                and all(isinstance(x, int) and not isinstance(x, bool) and x >= 0 for x in span)
                and span[0] <= span[1]):
            start, end = span
        else:
            chk.error((*where, "span"), "span is [start, end], two character offsets")
    confidence = chk.number(raw, where, "confidence", required=False)
    if confidence is not None and not 0 <= confidence <= 1:
        chk.error((*where, "confidence"), f"{confidence:g} is not between 0 and 1")
    return Evidence(str(raw.get("article") or ""), start, end,
                    " ".join(str(raw.get("sentence") or "").split()), confidence)


def _place(gaz: Gazetteer, name: str, where: tuple[Any, ...], chk: _Checker,
           countries: list[str], front: list[tuple[float, float]],
           local: dict[str, Place] | None = None) -> Place | None:
    """A report's place: a settlement of the baseline by its exact name, else the gazetteer."""
    if local and name in local:
        return local[name]
    try:
        match = gaz.lookup(name, country=countries or None, near=front or None)
        if match.match in ("other name", "spelling variant") and front:
            far = min(haversine_km(match.place.lat, match.place.lon, lat, lon)
                      for lat, lon in front)
            if far > FAR_FROM_FRONT_KM:
                chk.warn(where, f"'{name}' matched {match.place.label()} by its "
                         f"{match.match} '{match.matched_name}', {far:,.0f} km from the front; "
                         "write 'Name, Oblast' if another place was meant")
        return match.place
    except UnknownPlace as exc:
        chk.error(where, str(exc))
    except AmbiguousPlace as exc:
        chk.error(where, f"{exc}; write it as 'Name, Oblast'")
    except UnknownRegion as exc:
        chk.error(where, str(exc))
    return None


def _report(raw: Any, where: tuple[Any, ...], chk: _Checker, gaz: Gazetteer,
            side_ids: set[str], countries: list[str], front: list[tuple[float, float]],
            start: dt.date | None, end: dt.date | None,
            local: dict[str, Place]) -> Report | None:
    if not isinstance(raw, dict):
        chk.error(where, "a report is a mapping with kind:, side:, date: and source:")
        return None
    kind = chk.text(raw, where, "kind")
    if kind not in REPORT_KINDS:
        if kind:
            chk.error((*where, "kind"), f"'{kind}' is not one of {', '.join(REPORT_KINDS)}")
        return None
    rid = chk.text(raw, where, "id", required=False) or f"{kind}-{where[-1] + 1}"
    side = chk.text(raw, where, "side")
    if side and side not in side_ids:
        chk.error((*where, "side"), f"side '{side}' is not declared in sides: "
                  f"({', '.join(sorted(side_ids))})")
    source = _source(raw, where, chk)
    fields: dict[str, Any] = {}
    if kind == "advance_rate":
        r_start = chk.date(raw, where, "start")
        r_end = chk.date(raw, where, "end")
        rate = chk.number(raw, where, "rate_km2_per_day", required=False)
        area = chk.number(raw, where, "area_km2", required=False)
        if r_start and r_end:
            if r_end < r_start:
                chk.error((*where, "end"), f"{r_end} is before the start {r_start}")
            elif start and end and (r_end < start or r_start > end):
                chk.error((*where, "start"), f"{r_start}..{r_end} is outside the period "
                          f"{start}..{end}")
            days = (r_end - r_start).days + 1
            if rate is None and area is None:
                chk.error(where, "give rate_km2_per_day or area_km2")
            elif rate is None and area is not None:
                rate = area / max(days, 1)
            if rate is not None and rate < 0:
                chk.error((*where, "rate_km2_per_day" if "rate_km2_per_day" in raw
                           else "area_km2"), f"{rate:g} km²/day is negative; a side that "
                          "loses ground is the other side's advance")
        toward_names = chk.get(raw, where, "toward", required=False) or []
        if isinstance(toward_names, str):
            toward_names = [toward_names]
        toward = []
        for i, t in enumerate(toward_names):
            place = _place(gaz, str(t), (*where, "toward", i), chk, countries, front, local)
            if place:
                toward.append(place)
        country = chk.country(raw, where, "country", gaz)
        if country is None and toward and "country" not in raw:
            country = toward[0].country
        fields.update(start=r_start, end=r_end, rate_km2_per_day=rate, area_km2=area,
                      toward=tuple(toward), toward_names=tuple(str(t) for t in toward_names),
                      country=country)
    else:
        date = chk.date(raw, where, "date")
        if date and end and date > end:
            chk.error((*where, "date"), f"{date} is after the end of the period {end}")
        fields["date"] = date
    if kind in ("capture", "withdrawal"):
        name = chk.text(raw, where, "place")
        if name:
            fields.update(place=_place(gaz, name, (*where, "place"), chk, countries, front,
                                       local), place_name=name)
    if kind == "area_held":
        area = chk.number(raw, where, "area_km2")
        if area is not None and area < 0:
            chk.error((*where, "area_km2"), f"{area:g} km² is negative")
        fields["area_km2"] = area
        # origin: may be left out when another area_held report of the side and region gives it
        name = chk.text(raw, where, "origin", required=False)
        if name:
            fields.update(place=_place(gaz, name, (*where, "origin"), chk, countries, front,
                                       local), place_name=name)
    if kind in ("area_held", "deployment"):
        region_text = chk.text(raw, where, "region", required=kind == "deployment")
        if region_text:
            try:
                fields["region"] = gaz.region(region_text, country=countries or None)
            except UnknownRegion as exc:
                chk.error((*where, "region"), str(exc))
            else:
                if kind == "deployment":  # pinned at the region's largest place
                    fields["place"] = gaz.largest_place(fields["region"])
                    fields["place_name"] = region_text
    if "evidence" in raw:
        fields["evidence"] = _evidence(raw["evidence"], (*where, "evidence"), chk)
    if kind == "deployment":
        fields["force"] = chk.text(raw, where, "force", required=False)
        count = chk.number(raw, where, "count", required=False)
        fields["count"] = int(count) if count is not None else None
    return Report(rid, kind, side, source, line=chk.line(where) or 0, **fields)  # type: ignore[arg-type]


def _fill_origins(reports: list[Report], chk: _Checker, raw_index: dict[str, int]
                  ) -> list[Report]:
    """An ``area_held`` report without ``origin:`` takes that of its side and region."""
    import dataclasses

    origins: dict[tuple[str, str], Report] = {}
    for r in reports:
        if r.kind == "area_held" and r.place is not None and r.region is not None:
            origins.setdefault((r.side, r.region.name), r)
    out = []
    for r in reports:
        i = raw_index.get(r.id, 0)
        if r.kind == "area_held" and r.place is None and r.region is not None:
            other = origins.get((r.side, r.region.name))
            if other is None:
                chk.error(("reports", i), "missing field 'origin': the place the side's "
                          "ground grows from (no other area_held report of this side and "
                          "region gives one)")
            else:
                r = dataclasses.replace(r, place=other.place, place_name=other.place_name)
        out.append(r)
    return out


def _check_rates(reports: list[Report], countries: list[str], borders: Path | None,
                 chk: _Checker, raw_reports: list[Any]) -> None:
    """A rate whose total exceeds the whole theatre cannot be right."""
    rates = [r for r in reports if r.kind == "advance_rate" and r.rate_km2_per_day]
    if not rates:
        return
    from frontline.geo.borders import load_countries

    try:
        shapes = load_countries(countries, path=borders)
    except InputFileError as exc:
        chk.error(("theatre", "borders"), str(exc))
        return
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    total = sum(abs(geod.geometry_area_perimeter(g)[0]) for g in shapes.values()) / 1e6
    for r in rates:
        i = next(j for j, raw in enumerate(raw_reports)
                 if isinstance(raw, dict) and chk.line(("reports", j)) == r.line)
        if r.rate_km2_per_day * r.days > total:
            chk.error(("reports", i, "rate_km2_per_day"),
                      f"{r.rate_km2_per_day:,.0f} km²/day over {r.days} days is "
                      f"{r.rate_km2_per_day * r.days:,.0f} km², more than the whole theatre "
                      f"({total:,.0f} km²)")


def _check_captures(draft: Scenario, reports: list[Report], chk: _Checker) -> None:
    """Warn about a capture of a place the capturing side already holds at the baseline."""
    if not draft.settlements:
        return
    for i, r in enumerate(reports):
        if r.kind != "capture" or r.place is None or r.date is None:
            continue
        if r.date < draft.baseline_date:
            continue
        holder = min(draft.settlements,
                     key=lambda s: haversine_km(s.place.lat, s.place.lon, r.place.lat,
                                                r.place.lon))
        near = haversine_km(holder.place.lat, holder.place.lon, r.place.lat, r.place.lon)
        if holder.side == r.side and near < 5:
            chk.warn(("reports", i, "place"),
                     f"{r.place.name} is already held by {r.side} at the baseline "
                     f"({draft.baseline_date}); the capture changes nothing there")
