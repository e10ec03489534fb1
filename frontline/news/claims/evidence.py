"""What a claim becomes: a typed report with its evidence, its date and its confidence.

:class:`Reporter` turns a claim found in a sentence into a
:class:`~frontline.scenario.Report` whose :class:`~frontline.scenario.Evidence`
cites the sentence, says how its date, side and place were found, and scores it:
:data:`~frontline.thresholds.BASE_CONFIDENCE` less a named :class:`Penalty` for each
weakness.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from frontline.news.articles import Article
from frontline.news.dates import DateRef
from frontline.news.mentions import Mention, Sentence
from frontline.news.patterns import CLAIMED, DISPUTED, STATED
from frontline.news.sentences import clause, statement
from frontline.scenario import Evidence, Report, Source
from frontline.thresholds import (
    BASE_CONFIDENCE,
    CONFIDENCE_PENALTY,
    MAX_CONFIDENCE,
    MIN_CONFIDENCE,
)

__all__ = ["Dated", "Penalty", "Rejected", "Reporter", "confidence"]


class Penalty(StrEnum):
    """A weakness of a claim; :data:`~frontline.thresholds.CONFIDENCE_PENALTY` says how much
    it costs."""

    NO_DATE = "no date"
    PERIOD_DATE = "period date"
    SIDE_FROM_CONTEXT = "side from context"
    AMBIGUOUS_PLACE = "ambiguous place"
    SPELLING_VARIANT = "spelling variant"
    PLACE_FROM_CONTEXT = "place from context"
    CLAIMED = "claimed"
    DISPUTED = "disputed"
    NO_PERIOD = "no period"
    REGION_FROM_CONTEXT = "region from context"
    HEDGED = "hedged"
    ENTERED = "entered"


class Dated(StrEnum):
    """Where a claim's date came from."""

    EVENT = "event"  # its own words: 'captured X on Sunday'
    PERIOD = "period"  # the end of a period: 'last week'
    STATEMENT = "statement"  # when it was said or shown: 'the ministry said on Wednesday'
    PUBLICATION = "publication"  # none in the sentence


def confidence(penalties: list[Penalty]) -> float:
    """The confidence a claim keeps after its penalties (each counted once).

    Examples
    --------
    >>> confidence([Penalty.NO_DATE, Penalty.NO_DATE])
    0.7
    """
    score = BASE_CONFIDENCE - sum(CONFIDENCE_PENALTY[p] for p in dict.fromkeys(penalties))
    return round(max(MIN_CONFIDENCE, min(MAX_CONFIDENCE, score)), 2)


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
class Found:
    """What a claim has gathered on its way to a report: penalties, notes, how it is dated."""

    penalties: list[Penalty]
    notes: list[str]
    dated: Dated = Dated.EVENT

    def copy(self) -> Found:
        return Found(list(self.penalties), list(self.notes), self.dated)


class Reporter:
    """Makes reports of claims: their date, evidence and confidence."""

    def date(self, s: Sentence, pos: int, published: dt.date, found: Found,
             until: int | None = None) -> dt.date:
        """The date of the claim at ``pos``: the assessed date ('as of'), a date in its own
        clause, one that opens the sentence, the statement's or the footage's, else the
        publication's (each later tier noted and penalised).

        ``until``: where the claim's list of places ends, if it runs on past ``pos``'s
        clause ('took A, B and C on Monday': Monday is the claim's own date).
        """
        days = [d for d in s.dates if not d.since]
        a, b = clause(s.text, pos)
        if until is not None and until > b:
            b = clause(s.text, until - 1)[1]
        pos_end = max(pos, until or pos)

        def stated(d: DateRef) -> bool:
            return bool(STATED.search(s.text[:d.span[0]]))

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
            # after the claim, past an aside: 'taken control of X, a town to the south, on
            # Monday', 'captured X, which had held out since 2014, on Saturday' (not the
            # statement's day: 'X, the ministry said on Monday')
            [d for d in days if d.span[0] > pos_end and not stated(d)
             and not re.search(r"[.;]|\b(?:and|but|where|when|which|who|that|after|before|"
                               r"since|while|because)\b", _aside(s.text[pos_end:d.span[0]]))],
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
                found.penalties.append(Penalty.PERIOD_DATE)
                found.notes.append(f"date: end of '{best.text}'")
                found.dated = Dated.PERIOD
            elif i >= 4:  # the statement's or the footage's day: the event may be earlier
                found.notes.append(f"date: when it was said or shown, '{best.text}'")
                found.dated = Dated.STATEMENT
            else:
                found.notes.append(f"date: '{best.text}'")
            return best.end
        found.penalties.append(Penalty.NO_DATE)
        found.notes.append("date: publication (none in the sentence)")
        found.dated = Dated.PUBLICATION
        return published

    def place_fields(self, m: Mention, found: Found) -> None:
        """Penalties and a note for the place a claim is about."""
        if m.ambiguous:
            found.penalties.append(Penalty.AMBIGUOUS_PLACE)
        if m.variant:
            found.penalties.append(Penalty.SPELLING_VARIANT)
        if m.from_context:
            found.penalties.append(Penalty.PLACE_FROM_CONTEXT)
        found.notes.append(f"{m.text} -> {m.resolved}" + (f" ({m.note})" if m.note else ""))

    def report(self, article: Article, s: Sentence, kind: str, side: str, found: Found, *,
               resolved: str = "", lacks: bool = False, pos: int | None = None,
               **fields: Any) -> Report:
        """A report of kind ``kind`` by ``side``, citing sentence ``s``; a claim or a denial
        counts when it is in the statement around ``pos`` (the whole sentence without it)."""
        a, b = statement(s.text, pos) if pos is not None else (0, len(s.text))
        if CLAIMED.search(s.text[a:b]):
            found.penalties.append(Penalty.CLAIMED)
        if DISPUTED.search(s.text[a:b]):
            found.penalties.append(Penalty.DISPUTED)
            found.notes.append("disputed or unverified in the sentence")
        source = Source(article.title or article.id, article.publisher, article.published,
                        article.url)
        evidence = Evidence(article.id, s.span[0], s.span[1], " ".join(s.text.split()),
                            confidence(found.penalties), note="; ".join(found.notes),
                            resolved=resolved, penalties=tuple(found.penalties),
                            dated=str(found.dated), gazetteer_lacks=lacks)
        # a claim its text marks denied or unverified moves ground that is only claimed
        fields.setdefault("confirmed", Penalty.DISPUTED not in found.penalties)
        return Report("", kind, side, source, evidence=evidence,  # type: ignore[arg-type]
                      **fields)


def _aside(text: str) -> str:
    """``text`` without a relative clause set off by commas (', which had held out since
    2014,'): what is left says whether a date after it is still the claim's."""
    return re.sub(r",\s*(?:which|who|where)\b[^,;.]*,", ",", text, flags=re.I)
