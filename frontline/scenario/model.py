"""Reports and scenarios as data: what a loaded, checked scenario holds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from frontline.errors import Problem
from frontline.geo.places import Place, Region
from frontline.scenario.front import Front
from frontline.thresholds import DEFAULT_MARGIN_KM

if TYPE_CHECKING:  # pragma: no cover
    from frontline.geo.geometry import Geometry
    from frontline.scenario.theatre import Polygonal, Theatre

__all__ = [
    "FRONT_KINDS",
    "REPORT_KINDS",
    "BaselineSettlement",
    "Evidence",
    "Report",
    "ReportKind",
    "Scenario",
    "Side",
    "Source",
]

ReportKind = Literal["capture", "withdrawal", "advance_rate", "area_held", "deployment",
                     "siege", "advance", "fighting"]
REPORT_KINDS: tuple[ReportKind, ...] = ("capture", "withdrawal", "advance_rate", "area_held",
                                        "deployment", "siege", "advance", "fighting")
#: Reports that say where the front was on a day, without ground of their own: ``advance``
#: (the side gained ground near the place by that date) and ``fighting`` (the front passes
#: near the place on that date; its side, if given, is the one attacking).
FRONT_KINDS: tuple[ReportKind, ...] = ("advance", "fighting")


@dataclass(frozen=True)
class Source:
    """Where a report comes from."""

    title: str
    publisher: str = ""
    published: dt.date | None = None
    url: str = ""

    def to_dict(self) -> dict[str, str | None]:
        """Plain data: ``title``, ``publisher``, ``published`` (ISO date), ``url``."""
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
    note : str
        How the extractor found the date, side and place.
    resolved : str
        The place or region the claim is about, as the gazetteer resolved it.
    penalties : tuple of str
        The weaknesses that lowered the confidence (the extractor's ``Penalty`` names).
    dated : str
        Where the date came from: ``event``, ``period``, ``statement`` or ``publication``.
    gazetteer_lacks : bool
        The claim is about a place the gazetteer does not have (never merged).
    """

    article: str = ""
    start: int | None = None
    end: int | None = None
    sentence: str = ""
    confidence: float | None = None
    note: str = ""
    resolved: str = ""
    penalties: tuple[str, ...] = ()
    dated: str = ""
    gazetteer_lacks: bool = False

    def to_dict(self) -> dict[str, str | int | float | None]:
        """Plain data, with the field names of the ``reports`` layer."""
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
        (A ``fighting`` report may leave its side out: ``''``.)
    date : date or None
        For every kind but ``advance_rate``.
    start, end : date or None
        For ``advance_rate``: the days it covers, both included. For ``siege``,
        ``end`` is its last day, when it was lifted (none: it lasts).
    encircled : bool
        For ``siege``: the besieger holds the ground all round the place from
        the siege's date (the city is cut off), not only the approaches.
    confirmed : bool
        False for a claim its source marks unconfirmed, or the other side denies
        (``confirmed: false``): the ground it moves is ``claimed``, not ``reported``.
    place : Place or None
        The captured, abandoned or besieged settlement, the place near which a
        side advanced or the fighting is (``advance``, ``fighting``); for ``area_held`` and
        ``advance_rate`` the origin (for a rate: a place on the side's ground
        beyond the rate's country, from which the advance crosses its border).
    place_name : str
        The place as the report wrote it.
    rate_km2_per_day, area_km2 : float or None
    toward : tuple of Place
        Objectives of an advance.
    region : Region or None
        For ``area_held`` and ``deployment``; for a ``withdrawal`` from a whole
        region (an oblast, "the Kyiv region"), instead of a place.
    region_name : str
        The region as the report wrote it.
    country : str or None
        For ``advance_rate``: the country whose ground is taken (by default
        that of the objectives, else of the other side).
    force, count : for ``deployment``.
    source : Source
    line : int
        Line of the report in the scenario file.
    where : str
        Where it is in the file's structure, e.g. ``reports[3]``.
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
    region_name: str = ""
    country: str | None = None
    force: str = ""
    count: int | None = None
    encircled: bool = False
    confirmed: bool = True
    line: int = 0
    evidence: Evidence | None = None
    where: str = ""

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
        when = self.date or self.start
        return {
            "id": self.id, "kind": self.kind, "side": self.side,
            "date": when.isoformat() if when else None,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "place": self.place.name if self.place else None,
            "place_as_reported": self.place_name or None,
            "rate_km2_per_day": self.rate_km2_per_day, "area_km2": self.area_km2,
            "toward": ", ".join(p.name for p in self.toward) or None,
            "region": self.region.name if self.region else None,
            "country": self.country,
            "force": self.force or None, "count": self.count,
            "encircled": self.encircled if self.kind == "siege" else None,
            "confirmed": self.confirmed,
            **{f"source_{k}": v for k, v in self.source.to_dict().items()},
            **(self.evidence or Evidence()).to_dict(),
        }


@dataclass
class Scenario:
    """A loaded, checked scenario with every place resolved.

    Attributes
    ----------
    path : Path
    name : str
    countries : tuple of str
        ISO alpha-2 codes of the theatre's countries.
    start, end : date
        The period, both days included.
    sides : tuple of Side
    baseline_date : date
    settlements : tuple of BaselineSettlement
        The baseline as labelled settlements (or empty).
    polygons : dict
        The baseline as polygons: side -> (multi)polygon in EPSG:4326 (or empty).
    reports : tuple of Report
    borders : Path or None
        The user's borders file, if any (else Natural Earth).
    barriers : geometry or None
        Ground the front does not cross (rivers as lines, or polygons), EPSG:4326.
    margin_km : float
        Margin of the theatre around the baseline and the reports' places.
    content_hash : str
        SHA-256 of the scenario file and the files it reads.
    warnings : list of Problem
    inputs : tuple of Path
        The scenario file and the files it names (baseline table or polygons,
        borders, barriers): what a rebuild watches.
    """

    path: Path
    name: str
    countries: tuple[str, ...]
    start: dt.date
    end: dt.date
    sides: tuple[Side, ...]
    baseline_date: dt.date
    settlements: tuple[BaselineSettlement, ...] = ()
    polygons: dict[str, Polygonal] = field(default_factory=dict)
    reports: tuple[Report, ...] = ()
    borders: Path | None = None
    barriers: Geometry | None = None
    margin_km: float = DEFAULT_MARGIN_KM
    content_hash: str = ""
    warnings: list[Problem] = field(default_factory=list)
    inputs: tuple[Path, ...] = ()
    _front: Front | None = field(default=None, repr=False, compare=False)
    _theatre: Theatre | None = field(default=None, repr=False, compare=False)

    @property
    def days(self) -> list[dt.date]:
        """Every day of the period, first to last."""
        return [self.start + dt.timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    def side(self, side_id: str) -> Side:
        """The side of that id."""
        return next(s for s in self.sides if s.id == side_id)

    def home_side(self, country: str) -> str | None:
        """The side whose own country this is (RU for Russia), if any."""
        return next((s.id for s in self.sides if s.country == country), None)

    def polygon_holder(self, lon: float, lat: float, country: str | None) -> str | None:
        """Who holds a point by a polygon baseline: the side whose polygon covers it,
        else the home side of ``country`` (None if neither says)."""
        import shapely

        point = shapely.Point(lon, lat)
        for side, geom in sorted(self.polygons.items()):
            if geom.covers(point):
                return side
        return self.home_side(country) if country else None

    def other_sides(self, side_id: str) -> list[str]:
        """Every side but this one, in the order declared."""
        return [s.id for s in self.sides if s.id != side_id]

    def rate_country(self, report: Report) -> str | None:
        """The country whose ground an advance rate takes.

        Its own ``country:`` (which defaults to its first objective's), else the
        home country of the other side.
        """
        if report.country:
            return report.country
        others = self.other_sides(report.side)
        return next((c for c in self.countries if self.home_side(c) in others), None)

    def problem(self, report: Report, field: str, message: str) -> Problem:
        """A problem with one field of a report, located in the scenario file."""
        return Problem(str(self.path), report.line or None,
                       f"{report.where}.{field}" if report.where else field, message)

    @property
    def front(self) -> Front:
        """The front at the baseline, as points (see :class:`~frontline.scenario.front.Front`).

        Between the labelled settlements of different sides, or along the
        edges of a polygon baseline inside the countries.
        """
        if self._front is None:
            if self.polygons:
                from frontline.errors import InputFileError
                from frontline.geo.borders import load_countries

                try:
                    shapes = load_countries(list(self.countries), path=self.borders)
                except InputFileError:  # said by validation; no front to measure from
                    shapes = {}
                self._front = Front.along(self.polygons, shapes,
                                          {c: self.home_side(c) for c in self.countries})
            else:
                self._front = Front.between(self.settlements)
        return self._front

    def anchor_points(self) -> list[tuple[float, float]]:
        """(lon, lat) of every place the scenario names: the theatre is drawn around them."""
        pts = [(s.place.lon, s.place.lat) for s in self.settlements]
        for r in self.reports:
            pts += [(p.lon, p.lat) for p in (r.place, *r.toward) if p is not None]
        return pts

    @property
    def theatre(self) -> Theatre:
        """The ground the scenario covers, in its equal-area projection (computed once)."""
        if self._theatre is None:
            from frontline.scenario.theatre import make_theatre

            self._theatre = make_theatre(self.countries, self.anchor_points(),
                                         polygons=list(self.polygons.values()),
                                         borders=self.borders, margin_km=self.margin_km)
        return self._theatre
