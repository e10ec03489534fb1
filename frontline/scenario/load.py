"""Reading a scenario file: every field checked, every place resolved, every problem listed.

A scenario is a YAML file (see the README for the format and
``frontline/data/autumn_2024.yaml`` for a full example). :func:`load_scenario`
reads it, checks every field, resolves every place with the gazetteer and
returns a :class:`~frontline.scenario.model.Scenario`; if anything is wrong it
raises one :class:`~frontline.errors.ScenarioError` listing *every* problem
with its file, line and field: one problem never hides another. Warnings (a
capture of a place the side already holds, a baseline file that had to be
reprojected or repaired) are kept in ``Scenario.warnings``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from frontline.errors import (
    FrontlineError,
    InputFileError,
    Problem,
    ScenarioError,
    UnknownCountry,
)
from frontline.geo.gazetteer import split_query
from frontline.geo.geocode import Gazetteer
from frontline.geo.geometry import Geometry
from frontline.geo.places import Place, haversine_km, nearest_km
from frontline.scenario._checker import Checker, Where, compose
from frontline.scenario.baseline import read_barrier_file, read_polygons, read_settlements
from frontline.scenario.front import Front
from frontline.scenario.model import FRONT_KINDS, BaselineSettlement, Report, Scenario, Side
from frontline.scenario.reports import ReportContext, advance_anchors, fill_origins, read_report
from frontline.thresholds import (
    ALREADY_HELD_KM,
    DEFAULT_MARGIN_KM,
    OBJECTIVE_REACH_KM,
    REPORT_REACH_KM,
)

__all__ = ["load_scenario", "scenario_inputs"]

#: The fields of each part of a scenario (a report's depend on its kind).
FIELDS: dict[str, tuple[str, ...]] = {
    "": ("name", "description", "theatre", "period", "sides", "baseline", "reports"),
    "theatre": ("countries", "borders", "margin_km", "barriers"),
    "period": ("start", "end"),
    "side": ("id", "name", "colour", "country"),
    "baseline": ("date", "settlements", "polygons"),
}


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
    text = _read_text(src)
    data, lines = compose(text, name)
    if not isinstance(data, dict):
        raise ScenarioError(name, [Problem(name, 1, "", "a scenario is a YAML mapping "
                                           "(name:, theatre:, period:, sides:, baseline:, "
                                           "reports:)")])
    chk = Checker(name, lines)
    gaz = gazetteer or Gazetteer.default()
    blobs: list[bytes] = []
    chk.keys(data, (), FIELDS[""], what="a scenario")

    title = chk.text(data, (), "name")
    countries, borders, barriers, margin = _theatre(data, chk, gaz, src, blobs)
    start, end = _period(data, chk)

    sides = _sides(data, chk, gaz)
    side_ids = {s.id for s in sides}

    baseline = chk.mapping(data, (), "baseline")
    chk.keys(baseline, ("baseline",), FIELDS["baseline"], what="baseline")
    baseline_date = chk.date(baseline, ("baseline",), "date", required=False) or start
    settlements: list[BaselineSettlement] = []
    polygons = {}
    readable = True
    raw_table = chk.get(baseline, ("baseline",), "settlements", required=False)
    raw_polys = chk.get(baseline, ("baseline",), "polygons", required=False)
    if raw_table is None and raw_polys is None and "baseline" in data:
        chk.error(("baseline",), "give settlements (a CSV file or a list) or polygons "
                  "(a file per side)")
    if raw_table is not None:
        settlements, readable = read_settlements(raw_table, src, chk, gaz, side_ids, countries,
                                                 borders=borders, blobs=blobs,
                                                 homes={s.id: s.country for s in sides})
    if raw_polys is not None:
        polygons = read_polygons(raw_polys, src, chk, side_ids, blobs)

    draft = Scenario(src, title, tuple(countries), start or dt.date.min, end or dt.date.min,
                     tuple(sides), baseline_date or dt.date.min, tuple(settlements), polygons,
                     borders=borders, barriers=barriers,
                     margin_km=margin if margin is not None else DEFAULT_MARGIN_KM)
    reports, where_of = _reports(data, chk, ReportContext(
        chk, gaz, side_ids, countries, draft.front, start, end, _local_places(settlements),
        lenient=not readable))
    draft.reports = tuple(reports)
    if start and end and countries:
        _check_rates(draft, chk, where_of)
        _check_nested_rates(draft, chk, where_of)
    _check_captures(draft, chk, where_of)
    _check_far_from_front(draft, chk, where_of, raw_of(data), gaz)
    # in file order: the scenario's own lines first, then each file it reads
    chk.problems.sort(key=lambda p: (p.path != name, p.path, p.line or 0))
    if chk.errors():
        raise ScenarioError(name, chk.problems)
    draft.content_hash = _hash(text, blobs)
    draft.inputs = _inputs(src, data)
    draft.warnings = [p for p in chk.problems if p.severity == "warning"]
    return draft


def scenario_inputs(path: str | Path, /) -> tuple[Path, ...]:
    """The scenario file and the files it names, as far as its text can be read (a file
    with errors still names its baseline table): what a rebuild watches.

    Examples
    --------
    >>> from frontline.layers import demo_scenario_path
    >>> [p.name for p in scenario_inputs(demo_scenario_path())]
    ['autumn_2024.yaml', 'settlement_control_2024-08-31.csv']
    """
    import yaml

    src = Path(path)
    try:
        data = yaml.safe_load(src.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data = None
    return _inputs(src, data)


def _inputs(src: Path, data: Any) -> tuple[Path, ...]:
    """The scenario file and the files its data names."""
    names: list[Any] = []
    if isinstance(data, dict):
        theatre, baseline = data.get("theatre"), data.get("baseline")
        if isinstance(theatre, dict):
            names += [theatre.get("borders"), theatre.get("barriers")]
        if isinstance(baseline, dict):
            names.append(baseline.get("settlements"))
            polygons = baseline.get("polygons")
            if isinstance(polygons, dict):
                names += list(polygons.values())
    return (src, *(src.parent / str(n) for n in names if isinstance(n, str) and n.strip()))


def _read_text(src: Path) -> str:
    """The scenario file's text, or a ScenarioError that says why it cannot be read."""
    name = str(src)
    try:
        return src.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(name, [Problem(name, None, "", "no such file")]) from None
    except IsADirectoryError:
        raise ScenarioError(name, [Problem(name, None, "", "is a directory, not a scenario "
                                           "file")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(name, [Problem(name, None, "", f"cannot read: {exc}")]) from exc


def _theatre(data: dict[Any, Any], chk: Checker, gaz: Gazetteer, src: Path, blobs: list[bytes]
             ) -> tuple[list[str], Path | None, Geometry | None, float | None]:
    """``theatre:``: its countries, borders file, barriers and margin (each checked)."""
    theatre = chk.mapping(data, (), "theatre", example="{countries: [UA, RU]}")
    chk.keys(theatre, ("theatre",), FIELDS["theatre"], what="theatre")
    countries = _countries(theatre, chk, gaz)
    borders_text = chk.text(theatre, ("theatre",), "borders", required=False)
    borders = (src.parent / borders_text) if borders_text else None
    if borders is not None and not borders.is_file():
        chk.error(("theatre", "borders"), f"file not found: {borders}")
        borders = None
    barriers = None
    barriers_text = chk.text(theatre, ("theatre",), "barriers", required=False)
    if barriers_text:
        try:
            barriers, notes = read_barrier_file(src.parent / barriers_text)
            blobs.append((src.parent / barriers_text).read_bytes())
            for note in notes:
                chk.warn(("theatre", "barriers"), note)
        except InputFileError as exc:
            chk.error(("theatre", "barriers"), str(exc))
    margin = chk.number(theatre, ("theatre",), "margin_km", required=False)
    if margin is not None and margin < 0:
        chk.error(("theatre", "margin_km"), f"{margin:g} km is negative")
        margin = None
    return countries, borders, barriers, margin


def _period(data: dict[Any, Any], chk: Checker) -> tuple[dt.date | None, dt.date | None]:
    """``period:``: its first and last day (each checked)."""
    period = chk.mapping(data, (), "period", example="{start: 2024-09-01, end: 2024-09-30}")
    chk.keys(period, ("period",), FIELDS["period"], what="period")
    start = chk.date(period, ("period",), "start")
    end = chk.date(period, ("period",), "end")
    if start and end and end < start:
        chk.error(("period", "end"), f"{end} is before the start {start}")
    return start, end


def _countries(theatre: dict[Any, Any], chk: Checker, gaz: Gazetteer) -> list[str]:
    countries: list[str] = []
    raw = chk.get(theatre, ("theatre",), "countries", required=bool(theatre))
    if raw is None and not theatre:
        chk.error(("theatre",), "missing")
    if raw is not None and not isinstance(raw, list):
        chk.error(("theatre", "countries"), "must be a list such as [UA, RU]")
    for i, c in enumerate(raw if isinstance(raw, list) else []):
        try:
            countries.append(gaz.country(str(c)))
        except UnknownCountry as exc:
            chk.error(("theatre", "countries", i), str(exc))
    return countries


def _sides(data: dict[Any, Any], chk: Checker, gaz: Gazetteer) -> list[Side]:
    sides: list[Side] = []
    raw_sides = chk.get(data, (), "sides")
    if raw_sides is not None and (not isinstance(raw_sides, list) or len(raw_sides) < 2):
        chk.error(("sides",), "must list at least two sides")
    for i, raw in enumerate(raw_sides if isinstance(raw_sides, list) else []):
        where: Where = ("sides", i)
        if not isinstance(raw, dict):
            chk.error(where, "a side is a mapping such as {id: RU, name: Russia, "
                      "colour: '#c0392b', country: RU}")
            continue
        chk.keys(raw, where, FIELDS["side"], what="a side")
        sid = chk.text(raw, where, "id")
        colour = chk.text(raw, where, "colour", required=False) or "#888888"
        country = chk.country(raw, where, "country", gaz)
        if sid in {s.id for s in sides}:
            chk.error((*where, "id"), f"side '{sid}' is declared twice")
        if sid:
            sides.append(Side(sid, chk.text(raw, where, "name", required=False) or sid,
                              colour, country))
    return sides


def _local_places(settlements: list[BaselineSettlement]) -> dict[str, Any]:
    """Baseline settlements a report may name exactly (their own coordinates win)."""
    counts: dict[str, int] = defaultdict(int)
    for st in settlements:
        counts[st.name] += 1
    return {st.name: st.place for st in settlements
            if counts[st.name] == 1 and st.place.source == "scenario"}


def _reports(data: dict[Any, Any], chk: Checker, ctx: ReportContext
             ) -> tuple[list[Report], dict[str, Where]]:
    """The reports, and where each is in the file."""
    raw_reports = chk.get(data, (), "reports", required=False) or []
    if not isinstance(raw_reports, list):
        chk.error(("reports",), "must be a list")
        raw_reports = []
    # the rates first: the places their advances start from and head for are, with the
    # baseline's front, where the other reports' places are looked for (an invasion takes
    # places far from the line it started on)
    is_rate = [isinstance(raw, dict) and raw.get("kind") == "advance_rate" for raw in raw_reports]
    read: dict[int, Report] = {}
    for i, raw in enumerate(raw_reports):
        if is_rate[i] and (report := read_report(raw, ("reports", i), ctx)) is not None:
            read[i] = report
    anchors = advance_anchors(read.values())
    if anchors:
        ctx.front = Front([*ctx.front.points, *anchors])
    for i, raw in enumerate(raw_reports):
        if not is_rate[i] and (report := read_report(raw, ("reports", i), ctx)) is not None:
            read[i] = report
    reports: list[Report] = []
    where_of: dict[str, Where] = {}
    for i, report in sorted(read.items()):
        if report.id in where_of:
            chk.error(("reports", i, "id"), f"report id '{report.id}' is used twice")
            continue
        reports.append(report)
        where_of[report.id] = ("reports", i)
    return fill_origins(reports, chk, where_of), where_of


def _check_rates(sc: Scenario, chk: Checker, where_of: dict[str, Where]) -> None:
    """The rates of a side in a country cannot add up to more than the theatre holds of it.

    The theatre is the one the model uses: the countries cut to the region of
    interest around the scenario's places.
    """
    rates = [r for r in sc.reports if r.kind == "advance_rate" and r.rate_km2_per_day
             and r.days > 0]
    if not rates:
        return
    try:
        theatre = sc.theatre
    except InputFileError as exc:
        chk.error(("theatre", "borders"), str(exc))
        return
    except ValueError:
        return  # no places at all: reported where they are missing
    total: dict[tuple[str, str], float] = defaultdict(float)
    for r in sorted(rates, key=lambda r: (r.start or dt.date.min, r.id)):
        country = sc.rate_country(r)
        if country is None or r.rate_km2_per_day is None:
            continue
        area = r.rate_km2_per_day * r.days
        total[(r.side, country)] += area
        available = theatre.area_km2(country)
        if total[(r.side, country)] > available:
            field = "area_km2" if r.area_km2 is not None else "rate_km2_per_day"
            before = total[(r.side, country)] - area
            also = (f" (with {before:,.0f} km² of earlier rates)" if before > 0 else "")
            chk.error((*where_of[r.id], field),
                      f"{r.rate_km2_per_day:,.0f} km²/day over {r.days} days is {area:,.0f} km²"
                      f"{also}, more than all of {country} within the theatre "
                      f"({available:,.0f} km²)")


def _check_nested_rates(sc: Scenario, chk: Checker, where_of: dict[str, Where]) -> None:
    """A warning for a side's rate whose period holds another's, toward the same places: the
    model adds every rate (one per direction), so a total and its parts ('4,000 km² this
    year' and '530 km² in March', as one article can give both) count the ground twice."""
    rates = sorted((r for r in sc.reports if r.kind == "advance_rate" and r.start and r.end),
                   key=lambda r: (r.start or dt.date.min, r.id))
    for outer in rates:
        assert outer.start is not None and outer.end is not None
        for inner in rates:
            assert inner.start is not None and inner.end is not None
            if inner is outer or inner.side != outer.side or \
                    set(inner.toward_names) != set(outer.toward_names) or \
                    not (outer.start <= inner.start and inner.end <= outer.end) or \
                    (outer.start, outer.end) == (inner.start, inner.end):
                continue
            chk.warn((*where_of[outer.id], "start"),
                     f"{outer.id} ({outer.start}..{outer.end}) holds the period of {inner.id} "
                     f"({inner.start}..{inner.end}), toward the same places: the model adds "
                     "both; if one is the total of the other, keep one")
            break


def raw_of(data: dict[Any, Any]) -> dict[str, Any]:
    """Each report's raw mapping by id (to tell a pinned place from a bare name)."""
    raw = data.get("reports")
    return {str(r.get("id")): r for r in raw if isinstance(r, dict)} if isinstance(raw, list) \
        else {}


def _check_far_from_front(sc: Scenario, chk: Checker, where_of: dict[str, Where],
                          raw: dict[str, Any], gaz: Gazetteer) -> None:
    """A captured or abandoned place far from every front was most likely a namesake.

    The fronts are the baseline's, every incursion's origin, and where the
    scenario's advances start and head for (a rate's ``origin`` and its
    objectives: an invasion takes places far from the line it started on).
    A place given by a name that other places share (or that matched only a
    former name or a spelling variant) is an error that asks for its oblast;
    one pinned by its coordinates or oblast, or named by a name no other place
    has, a warning: in a war of movement, a jump far from the front is news,
    and a unique name is the place meant (or one the gazetteer lacks). So is
    an advance's objective far from the front and from the advance's other
    places.
    """
    anchors = advance_anchors(sc.reports)
    if not sc.front and not anchors:
        return
    for r in sc.reports:
        if r.kind in ("capture", "withdrawal", *FRONT_KINDS) and r.place is not None:
            far = _nearest(r.place, sc.front, anchors)
            if far is not None and far > REPORT_REACH_KM:
                written = raw.get(r.id, {}).get("place")
                pinned = isinstance(written, dict) or split_query(r.place_name)[1] is not None
                _far_place(chk, (*where_of[r.id], "place"), r.place_name, r.place, far,
                           "from the front", warn=pinned or _unique(gaz, r.place_name, sc))
        elif r.kind == "advance_rate" and len(r.toward) == len(r.toward_names):
            # an objective far from the front and from the advance's other places
            raws = raw.get(r.id, {}).get("toward") or []
            for i, (place, name) in enumerate(zip(r.toward, r.toward_names, strict=True)):
                others = [(p.lat, p.lon) for p in (*r.toward, *([r.place] if r.place else []))
                          if p is not place]
                far = _nearest(place, sc.front, others)
                if far is not None and far > OBJECTIVE_REACH_KM:
                    # (pinned, or a name with no namesake, is taken as meant: a warning)
                    pinned = i < len(raws) and isinstance(raws[i], dict)
                    _far_place(chk, (*where_of[r.id], "toward", i), name, place, far,
                               "from the front and from the advance's other places",
                               warn=pinned or _unique(gaz, name, sc))


def _unique(gaz: Gazetteer, name: str, sc: Scenario) -> bool:
    """Whether a name is one place's own (its name or an alternate name), and no other
    place's in the scenario's countries."""
    try:
        found = gaz.candidates(name, country=list(sc.countries) or None)
    except FrontlineError:
        return False
    return len(found) == 1 and found[0].match in ("name", "alternate")


def _nearest(place: Place, front: Front, points: list[tuple[float, float]]) -> float | None:
    """Distance (km) from a place to the front or the nearest of the points, if any."""
    distances = [d for d in (front.place_km(place), nearest_km(place.lat, place.lon, points))
                 if d is not None]
    return min(distances) if distances else None


def _far_place(chk: Checker, where: Where, name: str, place: Place, far: float,
               from_what: str, *, warn: bool) -> None:
    """A place far from where it should be: an error that asks for its oblast or
    coordinates, or (``warn``) a warning."""
    message = (f"'{name}' resolves to {place.label()}, {far:,.0f} km {from_what}"
               + ("" if warn else ": give its oblast or coordinates"))
    if warn:
        chk.warn(where, message)
    else:
        chk.error(where, message)


def _check_captures(sc: Scenario, chk: Checker, where_of: dict[str, Where]) -> None:
    """Warn about a capture of a place the capturing side already holds: by an earlier report
    of the scenario (a capture of it, or the other side's withdrawal from it), else at the
    baseline.

    At the baseline, with labelled settlements: the nearest one (within
    :data:`~frontline.thresholds.ALREADY_HELD_KM`) is the capturer's. With
    polygons: the place lies in the capturer's polygon, or in no polygon and
    in the capturer's own country.
    """
    if not sc.settlements and not sc.polygons:
        return
    #: place id -> (its holder after the reports so far, the report that made it so)
    since: dict[int, tuple[str, Report]] = {}
    for r in sorted((r for r in sc.reports if r.kind in ("capture", "withdrawal")
                     and r.place is not None and r.date is not None),
                    key=lambda r: (r.date, r.line)):
        assert r.place is not None and r.date is not None
        taker = r.side if r.kind == "capture" else _other_side(sc, r.side)
        if r.kind == "capture" and r.date >= sc.baseline_date:
            earlier = since.get(r.place.id)
            if earlier is not None and earlier[0] == r.side:
                chk.warn((*where_of[r.id], "place"),
                         f"{r.place.name} is already held by {r.side} after "
                         f"{earlier[1].id} ({earlier[1].date}); the capture changes nothing "
                         "there")
            elif earlier is None and _held_at_baseline(sc, r.place, r.side):
                chk.warn((*where_of[r.id], "place"),
                         f"{r.place.name} is already held by {r.side} at the baseline "
                         f"({sc.baseline_date}); the capture changes nothing there")
        if taker is not None:
            since[r.place.id] = (taker, r)


def _other_side(sc: Scenario, side: str) -> str | None:
    """The one other side, where there are two."""
    others = sc.other_sides(side)
    return others[0] if len(others) == 1 else None


def _held_at_baseline(sc: Scenario, place: Place, side: str) -> bool:
    """Whether ``side`` holds ``place`` at the baseline."""
    if sc.polygons:
        return sc.polygon_holder(place.lon, place.lat, place.country) == side
    nearest = min(sc.settlements, key=lambda s: haversine_km(
        s.place.lat, s.place.lon, place.lat, place.lon))
    return (nearest.side == side and haversine_km(
        nearest.place.lat, nearest.place.lon, place.lat, place.lon) < ALREADY_HELD_KM)
