"""Reading a scenario's reports: fields by kind, places resolved near the front (and near
where the advances head)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from frontline.errors import (
    AmbiguousPlace,
    FrontlineError,
    Problem,
    UnknownCountry,
    UnknownPlace,
    UnknownRegion,
)
from frontline.geo.geocode import Gazetteer, Match
from frontline.geo.places import Place, Region
from frontline.scenario._checker import Checker, Where
from frontline.scenario.baseline import coordinates, pinned_place
from frontline.scenario.front import Front
from frontline.scenario.model import FRONT_KINDS, REPORT_KINDS, Evidence, Report, Scenario, Source
from frontline.thresholds import FAR_FROM_FRONT_KM

__all__ = ["REPORT_FIELDS", "ReportContext", "advance_anchors", "fill_origins", "read_objectives",
           "read_report"]

_COMMON = ("id", "kind", "side", "source", "evidence", "confirmed")
#: The fields each kind of report may have.
REPORT_FIELDS: dict[str, tuple[str, ...]] = {
    "capture": (*_COMMON, "date", "place"),
    "withdrawal": (*_COMMON, "date", "place", "region"),
    "advance_rate": (*_COMMON, "start", "end", "rate_km2_per_day", "area_km2", "toward",
                     "country", "origin"),
    "area_held": (*_COMMON, "date", "area_km2", "region", "origin"),
    "deployment": (*_COMMON, "date", "region", "force", "count"),
    "siege": (*_COMMON, "date", "place", "end", "encircled"),
    "advance": (*_COMMON, "date", "place"),
    "fighting": (*_COMMON, "date", "place"),
}
_ALL_FIELDS = sorted({f for fields in REPORT_FIELDS.values() for f in fields})
SOURCE_FIELDS = ("title", "publisher", "published", "url")
#: The fields of a place given as a mapping (a place pinned by its oblast, a place it is
#: near, or its coordinates).
PLACE_FIELDS = ("name", "oblast", "near", "lat", "lon", "country")
EVIDENCE_FIELDS = ("article", "span", "sentence", "confidence", "note", "resolved")


@dataclass
class ReportContext:
    """What reading a report needs from the rest of the scenario."""

    chk: Checker
    gaz: Gazetteer
    side_ids: set[str]
    countries: list[str]
    front: Front
    start: dt.date | None
    end: dt.date | None
    local: dict[str, Place]
    #: The baseline could not be read: a place's ambiguity cannot be judged
    #: without its front, so the best candidate is taken without an error.
    lenient: bool = False
    _pinned_ids: int = -1_000_000

    def place(self, raw: Any, where: Where) -> tuple[Place | None, str]:
        """A report's place and its name as written.

        ``raw`` is a name (``Selidovo``, ``"Hirnyk, Donetsk oblast"``) or a
        mapping that pins it: ``{name, oblast, near, lat, lon, country}``. A
        settlement of the baseline named exactly, with its own coordinates,
        is that settlement.
        """
        if isinstance(raw, dict):
            return self._pinned(raw, where)
        name = str(raw).strip()
        if not name:
            self.chk.error(where, "missing")
            return None, ""
        if name in self.local:
            return self.local[name], name
        match = self._lookup(name, where, near=self.front.points or None)
        if match is None:
            return None, name
        if match.match in ("other name", "spelling variant") and self.front.is_far(
                match.place, FAR_FROM_FRONT_KM):
            far = self.front.place_km(match.place)
            self.chk.warn(where, f"'{name}' matched {match.place.label()} by its "
                          f"{match.match} '{match.matched_name}', {far:,.0f} km from the front; "
                          "write 'Name, Oblast' if another place was meant")
        return match.place, name

    def places(self, raws: list[Any], where: Where, *, also: Iterable[Place] = ()
               ) -> list[tuple[Place | None, str]]:
        """Places named together (a rate's objectives), each as :meth:`place` reads it.

        A name that is ambiguous near the front is looked for near the
        others instead (and near the places in ``also``, such as the
        advance's origin): "toward Melitopol, Tokmak and Vasylivka" is the
        Vasylivka of Zaporizhzhia oblast, wherever the front is. It is an
        error only if it is ambiguous there too.
        """
        out: list[tuple[Place | None, str]] = []
        pending: list[int] = []
        for i, raw in enumerate(raws):
            name = str(raw).strip() if not isinstance(raw, dict) else ""
            if name and name not in self.local and self._ambiguous(name):
                pending.append(i)
                out.append((None, name))
            else:
                out.append(self.place(raw, (*where, i)))
        anchors = [(p.lat, p.lon) for p in (*also, *(p for p, _ in out if p is not None))]
        for i in pending:
            name = out[i][1]
            match = self._lookup(name, (*where, i), near=anchors or self.front.points or None)
            out[i] = (match.place if match else None), name
        return out

    def _ambiguous(self, name: str) -> bool:
        """Whether a name has several places near the front, none clearly first."""
        try:
            self.gaz.lookup(name, country=self.countries or None,
                            near=self.front.points or None)
        except AmbiguousPlace:
            return not self.lenient
        except FrontlineError:
            return False  # (said when it is read)
        return False

    def _lookup(self, name: str, where: Where, **options: Any) -> Match | None:
        try:
            return self.gaz.lookup(name, country=self.countries or None,
                                   best=self.lenient, **options)
        except AmbiguousPlace as exc:
            self.chk.error(where, f"{exc}; give its oblast, a place it is near, or lat and lon")
        except (UnknownPlace, UnknownRegion, UnknownCountry) as exc:
            self.chk.error(where, str(exc))
        return None

    def _pinned(self, raw: dict[str, Any], where: Where) -> tuple[Place | None, str]:
        chk = self.chk
        chk.keys(raw, where, PLACE_FIELDS, what="a place")
        name = chk.text(raw, where, "name")
        if not name:
            return None, ""
        region = None
        oblast = chk.text(raw, where, "oblast", required=False)
        if oblast:
            try:
                region = self.gaz.region(oblast, country=self.countries or None)
            except UnknownRegion as exc:
                chk.error((*where, "oblast"), str(exc))
                return None, name
        country = chk.country(raw, where, "country", self.gaz)
        point = coordinates(raw, partial(_field_error, chk, where))
        if point == "bad":
            return None, name
        near_name = chk.text(raw, where, "near", required=False)
        if isinstance(point, tuple):
            try:
                cands = self.gaz.candidates(name, admin1=region, near=point,
                                            country=self.countries or None)
            except FrontlineError:
                cands = []
            self._pinned_ids -= 1  # below the baseline's own places
            return pinned_place(name, point, cands, region, country, self._pinned_ids), name
        near: Any = self.front.points or None
        if near_name:
            anchor = self._lookup(near_name, (*where, "near"), near=near)
            if anchor is None:
                return None, name
            near = (anchor.place.lat, anchor.place.lon)
        match = self._lookup(name, where, admin1=region, near=near)
        return (match.place if match else None), name


def _field_error(chk: Checker, where: Where, fld: str, message: str) -> None:
    chk.error((*where, fld), message)


def _source(raw: dict[str, Any], where: Where, chk: Checker) -> Source:
    src = chk.get(raw, where, "source")
    if src is None:
        return Source("")
    if isinstance(src, str):
        return Source(src)
    if not isinstance(src, dict):
        chk.error((*where, "source"), "a source is a title, or a mapping with title, "
                  "publisher, published and url")
        return Source("")
    at = (*where, "source")
    chk.keys(src, at, SOURCE_FIELDS, what="a source")
    return Source(chk.text(src, at, "title"), chk.text(src, at, "publisher", required=False),
                  chk.date(src, at, "published", required=False),
                  chk.text(src, at, "url", required=False))


def _evidence(raw: Any, where: Where, chk: Checker) -> Evidence | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        chk.error(where, "evidence is a mapping with article, span, sentence and confidence")
        return None
    chk.keys(raw, where, EVIDENCE_FIELDS, what="evidence")
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


def read_report(raw: Any, where: Where, ctx: ReportContext) -> Report | None:
    """One report, its fields checked for its kind and its places resolved."""
    chk = ctx.chk
    if not isinstance(raw, dict):
        chk.error(where, "a report is a mapping with kind:, side:, date: and source:")
        return None
    text = chk.text(raw, where, "kind")
    kind = next((k for k in REPORT_KINDS if k == text), None)
    if kind is None:
        if text:
            chk.error((*where, "kind"), f"'{text}' is not one of {', '.join(REPORT_KINDS)}")
        chk.keys(raw, where, _ALL_FIELDS, what="a report")
        return None
    chk.keys(raw, where, REPORT_FIELDS[kind], other=_ALL_FIELDS, what=f"a {kind} report")
    index = where[-1]
    rid = chk.text(raw, where, "id", required=False) or (
        f"{kind}-{index + 1}" if isinstance(index, int) else kind)
    side = chk.text(raw, where, "side", required=kind != "fighting")
    if side and side not in ctx.side_ids:
        chk.error((*where, "side"), f"side '{side}' is not declared in sides: "
                  f"({', '.join(sorted(ctx.side_ids))})")
    source = _source(raw, where, chk)
    fields: dict[str, Any] = {}
    if chk.get(raw, where, "confirmed", required=False) is not None:
        fields["confirmed"] = chk.flag(raw, where, "confirmed")
    if kind == "advance_rate":
        fields.update(_rate_fields(raw, where, ctx))
    else:
        date = chk.date(raw, where, "date")
        if date and ctx.end and date > ctx.end:
            chk.error((*where, "date"), f"{date} is after the end of the period {ctx.end}")
        if date and ctx.start and date < ctx.start and kind in FRONT_KINDS:
            chk.error((*where, "date"), f"{date} is before the start of the period {ctx.start} "
                      "(where the front stood then is the baseline's)")
        fields["date"] = date
    for read in _KIND_FIELDS:
        read(kind, raw, where, ctx, fields)
    return Report(rid, kind, side, source, line=chk.line(where) or 0, where=chk.name(where),
                  **fields)


def _place_fields(kind: str, raw: dict[str, Any], where: Where, ctx: ReportContext,
                  fields: dict[str, Any]) -> None:
    """A capture's, withdrawal's, siege's, advance's or fighting's ``place:`` (a
    withdrawal's ``region:`` instead)."""
    if kind == "withdrawal" and "region" in raw:  # from a whole region: no place
        if "place" in raw:
            ctx.chk.error((*where, "region"), "give place: or region:, not both")
        fields["region"], fields["region_name"] = _region(raw, where, ctx, required=True)
    elif kind in ("capture", "withdrawal", "siege", *FRONT_KINDS) and \
            ctx.chk.get(raw, where, "place") is not None:
        place, name = ctx.place(raw["place"], (*where, "place"))
        fields.update(place=place, place_name=name)


def _siege_fields(kind: str, raw: dict[str, Any], where: Where, ctx: ReportContext,
                  fields: dict[str, Any]) -> None:
    """A siege's last day, if it was lifted, and whether the town was cut off."""
    if kind != "siege":
        return
    chk = ctx.chk
    lifted = chk.date(raw, where, "end", required=False)
    if lifted and fields.get("date") and lifted < fields["date"]:
        chk.error((*where, "end"), f"{lifted} is before the siege began ({fields['date']})")
    fields["end"] = lifted
    fields["encircled"] = chk.flag(raw, where, "encircled")


def _area_fields(kind: str, raw: dict[str, Any], where: Where, ctx: ReportContext,
                 fields: dict[str, Any]) -> None:
    """An ``area_held`` report's area and origin."""
    if kind != "area_held":
        return
    chk = ctx.chk
    area = chk.number(raw, where, "area_km2")
    if area is not None and area < 0:
        chk.error((*where, "area_km2"), f"{area:g} km² is negative")
    fields["area_km2"] = area
    # origin: may be left out when another area_held report of the side and region gives it
    if chk.get(raw, where, "origin", required=False) is not None:
        place, name = ctx.place(raw["origin"], (*where, "origin"))
        fields.update(place=place, place_name=name)


def _region_fields(kind: str, raw: dict[str, Any], where: Where, ctx: ReportContext,
                   fields: dict[str, Any]) -> None:
    """An ``area_held`` or ``deployment`` report's region (a deployment is pinned at the
    region's largest place)."""
    if kind not in ("area_held", "deployment"):
        return
    region, region_text = _region(raw, where, ctx, required=kind == "deployment")
    if region is not None:
        fields["region"], fields["region_name"] = region, region_text
        if kind == "deployment":
            fields["place"] = ctx.gaz.largest_place(region)
            fields["place_name"] = region_text


def _evidence_fields(kind: str, raw: dict[str, Any], where: Where, ctx: ReportContext,
                     fields: dict[str, Any]) -> None:
    """Where an extracted report came from (any kind)."""
    if "evidence" in raw:
        fields["evidence"] = _evidence(raw["evidence"], (*where, "evidence"), ctx.chk)


def _deployment_fields(kind: str, raw: dict[str, Any], where: Where, ctx: ReportContext,
                       fields: dict[str, Any]) -> None:
    """A deployment's force and count."""
    if kind != "deployment":
        return
    fields["force"] = ctx.chk.text(raw, where, "force", required=False)
    count = ctx.chk.number(raw, where, "count", required=False)
    fields["count"] = int(count) if count is not None else None


#: The readers of a report's fields beyond its kind, side, source and dates, in order.
_KIND_FIELDS: tuple[Callable[[str, dict[str, Any], Where, ReportContext, dict[str, Any]],
                             None], ...] = (
    _place_fields, _siege_fields, _area_fields, _region_fields, _evidence_fields,
    _deployment_fields)


def _region(raw: dict[str, Any], where: Where, ctx: ReportContext, *, required: bool
            ) -> tuple[Region | None, str]:
    """A report's ``region:`` resolved within the theatre (an error if unknown), and as written."""
    text = ctx.chk.text(raw, where, "region", required=required)
    if not text:
        return None, text
    try:
        return ctx.gaz.region(text, country=ctx.countries or None), text
    except UnknownRegion as exc:
        ctx.chk.error((*where, "region"), str(exc))
        return None, text


def _rate_fields(raw: dict[str, Any], where: Where, ctx: ReportContext) -> dict[str, Any]:
    chk = ctx.chk
    r_start = chk.date(raw, where, "start")
    r_end = chk.date(raw, where, "end")
    rate = chk.number(raw, where, "rate_km2_per_day", required=False)
    area = chk.number(raw, where, "area_km2", required=False)
    if rate is None and area is None and "rate_km2_per_day" not in raw and "area_km2" not in raw:
        chk.error(where, "give rate_km2_per_day or area_km2")
    if r_start and r_end:
        if r_end < r_start:
            chk.error((*where, "end"), f"{r_end} is before the start {r_start}")
        elif ctx.start and ctx.end and (r_end < ctx.start or r_start > ctx.end):
            chk.error((*where, "start"), f"{r_start}..{r_end} is outside the period "
                      f"{ctx.start}..{ctx.end}")
        if rate is None and area is not None:
            rate = area / max((r_end - r_start).days + 1, 1)
    if rate is not None and rate < 0:
        chk.error((*where, "rate_km2_per_day" if "rate_km2_per_day" in raw else "area_km2"),
                  f"{rate:g} km²/day is negative; a side that loses ground is the other "
                  "side's advance")
    names = chk.get(raw, where, "toward", required=False) or []
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, list):
        chk.error((*where, "toward"), "must be a list of places")
        names = []
    origin: dict[str, Any] = {}
    # origin: where the advance crosses into the country, from the side's ground beyond it
    if chk.get(raw, where, "origin", required=False) is not None:
        place, name = ctx.place(raw["origin"], (*where, "origin"))
        origin = {"place": place, "place_name": name}
    # the objectives: named together, a namesake is told apart by the others
    read = ctx.places(names, (*where, "toward"),
                      also=[origin["place"]] if origin.get("place") else [])
    toward = [place for place, _ in read if place]
    written = [name for _, name in read]
    country = chk.country(raw, where, "country", ctx.gaz)
    if country is None and toward and "country" not in raw:
        country = toward[0].country
    return {"start": r_start, "end": r_end, "rate_km2_per_day": rate, "area_km2": area,
            **origin, "toward": tuple(toward), "toward_names": tuple(written),
            "country": country}


def advance_anchors(reports: Iterable[Report]) -> list[tuple[float, float]]:
    """Where the scenario's advances start from and head for, as (lat, lon): each rate's
    ``origin`` and objectives, each incursion's origin."""
    return [(p.lat, p.lon) for r in reports if r.kind in ("advance_rate", "area_held")
            for p in (*([r.place] if r.place is not None else []), *r.toward)]


def fill_origins(reports: list[Report], chk: Checker, where_of: dict[str, Where]
                 ) -> list[Report]:
    """An ``area_held`` report without ``origin:`` takes that of its side and region."""
    origins: dict[tuple[str, str], Report] = {}
    for r in reports:
        if r.kind == "area_held" and r.place is not None and r.region is not None:
            origins.setdefault((r.side, r.region.name), r)
    out = []
    for r in reports:
        if r.kind == "area_held" and r.place is None and r.region is not None:
            other = origins.get((r.side, r.region.name))
            if other is None:
                chk.error(where_of[r.id], "missing field 'origin': the place the side's "
                          "ground grows from (no other area_held report of this side and "
                          "region gives one)")
            else:
                r = dataclasses.replace(r, place=other.place, place_name=other.place_name)
        out.append(r)
    return out


def read_objectives(names: list[str], scenario: Scenario, gazetteer: Gazetteer, /, *,
                    together: bool = True) -> list[tuple[Place | None, Problem | None]]:
    """A rate's objectives resolved as a scenario reads them, each with what stopped it.

    Parameters
    ----------
    names : list of str
        The objectives as written (``toward:``).
    scenario : Scenario
        For its countries and its front.
    gazetteer : Gazetteer
    together : bool, default True
        Read them as one report's objectives (a name ambiguous near the front is
        looked for near the others); else each on its own, near the front.

    Returns
    -------
    list of (Place or None, Problem or None)
        For each name: its place, or None and the error that stopped it (an
        ambiguous name, or one the gazetteer lacks).
    """
    def context(chk: Checker) -> ReportContext:
        return ReportContext(chk, gazetteer, {s.id for s in scenario.sides},
                             list(scenario.countries), scenario.front, scenario.start,
                             scenario.end, {})

    def problem(chk: Checker, i: int) -> Problem | None:
        return next((p for p in chk.problems if p.severity == "error"
                     and p.field.endswith(f"toward[{i}]")), None)

    if together:
        chk = Checker("objectives", {})
        read = context(chk).places(list(names), ("toward",))
        return [(place, problem(chk, i)) for i, (place, _) in enumerate(read)]
    out = []
    for name in names:
        chk = Checker("objective", {})
        place = context(chk).place(name, ("toward", 0))[0]
        out.append((place, problem(chk, 0)))
    return out
