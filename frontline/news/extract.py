"""From news text to reports, with every report pointing at the words it came from.

The reader works on English wire-style text with rules, not a statistical
model. :class:`~frontline.news.mentions.MentionFinder` finds the sentences and
what they name (places and regions, resolved with the gazetteer in the article's
own context; the sides; dates relative to publication), then the claim readers of
:mod:`frontline.news.claims` look for their kind of claim in each sentence:

* **capture / withdrawal**: ``"Russian forces captured Selidovo on Sunday"``,
  ``"Selydove fell to Russian troops"``, ``"Ukraine's troops withdrew from
  Vuhledar"``;
* **advance_rate**: ``"gains averaged 14 square kilometres (5.4 sq miles) a
  day in September"``, ``"took 1,000 square kilometres in a week"``;
* **area_held**: ``"holds 1,294 km² of the Kursk region"``;
* **deployment**: ``"North Korean troops have been deployed to the Kursk
  region"``, with a count when one is given.

Sentences that deny, doubt or imagine a claim (*not*, *denied*, *could*,
*would*, *if*, *plans to*, *trying to*, ...) give **no report**; they are kept
in :attr:`Extraction.rejected` with the reason, so a reviewer sees what was
passed over. Every report is a typed :class:`~frontline.scenario.Report` whose
``evidence`` gives the article id, the character span of its sentence in the
article text, the sentence, a ``confidence`` between 0 and 1 and a note on how its
date, side and place were found; :func:`report_data` gives it as the scenario
format's plain data.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from frontline.geo.geocode import Gazetteer
from frontline.news.articles import Article
from frontline.news.claims import ClaimReader, Context
from frontline.news.claims.areas import SQ_MILE_KM2, Areas
from frontline.news.claims.clauses import Clauses
from frontline.news.claims.deployments import Deployments
from frontline.news.claims.events import Captures, Events, Withdrawals
from frontline.news.claims.evidence import Dated, Penalty, Rejected, Reporter
from frontline.news.claims.fronts import Advances, Fighting, Sieges
from frontline.news.mentions import Mention, MentionFinder, Sentence
from frontline.news.patterns import DISPUTED, DISPUTES_BEFORE
from frontline.news.sentences import split_sentences
from frontline.news.syntax import Syntax
from frontline.news.vocabulary import Vocabulary, load_vocabulary
from frontline.scenario import FRONT_KINDS, Front, Report, Scenario
from frontline.thresholds import CONFIDENCE_PENALTY, MIN_CONFIDENCE

__all__ = [
    "SQ_MILE_KM2",
    "Extraction",
    "Extractor",
    "Mention",
    "Rejected",
    "report_data",
    "split_sentences",
    "unresolved_hint",
]


@dataclass
class Extraction:
    """What one article gave: reports, mentions and rejected claims.

    ``unresolved`` holds the claims about places the gazetteer lacks: the name as
    written, the region the text puts it in, side, date and evidence
    (``evidence.gazetteer_lacks``). They are never merged into a scenario.
    """

    article: Article
    reports: list[Report] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    unresolved: list[Report] = field(default_factory=list)

    def keep_confident(self, min_confidence: float, /) -> None:
        """Leave out the reports whose confidence is below ``min_confidence``."""
        self.reports[:] = [r for r in self.reports if _confidence(r) >= min_confidence]

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the reports (and unresolved claims) in the scenario format."""
        return {"article": self.article.id,
                "reports": [report_data(r) for r in self.reports],
                "unresolved": [report_data(r) for r in self.unresolved],
                "mentions": [m.to_dict() for m in self.mentions],
                "rejected": [r.to_dict() for r in self.rejected]}


def _written_place(r: Report) -> str:
    """The place a report is about, as written (an area held's place is its origin)."""
    return r.place_name if r.kind != "area_held" else ""


def report_data(r: Report) -> dict[str, Any]:
    """A report made by the extractor as the scenario format's plain data (YAML or JSON).

    Its place and region as the article wrote them, its dates, its source, its
    evidence (with the note and the place as resolved), and for a place the
    gazetteer lacks ``unresolved: true`` with a hint on how to add it.
    """
    data: dict[str, Any] = {"id": r.id, "kind": r.kind, "side": r.side}
    if r.kind in ("capture", "withdrawal", "siege", *FRONT_KINDS):
        if r.place_name:
            data["place"] = r.place_name
        if r.region_name:
            data["region"] = r.region_name
        data["date"] = r.date
        if r.kind == "siege":
            data["encircled"] = r.encircled
    elif r.kind == "advance_rate":
        data.update(start=r.start, end=r.end, rate_km2_per_day=r.rate_km2_per_day)
    elif r.kind == "area_held":
        data.update(date=r.date, area_km2=r.area_km2, region=r.region_name)
        if r.place_name:
            data["origin"] = r.place_name
    else:
        data.update(date=r.date, region=r.region_name, force=r.force)
        if r.count is not None:
            data["count"] = r.count
    if not r.confirmed:  # denied or unverified in the text: the ground it moves is claimed
        data["confirmed"] = False
    src = r.source
    data["source"] = {"title": src.title, "publisher": src.publisher,
                      "published": src.published, "url": src.url}
    ev = r.evidence
    if ev is None:
        return data
    data["evidence"] = {"article": ev.article, "span": [ev.start, ev.end],
                        "sentence": ev.sentence, "confidence": ev.confidence, "note": ev.note}
    if ev.resolved:
        data["evidence"]["resolved"] = ev.resolved
    if ev.gazetteer_lacks:
        data["unresolved"] = True
        data["hint"] = unresolved_hint(r.place_name)
    return data


def unresolved_hint(name: str) -> str:
    """How to add a place the gazetteer lacks.

    Examples
    --------
    >>> unresolved_hint("Robotyne")  # doctest: +NORMALIZE_WHITESPACE
    "add 'Robotyne' with `frontline gazetteer import` (a GeoNames dump or a CSV), or pin it in
    the scenario as place: {name: Robotyne, lat: ..., lon: ...}"
    """
    return (f"add '{name}' with `frontline gazetteer import` (a GeoNames dump or a CSV), or "
            f"pin it in the scenario as place: {{name: {name}, lat: ..., lon: ...}}")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


class Extractor:
    """Turns articles into reports for a scenario.

    Parameters
    ----------
    gazetteer : Gazetteer, optional
        Defaults to :meth:`Gazetteer.default`.
    countries : sequence of str, default ("UA", "RU")
        The theatre (the embedded example's by default): places elsewhere are
        mentions only.
    sides : mapping of country code to side id, optional
        Which side a country's forces are (default: the country code itself,
        for the theatre's countries).
    front : Front, optional
        The scenario's front: places near it win over namesakes far away,
        and a capture or withdrawal farther than
        :data:`~frontline.thresholds.FRONT_REACH_KM` from it is not reported
        (see :meth:`for_scenario`).
    vocabulary : Vocabulary, optional
        Who is who and which words are not places; the one shipped with
        Frontline by default (:func:`~frontline.news.vocabulary.load_vocabulary`).
    fronts : bool, default False
        Also read the claims that place the front (``advance``, ``fighting``,
        ``siege``: :mod:`frontline.news.claims.fronts`).
    parser : bool, default False
        Read with a dependency parse as well as the rules (spaCy's English model:
        :mod:`frontline.news.syntax`); ImportError when it is not installed.

    Examples
    --------
    >>> import datetime as dt
    >>> from frontline.news.articles import Article
    >>> a = Article("a1", "Russian forces captured Selidovo on Sunday, the ministry said.",
    ...             dt.date(2024, 10, 30))
    >>> r = Extractor().extract(a).reports[0]
    >>> r.kind, r.side, r.place_name, r.place.name, str(r.date)
    ('capture', 'RU', 'Selidovo', 'Selydove', '2024-10-27')
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *,
                 countries: Sequence[str] = ("UA", "RU"),
                 sides: dict[str, str] | None = None,
                 front: Front | None = None, vocabulary: Vocabulary | None = None,
                 fronts: bool = False, parser: bool = False) -> None:
        self.gaz = gazetteer or Gazetteer.default()
        self.vocab = vocabulary or load_vocabulary()
        self.countries = tuple(countries)
        self.sides = dict(sides) if sides else {c: c for c in self.countries}
        self.front = front if front else None
        self.fronts, self.parser = fronts, parser
        syntax = Syntax() if parser else None
        self.finder = MentionFinder(self.gaz, self.vocab, self.countries, self.front)
        clauses, reporter = Clauses(self.finder.grammar), Reporter()
        events = Events(self.finder, clauses, reporter, self.sides)
        #: the claim readers, in the order each sentence is read
        self.readers: tuple[ClaimReader, ...] = (
            Captures(events, self.vocab, self.countries),
            Withdrawals(events),
            Areas(clauses, reporter, self.sides, self.countries, syntax, self.finder.region),
            Deployments(self.gaz, self.vocab, self.finder.grammar, clauses, reporter,
                        self.sides),
        )
        if fronts:
            self.readers += (Advances(events), Fighting(events), Sieges(events, clauses))

    @classmethod
    def for_scenario(cls, scenario: Scenario, gazetteer: Gazetteer | None = None, *,
                     fronts: bool = False, parser: bool = False) -> Extractor:
        """An extractor with a scenario's theatre, sides and front."""
        sides = {s.country: s.id for s in scenario.sides if s.country}
        return cls(gazetteer, countries=scenario.countries, sides=sides, front=scenario.front,
                   fronts=fronts, parser=parser)

    def config(self) -> dict[str, Any]:
        """The theatre, sides and front: what another process needs to make the same extractor."""
        return {"countries": self.countries, "sides": self.sides, "front": self.front,
                "vocabulary": self.vocab, "fronts": self.fronts, "parser": self.parser}

    def extract(self, article: Article) -> Extraction:
        """The reports, mentions and rejected claims of one article.

        Parameters
        ----------
        article : Article
            Its ``published`` date anchors relative dates; it is required.

        Raises
        ------
        ValueError
            The article has no publication date.

        Returns
        -------
        Extraction
        """
        sentences, mentions = self.finder.analyse(article)
        out = Extraction(article, mentions=mentions)
        found = self._read(article, sentences, out.rejected)
        found = _name_regions(sentences, found)
        found = _one_deployment_per_region(found)
        lacks: list[Report] = []
        kept: list[Report] = []
        for r in found:
            (lacks if r.evidence is not None and r.evidence.gazetteer_lacks else kept).append(r)
        kept = _drop_undated_twins(kept)
        out.reports = _ids(article, _disputed_after(sentences, kept))
        out.unresolved = _ids(article, lacks)
        return out

    def _read(self, article: Article, sentences: list[Sentence], rejected: list[Rejected]
              ) -> list[Report]:
        """Every sentence through every claim reader; the same claim twice (a headline and
        the body) kept once, with its better evidence."""
        reports: list[Report] = []
        seen: dict[tuple[Any, ...], int] = {}
        ctx = Context(article, sentences, 0, None, None, [], rejected)
        for i, s in enumerate(sentences):
            ctx.index, ctx.found = i, []
            for reader in self.readers:
                reader.read(ctx)
            for report in ctx.found:
                key = _claim_key(report)
                if key not in seen:
                    seen[key] = len(reports)
                    reports.append(report)
                elif _confidence(report) > _confidence(reports[seen[key]]):
                    reports[seen[key]] = report
            strong = [x for x in s.sides if x[3]]
            if strong:
                ctx.last_side = strong[-1][2]
            named = [x[2] for x in s.sides if x[2] not in self.countries]
            if named:  # the last foreign state named: 'troops from the reclusive state'
                ctx.foreign = named[-1]
        return reports


def _confidence(r: Report) -> float:
    return float(r.evidence.confidence or 0.0) if r.evidence is not None else 0.0


def _resolved(r: Report) -> str:
    return r.evidence.resolved if r.evidence is not None else ""


def _claim_key(r: Report) -> tuple[Any, ...]:
    """What makes two reports the same claim: kind, side, place or region, day."""
    return (r.kind, r.side, _resolved(r) or _written_place(r) or None, r.region_name or None,
            str(r.date or r.start))


def _name_regions(sentences: list[Sentence], reports: list[Report]) -> list[Report]:
    """A region is named as the article names it most simply: 'Kursk region', not
    'Kurskaya region', when both are written."""
    written: dict[str, list[str]] = {}
    for s in sentences:
        for m in s.regions:
            if m.region is not None and m.resolved:
                written.setdefault(m.resolved, []).append(m.text)
    out = []
    for r in reports:
        names = written.get(_resolved(r))
        if r.kind in ("deployment", "area_held") and names:
            r = dataclasses.replace(r, region_name=min(names, key=lambda n: (len(n), n))
                                    + " region")
        out.append(r)
    return out


def _one_deployment_per_region(reports: list[Report]) -> list[Report]:
    """One article, one deployment per side and region: the best-evidenced, earliest."""
    best: dict[tuple[str, str], Report] = {}
    for r in reports:
        if r.kind != "deployment":
            continue
        key = (r.side, _resolved(r) or r.region_name)
        if key not in best or (-_confidence(r), r.date) < (-_confidence(best[key]),
                                                           best[key].date):
            best[key] = r
    keep = {id(r) for r in best.values()}
    return [r for r in reports if r.kind != "deployment" or id(r) in keep]


def _drop_undated_twins(reports: list[Report]) -> list[Report]:
    """A headline's undated 'has taken X' is the body's 'took X on Sunday': keep that."""
    def who(r: Report) -> tuple[Any, ...]:
        return r.kind, r.side, _resolved(r) or _written_place(r) or None

    def undated_event(r: Report) -> bool:
        return r.kind in ("capture", "withdrawal") and r.evidence is not None and \
            r.evidence.dated in (Dated.PUBLICATION, Dated.STATEMENT)

    dated = {who(r) for r in reports
             if r.kind in ("capture", "withdrawal") and not undated_event(r)}
    return [r for r in reports if not (undated_event(r) and who(r) in dated)]


def _disputed_after(sentences: list[Sentence], reports: list[Report]) -> list[Report]:
    """Lower the confidence of claims the next sentence disputes."""
    starts = [s.span[0] for s in sentences]
    out = []
    for r in reports:
        ev = r.evidence
        assert ev is not None
        i = starts.index(ev.start or 0)
        if i + 1 < len(sentences) and Penalty.DISPUTED not in ev.penalties:
            nxt = sentences[i + 1].text
            if DISPUTED.search(nxt) and DISPUTES_BEFORE.search(nxt):
                ev = dataclasses.replace(
                    ev, confidence=round(max(MIN_CONFIDENCE, (ev.confidence or 0.0)
                                             - CONFIDENCE_PENALTY[Penalty.DISPUTED]), 2),
                    note=ev.note + "; disputed or unverified in the next sentence",
                    penalties=(*ev.penalties, Penalty.DISPUTED))
                r = dataclasses.replace(r, evidence=ev, confirmed=False)
        out.append(r)
    return out


def _ids(article: Article, reports: list[Report]) -> list[Report]:
    """Each report's id: its kind, place, day and article, unique within the article."""
    used: set[str] = set()
    out = []
    for r in reports:
        what = _written_place(r) or r.region_name or r.force
        when = r.date or r.start
        base = "-".join(x for x in (r.kind, _slug(str(what)) if what else "", str(when),
                                    _slug(article.id)[:24]) if x)
        rid, n = base, 2
        while rid in used:
            rid, n = f"{base}-{n}", n + 1
        used.add(rid)
        out.append(dataclasses.replace(r, id=rid))
    return out
