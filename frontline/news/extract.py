"""From news text to reports, with every report pointing at the words it came from.

The extractor reads English wire-style text with rules, not a statistical
model: it finds sentences, place and region mentions (resolved with the
:class:`~frontline.geo.geocode.Gazetteer` in the article's own context), the
sides named in each sentence, dates relative to publication
(:mod:`frontline.news.dates`), and then four kinds of claims:

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
passed over. Every report carries ``evidence``: the article id, the
character span of its sentence in the article text, the sentence, a
``confidence`` between 0 and 1 and a note on how its date, side and place
were found.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from frontline.errors import UnknownCountry, UnknownPlace, UnknownRegion
from frontline.geo.geocode import Candidate, Gazetteer, pick
from frontline.geo.places import Place, Region
from frontline.news.articles import Article
from frontline.news.dates import DateRef, find_dates
from frontline.news.vocabulary import Vocabulary, load_vocabulary
from frontline.scenario import Front, Scenario
from frontline.thresholds import (
    BASE_CONFIDENCE,
    CONFIDENCE_PENALTY,
    FRONT_REACH_KM,
    MAX_CONFIDENCE,
    MIN_CONFIDENCE,
)

__all__ = [
    "SQ_MILE_KM2",
    "Extraction",
    "Extractor",
    "Mention",
    "Rejected",
    "split_sentences",
]

SQ_MILE_KM2 = 2.589988110336


# -- patterns --------------------------------------------------------------------------------------
_REGION_WORD = r"(?i:region|regions|oblast|oblasts|province|provinces|krai|republic)"
_CAP = r"[A-ZА-ЯЁІЇЄҐ][\w'’ʼ]*(?:-[\w'’ʼ]+)*"
_CAPS = rf"{_CAP}(?:\s+{_CAP})?"
_REGION_OF = re.compile(
    rf"\b(?:the\s+)?(?:(?:Russian|Ukrainian|Russia['’]s|Ukraine['’]s|eastern|western|southern|"
    rf"northern|north-eastern|northeastern|south-eastern|southeastern|southern|border|"
    rf"neighbouring|neighboring|frontline|front-line)\s+)*{_REGION_WORD}\s+of\s+(?P<n1>{_CAPS})")
_PEOPLES_REPUBLIC = re.compile(r"\b(?:(?:Donetsk|Luhansk|Lugansk)\s+People['’]s\s+Republic|"
                               r"DPR|DNR|LPR|LNR)\b")
_REGION_LIST = re.compile(
    rf"(?P<list>{_CAPS}(?:\s*,\s*{_CAPS})*(?:,?\s+(?:and|or)\s+{_CAPS})?)\s+"
    rf"(?P<kw>{_REGION_WORD})\b")
_CAPSEQ = re.compile(rf"(?<![\w'’-]){_CAP}(?:\s+{_CAP})*")
_LOCATIVE = re.compile(r"\b(?:in|at|near|to|from|outside|visited|visit|city\s+of|town\s+of)\s+"
                       r"(?:the\s+)?$", re.I)

# -- claims ----------------------------------------------------------------------------------------
_Q = r"['\"“”‘’]?"
_PLACE_NOUN = (r"(?:villages?|towns?|cities|city|settlements?|hamlets?|strongholds?|hubs?|"
               r"localit(?:y|ies))")
_MODIFIER = (r"(?:the|a|full|complete|eastern|western|northern|southern|central|strategic|key|"
             r"important|small|frontline|front-line|industrial|mining|logistics|logistical|"
             r"nearby|neighbouring|neighboring|embattled|besieged|coal-mining|heavily\s+fortified|"
             r"fortified|Ukrainian|Ukrainian-held|Russian|Russian-held|Donetsk|former)")
# text allowed between a verb and the place it acts on, and between places of a list
_OBJECT_GAP = re.compile(
    rf"^\s*{_Q}\s*(?:(?:control|hold)\s+(?:of|over)\s+)?(?:{_MODIFIER}\s+)*"
    rf"(?:{_PLACE_NOUN}\s+(?:of\s+)?)?{_Q}$")
_LIST_GAP = re.compile(rf"^\s*(?:\([^()]{{1,60}}\)\s*)?"
                       rf"(?:,\s*(?:and\s+|as\s+well\s+as\s+)?|and\s+|as\s+well\s+as\s+)"
                       rf"(?:(?:{_MODIFIER})\s+)*(?:{_PLACE_NOUN}\s+(?:of\s+)?)?{_Q}$")
_CAPTURE_ACTIVE = re.compile(
    rf"(?<![\w-]){_Q}(?P<v>"
    r"(?:took|taken|take|takes|seized|seize|gained|gain|established|establish|assumed|"
    r"regained)\s+(?:full\s+|complete\s+|total\s+)?control\s+(?:of|over)|"
    r"captured|captures|capture|capturing|seized|seizes|seize|seizing|took|taken|takes|take|liberated|liberates|liberate|liberating|occupied|overran|overrun|"
    r"retook|retaken|recaptured|recapture|won\s+back|regained|"
    r"(?:completed|completes|announced|announces|confirmed|confirms|claimed|claims|declared|"
    r"reported)\s+(?:on\s+\w+\s+|late\s+on\s+\w+\s+)?(?:the\s+)?(?:full\s+|complete\s+)?"
    r"(?:capture|liberation|seizure|takeover)"
    rf"\s+of)(?![\w-]){_Q}", re.I)
_CAPTURE_PASSIVE = re.compile(
    r"^\s*(?:,[^,;]{1,80},\s*)?(?:(?:was|were|has\s+been|have\s+been|had\s+been|is\s+now|"
    r"are\s+now)\s+"
    r"(?:fully\s+|completely\s+)?(?P<pv>captured|seized|taken|liberated|occupied|"
    r"overrun|recaptured|retaken)|(?P<fell>fell|has\s+fallen|had\s+fallen|have\s+fallen)|"
    r"(?P<under>(?:came|has\s+come|had\s+come|fell|is\s+now|was\s+now)\s+under\s+"
    r"(?:the\s+)?(?:full\s+)?(?:control\s+of|(?P<adj>\w+)\s+control)))\b", re.I)
_WITHDRAW = re.compile(
    r"(?<![\w-])(?P<v>(?:been\s+)?(?:pushed|driven|forced|thrown|knocked)\s+(?:back\s+)?out|"
    r"(?:been\s+)?(?:expelled|ousted|dislodged)|"
    r"(?:withdrew|withdrawn|withdraws|withdraw|withdrawing|pulled|pulls|pull|"
    r"pulling|retreated|retreats|retreat|retreating)"
    r"(?:\s+(?:its|their|our|the|his|all|some)?\s*(?:\w+\s+)?(?:troops|forces|units|soldiers|"
    r"servicemen|defenders))?(?:\s+(?:out|back))?|abandoned|abandon|"
    r"(?:the\s+|a\s+|its\s+|their\s+)?(?:withdrawal|retreat|pullout|pull-out)"
    r"(?:\s+of\s+(?:its|their|our|the|\w+)\s+(?:\w+\s+)?(?:troops|forces|units|soldiers))?)"
    r"(?P<prep>\s+(?:from|of|out\s+of))?(?![\w-])", re.I)

_NEGATION = re.compile(
    r"\b(?:not|n['’]t|never|no\s+longer|denied|denies|deny|denying|dismissed|rejected|false|"
    r"could|would|might|should|will|shall|going\s+to|if|unless|whether|plans?\s+to|planning|"
    r"planned|aims?\s+to|aiming|intends?|attempt\w*|try\w*|tried|seek\w*|sought|threat\w*|"
    r"expected|expects?|likely|poised|verge|close\s+to|bid\s+to|goal|wants?|hopes?|ready\s+to|"
    r"prepared\s+to|push(?:ing)?\s+to|fight(?:ing)?\s+to|battle\s+for|struggl\w+|failed|"
    r"fail|(?-i:may)|possible|possibly|risk)\b|\bno\b", re.I)
_DISPUTED = re.compile(r"\b(?:denied|disputed|could\s+not\s+(?:be\s+)?(?:independently\s+)?"
                       r"(?:verify|verified|confirm|confirmed)|unverified|not\s+(?:been\s+)?"
                       r"confirmed|(?:did|does|has|have)\s+not\s+(?:yet\s+)?confirm(?:ed)?|"
                       r"unable\s+to\s+(?:independently\s+)?(?:verify|confirm)|"
                       r"(?:was|is)\s+false)\b", re.I)
# the next sentence may dispute it: 'The claim could not be independently verified.'
_DISPUTES_BEFORE = re.compile(r"\b(?:claim|claims|report|reports|it|this|that)\b", re.I)
_STATED = re.compile(r"\b(?:said|says|told(?:\s+[A-Z]\w+)?|announced|reported|confirmed|stated|"
                     r"wrote|added|claimed)\s+(?:on\s+)?$")
_CLAIMED = re.compile(r"\bclaim(?:ed|s)?\b", re.I)

_NUMBER = r"(?P<num>\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_AREA = re.compile(
    _NUMBER + r"(?P<thousand>\s+thousand)?\s*(?P<unit>square\s+kilomet(?:re|er)s?|sq\.?\s*km|"
    r"km²|km2|kilomet(?:re|er)s\s+squared|square\s+miles?|sq\.?\s*mi(?:les?)?\b)", re.I)
_PER = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:(?:a|per|each|every)\s+(?P<u>day|week|month)|"
                  r"(?P<daily>daily))\b", re.I)
_IN_DURATION = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:in|over|within)\s+(?:a|one|the\s+past|"
                          r"the\s+last)\s+(?P<u>day|week|month)\b|^\s*(?:\([^)]*\)\s*)?"
                          r"(?:in|over|within)\s+(?:the\s+(?:past|last)\s+)?(?P<n>\d+)\s+"
                          r"(?P<u2>days|weeks|months)\b", re.I)
_HOLD = re.compile(r"\b(?:holds?|holding|held|controls?|controlling|controlled|occup(?:y|ies|ying)|"
                   r"still\s+has)\b", re.I)
_GAIN = re.compile(r"\b(?:gain\w*|advance\w*|captur\w*|took|taken|take|seiz\w*|occupied|"
                   r"seized|won|grabbed|moved\s+forward|progress\w*|averag\w*)\b", re.I)
_LOSS = re.compile(r"\b(?:lost|loses|lose|losing|ceded|surrendered)\b", re.I)
_PERCENT = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:%|per\s*cent|percent)", re.I)

_FORCE = (  # {who}: the vocabulary's words for forces
    r"(?:(?P<count>(?:about|around|some|more\s+than|over|up\s+to|at\s+least|roughly|nearly|"
    r"almost|an\s+estimated|approximately)?\s*(?:\d{{1,3}}(?:[, ]\d{{3}})+|\d+(?:\.\d+)?\s*"
    r"(?:thousand)?))\s+)?(?:(?P<who>{who})\s+)?(?P<what>(?:military\s+|special\s+|combat\s+)?"
    r"(?:troops|soldiers|units|forces|servicemen|personnel|fighters|contingent|mercenaries))\b")
_DEPLOY = re.compile(
    r"\b(?:deployed|deploying|deployment|arrived|arriving|sent|sending|stationed|transferred|"
    r"moved|dispatched|been\s+spotted|been\s+seen|are\s+now\s+in|are\s+in|were\s+in|"
    r"fighting\s+in|took\s+part|engaged|present\s+in)\b", re.I)


@dataclass(frozen=True)
class Mention:
    """A place, region or country named in an article.

    Attributes
    ----------
    text : str
        As written.
    span : (int, int)
        In the article text.
    kind : str
        ``'place'`` or ``'region'``.
    resolved : str
        What it resolved to (``'Selydove (Donetska oblast, UA)'``), or ``''``.
    country : str
    in_theatre : bool
        False for places outside the theatre's countries (a summit in
        Brussels): they are kept as mentions and produce no reports.
    note : str
        Renamed, spelling variant, best of several, ...
    front_km : float or None
        Distance to the scenario's front, when one is known: a summit in Kazan
        is 1,000 km from it.
    """

    text: str
    span: tuple[int, int]
    kind: str
    resolved: str = ""
    country: str = ""
    in_theatre: bool = True
    note: str = ""
    place: Place | None = field(default=None, compare=False, repr=False)
    region: Region | None = field(default=None, compare=False, repr=False)
    ambiguous: bool = False
    front_km: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for YAML and JSON."""
        return {"text": self.text, "span": list(self.span), "kind": self.kind,
                "resolved": self.resolved, "country": self.country,
                "in_theatre": self.in_theatre, "note": self.note,
                "front_km": None if self.front_km is None else round(self.front_km, 1)}


@dataclass(frozen=True)
class Rejected:
    """A sentence with a claim that gave no report, and why."""

    article: str
    span: tuple[int, int]
    sentence: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "span": list(self.span), "sentence": self.sentence,
                "reason": self.reason}


@dataclass
class Extraction:
    """What one article gave: reports (scenario format), mentions and rejected claims."""

    article: Article
    reports: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article.id, "reports": self.reports,
                "mentions": [m.to_dict() for m in self.mentions],
                "rejected": [r.to_dict() for r in self.rejected]}


# -- sentences -------------------------------------------------------------------------------------
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-ZА-ЯЁІЇЄҐ0-9])"
                       r"|\n\s*\n|\n(?=\s*[-*•])")


def split_sentences(text: str, *, abbreviations: frozenset[str] | None = None
                    ) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text``.

    Full stops after abbreviations (``Gen.``, ``Oct.``, ``U.S.``: the
    vocabulary's list unless given) and initials do not end a sentence; blank
    lines always do.

    Examples
    --------
    >>> t = "Gen. Syrskyi spoke on Oct. 27. Russian forces advanced."
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['Gen. Syrskyi spoke on Oct. 27.', 'Russian forces advanced.']
    """
    known = abbreviations if abbreviations is not None else load_vocabulary().abbreviations
    spans = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        head = text[start:m.start() + 1]
        word = re.search(r"([\w.]+)\.?$", text[start:m.start()])
        if m.group(0).startswith(".") and "\n" not in m.group(0) and word:
            w = word.group(1).lower().rstrip(".")
            if w in known or (len(w) == 1 and w.isalpha()):
                continue
        if head.strip():
            spans.append((start, m.start() + len(m.group(0).rstrip())
                          - len(m.group(0).rstrip().lstrip(".!?\"'”’)]"))))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    out = []
    for a, b in spans:  # trim whitespace
        seg = text[a:b]
        a2 = a + len(seg) - len(seg.lstrip())
        b2 = b - (len(seg) - len(seg.rstrip()))
        if b2 > a2:
            out.append((a2, b2))
    return out


_UNDATED = "date: publication (none in the sentence)"
_ADJECTIVAL = re.compile(r"(?:\b(?:the|a|an|this|that|these|those|newly|temporarily|"
                         r"already|illegally)\s+|[\w]-)$", re.I)
_CLAUSE_BREAK = re.compile(r"[,;:](?=\s)|[()—–]|\b(?:since|after|before|when|which|that|while|who|"
                           r"where|because|although|as)\b")


def _clause(text: str, pos: int) -> tuple[int, int]:
    """The span of the clause around ``pos`` (between commas, 'that', 'after', ...)."""
    a = 0
    for m in _CLAUSE_BREAK.finditer(text, 0, pos):
        a = m.end()
    after = _CLAUSE_BREAK.search(text, pos + 1)
    return a, after.start() if after else len(text)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def _number(text: str) -> float:
    return float(re.sub(r"[,\u202f\u00a0 ]", "", text))


@dataclass
class _Sentence:
    span: tuple[int, int]
    text: str
    dates: list[DateRef]
    sides: list[tuple[int, int, str, bool]]  # start, end, country code, strong
    places: list[Mention]
    regions: list[Mention]


class Extractor:
    """Turns articles into reports for a scenario.

    Parameters
    ----------
    gazetteer : Gazetteer, optional
        Defaults to :meth:`Gazetteer.default`.
    countries : sequence of str, default ("UA", "RU")
        The theatre: places elsewhere are mentions only.
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

    Examples
    --------
    >>> import datetime as dt
    >>> from frontline.news.articles import Article
    >>> a = Article("a1", "Russian forces captured Selidovo on Sunday, the ministry said.",
    ...             dt.date(2024, 10, 30))
    >>> r = Extractor().extract(a).reports[0]
    >>> r["kind"], r["side"], r["place"], str(r["date"])
    ('capture', 'RU', 'Selidovo', '2024-10-27')
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *,
                 countries: Sequence[str] = ("UA", "RU"),
                 sides: dict[str, str] | None = None,
                 front: Front | None = None, vocabulary: Vocabulary | None = None) -> None:
        self.gaz = gazetteer or Gazetteer.default()
        self.vocab = vocabulary or load_vocabulary()
        self._force = re.compile(_FORCE.format(who=self.vocab.force_re), re.I)
        self.countries = tuple(countries)
        self.sides = dict(sides) if sides else {c: c for c in self.countries}
        self.front = front if front else None
        self._region_cache: dict[tuple[str, str | None], Region | None] = {}
        self._country_cache: dict[str, bool] = {}

    @classmethod
    def for_scenario(cls, scenario: Scenario, gazetteer: Gazetteer | None = None
                     ) -> Extractor:
        """An extractor with a scenario's theatre, sides and front."""
        sides = {s.country: s.id for s in scenario.sides if s.country}
        return cls(gazetteer, countries=scenario.countries, sides=sides, front=scenario.front)

    def config(self) -> dict[str, Any]:
        """The theatre, sides and front: what another process needs to make the same extractor."""
        return {"countries": self.countries, "sides": self.sides, "front": self.front,
                "vocabulary": self.vocab}

    def front_km(self, place: Place) -> float | None:
        """Distance from ``place`` to the front, when the front is known."""
        return self.front.place_km(place) if self.front else None

    # -- mentions ---------------------------------------------------------------------------------
    def _region(self, name: str, country: str | None) -> Region | None:
        key = (name, country)
        if key not in self._region_cache:
            try:
                region = self.gaz.region(f"{name} region",
                                         country=country or list(self.countries))
            except UnknownRegion:
                region = None
            self._region_cache[key] = region
        return self._region_cache[key]

    def _is_country(self, name: str) -> bool:
        if name not in self._country_cache:
            try:
                self.gaz.country(name)
                self._country_cache[name] = True
            except UnknownCountry:
                self._country_cache[name] = False
        return self._country_cache[name]

    def _regions(self, text: str, offset: int) -> list[Mention]:
        found: list[Mention] = []

        def add(name: str, a: int, b: int, country: str | None) -> None:
            name = re.sub(r"['’]s$", "", name)
            words = name.split()
            while words and (words[0].lower() in self.vocab.stop or (
                    re.sub(r"['’]s$", "", words[0]).lower() in self.vocab.side_words
                    and len(words) > 1)):
                words.pop(0)
            if not words:
                return
            name = " ".join(words)
            region = self._region(name, country)
            if region is None:
                return
            found.append(Mention(name, (offset + a, offset + b), "region", region.label(),
                                 region.country, region.country in self.countries,
                                 region=region))

        for m in _PEOPLES_REPUBLIC.finditer(text):  # Russian statements' names for two oblasts
            try:
                region = self.gaz.region(m.group(0), country="UA")
            except UnknownRegion:
                continue
            found.append(Mention(m.group(0), (offset + m.start(), offset + m.end()), "region",
                                 region.label(), region.country,
                                 region.country in self.countries, region=region))
        for m in _REGION_OF.finditer(text):
            country = None
            head = m.group(0).lower()
            if "russia" in head:
                country = "RU"
            elif "ukrain" in head:
                country = "UA"
            add(m.group("n1"), m.start("n1"), m.end("n1"), country)
        for m in _REGION_LIST.finditer(text):
            names = re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", m.group("list"))
            pos = m.start("list")
            before = text[max(0, m.start() - 12):m.start()].lower()
            country = "RU" if "russia" in before else "UA" if "ukrain" in before else None
            for name in names:
                a = text.index(name, pos)
                pos = a + len(name)
                add(name, a, m.end("kw") if name == names[-1] else pos, country)
        found.sort(key=lambda r: r.span)
        out: list[Mention] = []
        for r in found:  # drop overlaps
            if not out or r.span[0] >= out[-1].span[1]:
                out.append(r)
        return out

    def _sides(self, text: str) -> list[tuple[int, int, str, bool]]:
        refs = []
        vocab = self.vocab
        for m in vocab.side_re.finditer(text):
            word = " ".join(m.group(1).lower().split())
            unit = vocab.actor_side(word)
            if unit:
                refs.append((m.start(), m.end(), unit, True))
                continue
            after = text[m.end(1):m.end(1) + 60]
            if vocab.where_after.match(after):
                continue
            if word in vocab.capitals and re.search(
                    r"\b(?:in|on|to|near|around|toward|towards|from|at|of)\s+$",
                    text[max(0, m.start() - 10):m.start()], re.I):
                continue  # 'a strike on Kyiv' is the place
            side = vocab.side_words[word]
            # a theatre country named as such acts ('Russia took'); others need a noun
            strong = bool(vocab.military_after.match(after)) or (
                word in vocab.countries and side in self.countries)
            refs.append((m.start(), m.end(), side, strong))
        return refs

    def _candidate_names(self, text: str, taken: list[tuple[int, int]]
                         ) -> list[tuple[str, int, int]]:
        out = []
        for m in _CAPSEQ.finditer(text):
            words = [(w.group(0), m.start() + w.start(), m.start() + w.end())
                     for w in re.finditer(r"\S+", m.group(0))]
            cleaned = []
            for w, a, _b in words:
                base = re.sub(r"['’ʼ]s$", "", w)
                cleaned.append((base, a, a + len(base)))
            while cleaned and (cleaned[0][0].lower() in self.vocab.stop or cleaned[0][0].lower()
                               in self.vocab.side_words or (cleaned[0][0].isupper()
                                                  and len(cleaned[0][0]) > 1)):
                cleaned.pop(0)
            while cleaned and (cleaned[-1][0].lower() in self.vocab.stop or cleaned[-1][0].lower()
                               in self.vocab.side_words):
                cleaned.pop()
            if not cleaned:
                continue
            a, b = cleaned[0][1], cleaned[-1][2]
            if any(not (b <= s or a >= e) for s, e in taken):
                continue
            if any(w.lower() in self.vocab.stop or w.isupper() for w, _, _ in cleaned):
                # 'Pokrovsk Defence Ministry': keep the leading run of name-like words
                run = []
                for item in cleaned:
                    if item[0].lower() in self.vocab.stop or (item[0].isupper()
                                                             and len(item[0]) > 1):
                        break
                    run.append(item)
                if not run:
                    continue
                cleaned = run
                b = cleaned[-1][2]
            name = text[a:b]
            if re.search(rf"^\s+{_REGION_WORD}\b", text[b:b + 12]):
                continue  # a region, found by _regions when it is one
            out.append((name, a, b))
        return out

    @staticmethod
    def _pick(cands: list[Candidate]) -> tuple[Candidate, bool]:
        top, rivals = pick(cands)
        return top, bool(rivals)

    def _resolve_places(self, text: str, names: list[tuple[str, int, int, int]],
                        sentences: list[_Sentence]) -> None:
        """Resolve the article's place names in its own context, into the sentences."""
        article_regions = [r.region for s in sentences for r in s.regions
                           if r.region is not None and r.in_theatre]
        unique = list(dict.fromkeys(n for n, _, _, _ in names))
        context = unique[:40]
        memo: dict[tuple[str, tuple[str, ...]], Mention | None] = {}
        for name, a, b, si in names:
            sent = sentences[si]
            local = [r.region for r in sent.regions if r.region is not None]
            memo_key = (name, tuple(r.iso or r.name for r in local))
            if memo_key in memo:
                found = memo[memo_key]
                if found is not None:
                    sent.places.append(dataclasses.replace(found, text=name, span=(a, b)))
                continue
            mention = None
            others = [n for n in context if n != name]
            tried: list[Region | None] = [*local, *[r for r in article_regions
                                                    if r not in local], None]
            for region in dict.fromkeys(tried):
                try:
                    cands = self.gaz.candidates(name, country=list(self.countries),
                                                admin1=region, context=others,
                                                near=self.front.points if self.front else None)
                except (UnknownRegion, UnknownPlace):
                    cands = []
                if cands:
                    top, guessed = self._pick(cands)
                    mention = self._mention(name, a, b, top, guessed, True)
                    break
            if mention is None and _LOCATIVE.search(text[max(0, a - 25):a]):
                try:
                    cands = self.gaz.candidates(name)
                except UnknownPlace:
                    cands = []
                if cands:
                    top, guessed = self._pick(cands)
                    mention = self._mention(name, a, b, top, guessed, False)
            memo[memo_key] = mention
            if mention is not None:
                sent.places.append(mention)

    def _mention(self, name: str, a: int, b: int, cand: Candidate, guessed: bool,
                 in_theatre: bool) -> Mention:
        notes = []
        if cand.renamed:
            notes.append(cand.renamed.describe())
        elif cand.match == "spelling variant":
            notes.append(f"spelling variant of {cand.matched_name}")
        if guessed:
            notes.append("best of several places of that name")
        in_theatre = in_theatre and cand.place.country in self.countries
        return Mention(name, (a, b), "place", cand.place.label(), cand.place.country,
                       in_theatre, "; ".join(notes), place=cand.place, ambiguous=guessed,
                       front_km=self.front_km(cand.place))

    def _analyse(self, article: Article) -> tuple[list[_Sentence], list[Mention]]:
        text = article.text
        if article.published is None:
            raise ValueError(f"article {article.id!r} has no publication date; relative dates "
                             "need one")
        published = article.published
        sentences: list[_Sentence] = []
        names: list[tuple[str, int, int, int]] = []
        for si, (a, b) in enumerate(split_sentences(text, abbreviations=self.vocab.abbreviations)):
            words = text[a:b]
            regions = self._regions(words, a)
            taken = [(r.span[0] - a, r.span[1] - a) for r in regions]
            sides = self._sides(words)
            dates = [d for d in find_dates(words, published) if d.start <= published]
            taken += [d.span for d in dates]
            sent = _Sentence((a, b), words, dates, sides, [], regions)
            sentences.append(sent)
            for name, x, y in self._candidate_names(words, taken):
                if name.lower() in self.vocab.side_words or self._is_country(name):
                    continue
                names.append((name, a + x, a + y, si))
        self._resolve_places(text, names, sentences)
        mentions = sorted([m for s in sentences for m in (*s.regions, *s.places)],
                          key=lambda m: m.span)
        for s in sentences:
            s.places.sort(key=lambda m: m.span)
        return sentences, mentions

    # -- claims -----------------------------------------------------------------------------------
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
        sentences, mentions = self._analyse(article)
        out = Extraction(article, mentions=mentions)
        last_side: str | None = None
        seen: dict[tuple[Any, ...], int] = {}
        for s in sentences:
            found: list[dict[str, Any]] = []
            self._captures(article, s, last_side, found, out.rejected)
            self._withdrawals(article, s, last_side, found, out.rejected)
            self._areas(article, s, sentences, last_side, found, out.rejected)
            self._deployments(article, s, found, out.rejected)
            for report in found:
                # the same claim twice (headline and body): keep the better-evidenced one
                key = (report["kind"], report["side"],
                       report["evidence"].get("resolved") or report.get("place"),
                       report.get("region"), str(report.get("date") or report.get("start")))
                if key not in seen:
                    seen[key] = len(out.reports)
                    out.reports.append(report)
                elif (report["evidence"]["confidence"]
                      > out.reports[seen[key]]["evidence"]["confidence"]):
                    out.reports[seen[key]] = report
            strong = [x for x in s.sides if x[3]]
            if strong:
                last_side = strong[-1][2]
        out.reports = self._drop_undated_twins(out.reports)
        self._disputed_after(sentences, out.reports)
        self._ids(article, out.reports)
        return out

    @staticmethod
    def _drop_undated_twins(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """A headline's undated 'has taken X' is the body's 'took X on Sunday': keep that."""
        def who(r: dict[str, Any]) -> tuple[Any, ...]:
            return r["kind"], r["side"], r["evidence"].get("resolved") or r.get("place")

        def undated_event(r: dict[str, Any]) -> bool:
            return r["kind"] in ("capture", "withdrawal") and _UNDATED in r["evidence"]["note"]

        dated = {who(r) for r in reports
                 if r["kind"] in ("capture", "withdrawal") and not undated_event(r)}
        return [r for r in reports if not (undated_event(r) and who(r) in dated)]

    @staticmethod
    def _disputed_after(sentences: list[_Sentence], reports: list[dict[str, Any]]) -> None:
        """Lower the confidence of claims the next sentence disputes."""
        starts = [s.span[0] for s in sentences]
        for r in reports:
            ev = r["evidence"]
            i = starts.index(ev["span"][0])
            if i + 1 >= len(sentences) or "disputed" in ev["note"]:
                continue
            nxt = sentences[i + 1].text
            if _DISPUTED.search(nxt) and _DISPUTES_BEFORE.search(nxt):
                ev["confidence"] = round(max(MIN_CONFIDENCE,
                                            ev["confidence"] - CONFIDENCE_PENALTY["disputed"]), 2)
                ev["note"] += "; disputed or unverified in the next sentence"

    def _ids(self, article: Article, reports: list[dict[str, Any]]) -> None:
        used: set[str] = set()
        for r in reports:
            what = r.get("place") or r.get("region") or r.get("force") or ""
            when = r.get("date") or r.get("start")
            base = "-".join(x for x in (r["kind"], _slug(str(what)) if what else "",
                                        str(when), _slug(article.id)[:24]) if x)
            rid, n = base, 2
            while rid in used:
                rid, n = f"{base}-{n}", n + 1
            used.add(rid)
            r["id"] = rid

    def _side_for(self, s: _Sentence, pos: int, *, after: bool, last_side: str | None
                  ) -> tuple[str | None, bool]:
        """The side acting at ``pos``: nearest before (active) or after (passive)."""
        if after:
            refs = [x for x in s.sides if x[0] >= pos]
            if refs:
                return refs[0][2], True
            return None, False
        refs = [x for x in s.sides if x[1] <= pos]
        if refs:
            strong = [x for x in refs if x[3]]
            pick = refs[-1]
            if not pick[3] and strong and pick[0] - strong[-1][1] < 3:
                pick = strong[-1]
            return pick[2], True
        if last_side:
            return last_side, False
        return None, False

    def _blocked(self, s: _Sentence, pos: int) -> str | None:
        """Why the words before ``pos`` make the claim not a report (negation, 'could', ...)."""
        head = s.text[:pos]
        cut = max(head.rfind(c) for c in ",;:—–()")
        clause = head[cut + 1:] if cut >= 0 else head
        # 'said on Sunday that' does not open a new clause, 'X said, ...' does
        m = _NEGATION.search(clause)
        if m:
            return f"'{m.group(0)}' before the claim"
        return None

    def _date(self, s: _Sentence, pos: int, published: dt.date | None, notes: list[str],
              penalties: list[str]) -> dt.date | None:
        days = [d for d in s.dates if not d.since]
        a, b = _clause(s.text, pos)

        def stated(d: DateRef) -> bool:
            return bool(_STATED.search(s.text[:d.span[0]]))

        tiers = [
            # the event's own clause: 'captured Selidovo on Sunday'
            [d for d in days if a <= d.span[0] < b and not stated(d)],
            # a sentence that opens with its date: 'On Sunday, Russian troops took ...'
            [d for d in days if not s.text[:d.span[0]].strip(" ,") or
             re.fullmatch(r"\s*(?:on|in|since|by|late|early)\s*", s.text[:d.span[0]], re.I)],
            # the statement's date: 'the ministry said on Wednesday'
            [d for d in days if stated(d)],
        ]
        for tier in tiers:
            if not tier:
                continue
            best = min(tier, key=lambda d: (not d.exact, abs(d.span[0] - pos)))
            if not best.exact:
                penalties.append("period date")
                notes.append(f"date: end of '{best.text}'")
            else:
                notes.append(f"date: '{best.text}'")
            return best.end
        penalties.append("no date")
        notes.append(_UNDATED)
        return published

    def _report(self, article: Article, s: _Sentence, kind: str, side: str,
                penalties: list[str], notes: list[str], **fields: Any) -> dict[str, Any]:
        report: dict[str, Any] = {"id": "", "kind": kind, "side": side}
        report.update((k, v) for k, v in fields.items() if v is not None)
        if _CLAIMED.search(s.text):
            penalties.append("claimed")
        if _DISPUTED.search(s.text):
            penalties.append("disputed")
            notes.append("disputed or unverified in the sentence")
        confidence = BASE_CONFIDENCE - sum(CONFIDENCE_PENALTY[p] for p in dict.fromkeys(penalties))
        report["source"] = {
            "title": article.title or article.id,
            "publisher": article.publisher,
            "published": article.published,
            "url": article.url,
        }
        report["evidence"] = {
            "article": article.id,
            "span": [s.span[0], s.span[1]],
            "sentence": " ".join(s.text.split()),
            "confidence": round(max(MIN_CONFIDENCE, min(MAX_CONFIDENCE, confidence)), 2),
            "note": "; ".join(notes),
        }
        return report

    def _place_fields(self, m: Mention, notes: list[str], penalties: list[str]) -> str:
        if m.ambiguous:
            penalties.append("ambiguous place")
        if "spelling variant" in m.note:
            penalties.append("spelling variant")
        if "named earlier" in m.note:
            penalties.append("place from context")
        notes.append(f"{m.text} -> {m.resolved}" + (f" ({m.note})" if m.note else ""))
        return m.text

    def _objects(self, s: _Sentence, pos: int) -> list[Mention]:
        """Places acted on right after ``pos``: 'captured the villages of A and B'."""
        out: list[Mention] = []
        joins: list[bool] = []  # did the separator before each item say 'and'?
        base = s.span[0]
        for m in s.places:
            start = m.span[0] - base
            if start < pos:
                continue
            gap = s.text[pos:start]
            if out and gap.lstrip().startswith("(") and ")" not in gap:
                continue  # 'Hirnyk (southeast of Pokrovsk) and ...': inside the brackets
            if (_LIST_GAP if out else _OBJECT_GAP).match(gap):
                out.append(m)
                joins.append(bool(re.search(r"\band\b|\bas\s+well\s+as\b", gap)))
                pos = m.span[1] - base
                continue
            break
        # 'A, B and C' is a list; 'Kupiansk, the Kharkiv regional council said' is not
        for i in range(1, len(out)):
            if not joins[i] and not any(joins[i + 1:]):
                return out[:i]
        return out

    def _antecedent(self, s: _Sentence, start: int, end: int) -> list[Mention]:
        """'withdrew from the city' after naming it: the last place named before the verb."""
        if not re.match(r"^\s*(?:the|that)\s+(?:city|town|village|settlement)\b",
                        s.text[end:]):
            return []
        before = [p for p in s.places if p.in_theatre and p.span[1] - s.span[0] <= start]
        if not before:
            return []
        return [dataclasses.replace(before[-1], note="; ".join(
            x for x in (before[-1].note, "named earlier in the sentence") if x))]

    def _subjects(self, s: _Sentence, pos: int) -> list[Mention]:
        """Places right before ``pos``: 'A and B were captured'."""
        base = s.span[0]
        before = [m for m in s.places if m.span[1] - base <= pos]
        out: list[Mention] = []
        end = pos
        for m in reversed(before):
            gap = s.text[m.span[1] - base:end]
            if not out:
                if not re.match(r"^\s*(?:,[^,;]{1,80},)?\s*$", gap):
                    break
            elif not re.match(r"^\s*(?:,\s*(?:and\s+)?|and\s+)$", gap):
                break
            out.insert(0, m)
            end = m.span[0] - base
        return out

    def _captures(self, article: Article, s: _Sentence, last_side: str | None,
                  found: list[dict[str, Any]], rejected: list[Rejected]) -> None:
        handled: set[tuple[int, int]] = set()
        for m in _CAPTURE_ACTIVE.finditer(s.text):
            if _ADJECTIVAL.search(s.text[:m.start()]):
                continue  # 'the occupied city of Donetsk' names a place, it reports nothing
            targets = ([t for t in self._objects(s, m.end()) if t.in_theatre]
                       or self._antecedent(s, m.start(), m.end()))
            if not targets:
                continue
            verb = m.group("v").lower()
            if verb in ("took", "taken", "take", "takes") and not re.match(
                    r"^\s*(?:the\s+)?(?:(?:village|town|city|settlement)s?\s+of\s+)?[A-ZА-Я]",
                    s.text[m.end():]):
                continue
            self._event(article, s, "capture", m.start(), targets, after=False,
                        last_side=last_side, found=found, rejected=rejected)
            handled.update(t.span for t in targets)
        for place in s.places:
            if place.span in handled or not place.in_theatre:
                continue
            rest = s.text[place.span[1] - s.span[0]:]
            passive = _CAPTURE_PASSIVE.match(rest)
            if not passive:
                continue
            pos = place.span[1] - s.span[0] + passive.end()
            subjects = [t for t in self._subjects(s, place.span[1] - s.span[0]) if t.in_theatre
                        and t.span not in handled]
            side = None
            adjective = (passive.group("adj") or "").lower()
            if adjective in self.vocab.side_words:
                side = self.vocab.side_words[adjective]
            self._event(article, s, "capture", pos, subjects or [place], after=True,
                        last_side=last_side, found=found, rejected=rejected, side=side,
                        check_at=place.span[0] - s.span[0])
            handled.update(t.span for t in subjects or [place])

    def _withdrawals(self, article: Article, s: _Sentence, last_side: str | None,
                     found: list[dict[str, Any]], rejected: list[Rejected]) -> None:
        for m in _WITHDRAW.finditer(s.text):
            verb = m.group("v").lower()
            if not m.group("prep") and not verb.startswith("abandon"):
                continue
            if re.search(r"(?:pushed|driven|forced|thrown|knocked)\s+(?:back\s+)?out$", verb) \
                    and m.group("prep").strip().lower() != "of":
                continue  # 'pushed out of X'
            if verb.startswith("pull") and not re.search(r"\b(?:out|back)$", verb) and \
                    m.group("prep").strip().lower() != "from":
                continue  # 'pulled out of' or 'pulled back from', not 'pulled of'
            if verb.startswith("abandon") and not any(x[1] <= m.start() and x[3]
                                                      for x in s.sides):
                continue  # 'abandoned' alone is too common; 'Ukrainian troops abandoned X'

            targets = ([t for t in self._objects(s, m.end()) if t.in_theatre]
                       or self._antecedent(s, m.start(), m.end()))
            if not targets:
                continue
            self._event(article, s, "withdrawal", m.start(), targets, after=False,
                        last_side=last_side, found=found, rejected=rejected)

    def _event(self, article: Article, s: _Sentence, kind: str, pos: int,
               targets: list[Mention], *, after: bool, last_side: str | None,
               found: list[dict[str, Any]], rejected: list[Rejected],
               side: str | None = None, check_at: int | None = None) -> None:
        why = self._blocked(s, pos if check_at is None else check_at)
        if why is None and after:
            why = self._blocked(s, pos)
        if why:
            rejected.append(Rejected(article.id, s.span, s.text, f"{kind}: {why}"))
            return
        penalties: list[str] = []
        notes: list[str] = []
        in_sentence = True
        if side is None:
            side, in_sentence = self._side_for(s, pos, after=after, last_side=None)
            if side is None and after:
                side, in_sentence = self._side_for(s, pos, after=False, last_side=last_side)
            elif side is None:
                side, in_sentence = self._side_for(s, pos, after=True, last_side=last_side)
        if side is None:
            rejected.append(Rejected(article.id, s.span, s.text, f"{kind}: no side named"))
            return
        if not in_sentence:
            penalties.append("side from context")
            notes.append("side from an earlier sentence")
        side_id = self.sides.get(side)
        if side_id is None:
            rejected.append(Rejected(article.id, s.span, s.text,
                                     f"{kind}: {side} is not a side of the scenario"))
            return
        date = self._date(s, pos, article.published, notes, penalties)
        for t in targets:
            far = self.front_km(t.place) if t.place is not None else None
            if far is not None and far > FRONT_REACH_KM:
                rejected.append(Rejected(article.id, s.span, s.text,
                                         f"{kind}: {t.resolved} is {far:,.0f} km from the "
                                         "scenario's front"))
                continue
            t_notes, t_pen = list(notes), list(penalties)
            name = self._place_fields(t, t_notes, t_pen)
            report = self._report(article, s, kind, side_id, t_pen, t_notes, place=name,
                                  date=date)
            report["evidence"]["resolved"] = t.resolved
            found.append(report)

    # -- areas and rates --------------------------------------------------------------------------
    def _areas(self, article: Article, s: _Sentence, sentences: list[_Sentence],
               last_side: str | None, found: list[dict[str, Any]],
               rejected: list[Rejected]) -> None:
        quantities: list[re.Match[str]] = []
        for m in _AREA.finditer(s.text):
            if re.search(r"\(\s*(?:about\s+|some\s+|around\s+)?$", s.text[:m.start()]) and \
                    quantities:
                continue  # '14 square kilometres (5.4 sq miles)': the conversion
            quantities.append(m)
        for m in quantities:
            value = _number(m.group("num")) * (1000 if m.group("thousand") else 1)
            if m.group("unit").lower().replace(".", "").startswith(("square mi", "sq mi", "sqmi")):
                value *= SQ_MILE_KM2
            tail = s.text[m.end():]
            if _PERCENT.match(tail):
                continue
            head = s.text[:m.start()]
            clause_start = max(head.rfind(c) for c in ";—–") + 1
            clause = s.text[clause_start:m.end() + 60]
            per = _PER.match(tail)
            dur = _IN_DURATION.match(tail)
            why = self._blocked(s, m.start())
            kind_hint = "area"
            if per or dur or _GAIN.search(clause) or _LOSS.search(clause):
                kind_hint = "advance_rate"
            if _HOLD.search(s.text[clause_start:m.start()]) and not per and not dur:
                kind_hint = "area_held"
            if kind_hint == "area":
                continue
            if why:
                rejected.append(Rejected(article.id, s.span, s.text, f"{kind_hint}: {why}"))
                continue
            side, in_sentence = self._side_for(s, m.start(), after=False, last_side=last_side)
            if side is None:
                side, in_sentence = self._side_for(s, m.end(), after=True, last_side=None)
            penalties: list[str] = []
            notes: list[str] = [f"{m.group(0)}" + (" = " + f"{value:,.1f} km²"
                                                   if "mi" in m.group("unit").lower() else "")]
            if side is None:
                rejected.append(Rejected(article.id, s.span, s.text,
                                         f"{kind_hint}: no side named"))
                continue
            if not in_sentence:
                penalties.append("side from context")
            loss = bool(_LOSS.search(s.text[clause_start:m.start()]))
            if loss:
                others = [c for c in self.sides if c != side and c in self.countries]
                if kind_hint != "advance_rate" or len(others) != 1:
                    continue
                notes.append(f"a loss of {side} is a gain of {others[0]}")
                side = others[0]
            side_id = self.sides.get(side)
            if side_id is None:
                continue
            if kind_hint == "area_held":
                self._area_held(article, s, sentences, m, value, side_id, penalties, notes,
                                found)
                continue
            self._rate(article, s, m, value, per, dur, side_id, penalties, notes, found)

    def _rate(self, article: Article, s: _Sentence, m: re.Match[str], value: float,
              per: re.Match[str] | None, dur: re.Match[str] | None, side: str,
              penalties: list[str], notes: list[str], found: list[dict[str, Any]]) -> None:
        published = article.published
        assert published is not None
        periods = [d for d in s.dates if not d.exact or d.since]
        start = end = None
        if per:
            unit = (per.group("u") or "day").lower()
            rate = value / {"day": 1, "week": 7, "month": 30.4375}[unit]
            if periods:
                ref = min(periods, key=lambda d: abs(d.span[0] - m.end()))
                start, end = ref.start, ref.end
                notes.append(f"period: '{ref.text}'")
            else:
                start, end = published.replace(day=1), published
                if start == end:
                    start = end - dt.timedelta(days=6)
                penalties.append("no period")
                notes.append("period: none given; the month of publication so far")
        else:
            days = None
            if dur:
                unit = (dur.group("u") or dur.group("u2")).lower().rstrip("s")
                n = int(dur.group("n")) if dur.group("n") else 1
                days = n * {"day": 1, "week": 7, "month": 30}[unit]
            if periods:
                ref = min(periods, key=lambda d: abs(d.span[0] - m.end()))
                start, end = ref.start, ref.end
                if days is None:
                    days = ref.days
                    notes.append(f"period: '{ref.text}'")
                else:
                    start = end - dt.timedelta(days=days - 1)
                    notes.append(f"period: {days} days ending with '{ref.text}'")
            elif days is not None:
                anchor = [d for d in s.dates if d.exact]
                end = anchor[0].end if anchor else published
                start = end - dt.timedelta(days=days - 1)
                notes.append(f"period: the {days} days up to "
                             + (f"'{anchor[0].text}'" if anchor else "publication"))
            else:
                return  # an area with no period is not a rate
            rate = value / days
        found.append(self._report(article, s, "advance_rate", side, penalties, notes,
                                  start=start, end=end,
                                  rate_km2_per_day=round(rate, 3)))

    def _area_held(self, article: Article, s: _Sentence, sentences: list[_Sentence],
                   m: re.Match[str], value: float, side: str, penalties: list[str],
                   notes: list[str], found: list[dict[str, Any]]) -> None:
        base = s.span[0]
        regions = [r for r in s.regions if r.region is not None]
        after = [r for r in regions if r.span[0] - base >= m.end()]
        region: Mention | None = (after or regions)[0] if (after or regions) else None
        if region is None and re.search(r"\bthere\b|\bin\s+the\s+region\b", s.text[m.end():]):
            # '... still hold about 800 square kilometres there': the region named just before
            i = next(i for i, x in enumerate(sentences) if x is s)
            earlier = [r for r in sentences[i - 1].regions if r.region is not None] if i else []
            if earlier:
                region = earlier[-1]
                penalties.append("region from context")
                notes.append(f"region: {region.text}, named in the sentence before")
        if region is None:
            return
        origin = None
        for sent in sentences:  # the article's first named place in that region
            for p in sent.places:
                if p.place is not None and p.place.admin1 in region.region.codes:  # type: ignore[union-attr]
                    origin = p.text
                    break
            if origin:
                break
        date = self._date(s, m.start(), article.published, notes, penalties)
        if origin:
            notes.append(f"origin: {origin}, the article's first place in the region")
        found.append(self._report(article, s, "area_held", side, penalties, notes,
                                  date=date, area_km2=round(value, 1),
                                  region=region.text + " region", origin=origin))

    # -- deployments ------------------------------------------------------------------------------
    def _deployments(self, article: Article, s: _Sentence, found: list[dict[str, Any]],
                     rejected: list[Rejected]) -> None:
        if not _DEPLOY.search(s.text):
            return  # no deployment verb: no deployment (and the force pattern is slow)
        for m in self._force.finditer(s.text):
            who = " ".join((m.group("who") or "").split())
            if not who and not m.group("count"):
                continue  # 'troops' alone is whoever the sentence is about: too loose
            verb = _DEPLOY.search(s.text, max(0, m.start() - 40))
            if verb is None or verb.start() > m.end() + 60:
                continue
            base = s.span[0]
            regions = [r for r in s.regions if r.region is not None and r.in_theatre]
            region = None
            if regions:
                region = min(regions, key=lambda r: abs(r.span[0] - base - m.end()))
            else:
                places = [p for p in s.places if p.in_theatre and p.place is not None]
                if places:
                    place = places[0].place
                    assert place is not None
                    if place.admin1_name:
                        try:
                            r = self.gaz.region(place.admin1_name, country=place.country)
                        except UnknownRegion:
                            r = None
                        if r is not None:
                            region = Mention(place.admin1_name, places[0].span, "region",
                                             r.label(), r.country, True, region=r)
            if region is None or region.region is None:
                continue
            why = self._blocked(s, min(m.start(), verb.start()))
            if why:
                rejected.append(Rejected(article.id, s.span, s.text, f"deployment: {why}"))
                continue
            country = self.vocab.side_words.get(who.lower()) if who else None
            if country is None and not who:  # 'Russia has moved 50,000 troops'
                country, _ = self._side_for(s, m.start(), after=False, last_side=None)
                who = self.vocab.demonyms.get(country or "", "")
            side = self.sides.get(country or "") or self.sides.get(region.region.country)
            if side is None:
                continue
            count = None
            if m.group("count"):
                digits = re.sub(r"[^\d.]", "", m.group("count"))
                if digits:
                    count = int(float(digits) * (1000 if "thousand" in m.group("count") else 1))
            penalties: list[str] = []
            notes = [f"{who} forces in {region.resolved}: with the side holding it"
                     if country not in self.sides else f"{who} forces"]
            date = self._date(s, m.start(), article.published, notes, penalties)
            force = f"{who} {' '.join(m.group('what').split())}".strip()
            region_name = region.region.name if not region.text else region.text + " region"
            found.append(self._report(article, s, "deployment", side, penalties, notes,
                                      date=date, region=region_name, force=force,
                                      count=count))

