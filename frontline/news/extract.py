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
from frontline.geo.places import Place, Region, haversine_km
from frontline.news.articles import Article
from frontline.news.dates import DateRef, find_dates
from frontline.news.vocabulary import Vocabulary, load_vocabulary
from frontline.scenario import Front, Scenario
from frontline.thresholds import (
    BASE_CONFIDENCE,
    CONFIDENCE_PENALTY,
    FRONT_REACH_KM,
    MAX_CONFIDENCE,
    MAX_RATE_PERIOD_DAYS,
    MIN_CONFIDENCE,
    NAMESAKE_POPULATION,
    NEAR_PLACE_KM,
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
               r"localit(?:y|ies)|communit(?:y|ies)|urban-type\s+settlements?|"
               r"district\s+cent(?:re|er)s?)")
# a lower-case word before a place noun ('the southeastern village of'), not a joining word
_ADJ = r"(?!(?:and|or|the|a|an|in|of|to|from|near|with|by|at|on)\b)[a-z][\w-]*"
# what follows a place name that only qualifies a noun: 'the Kharkiv village of X', 'the
# Zaporizhzhia nuclear plant', 'the Pokrovsk direction' (such a name is never a claim's object)
_QUALIFIES = re.compile(
    rf"^\s+(?:(?:{_ADJ}\s+){{0,2}}{_PLACE_NOUN}\s+of\b|(?:{_REGION_WORD}|nuclear|power|"
    r"direction|axis|sector|front|border|offensive|counteroffensive|incursion|operation|"
    r"reservoir|thermal|plant|bridgehead|salient|grouping|group)\b)")
# any name that qualifies a place noun, a side's capital included ('the Kyiv village of')
_QUALIFIER = re.compile(rf"({_CAPS})(?=\s+(?:{_REGION_WORD}\s+)?(?:{_ADJ}\s+){{0,2}}"
                        rf"{_PLACE_NOUN}\s+of\b)")
# a place the sentence binds to a region before it: 'the Kharkiv village of', 'the Donetsk
# region town of' (R stands for the region's name, masked)
_BOUND_BEFORE = re.compile(
    rf"\b(?:the|a)\s+(?P<r>{_CAPS})(?:['’]s)?\s+(?:{_REGION_WORD}(?:['’]s)?\s+)?"
    rf"(?:{_ADJ}\s+){{0,2}}{_PLACE_NOUN}\s+of\s+{_Q}$")
# ... and after it: 'X in the Zaporizhzhia region', 'X in Kharkiv Oblast', 'X (Donetsk region)',
# 'X in the Glushkovo district of the Kursk region'; the region mention follows
_BOUND_AFTER = re.compile(
    r"^\s*(?:,\s*|\(\s*)?(?:(?:in|of)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+(?:district|raion|"
    r"area|community)\s+of\s+(?:the\s+)?)?)?(?:(?:Russia|Ukraine)['’]s\s+)?"
    r"(?:(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+|"
    r"border\s+|frontline\s+|front-line\s+)*$")
# a place said to be near another: 'X, southeast of Y', 'X (both southwest of Y)', 'X near Y'
_NEAR = re.compile(
    rf"^\s*[,(]?\s*(?:both\s+|just\s+|some\s+|about\s+)?(?:\d+\s*(?:km|kilomet(?:re|er)s|"
    rf"miles)\s+)?(?:(?:north|south|east|west|north-?east|north-?west|south-?east|"
    rf"south-?west)(?:ern)?\s+of|near|outside)\s+(?:the\s+(?:city|town|village)\s+of\s+)?"
    rf"(?P<a>{_CAPS})")
_MODIFIER = (r"(?:the|a|full|complete|eastern|western|northern|southern|central|strategic|key|"
             r"important|small|frontline|front-line|industrial|mining|logistics|logistical|"
             r"nearby|neighbouring|neighboring|embattled|besieged|coal-mining|heavily\s+fortified|"
             r"fortified|Ukrainian|Ukrainian-held|Russian|Russian-held|Donetsk|former)")
# text allowed between a verb and the place it acts on, and between places of a list
_OBJECT_GAP = re.compile(
    rf"^\s*{_Q}\s*(?:(?:control|hold)\s+(?:of|over)\s+)?(?:(?:the|a|an)\s+)?"
    rf"(?:\x00+\s+(?:{_REGION_WORD}\s+)?)?(?:{_MODIFIER}\s+)*"
    rf"(?:(?:{_ADJ}\s+){{0,2}}{_PLACE_NOUN}\s+(?:of\s+)?)?{_Q}$")
_LIST_GAP = re.compile(rf"^\s*(?:\([^()]{{1,60}}\)\s*)?"
                       rf"(?:,?\s*(?:and\s+)?(?:(?:nearby|neighbouring|neighboring|surrounding|"
                       rf"several)\s+)?(?:villages|towns|settlements|localities)\s*,?\s*"
                       rf"(?:notably|including|such\s+as|among\s+them)\s+|"
                       rf",\s*(?:and\s+|as\s+well\s+as\s+)?|and\s+|as\s+well\s+as\s+)"
                       rf"(?:(?:{_MODIFIER})\s+)*(?:{_PLACE_NOUN}\s+(?:of\s+)?)?{_Q}$")
_CAPTURE_ACTIVE = re.compile(
    rf"(?<![\w-]){_Q}(?P<v>"
    r"(?:took|taken|take|takes|seized|seize|gained|gain|established|establish|assumed|"
    r"regained)\s+(?:full\s+|complete\s+|total\s+)?control\s+(?:of|over)|"
    r"captured|captures|capture|capturing|seized|seizes|seize|seizing|took|taken|takes|take|"
    r"liberated|liberates|liberate|liberating|occupied|overran|overrun|freed|"
    r"retook|retaken|retaking|recaptured|recapture|recapturing|won\s+back|regained|entered|"
    r"(?:completed|completes|announced|announces|confirmed|confirms|claimed|claims|declared|"
    r"reported)\s+(?:on\s+\w+\s+|late\s+on\s+\w+\s+)?(?:the\s+)?(?:full\s+|complete\s+)?"
    r"(?:capture|liberation|seizure|takeover|fall)"
    rf"\s+of)(?![\w-]){_Q}", re.I)
_CAPTURE_PASSIVE = re.compile(
    r"^\s*(?:district\s+cent(?:re|er)\s+|town\s+|city\s+|village\s+)?"
    r"(?:,[^,;]{1,80},\s*)?(?:(?:was|were|has\s+been|have\s+been|had\s+been|is\s+now|"
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
    r"(?:the\s+|a\s+|its\s+|their\s+)?(?:(?:complete|full|total)\s+)?"
    r"(?:withdrawal|retreat|pullout|pull-out)"
    r"(?:\s+of\s+(?:(?:its|their|our|the|\w+)\s+)?(?:\w+\s+)?(?:troops|forces|units|"
    r"soldiers))?)"
    r"(?P<prep>\s+(?:from|of|out\s+of))?(?![\w-])", re.I)

_NEGATION = re.compile(
    r"\b(?:not|n['’]t|never|no\s+longer|denied|denies|deny|denying|dismissed|rejected|false|"
    r"could|would|might|should|will|shall|going\s+to|if|unless|whether|plans?\s+to|planning|"
    r"planned|aims?\s+to|aiming|intends?|attempt\w*|try\w*|tried|seek\w*|sought|threat\w*|"
    r"expected|expects?|(?:un)?likely\s+to|unlikely|poised|verge|close\s+to|bid\s+to|goal|wants?|"
    r"hopes?|ready\s+to|prepared\s+to|push(?:ing)?\s+to|fight(?:ing)?\s+to|battle\s+for|"
    r"struggl\w+|failed|fail|(?-i:may)|possible|possibly|risk|partially|partly)\b|\bno\b",
    re.I)
_QUOTED_WORD = re.compile(r"['‘\"“](\w+)['’\"”](?=\s+(?:group|grouping|battlegroup)\b)", re.I)
# a date that belongs to another event than the quantity's period
_OTHER_EVENT = re.compile(r"\b(?:after|since|when|before)\s+(?:\w+\s+){0,3}?(?:launch\w*|start\w*|"
                          r"begin\w*|began|begun)\b[^,.;]*$", re.I)
# 'KYIV, Oct 30 (Reuters) -': the place and day of writing, not of the event
_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]+,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?\.?\s*"
                       r"(?:\([^()]{1,30}\)\s*|/[A-Z]+/\.?\s*)?(?:[-–—]+|\.)")
# 'the town fell on Sunday', after naming it
_IT_FELL = re.compile(r"\b(?:the|that)\s+(?:town|city|village|settlement)\s+(?:had\s+|has\s+)?"
                      r"(?:fell|fallen|been\s+(?:captured|taken|seized|liberated)|was\s+"
                      r"(?:captured|taken|seized|liberated))\b", re.I)
# between 'withdrew from' and the region it leaves whole
_REGION_GAP = re.compile(r"^\s*(?:the\s+)?(?:(?:whole|entire|northern|southern|eastern|western|"
                         r"central)\s+)*(?:(?:of\s+)?the\s+)?$", re.I)
# a title before a name makes it a person's
_TITLE_BEFORE = re.compile(r"\b(?:Gen|Col|Lt|Maj|Capt|Sgt|Adm|Mr|Mrs|Ms|Dr|President|Minister|"
                           r"minister|commander|Commander|spokesman|spokeswoman|chief|Chief|"
                           r"General|Colonel|Major|Captain|Governor|governor|Mayor|mayor)\.?,?"
                           r"\s+$")
# 'entered X' is a capture unless the sentence says the fighting goes on there
_STILL_FIGHTING = re.compile(r"\b(?:street\s+fighting|fighting\s+(?:was|is|continued|continues|"
                             r"raged|rages|went\s+on|goes\s+on|under\s+way)|clashes\s+"
                             r"(?:continued|were)|battles?\s+(?:for|in)\s+the)\b", re.I)
# kept, with less confidence: the assessed wording of daily reports ('likely seized X as of')
_HEDGE = re.compile(r"\b(?:likely|reportedly|probably|apparently|reported\s+to\s+have)\b", re.I)
# the claimant takes the claim back, or the assessing source has not seen it confirmed: no
# report (a claim the other side denies is kept, with less confidence: see _DISPUTED)
_TAKEN_BACK = re.compile(
    r"\b(?:backtrack\w*|retract\w*|walked\s+back|withdr[ae]w\w*\s+(?:its|the|an?)\s+(?:claim|"
    r"announcement|statement)|(?:has|have)\s+not\s+(?:yet\s+)?observed\s+(?:[\w-]+\s+){0,2}"
    r"(?:confirmation|evidence))\b", re.I)
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
    _NUMBER + r"(?P<thousand>\s+thousand)?\s*(?P<unit>square\s+kilomet(?:re|er)s?|"
    r"(?:sq\.?|square)\s*km|"
    r"km²|km2|kilomet(?:re|er)s\s+squared|square\s+miles?|sq\.?\s*mi(?:les?)?\b)", re.I)
_PER = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:(?:a|per|each|every)\s+(?P<u>day|week|month)|"
                  r"(?P<daily>daily))\b", re.I)
_IN_DURATION = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:in|over|within)\s+(?:a|one|the\s+past|"
                          r"the\s+last)\s+(?P<u>day|week|month)\b|^\s*(?:\([^)]*\)\s*)?"
                          r"(?:in|over|within)\s+(?:the\s+(?:past|last)\s+)?(?P<n>\d+)\s+"
                          r"(?P<u2>days|weeks|months)\b", re.I)
_HOLD = re.compile(r"\b(?:holds?|holding|held|controls?|controlling|controlled|occup(?:y|ies|ying)|"
                   r"still\s+has)\b", re.I)
_GAIN = re.compile(r"\b(?:gain\w*|regain\w*|advance\w*|captur\w*|recaptur\w*|retak\w*|retook|"
                   r"liberat\w*|took|taken|take|seiz\w*|occupied|"
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
    unresolved : bool
        A name written as a place that the gazetteer lacks (in the region the
        text binds it to, or near the place it is said to be near): claims
        about it go to :attr:`Extraction.unresolved`, never to a namesake.
    modifier : bool
        The name qualifies a noun ('the Kharkiv village of ...', 'the
        Zaporizhzhia nuclear plant'): it is never the object of a claim.
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
    unresolved: bool = False
    modifier: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Plain data for YAML and JSON."""
        return {"text": self.text, "span": list(self.span), "kind": self.kind,
                "resolved": self.resolved, "country": self.country,
                "in_theatre": self.in_theatre, "note": self.note,
                "unresolved": self.unresolved,
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
    """What one article gave: reports (scenario format), mentions and rejected claims.

    ``unresolved`` holds the claims about places the gazetteer lacks: the name as
    written, the region the text puts it in, side, date, evidence and a hint on
    how to add the place. They are never merged into a scenario.
    """

    article: Article
    reports: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    unresolved: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article.id, "reports": self.reports,
                "unresolved": self.unresolved,
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
_STATEMENT_DATE = "date: when it was said or shown,"
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


@dataclass
class _Where:
    """What a sentence says about where a name is."""

    region: Region | None = None  # 'the Kharkiv village of X', 'X in the Kursk region'
    anchor: str | None = None  # 'X, southeast of Y'
    modifier: bool = False  # 'the Kharkiv village of': Kharkiv only qualifies

    def key(self) -> tuple[Any, ...]:
        return (self.region.iso or self.region.name if self.region else None, self.anchor)


def _noted(m: Mention, how: str) -> Mention:
    """A mention taken from elsewhere in the text, its note saying from where."""
    return dataclasses.replace(m, note="; ".join(x for x in (m.note, how) if x))


def _country_in(words: str) -> str | None:
    low = words.lower()
    return "RU" if "russia" in low else "UA" if "ukrain" in low else None


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
        # "the 'West' grouping": quotes round one word read as spaces (same offsets)
        text = _QUOTED_WORD.sub(lambda q: f" {q.group(1)} ", text)
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
                        sentences: list[_Sentence],
                        where: dict[tuple[int, int], _Where]) -> None:
        """Resolve the article's place names in its own context, into the sentences.

        A name the text binds to a region is looked for in that region only, and a
        name said to lie near another place only near it: when the gazetteer has
        no such place, the mention is *unresolved*, never a namesake elsewhere.
        """
        article_regions = [r.region for s in sentences for r in s.regions
                           if r.region is not None and r.in_theatre]
        unique = list(dict.fromkeys(n for n, _, _, _ in names))
        context = unique[:40]
        memo: dict[tuple[Any, ...], Mention | None] = {}
        for name, a, b, si in names:
            sent = sentences[si]
            bound = where.get((a, b), _Where())
            local = [r.region for r in sent.regions if r.region is not None]
            memo_key = (name, tuple(r.iso or r.name for r in local), bound.key())
            if memo_key not in memo:
                others = [n for n in context if n != name]
                memo[memo_key] = self._place(text, name, a, b, bound, local, article_regions,
                                             others)
            found = memo[memo_key]
            if found is not None:
                sent.places.append(dataclasses.replace(found, text=name, span=(a, b),
                                                       modifier=bound.modifier))

    def _candidates(self, name: str, **filters: Any) -> list[Candidate]:
        """The gazetteer's candidates for a name, none when it knows no such place."""
        try:
            return self.gaz.candidates(name, **filters)
        except (UnknownRegion, UnknownPlace):
            return []

    def _place(self, text: str, name: str, a: int, b: int, bound: _Where,
               local: list[Region], article_regions: list[Region], others: list[str]
               ) -> Mention | None:
        """One name resolved, or an unresolved mention saying why."""
        near = self.front.points if self.front else None
        theatre = list(self.countries)

        def best(cands: list[Candidate], in_theatre: bool = True) -> Mention:
            top, guessed = self._pick(cands)
            return self._mention(name, a, b, top, guessed, in_theatre)

        if bound.region is not None:  # 'the Kharkiv village of X': only there
            cands = self._candidates(name, country=theatre, admin1=bound.region,
                                     context=others, near=near)
            if cands:
                return best(cands)
            return self._unresolved(name, a, b, bound.region,
                                    f"no place of that name in {bound.region.label()}")
        if bound.anchor:  # 'X, southeast of Y': near Y
            anchor = self._anchor(bound.anchor, others)
            if anchor is not None:
                close = [c for c in self._candidates(name, country=theatre,
                                                     near=[(anchor.lat, anchor.lon)])
                         if haversine_km(c.place.lat, c.place.lon, anchor.lat,
                                         anchor.lon) <= NEAR_PLACE_KM]
                if close:
                    return best(close)
                return self._unresolved(name, a, b, None,
                                        f"no place of that name within {NEAR_PLACE_KM:.0f} km "
                                        f"of {anchor.label()}")
        tried: list[Region | None] = [*local, *[r for r in article_regions if r not in local],
                                      None]
        for region in dict.fromkeys(tried):
            cands = self._candidates(name, country=theatre, admin1=region, context=others,
                                     near=near)
            if cands:
                return best(cands)
        if _LOCATIVE.search(text[max(0, a - 25):a]):
            cands = self._candidates(name)
            if cands:
                return best(cands, in_theatre=False)
        if _TITLE_BEFORE.search(text[max(0, a - 30):a]) or any(
                self.vocab.actor_side(w) for w in name.lower().split()):
            return None  # 'Col. Gen. Oleksandr Syrskyi', 'Zelenskiy': a person
        return self._unresolved(name, a, b, None, "not in the gazetteer")

    def _anchor(self, name: str, others: list[str]) -> Place | None:
        """The place another is said to be near ('southeast of Kurakhove')."""
        cands = self._candidates(name, country=list(self.countries), context=others)
        return self._pick(cands)[0].place if cands else None

    def _unresolved(self, name: str, a: int, b: int, region: Region | None, why: str
                    ) -> Mention:
        return Mention(name, (a, b), "place", "", region.country if region else "", True, why,
                       region=region, unresolved=True)

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

    def _where(self, text: str, offset: int, names: list[tuple[str, int, int]],
               regions: list[Mention]) -> dict[tuple[int, int], _Where]:
        """What the sentence says about where each name is: its region, a place it is
        near, or that it only qualifies a noun ('the Kharkiv village of')."""
        out: dict[tuple[int, int], _Where] = {}
        for i, (_name, x, y) in enumerate(names):
            # (an earlier name of a list may already have given it its region)
            here = out.setdefault((offset + x, offset + y), _Where())
            here.modifier = bool(_QUALIFIES.match(text[y:y + 60]))
            before = _BOUND_BEFORE.search(text[max(0, x - 80):x])
            if before and here.region is None:
                here.region = self._region(before.group("r"), _country_in(before.group(0)))
            if here.region is None:
                for r in regions:
                    if r.span[0] - offset >= y and r.region is not None and \
                            _BOUND_AFTER.match(text[y:r.span[0] - offset]):
                        here.region = r.region
                        break
            near = _NEAR.match(text[y:y + 80])
            if near and near.group("a").lower() not in self.vocab.stop:
                here.anchor = near.group("a")
            if here.region is None:
                continue
            # a list shares its region: 'A and B in the Kursk region', 'the villages of A and B'
            step = -1 if not before else 1
            j = i
            while 0 <= j + step < len(names):
                a_, b_ = (names[j + step], names[j]) if step < 0 else (names[j], names[j + step])
                if not re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|and\s+)", text[a_[2]:b_[1]]):
                    break
                j += step
                other = out.setdefault((offset + names[j][1], offset + names[j][2]), _Where())
                other.region = other.region or here.region
        return out

    def _analyse(self, article: Article) -> tuple[list[_Sentence], list[Mention]]:
        text = article.text
        if article.published is None:
            raise ValueError(f"article {article.id!r} has no publication date; relative dates "
                             "need one")
        published = article.published
        sentences: list[_Sentence] = []
        names: list[tuple[str, int, int, int]] = []
        where: dict[tuple[int, int], _Where] = {}
        for si, (a, b) in enumerate(split_sentences(text, abbreviations=self.vocab.abbreviations)):
            words = text[a:b]
            regions = self._regions(words, a)
            taken = [(r.span[0] - a, r.span[1] - a) for r in regions]
            sides = self._sides(words)
            dateline = _DATELINE.match(words)
            dates = [d for d in find_dates(words, published) if d.start <= published
                     and not (dateline and d.span[1] <= dateline.end())]
            taken += [d.span for d in dates]
            sent = _Sentence((a, b), words, dates, sides, [], regions)
            sentences.append(sent)
            found = [(name, x, y) for name, x, y in self._candidate_names(words, taken)
                     if not (name.lower() in self.vocab.side_words or self._is_country(name))]
            where.update(self._where(words, a, found, regions))
            names += [(name, a + x, a + y, si) for name, x, y in found]
        self._resolve_places(text, names, sentences, where)
        mentions = sorted([m for s in sentences for m in (*s.regions, *s.places)
                           if not m.unresolved], key=lambda m: m.span)
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
        foreign: str | None = None
        seen: dict[tuple[Any, ...], int] = {}
        for si, s in enumerate(sentences):
            found: list[dict[str, Any]] = []
            nxt = sentences[si + 1] if si + 1 < len(sentences) else None
            prev = sentences[si - 1] if si else None
            self._captures(article, s, prev, nxt, last_side, found, out.rejected)
            self._withdrawals(article, s, prev, last_side, found, out.rejected)
            self._areas(article, s, sentences, last_side, found, out.rejected)
            self._deployments(article, s, found, out.rejected, foreign)
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
            named = [x[2] for x in s.sides if x[2] not in self.countries]
            if named:  # the last foreign state named: 'troops from the reclusive state'
                foreign = named[-1]
        self._name_regions(sentences, out.reports)
        out.reports = self._one_deployment_per_region(out.reports)
        out.unresolved = [r for r in out.reports if r.get("unresolved")]
        out.reports = self._drop_undated_twins([r for r in out.reports
                                                if not r.get("unresolved")])
        self._disputed_after(sentences, out.reports)
        self._ids(article, out.reports)
        self._ids(article, out.unresolved)
        return out

    @staticmethod
    def _name_regions(sentences: list[_Sentence], reports: list[dict[str, Any]]) -> None:
        """A region is named as the article names it most simply: 'Kursk region', not
        'Kurskaya region', when both are written."""
        written: dict[str, list[str]] = {}
        for s in sentences:
            for m in s.regions:
                if m.region is not None and m.resolved:
                    written.setdefault(m.resolved, []).append(m.text)
        for r in reports:
            names = written.get(r["evidence"].get("resolved", ""))
            if r["kind"] in ("deployment", "area_held") and names:
                r["region"] = min(names, key=lambda n: (len(n), n)) + " region"

    @staticmethod
    def _one_deployment_per_region(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """One article, one deployment per side and region: the best-evidenced, earliest."""
        best: dict[tuple[str, str], dict[str, Any]] = {}
        for r in reports:
            if r["kind"] != "deployment":
                continue
            key = (r["side"], r["evidence"].get("resolved") or r["region"])
            if key not in best or (-r["evidence"]["confidence"], r["date"]) < (
                    -best[key]["evidence"]["confidence"], best[key]["date"]):
                best[key] = r
        keep = {id(r) for r in best.values()}
        return [r for r in reports if r["kind"] != "deployment" or id(r) in keep]

    @staticmethod
    def _drop_undated_twins(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """A headline's undated 'has taken X' is the body's 'took X on Sunday': keep that."""
        def who(r: dict[str, Any]) -> tuple[Any, ...]:
            return r["kind"], r["side"], r["evidence"].get("resolved") or r.get("place")

        def undated_event(r: dict[str, Any]) -> bool:
            note = r["evidence"]["note"]
            return r["kind"] in ("capture", "withdrawal") and (_UNDATED in note
                                                               or _STATEMENT_DATE in note)

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
            return (last_side, False) if last_side else (None, False)
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

        def after(pattern: str, d: DateRef) -> bool:
            return bool(re.search(pattern + r"\s*$", s.text[:d.span[0]], re.I))

        tiers = [
            # the assessed date: 'likely seized X as of November 19'
            [d for d in days if d.span[0] > pos and after(r"\bas\s+of", d)],
            # the event's own clause: 'captured Selidovo on Sunday'
            [d for d in days if a <= d.span[0] < b and not stated(d)],
            # a sentence that opens with its date: 'On Sunday, Russian troops took ...'
            [d for d in days if not s.text[:d.span[0]].strip(" ,") or
             re.fullmatch(r"\s*(?:on|in|since|by|late|early)\s*", s.text[:d.span[0]], re.I)],
            # the statement's date: 'the ministry said on Wednesday'
            [d for d in days if stated(d)],
            # what shows it: 'according to geolocated footage published on September 16'
            [d for d in days if after(r"\b(?:footage|imagery|images|video|videos|photos)\s+"
                                      r"(?:published|posted|released)\s+(?:on\s+)?", d)],
        ]
        for i, tier in enumerate(tiers):
            if not tier:
                continue
            best = min(tier, key=lambda d: (not d.exact, abs(d.span[0] - pos)))
            if not best.exact:
                penalties.append("period date")
                notes.append(f"date: end of '{best.text}'")
            elif i >= 3:  # the statement's or the footage's day: the event may be earlier
                notes.append(f"{_STATEMENT_DATE} '{best.text}'")
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
        masked = self._masked(s)
        for m in s.places:
            start = m.span[0] - base
            if start < pos or m.modifier:
                continue
            gap = masked[pos:start]
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

    @staticmethod
    def _masked(s: _Sentence) -> str:
        """The sentence with its regions and qualifying names blanked out (NUL characters):
        'the \\0\\0\\0 village of' reads as an object's gap."""
        chars = list(s.text)
        spans = [(m.span[0] - s.span[0], m.span[1] - s.span[0])
                 for m in (*s.regions, *[p for p in s.places if p.modifier])]
        spans += [q.span(1) for q in _QUALIFIER.finditer(s.text)]  # 'the Kyiv village of'
        for a, b in spans:
            chars[a:b] = "\x00" * (b - a)
        return "".join(chars)

    def _antecedent(self, s: _Sentence, start: int, end: int, prev: _Sentence | None = None
                    ) -> list[Mention]:
        """'withdrew from the city' after naming it: the last place named before the verb
        (or, when the sentence names none, the one place the sentence before named);
        'X, which Russian soldiers seized': the place the clause is about."""
        before = [p for p in s.places if p.in_theatre and not p.modifier
                  and p.span[1] - s.span[0] <= start]
        if before and re.fullmatch(r"\s*,\s*(?:which|that)\s+(?:[\w'’-]+\s+){0,5}",
                                   s.text[before[-1].span[1] - s.span[0]:start]):
            return [before[-1]]
        if not re.match(r"^\s*(?:the|that)\s+(?:city|town|village|settlement)\b",
                        s.text[end:]):
            return []
        where = "named earlier in the sentence"
        if not before and prev is not None and not any(p.span[1] - s.span[0] <= start
                                                       for p in s.places):
            named = [p for p in prev.places if p.in_theatre and not p.modifier]
            if len({p.resolved or p.text for p in named}) == 1:  # one place, not a choice
                before, where = named, "named earlier, in the sentence before"
        if not before:
            return []
        return [_noted(before[-1], where)]

    def _subjects(self, s: _Sentence, pos: int) -> list[Mention]:
        """Places right before ``pos``: 'A and B were captured'."""
        base = s.span[0]
        before = [m for m in s.places if m.span[1] - base <= pos and not m.modifier]
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

    def _captures(self, article: Article, s: _Sentence, prev: _Sentence | None,
                  nxt: _Sentence | None, last_side: str | None, found: list[dict[str, Any]],
                  rejected: list[Rejected]) -> None:
        handled: set[tuple[int, int]] = set()
        for m in _CAPTURE_ACTIVE.finditer(s.text):
            if _ADJECTIVAL.search(s.text[:m.start()]):
                continue  # 'the occupied city of Donetsk' names a place, it reports nothing
            verb = m.group("v").lower()
            targets = [t for t in self._objects(s, m.end()) if t.in_theatre]
            if not targets and verb not in ("took", "taken", "take", "takes", "entered"):
                # 'withdrew from the city' named before, or 'recaptured a village. X, ...'
                targets = (self._antecedent(s, m.start(), m.end(), prev)
                           or self._named_next(s, m.end(), nxt))
            if not targets:
                continue
            if verb == "entered" and _STILL_FIGHTING.search(s.text):
                rejected.append(Rejected(article.id, s.span, s.text,
                                         "capture: entered, with fighting going on"))
                continue
            self._event(article, s, "capture", m.start(), targets, after=False,
                        last_side=last_side, found=found, rejected=rejected,
                        penalty="entered" if verb == "entered" else None)
            handled.update(t.span for t in targets)
        for place in s.places:
            if place.span in handled or not place.in_theatre or place.modifier:
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
            taker = [x for x in s.sides if x[0] >= pos]
            if side is None and taker and re.fullmatch(r"\s*from\s+(?:the\s+)?",
                                                      s.text[pos:taker[0][0]]):
                # 'liberated from the Russian army': taken by the other side
                others = [c for c in self.sides if c != taker[0][2] and c in self.countries]
                side = others[0] if len(others) == 1 else None
            self._event(article, s, "capture", pos, subjects or [place], after=True,
                        last_side=last_side, found=found, rejected=rejected, side=side,
                        check_at=place.span[0] - s.span[0])
            handled.update(t.span for t in subjects or [place])
        for m in _IT_FELL.finditer(s.text):  # 'adding that the town fell on Sunday'
            named = [p for p in s.places if p.in_theatre and not p.modifier
                     and p.span[1] - s.span[0] <= m.start()]
            if named:
                target = _noted(named[-1], "named earlier in the sentence")
                self._event(article, s, "capture", m.end(), [target], after=True,
                            last_side=last_side, found=found, rejected=rejected,
                            check_at=m.start())

    def _named_next(self, s: _Sentence, end: int, nxt: _Sentence | None) -> list[Mention]:
        """'recaptured a village on the southern front. Robotyne, in the ...': the place
        that opens the next sentence, when this one names none after the verb."""
        if nxt is None or not re.match(rf"^\s*(?:a|another)\s+(?:{_ADJ}\s+){{0,2}}"
                                       r"(?:village|town|city|settlement)\b", s.text[end:]) \
                or any(p.span[0] - s.span[0] >= end for p in s.places):
            return []
        first = [p for p in nxt.places if p.span[0] - nxt.span[0] <= 2 and p.in_theatre
                 and not p.modifier]
        if not first or not re.match(r"^\s*(?:,|\b(?:was|had|has|is|lies)\b)",
                                     nxt.text[first[0].span[1] - nxt.span[0]:]):
            return []
        return [_noted(first[0], "named in the next sentence")]

    def _withdrawals(self, article: Article, s: _Sentence, prev: _Sentence | None,
                     last_side: str | None, found: list[dict[str, Any]],
                     rejected: list[Rejected]) -> None:
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
                       or self._antecedent(s, m.start(), m.end(), prev))
            including = re.match(r"[^.;]{0,80}?,\s*including\s+(?:from\s+)?", s.text[m.end():])
            if not targets and including:  # 'from the west bank, including from Kherson'
                targets = [t for t in self._objects(s, m.end() + including.end())
                           if t.in_theatre]
            if not targets:  # 'withdrew from the Kyiv and Chernihiv regions': whole regions
                targets = self._region_objects(s, m.end())
            if not targets:
                continue
            self._event(article, s, "withdrawal", m.start(), targets, after=False,
                        last_side=last_side, found=found, rejected=rejected)

    @staticmethod
    def _region_objects(s: _Sentence, pos: int) -> list[Mention]:
        """Regions acted on right after ``pos``: 'from the whole Kyiv region', 'from the
        Kyiv and Chernihiv regions' (not 'from positions in the Donetsk region')."""
        out: list[Mention] = []
        for r in s.regions:
            start = r.span[0] - s.span[0]
            if start < pos or r.region is None or not r.in_theatre:
                continue
            gap = s.text[pos:start]
            pattern = _LIST_GAP if out else _REGION_GAP
            if not pattern.match(gap):
                break
            out.append(r)
            pos = r.span[1] - s.span[0]
        return out

    def _event(self, article: Article, s: _Sentence, kind: str, pos: int,
               targets: list[Mention], *, after: bool, last_side: str | None,
               found: list[dict[str, Any]], rejected: list[Rejected],
               side: str | None = None, check_at: int | None = None,
               penalty: str | None = None) -> None:
        why = self._blocked(s, pos if check_at is None else check_at)
        if why is None and after:
            why = self._blocked(s, pos)
        taken_back = _TAKEN_BACK.search(s.text)
        if why is None and taken_back:
            why = f"'{taken_back.group(0)}': taken back or unconfirmed"
        if why:
            rejected.append(Rejected(article.id, s.span, s.text, f"{kind}: {why}"))
            return
        penalties: list[str] = [penalty] if penalty else []
        notes: list[str] = []
        hedge = _HEDGE.search(s.text[:pos])
        if hedge:
            penalties.append("hedged")
            notes.append(f"hedged: '{hedge.group(0)}'")
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
            if t.kind == "region" and t.region is not None:  # the whole region
                notes_r = [*notes, f"{t.text} -> {t.resolved}"]
                report = self._report(article, s, kind, side_id, list(penalties), notes_r,
                                      region=f"{t.text} region", date=date)
                report["evidence"]["resolved"] = t.resolved
                found.append(report)
                continue
            far = self.front_km(t.place) if t.place is not None else None
            if far is not None and far > FRONT_REACH_KM and t.place is not None:
                if t.place.population >= NAMESAKE_POPULATION:
                    rejected.append(Rejected(article.id, s.span, s.text,
                                             f"{kind}: {t.resolved} is {far:,.0f} km from the "
                                             "scenario's front"))
                    continue
                # a village that far is a namesake of one the gazetteer lacks
                t = self._unresolved(t.text, *t.span, None,
                                     f"its namesake {t.resolved} is {far:,.0f} km from the "
                                     "scenario's front")
            t_notes, t_pen = list(notes), list(penalties)
            if t.unresolved:
                found.append(self._unresolved_claim(article, s, kind, side_id, t, date,
                                                    t_pen, t_notes))
                continue
            name = self._place_fields(t, t_notes, t_pen)
            report = self._report(article, s, kind, side_id, t_pen, t_notes, place=name,
                                  date=date)
            report["evidence"]["resolved"] = t.resolved
            found.append(report)

    def _unresolved_claim(self, article: Article, s: _Sentence, kind: str, side: str,
                          t: Mention, date: dt.date | None, penalties: list[str],
                          notes: list[str]) -> dict[str, Any]:
        """A claim about a place the gazetteer lacks, for a reviewer (never merged)."""
        notes.append(f"{t.text}: {t.note}")
        claim = self._report(article, s, kind, side, penalties, notes, place=t.text,
                             region=t.region.label() if t.region else None, date=date)
        claim["unresolved"] = True
        claim["hint"] = (f"add '{t.text}' with `frontline gazetteer import` (a GeoNames dump "
                         "or a CSV), or pin it in the scenario with lat/lon")
        return claim

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
        for k, m in enumerate(quantities):
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
            # its own period lies before the next figure
            upto = quantities[k + 1].start() if k + 1 < len(quantities) else len(s.text)
            why = self._rate(article, s, m, upto, value, per, dur, side_id, penalties, notes,
                             found)
            if why:
                rejected.append(Rejected(article.id, s.span, s.text, f"advance_rate: {why}"))

    @staticmethod
    def _period(s: _Sentence, m: re.Match[str], upto: int) -> DateRef | None:
        """The period a quantity is about: the first one after it before the next quantity
        ('725 km² in November, up from 610 km² in October'), else the nearest; never the
        date of something else ('after launching its offensive in August')."""
        periods = [d for d in s.dates if (not d.exact or d.since) and not _OTHER_EVENT.search(
            s.text[max(0, d.span[0] - 60):d.span[0]])]
        own = [d for d in periods if m.end() <= d.span[0] < upto]
        if own:
            return own[0]
        return min(periods, key=lambda d: abs(d.span[0] - m.end())) if periods else None

    def _rate(self, article: Article, s: _Sentence, m: re.Match[str], upto: int,
              value: float, per: re.Match[str] | None, dur: re.Match[str] | None, side: str,
              penalties: list[str], notes: list[str], found: list[dict[str, Any]]
              ) -> str | None:
        """Report the rate a quantity gives; or say why it gives none."""
        published = article.published
        assert published is not None
        ref = self._period(s, m, upto)
        start = end = None
        if per:
            unit = (per.group("u") or "day").lower()
            rate = value / {"day": 1, "week": 7, "month": 30.4375}[unit]
            if ref is not None:
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
            if ref is not None:
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
                return None  # an area with no period is not a rate
            if days > MAX_RATE_PERIOD_DAYS:
                return (f"{m.group(0)} over {days} days is a cumulative total, not a rate")
            rate = value / days
        found.append(self._report(article, s, "advance_rate", side, penalties, notes,
                                  start=start, end=end,
                                  rate_km2_per_day=round(rate, 3)))
        return None

    def _area_held(self, article: Article, s: _Sentence, sentences: list[_Sentence],
                   m: re.Match[str], value: float, side: str, penalties: list[str],
                   notes: list[str], found: list[dict[str, Any]]) -> None:
        base = s.span[0]
        regions = [r for r in s.regions if r.region is not None]
        after = [r for r in regions if r.span[0] - base >= m.end()]
        region: Mention | None = (after or regions)[0] if (after or regions) else None
        if region is None and re.search(r"\bthere\b|\b(?:in|of)\s+the\s+region\b",
                                        s.text[m.end():]):
            # '... still hold about 800 square kilometres there': the region named just before
            i = next(i for i, x in enumerate(sentences) if x is s)
            earlier = next(([r for r in x.regions if r.region is not None]
                            for x in reversed(sentences[max(0, i - 3):i])
                            if any(r.region is not None for r in x.regions)), [])
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
        report = self._report(article, s, "area_held", side, penalties, notes, date=date,
                              area_km2=round(value, 1), region=region.text + " region",
                              origin=origin)
        report["evidence"]["resolved"] = region.resolved
        found.append(report)

    # -- deployments ------------------------------------------------------------------------------
    def _deployments(self, article: Article, s: _Sentence, found: list[dict[str, Any]],
                     rejected: list[Rejected], foreign: str | None = None) -> None:
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
                if country is None and foreign and re.match(
                        r"\s*from\s+(?:the|that|this)\s+(?:[\w-]+\s+){0,2}(?:state|country|nation|"
                        r"regime|ally)\b", s.text[m.end():]):
                    country = foreign  # '10,000 soldiers from the reclusive state'
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
            report = self._report(article, s, "deployment", side, penalties, notes, date=date,
                                  region=region_name, force=force, count=count)
            report["evidence"]["resolved"] = region.resolved
            found.append(report)

